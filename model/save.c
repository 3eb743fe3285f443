/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Atomic writing: every file tailan writes (the XML, exports, reports, review
 * pages, a merge's copies) goes to a temporary file beside its target, fsync'd and
 * renamed over it, so a reader never sees half a file and a stop leaves none.
 *
 * The fsync is what makes the file outlive a power cut (a rename can reach the disk
 * before the data it names); it is also most of a short conversion's time where the
 * disk is slow to confirm (0.001-0.8 s here, against 0.07 s for the rest).  A corpus
 * build needs it: its catalog records a document once written.  A lone conversion
 * may do without (tl_save_sync(0), the CLI's convert and review unless --sync), as
 * cp, pdftotext or a compiler do: a run killed at any point still leaves the old
 * file or the new one whole. */
#include "model.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int sync_to_disk = 1;

void tl_save_sync(int on)
{
    sync_to_disk = on;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* mkstemp makes 0600 files; the output gets the mode any new file would get. */
static int fchmod_default(const char *path)
{
    mode_t m = umask(0);
    umask(m);
    return chmod(path, 0666 & ~m);
}

/* The temporary file being written, for tl_save_abandon. */
static char save_tmp[4096];
static volatile sig_atomic_t saving;

void tl_save_abandon(void)
{
    if (saving)
        unlink(save_tmp);
}

/* The temporary file beside path that tl_save_begin made (tmp NULL: standard output). */
struct tl_save {
    FILE *f;
    char *path, *tmp;
};

static void save_free(tl_save *sv)
{
    saving = 0;
    free(sv->tmp);
    free(sv->path);
    free(sv);
}

tl_code tl_save_begin(const char *path, tl_save **out, tl_error *err)
{
    *out = NULL;
    tl_save *sv = calloc(1, sizeof *sv);
    if (!sv)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    if (strcmp(path, "-") == 0) {
        sv->f = stdout;
        *out = sv;
        return TL_OK;
    }
    /* Temporary file beside the target, so the rename stays on one file system. */
    char *d = tl_strdup(path), *b = tl_strdup(path);
    size_t tl = strlen(path) + 32;
    sv->tmp = malloc(tl);
    sv->path = tl_strdup(path);
    if (!d || !b || !sv->tmp || !sv->path) {
        free(d);
        free(b);
        free(sv->tmp);
        free(sv->path);
        free(sv);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    snprintf(sv->tmp, tl, "%s/.%s.XXXXXX", dirname(d), basename(b));
    free(d);
    free(b);
    /* Stop signals wait until the new file's name is where the handler looks
     * (tl_save_abandon): stopped between mkstemp and that, it was left. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int fd = mkstemp(sv->tmp);
    if (fd >= 0 && strlen(sv->tmp) < sizeof save_tmp) {
        memcpy(save_tmp, sv->tmp, strlen(sv->tmp) + 1);
        saving = 1;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    /* For the test that stops a conversion while it writes: wait here for a signal. */
    if (fd >= 0 && tl_hook("TAILAN_SAVE_FAULT") && !strcmp(tl_hook("TAILAN_SAVE_FAULT"), "pause"))
        pause();
    sv->f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!sv->f) {
        tl_code rc = tl_error_set(err, TL_E_OUTPUT, "cannot create a file beside %s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(sv->tmp);
        }
        save_free(sv);
        return rc;
    }
    *out = sv;
    return TL_OK;
}

FILE *tl_save_file(tl_save *sv)
{
    return sv->f;
}

tl_code tl_save_end(tl_save *sv, int commit, tl_error *err)
{
    tl_code rc = TL_OK;
    if (!sv->tmp) { /* standard output */
        if (commit && (fflush(sv->f) != 0 || ferror(sv->f)))
            rc = tl_error_set(err, TL_E_OUTPUT, "cannot write to standard output: %s", strerror(errno));
        free(sv);
        return rc;
    }
    int bad = fflush(sv->f) != 0 || ferror(sv->f) || (sync_to_disk && fsync(fileno(sv->f)) != 0);
    int closed = fclose(sv->f) == 0;
    if (!commit) {
        unlink(sv->tmp);
    } else if (bad || !closed || fchmod_default(sv->tmp) || rename(sv->tmp, sv->path) != 0) {
        rc = tl_error_set(err, TL_E_OUTPUT, "cannot write %s: %s", sv->path, strerror(errno));
        unlink(sv->tmp);
    }
    save_free(sv);
    return rc;
}

tl_code tl_save_mem(const char *data, size_t len, const char *path, tl_error *err)
{
    const unsigned char *mem = (const unsigned char *)data;
    if (strcmp(path, "-") == 0) {
        if (write_all(STDOUT_FILENO, mem, (size_t)len))
            return tl_error_set(err, TL_E_OUTPUT, "cannot write to standard output: %s", strerror(errno));
        return TL_OK;
    }
    tl_save *sv;
    tl_code rc = tl_save_begin(path, &sv, err);
    if (rc != TL_OK)
        return rc;
    int bad = fwrite(mem, 1, len, sv->f) != len;
    rc = tl_save_end(sv, !bad, err);
    if (rc == TL_OK && bad)
        rc = tl_error_set(err, TL_E_OUTPUT, "cannot write %s: %s", path, strerror(errno));
    return rc;
}
