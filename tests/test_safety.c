/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Never lose data, never stay broken: the corpus run and `convert -o` as a nightly
 * rebuild and an archivist would meet them.  A missing or unreadable source, a run
 * that would remove most of the catalog, a failing catalog write, file names that
 * are not UTF-8, a hundred workers, a killed build, a document that failed once,
 * a memory limit, an output path that is not a plain new file, a stopped convert.
 * Everything goes through the command line: exit codes and files are what a user
 * sees.  No sleeps: every wait is for a condition. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], src[128], out[128];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/tl-safety-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    chmod(dir, 0755);
    snprintf(src, sizeof src, "%s/archive", dir);
    snprintf(out, sizeof out, "%s/nightly", dir);
    cr_assert_eq(mkdir(src, 0755), 0);
}

static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx %s; rm -rf %s", dir, dir);
    cr_assert_eq(system(cmd), 0);
}

static int run_env(const char *env, const char *args, char *err, size_t errlen)
{
    return run_tailan(TL_CLI, dir, env, args, err, errlen);
}

static int run(const char *args, char *err, size_t errlen)
{
    return run_env(NULL, args, err, errlen);
}


/* The five samples into src/NAME/. */
static void samples_into(const char *name)
{
    char d[256];
    snprintf(d, sizeof d, "%s/%s", src, name);
    mkdir(d, 0755);
    const char *const s[] = { SEED000, SEED001, SEED002, SEED003, SEED004 };
    for (size_t i = 0; i < 5; i++) {
        char to[512];
        snprintf(to, sizeof to, "%s/%s", d, strrchr(s[i], '/') + 1);
        copy_file(s[i], to);
    }
}

