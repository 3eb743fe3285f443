/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Legacy office files: Word 97-2003 .doc and Excel .xls (OLE2 compound files) and RTF,
 * converted by LibreOffice to DOCX or XLSX and read by those extractors.
 *
 * Reading them natively would mean a second Word and a second Excel parser for
 * formats frozen twenty years ago; LibreOffice converts them faithfully, and an
 * archivist with thousands of them should not have to run it by hand.  Told by their
 * bytes, never their names: OLE2's signature with a WordDocument or Workbook stream
 * in its directory, RTF's "{\rtf".
 *
 * The conversion runs in a child process: `soffice --headless --convert-to` in a
 * private folder (the input copied in, a profile of its own so that runs side by side
 * never share one, set to reach no network and run no macro; no window, no
 * recovery), killed with its process group past the
 * time limit or when tailan dies (PR_SET_PDEATHSIG), the folder removed whatever
 * happened.  Nothing converted is left behind.  The document records which program
 * converted it (the Application LibreOffice writes into the package's app.xml). */
#define _GNU_SOURCE /* mkdtemp, nftw */
#include "extract.h"
#include "zip.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern const tl_extractor tl_extractor_docx;
extern const tl_extractor tl_extractor_xlsx;

/* LibreOffice starts in 2-6 s and converts a 100-page .doc in a few more. */
#define CONVERT_SECONDS 300

static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

/* Whether an OLE2 file's directory names stream `name` (UTF-16LE, as directory
 * entries hold it).  The directory may be anywhere in the file. */
static int ole2_stream(const tl_source *src, const char *name)
{
    unsigned char want[64];
    size_t n = strlen(name);
    if (src->size < 512 || memcmp(src->data, ole2, 8) != 0 || 2 * n > sizeof want)
        return 0;
    for (size_t i = 0; i < n; i++) {
        want[2 * i] = (unsigned char)name[i];
        want[2 * i + 1] = 0;
    }
    return memmem(src->data, src->size, want, 2 * n) != NULL;
}

static int doc_bid(const tl_source *src)
{
    if (ole2_stream(src, "WordDocument"))
        return 100;
    /* Another OLE2 file (a .msg, an old PowerPoint) is claimed to say what it is; an
     * Excel file's bid (100) wins over this one. */
    return src->size >= 8 && memcmp(src->data, ole2, 8) == 0 ? 50 : 0;
}

static int xls_bid(const tl_source *src)
{
    return ole2_stream(src, "Workbook") || ole2_stream(src, "Book") ? 100 : 0;
}

static int rtf_bid(const tl_source *src)
{
    size_t i = src->size >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return src->size >= i + 5 && memcmp(src->data + i, "{\\rtf", 5) == 0 ? 100 : 0;
}

/* soffice on PATH, into out; 0 when there is none.  Where it is LibreOffice's own
 * launcher script, the program it starts (soffice.bin beside it) is what runs: the
 * script's oosplash forks soffice.bin, which then outlives a tailan killed at a
 * corpus deadline and writes on into the folder removed after it.  Run directly,
 * soffice.bin is the child that dies with tailan. */
static int find_soffice(char *out, size_t cap)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *end = strchr(path, ':');
        size_t n = end ? (size_t)(end - path) : strlen(path);
        if (n && (size_t)snprintf(out, cap, "%.*s/soffice", (int)n, path) < cap && access(out, X_OK) == 0) {
            char *real = realpath(out, NULL), bin[4096];
            if (real && (size_t)snprintf(bin, sizeof bin, "%s.bin", real) < sizeof bin && access(bin, X_OK) == 0 &&
                strlen(bin) < cap)
                strcpy(out, bin);
            free(real);
            return 1;
        }
        path = end ? end + 1 : NULL;
    }
    return 0;
}

static tl_code write_input(const char *file, const tl_source *src, tl_error *err)
{
    int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return tl_error_set(err, TL_E_IO, "cannot write a copy for LibreOffice (%s)", strerror(errno));
    size_t done = 0;
    while (done < src->size) {
        ssize_t w = write(fd, src->data + done, src->size - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return tl_error_set(err, TL_E_IO, "cannot write a copy for LibreOffice (%s)", strerror(errno));
        }
        done += (size_t)w;
    }
    return close(fd) == 0 ? TL_OK : tl_error_set(err, TL_E_IO, "cannot write a copy for LibreOffice");
}

/* The private profile's settings, written before LibreOffice starts: every internet
 * access through a proxy at the discard port of this machine (a linked picture in an
 * archived .doc is not fetched from wherever it points), macros never run. */