static size_t count_xml(void)
{
    char p[256];
    snprintf(p, sizeof p, "%s/xml", out);
    DIR *d = opendir(p);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static long long q_int(const char *sql)
{
    return catalog_int(out, sql);
}

static void q_exec(const char *sql)
{
    char p[256];
    snprintf(p, sizeof p, "%s/catalog.sqlite", out);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
}

static char *read_text(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", out, name);
    unsigned char *d;
    size_t n;
    tl_error e;
    cr_assert_eq(tl_file_read(p, &d, &n, &e), TL_OK, "%s", e.msg);
    char *s = malloc(n + 1);
    memcpy(s, d, n);
    s[n] = 0;
    free(d);
    return s;
}

static int build_args(const char *more, char *err, size_t n)
{
    char args[512];
    snprintf(args, sizeof args, "corpus build %s --out %s --quiet --jobs 2 %s", src, out, more ? more : "");
    return run(args, err, n);
}

TestSuite(safety, .init = setup, .fini = teardown, .timeout = 300);

/* 1. The share not mounted: exit 3, every XML and row kept; a source that never
 * existed: exit 3 and no output folder made. */
Test(safety, missing_source_deletes_nothing)
{
    char err[2048], moved[256], args[512];
    samples_into("a");
    cr_assert_eq(build_args(NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(count_xml(), 5);
    snprintf(moved, sizeof moved, "%s.gone", src);
    cr_assert_eq(rename(src, moved), 0);
    cr_expect_eq(build_args(NULL, err, sizeof err), TL_E_IO, "%s", err);
    cr_expect(strstr(err, "cannot read the source: No such file or directory"), "%s", err);
    cr_expect_eq(count_xml(), 5);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok'"), 5);
    snprintf(args, sizeof args, "corpus build /nonexistent --out %s/o1", dir);
    cr_expect_eq(run(args, err, sizeof err), TL_E_IO, "%s", err);
    snprintf(args, sizeof args, "%s/o1", dir);
    cr_expect_neq(access(args, F_OK), 0, "an output folder was made for a missing source");
}

/* A folder that cannot be read in the middle of the walk: its documents stay, it is
 * reported.  Root reads every folder, so as root the build runs as nobody. */
Test(safety, unreadable_folder_keeps_its_documents)
{
    char err[2048], secret[256];
    samples_into("open");
    samples_into("secret");
    cr_assert_eq(build_args(NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(count_xml(), 10);
    snprintf(secret, sizeof secret, "%s/secret", src);
    cr_assert_eq(chmod(secret, 0), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (geteuid() == 0) {
            char cmd[300];
            snprintf(cmd, sizeof cmd, "chown -R 65534:65534 %s", out);
            if (system(cmd) != 0 || setgid(65534) || setuid(65534))
                _exit(99);
        }
        const char *srcs[] = { src };
        tl_corpus_opts o = { .out = out, .jobs = 1, .quiet = 1, .timeout_s = 60 };
        tl_corpus_stats st;
        tl_error e;
        tl_code rc = tl_corpus_build(srcs, 1, &o, &st, &e);
        _exit(rc == TL_OK && st.unreadable == 1 && st.removed == 0 ? 0 : 10 + (int)rc);
    }
    int status;
    waitpid(pid, &status, 0);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d", WEXITSTATUS(status));
    cr_expect_eq(count_xml(), 10);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok'"), 10);
    char *rj = read_text("report.json");
    cr_expect(strstr(rj, "\"unreadable\" : [") && strstr(rj, "/archive/secret\"\n  ]"), "%s", rj);
    free(rj);
}

/* A run that would mark over a tenth of the catalog removed is refused; with
 * --allow-removals it goes, lists them, and drops their actions. */
Test(safety, mass_removal_refused)
{
    char err[2048], p[512];
    samples_into("a");
    cr_assert_eq(build_args(NULL, err, sizeof err), 0, "%s", err);
    long long actions = q_int("SELECT count(*) FROM actions WHERE doc_id = (SELECT id FROM documents WHERE path LIKE '%a/004_%')");
    cr_assert_gt(actions, 0);
    snprintf(p, sizeof p, "%s/a/004_0e8ace6dce33d16c.txt", src);
    cr_assert_eq(unlink(p), 0);
    cr_expect_eq(build_args(NULL, err, sizeof err), TL_E_IO, "%s", err);
    cr_expect(strstr(err, "lack 1 of the 5 documents") && strstr(err, "--allow-removals"), "%s", err);
    cr_expect_eq(count_xml(), 5);
    cr_expect_eq(build_args("--allow-removals", err, sizeof err), 0, "%s", err);
    cr_expect_eq(count_xml(), 4);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'removed' AND path LIKE '%a/004_%'"), 1);
    cr_expect_eq(q_int("SELECT count(*) FROM actions WHERE doc_id = (SELECT id FROM documents WHERE path LIKE '%a/004_%')"), 0);
    cr_expect_eq(q_int("SELECT count(*) FROM texts WHERE doc_id = (SELECT id FROM documents WHERE path LIKE '%a/004_%')"), 0);
    /* The index's rows (its docsize shadow table: readable without the tokenizer) are the passages'. */
    cr_expect_eq(q_int("SELECT count(*) FROM texts_fts_docsize"), q_int("SELECT count(*) FROM texts"));
    cr_expect_gt(q_int("SELECT count(*) FROM texts"), 100);
    char *rj = read_text("report.json");
    cr_expect(strstr(rj, "\"removed_this_run\" : [") && strstr(rj, "004_0e8ace6dce33d16c.txt\"\n  ]"), "%s", rj);
    free(rj);
}

/* A catalog write that fails (a trigger stands for a full disk or an I/O error) stops
 * the run with exit 10, and deletes nothing: neither the XML of a document whose
 * removal did not commit, nor any other. */
Test(safety, failed_catalog_write_deletes_nothing)
{
    char err[2048], p[512];
    samples_into("a");
    cr_assert_eq(build_args(NULL, err, sizeof err), 0, "%s", err);
    q_exec("CREATE TRIGGER fail_remove BEFORE UPDATE OF status ON documents WHEN NEW.status = 'removed'"
           " BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END;");
    snprintf(p, sizeof p, "%s/a/003_9969067fe9d7e0c9.txt", src);
    cr_assert_eq(unlink(p), 0);
    cr_expect_eq(build_args("--allow-removals", err, sizeof err), TL_E_OUTPUT, "%s", err);
    cr_expect(strstr(err, "disk I/O error (simulated)"), "%s", err);
    cr_expect_eq(count_xml(), 5);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok'"), 5);
    /* A failing insert in the middle of conversions: what was written stays
     * consistent, nothing is deleted. */
    q_exec("DROP TRIGGER fail_remove;"
           "CREATE TRIGGER fail_insert BEFORE INSERT ON documents WHEN NEW.path LIKE '%/b/002_%'"
           " BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END;");
    samples_into("b");
    cr_expect_eq(build_args("--allow-removals", err, sizeof err), TL_E_OUTPUT, "%s", err);
    cr_expect(strstr(err, "disk is full (simulated)"), "%s", err);
    long long rows = q_int("SELECT count(*) FROM documents WHERE status = 'ok'");
    cr_expect_eq((long long)count_xml(), rows, "every XML has its row and every row its XML");
    cr_expect_geq(rows, 4);
    /* The cause gone, the next run finishes the job. */
    q_exec("DROP TRIGGER fail_insert;");
    cr_expect_eq(build_args("--allow-removals", err, sizeof err), 0, "%s", err);
    cr_expect_eq(count_xml(), 9);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'removed'"), 1);
}

/* An old Windows archive's file name (windows-1251 bytes): the document converts, the
 * XML keeps the bytes, the reports stay valid JSON and UTF-8. */
Test(safety, windows_1251_file_name)
{
    char err[2048], p[512];
    /* "Тайлан" in windows-1251 */
    snprintf(p, sizeof p, "%s/\xd2\xe0\xe9\xeb\xe0\xed_2019.txt", src);
    copy_file(SEED001, p);
    cr_assert_eq(build_args(NULL, err, sizeof err), 0, "%s", err);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok'"), 1);
    char *rj = read_text("report.json");
    GError *ge = NULL;
    JsonParser *jp = json_parser_new();
    cr_expect(json_parser_load_from_data(jp, rj, -1, &ge), "report.json: %s", ge ? ge->message : "");
    g_clear_error(&ge);
    g_object_unref(jp);
    free(rj);
    char *rh = read_text("report.html");
    cr_expect(g_utf8_validate(rh, -1, NULL), "report.html is not UTF-8");
    cr_expect(strstr(rh, "\xef\xbf\xbd") != NULL, "the name's bytes shown as U+FFFD");
    free(rh);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "grep -q 'pathBytes=\"[^\"]*/%%D2%%E0%%E9%%EB%%E0%%ED_2019.txt\"' %s/xml/*.xml", out);
    cr_expect_eq(system(cmd), 0, "the XML keeps the name's bytes");
}

/* A hundred workers, one of them hanging: it is stopped at its deadline like any.
 * The others are short reports (a few milliseconds each), so that seventy of them
 * at once stay far inside the deadline on a busy two-core machine: seed 003 took
 * 50 ms a copy, and seventy at once came near two seconds. */
Test(safety, hundred_jobs_timeout_holds)
{
#if !TL_TEST_HOOKS
    cr_skip_test("built without TL_TEST_HOOKS: no fault injection or debug dumps");
#endif
    char err[2048], p[512];
    for (int i = 0; i < 70; i++) {
        snprintf(p, sizeof p, "%s/d%02d.txt", src, i);
        copy_file(TL_FIXTURES "/reports/date-place.txt", p);
    }
    snprintf(p, sizeof p, "%s/zz-hang.txt", src);
    copy_file(SEED002, p);
    char args[512];
    snprintf(args, sizeof args, "corpus build %s --out %s --quiet --jobs 100 --timeout 2 --no-normalize", src, out);
    cr_expect_eq(run_env("TAILAN_CORPUS_FAULT=hang:zz-hang", args, err, sizeof err), TL_E_PARTIAL, "%s", err);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok'"), 70);
    long long ms = q_int("SELECT ms FROM documents WHERE path LIKE '%zz-hang.txt' AND code = 7");
    cr_expect(ms >= 2000 && ms < 3000, "stopped after %lld ms", ms);
    /* 8. The final line names the failed file, even with --quiet. */
    cr_expect(strstr(err, "1 failed") && strstr(err, "failed: ") && strstr(err, "zz-hang.txt"), "%s", err);
}

/* 9. A document that failed for a cause that went away converts on the next run;
 * one whose bytes are bad is not tried again unless asked. */
Test(safety, failed_documents_retried)
{
#if !TL_TEST_HOOKS
    cr_skip_test("built without TL_TEST_HOOKS: no fault injection or debug dumps");
#endif
    char err[2048], p[512];
    samples_into("a");
    copy_file(TL_FIXTURES "/bad/truncated.pdf", (snprintf(p, sizeof p, "%s/a/truncated.pdf", src), p));
    char args[512];
    snprintf(args, sizeof args, "corpus build %s --out %s --quiet", src, out);
    cr_expect_eq(run_env("TAILAN_CORPUS_FAULT=abort:003_", args, err, sizeof err), TL_E_PARTIAL, "%s", err);
    cr_expect(strstr(err, "2 failed") && strstr(err, "003_9969067fe9d7e0c9.txt") && strstr(err, "truncated.pdf"),
              "%s", err);
    /* --no-retry: the crash stays. */
    cr_expect_eq(build_args("--no-retry", err, sizeof err), TL_E_PARTIAL, "%s", err);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'failed'"), 2);
    /* By default: the crash is retried and converts; the damaged PDF is not redone. */
    cr_expect_eq(build_args(NULL, err, sizeof err), TL_E_PARTIAL, "%s", err);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok' AND path LIKE '%003_%'"), 1);
    cr_expect_eq(q_int("SELECT retries FROM documents WHERE path LIKE '%truncated.pdf'"), 0);
    /* --retry-failed: every failed one, counted. */
    cr_expect_eq(build_args("--retry-failed", err, sizeof err), TL_E_PARTIAL, "%s", err);
    cr_expect_eq(q_int("SELECT retries FROM documents WHERE path LIKE '%truncated.pdf'"), 1);
    cr_expect_eq(q_int("SELECT code FROM documents WHERE path LIKE '%truncated.pdf'"), TL_E_CORRUPT);
}

/* 12. A worker out of its memory limit is reported as out of memory, once, with the
 * library's noise kept in the catalog, not on stderr; and retried without it. */
Test(safety, out_of_memory_is_its_own_failure)
{
#if defined(__SANITIZE_ADDRESS__)
    cr_skip_test("AddressSanitizer builds run workers without an address-space limit");
#else
    char err[4096], p[512];
    copy_file(TL_FIXTURES "/seed002.pdf", (snprintf(p, sizeof p, "%s/seed002.pdf", src), p));
    copy_file(SEED003, (snprintf(p, sizeof p, "%s/003.txt", src), p));
    cr_expect_eq(build_args("--memory 50", err, sizeof err), TL_E_PARTIAL, "%s", err);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE code = 13 AND error LIKE 'out of memory under the 50 MB limit%'"), 2);
    cr_expect(strchr(err, '\n') == strrchr(err, '\n'), "one line on stderr: %s", err);
    cr_expect_eq(build_args(NULL, err, sizeof err), 0, "%s", err);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok' AND retries = 0"), 2);
#endif
}

/* 11. kill -9 of a build while a worker is busy, then at once another build: the
 * worker died with it and never held the lock. */
Test(safety, kill_9_then_rerun_at_once)
{
#if !TL_TEST_HOOKS
    cr_skip_test("built without TL_TEST_HOOKS: no fault injection or debug dumps");
#endif
    char err[2048], p[512];
    samples_into("a");
    copy_file(SEED002, (snprintf(p, sizeof p, "%s/zz-hang.txt", src), p));
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        setenv("TAILAN_CORPUS_FAULT", "hang:zz-hang", 1);
        execl(TL_CLI, "tailan", "corpus", "build", src, "--out", out, "--quiet", "--jobs", "1", (char *)NULL);
        _exit(127);
    }
    /* The five samples are in: the only worker left is the hanging one. */
    for (;;) {
        char cat[256];
        snprintf(cat, sizeof cat, "%s/catalog.sqlite", out);
        sqlite3 *db;
        long long n = -1;
        if (access(cat, F_OK) == 0 && sqlite3_open_v2(cat, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
            sqlite3_stmt *st;
            if (sqlite3_prepare_v2(db, "SELECT count(*) FROM documents", -1, &st, NULL) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
            sqlite3_close(db);
        }
        if (n >= 5)
            break;
        usleep(20000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    cr_expect_eq(build_args(NULL, err, sizeof err), 0, "%s", err);
    cr_expect_eq(q_int("SELECT count(*) FROM documents WHERE status = 'ok'"), 6);
}

/* 10. -o naming the input (by any path), a FIFO, a folder or a link: refused with exit
 * 10, the input intact; --force replaces a link. */
Test(safety, output_never_clobbers)
{
    char err[2048], in[256], args[1024];
    snprintf(in, sizeof in, "%s/same.docx", dir);
    copy_file(TL_FIXTURES "/seed002.docx", in);
    struct stat before;
    cr_assert_eq(stat(in, &before), 0);
    snprintf(args, sizeof args, "convert %s -o %s", in, in);
    cr_expect_eq(run(args, err, sizeof err), TL_E_OUTPUT, "%s", err);
    cr_expect(strstr(err, "is the input itself"), "%s", err);
    snprintf(args, sizeof args, "convert %s -o %s/././same.docx", in, dir);
    cr_expect_eq(run(args, err, sizeof err), TL_E_OUTPUT, "%s", err);
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    cr_assert_eq(mkfifo(fifo, 0644), 0);
    snprintf(args, sizeof args, "convert %s -o %s", in, fifo);
    cr_expect_eq(run(args, err, sizeof err), TL_E_OUTPUT, "%s", err);
    cr_expect(strstr(err, "a FIFO"), "%s", err);
    struct stat fs;
    cr_expect(stat(fifo, &fs) == 0 && S_ISFIFO(fs.st_mode), "the FIFO was replaced");
    snprintf(args, sizeof args, "convert %s -o %s", in, dir);
    cr_expect_eq(run(args, err, sizeof err), TL_E_OUTPUT, "%s", err);
    char link[256], target[256];
    snprintf(target, sizeof target, "%s/target.xml", dir);
    snprintf(link, sizeof link, "%s/link.xml", dir);
    cr_assert_eq(symlink(target, link), 0);
    snprintf(args, sizeof args, "convert %s -o %s", in, link);
    cr_expect_eq(run(args, err, sizeof err), TL_E_OUTPUT, "%s", err);
    cr_expect(strstr(err, "symbolic link"), "%s", err);
    snprintf(args, sizeof args, "convert %s -o %s --force", in, link);
    cr_expect_eq(run(args, err, sizeof err), 0, "%s", err);
    struct stat after, ls;
    cr_expect(stat(in, &after) == 0 && after.st_size == before.st_size && after.st_ino == before.st_ino);
    cr_expect(lstat(link, &ls) == 0 && S_ISREG(ls.st_mode));
}

/* 13. convert stopped by SIGTERM while writing: no temporary file, no output. */
Test(safety, stopped_convert_leaves_nothing)
{
#if !TL_TEST_HOOKS
    cr_skip_test("built without TL_TEST_HOOKS: no fault injection or debug dumps");
#endif
    char target[256];
    snprintf(target, sizeof target, "%s/out.xml", dir);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        setenv("TAILAN_SAVE_FAULT", "pause", 1);
        execl(TL_CLI, "tailan", "convert", SEED002, "-o", target, "--no-normalize", (char *)NULL);
        _exit(127);
    }
    /* Wait for the temporary file to appear beside the target. */
    int seen = 0;
    while (!seen) {
        DIR *d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));)
            seen |= !strncmp(e->d_name, ".out.xml.", 9);
        closedir(d);
        if (!seen)
            usleep(10000);
    }
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        cr_expect(strncmp(e->d_name, ".out.xml", 8) && strcmp(e->d_name, "out.xml"), "%s left", e->d_name);
    closedir(d);
}