static const char profile_settings[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
    "<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetProxyType\" oor:op=\"fuse\"><value>2</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPProxyName\" oor:op=\"fuse\"><value>127.0.0.1</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPProxyPort\" oor:op=\"fuse\"><value>9</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPSProxyName\" oor:op=\"fuse\"><value>127.0.0.1</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPSProxyPort\" oor:op=\"fuse\"><value>9</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetNoProxy\" oor:op=\"fuse\"><value></value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"MacroSecurityLevel\" oor:op=\"fuse\"><value>3</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"DisableMacrosExecution\" oor:op=\"fuse\"><value>true</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"BlockUntrustedRefererLinks\" oor:op=\"fuse\"><value>true</value></prop></item>\n"
    "</oor:items>\n";

static tl_code write_profile(const char *dir, tl_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/profile", dir);
    if (mkdir(path, 0700) != 0)
        return tl_error_set(err, TL_E_IO, "cannot make LibreOffice's profile (%s)", strerror(errno));
    snprintf(path, sizeof path, "%s/profile/user", dir);
    if (mkdir(path, 0700) != 0)
        return tl_error_set(err, TL_E_IO, "cannot make LibreOffice's profile (%s)", strerror(errno));
    snprintf(path, sizeof path, "%s/profile/user/registrymodifications.xcu", dir);
    tl_source settings = { path, (const unsigned char *)profile_settings, sizeof profile_settings - 1 };
    return write_input(path, &settings, err);
}

extern char **environ;

static char *scratch; /* tl_extract_set_scratch's folder, or NULL */

void tl_extract_set_scratch(const char *dir)
{
    free(scratch);
    scratch = dir && *dir ? strdup(dir) : NULL;
}

const char *tl_extract_scratch(void)
{
    if (scratch)
        return scratch;
    const char *tmp = getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

/* The child's environment: this process's with TMPDIR naming the conversion's own
 * folder, so that LibreOffice's temporary files go where they are removed with it.
 * Made before the fork; one block, freed with free(). */
static char **child_environment(const char *dir)
{
    size_t n = 0, bytes = strlen("TMPDIR=") + strlen(dir) + 1;
    for (char **e = environ; e && *e; e++)
        n++;
    char **env = malloc((n + 2) * sizeof *env + bytes);
    if (!env)
        return NULL;
    char *tmpdir = (char *)(env + n + 2);
    snprintf(tmpdir, bytes, "TMPDIR=%s", dir);
    size_t k = 0;
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, "TMPDIR=", 7) != 0)
            env[k++] = *e;
    env[k++] = tmpdir;
    env[k] = NULL;
    return env;
}

/* The child: soffice converting `in` to `to` in dir, quiet (its output to log), in
 * its own process group, and gone when tailan is.  Only system calls here: the
 * strings were made before the fork. */
static void run_soffice(const char *soffice, const char *dir, const char *in, const char *to, const char *log,
                        const char *profile, char *const *env)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int null = open("/dev/null", O_RDWR);
    int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (null >= 0)
        dup2(null, 0);
    if (out >= 0) {
        dup2(out, 1);
        dup2(out, 2);
    }
    const char *argv[] = { soffice, "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault", profile,
                           "--convert-to", to, "--outdir", dir, in, NULL };
    execve(soffice, (char *const *)argv, env);
    _exit(127);
}

/* Waits for the child up to the time limit; kills its group past it.  The exit
 * status, or -1 when it was killed for time. */
static int wait_child(pid_t pid)
{
    struct timespec start, now, nap = { 0, 20 * 1000 * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > CONVERT_SECONDS) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        nanosleep(&nap, NULL);
    }
    kill(-pid, SIGKILL); /* helpers it left behind (oosplash, a stuck soffice.bin) */
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* "LibreOffice/7.4.7.2$Linux_X86_64 ..." in the converted package's app.xml ->
 * "LibreOffice 7.4.7.2"; NULL when it does not say. */
static char *converter_of(const tl_source *conv)
{
    zip_t *z = NULL;
    tl_error e;
    char *app = NULL, *out = NULL;
    size_t len = 0;
    if (tl_zip_open(conv, ".zip", &z, &e) != TL_OK)
        return NULL;
    if (tl_zip_part(z, "docProps/app.xml", 0, &app, &len, &e) == TL_OK && app) {
        const char *a = strstr(app, "<Application>");
        if (a) {
            a += strlen("<Application>");
            size_t n = strcspn(a, "$<");
            if (n && n < 64 && (out = malloc(n + 1))) {
                memcpy(out, a, n);
                out[n] = 0;
                char *slash = strchr(out, '/');
                if (slash)
                    *slash = ' ';
            }
        }
    }
    free(app);
    tl_zip_close(z);
    return out;
}

/* The last line LibreOffice printed that says something, for the error. */
static void last_words(const char *log, char *out, size_t cap)
{
    char buf[2048];
    out[0] = 0;
    FILE *f = fopen(log, "r");
    if (!f)
        return;
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = 0;
        size_t n = strlen(buf);
        if (n && !strstr(buf, "javaldx")) {
            n = n < cap ? n : cap - 1;
            memcpy(out, buf, n);
            out[n] = 0;
        }
    }
    fclose(f);
}

/* Converts src (what: ".doc") to `to` ("docx", "xlsx") and reads it with x. */
static tl_code convert_and_read(const tl_source *src, tl_doc *doc, const char *what, const char *to,
                                const char *package, const tl_extractor *x, tl_error *err)
{
    char soffice[4096];
    if (!find_soffice(soffice, sizeof soffice))
        return tl_error_set(err, TL_E_MISSING,
                            "a legacy %s file is read through LibreOffice, which is not installed: install the Debian "
                            "package %s",
                            what, package);
    const char *tmp = tl_extract_scratch();
    char dir[4096], in[4200], out[4200], log[4200], profile[4300];
    snprintf(dir, sizeof dir, "%s/tailan-lo-XXXXXX", tmp);
    if (!mkdtemp(dir))
        return tl_error_set(err, TL_E_IO, "cannot make a folder for LibreOffice in %s (%s)", tmp, strerror(errno));
    snprintf(in, sizeof in, "%s/in%s", dir, what);
    snprintf(out, sizeof out, "%s/in.%s", dir, to);
    snprintf(log, sizeof log, "%s/log", dir);
    snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
    tl_code rc = write_input(in, src, err);
    if (rc == TL_OK)
        rc = write_profile(dir, err);
    unsigned char *bytes = NULL;
    size_t size = 0;
    if (rc == TL_OK) {
        /* soffice.bin run directly ends with 81 after making a new profile, for
         * its launcher to start it again */
        int status = 81;
        char **env = child_environment(dir);
        for (int run = 0; run < 2 && status == 81; run++) {
            pid_t pid = env ? fork() : -1;
            if (pid == 0)
                run_soffice(soffice, dir, in, to, log, profile, env);
            status = pid < 0 ? -2 : wait_child(pid);
        }
        free(env);
        char said[512];
        if (status == -2) {
            rc = tl_error_set(err, TL_E_INTERNAL, "cannot start LibreOffice (%s)", strerror(errno));
        } else if (status == -1) {
            rc = tl_error_set(err, TL_E_LIMIT, "LibreOffice took over %d s to convert the %s file", CONVERT_SECONDS, what);
        } else if (access(out, R_OK) != 0) {
            last_words(log, said, sizeof said);
            rc = tl_error_set(err, TL_E_CORRUPT, "LibreOffice could not convert the %s file (exit %d%s%s)", what, status,
                              said[0] ? ": " : "", said);
        } else {
            tl_error e;
            rc = tl_file_read(out, &bytes, &size, &e);
            if (rc != TL_OK)
                rc = tl_error_set(err, rc, "reading what LibreOffice made of the %s file: %s", what, e.msg);
        }
    }
    tl_remove_tree(dir);
    if (rc != TL_OK)
        return rc;
    tl_source conv = { src->path, bytes, size };
    doc->converted_by = converter_of(&conv);
    rc = x->extract(&conv, doc, err);
    free(bytes);
    return rc;
}

static tl_code doc_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    if (!ole2_stream(src, "WordDocument"))
        return tl_error_set(err, TL_E_FORMAT,
                            "an OLE2 compound file that is neither Word nor Excel (no WordDocument or Workbook stream)");
    return convert_and_read(src, doc, ".doc", "docx", "libreoffice-writer-nogui", &tl_extractor_docx, err);
}

static tl_code xls_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    return convert_and_read(src, doc, ".xls", "xlsx", "libreoffice-calc-nogui", &tl_extractor_xlsx, err);
}

static tl_code rtf_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    return convert_and_read(src, doc, ".rtf", "docx", "libreoffice-writer-nogui", &tl_extractor_docx, err);
}

const tl_extractor tl_extractor_doc = { "doc", doc_bid, doc_extract };
const tl_extractor tl_extractor_xls = { "xls", xls_bid, xls_extract };
const tl_extractor tl_extractor_rtf = { "rtf", rtf_bid, rtf_extract };
