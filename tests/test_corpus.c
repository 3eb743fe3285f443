/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Corpus runs: a corpus of 200+ documents (fixtures copied into folders, corrupt and
 * unsupported files among them), counts, a rerun that redoes nothing, kill -9 and
 * resume, a worker that aborts or hangs, removed sources, the lock, shards merged,
 * search. */
#include "helpers.h"
#include "corpus/catalog.h"

#include <criterion/criterion.h>
#include <json-glib/json-glib.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/time.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The sources: every fixture that converts, every one that must fail. */
static const char *const good[] = {
    TL_SAMPLES "/000_e832cc1684c01e82.txt", TL_SAMPLES "/001_1fb14d448e6d2ac5.txt",
    TL_SAMPLES "/002_829daa7892635b35.txt", TL_SAMPLES "/003_9969067fe9d7e0c9.txt",
    TL_SAMPLES "/004_0e8ace6dce33d16c.txt", TL_FIXTURES "/seed002.pdf",
    TL_FIXTURES "/portrait.pdf",           TL_FIXTURES "/seed002.docx",
    TL_FIXTURES "/numbered.docx",          TL_FIXTURES "/seed001.odt",
    TL_FIXTURES "/seed003.html",           NULL
};
static const char *const bad[] = { TL_FIXTURES "/bad/encrypted.pdf", TL_FIXTURES "/bad/truncated.pdf",
                                   TL_FIXTURES "/bad/not-a-pdf.pdf", TL_FIXTURES "/bad/zero-pages.pdf", NULL };


static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* copies x (good + bad) in folders src/c0 ... plus an unsupported binary per folder.
 * Returns how many must convert and how many must fail. */
static void make_corpus(const char *root, int copies, size_t *nok, size_t *nfail)
{
    char p[512];
    snprintf(p, sizeof p, "%s/src", root);
    mkdir(root, 0777);
    mkdir(p, 0777);
    *nok = *nfail = 0;
    for (int c = 0; c < copies; c++) {
        snprintf(p, sizeof p, "%s/src/c%02d", root, c);
        mkdir(p, 0777);
        for (const char *const *g = good; *g; g++, (*nok)++) {
            char to[600];
            snprintf(to, sizeof to, "%s/%s", p, base(*g));
            copy_file(*g, to);
        }
        for (const char *const *b = bad; *b; b++, (*nfail)++) {
            char to[600];
            snprintf(to, sizeof to, "%s/%s", p, base(*b));
            copy_file(*b, to);
        }
        char to[600];
        snprintf(to, sizeof to, "%s/image.bin", p);
        FILE *f = fopen(to, "wb");
        cr_assert(f);
        for (int i = 0; i < 256; i++)
            fputc(i, f);
        fclose(f);
        (*nfail)++;
    }
}

static tl_code build(const char *root, const char *out, int k, int n, int timeout, tl_corpus_stats *st)
{
    char src[512];
    snprintf(src, sizeof src, "%s/src", root);
    const char *srcs[] = { src };
    tl_corpus_opts o = { out, 2, k, n, 1, timeout, 0, { 0 } };
    tl_error err = { 0 };
    tl_code rc = tl_corpus_build(srcs, 1, &o, st, &err);
    cr_assert_eq(rc, TL_OK, "%s", err.msg);
    return rc;
}

static char *tmpdir(void)
{
    char *d = strdup("/tmp/tailan-corpus-XXXXXX");
    cr_assert(mkdtemp(d));
    return d;
}

/* A fresh folder with a corpus of `copies` copies in src/; *out is its out/. */
static char *new_corpus(int copies, char out[600], size_t *nok, size_t *nfail)
{
    char *root = tmpdir();
    snprintf(out, 600, "%s/out", root);
    make_corpus(root, copies, nok, nfail);
    return root;
}

static void rm_rf(const char *d)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    cr_assert_eq(system(cmd), 0);
}

/* A query's one integer, or -1 while the catalog or its tables do not exist yet (a
 * build still creating them). */
static long long try_query_int(const char *dir, const char *sql)
{
    char p[700];
    snprintf(p, sizeof p, "%s/catalog.sqlite", dir);
    sqlite3 *db;
    long long v = -1;
    if (sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

/* Rows of a query with one integer result. */
static long long query_int(const char *dir, const char *sql)
{
    return catalog_int(dir, sql);
}

/* No temporary file left in xml/, and every ok row's XML is there. */
static void expect_clean(const char *out)
{
    char p[600];
    snprintf(p, sizeof p, "%s/xml", out);
    DIR *d = opendir(p);
    cr_assert(d);
    size_t files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        cr_expect(e->d_name[0] != '.', "temporary file %s left", e->d_name);
        files++;
    }
    closedir(d);
    cr_expect_eq((long long)files, query_int(out, "SELECT count(*) FROM documents WHERE status = 'ok'"));
}

Test(corpus, two_hundred_documents_then_nothing_to_redo, .timeout = 600)
{
    char out[600];
    size_t nok, nfail;
    char *root = new_corpus(13, out, &nok, &nfail);
    cr_assert_geq(nok + nfail, 200);
    tl_corpus_stats st;
    build(root, out, 0, 0, 300, &st);
    cr_expect_eq(st.seen, nok + nfail);
    cr_expect_eq(st.total_ok, nok);
    cr_expect_eq(st.total_failed, nfail);
    /* two workers took every document (a failed conversion costs no worker) */
    cr_expect_eq(st.workers, 2);
    /* The report says the same. */
    char rp[700];
    snprintf(rp, sizeof rp, "%s/report.json", out);
    char want[160], *got = json_file_at(rp, "$.totals");
    /* Of the ok, those needing review: 000, 001, 003 (unmapped items) and their other
     * renderings in the corpus; not plans: none. */
    snprintf(want, sizeof want, "[{\"ok\":%zu,\"failed\":%zu,\"removed\":0,\"needs_review\":%zu,\"not_a_plan\":0}]",
             nok, nfail, st.total_review);
    cr_expect_str_eq(got ? got : "", want);
    cr_expect_gt(st.total_review, 0);
    free(got);
    tl_error e;
    cr_expect_eq(query_int(out, "SELECT count(*) FROM documents WHERE path LIKE '%image.bin' AND code = 5"), 13);
    expect_clean(out);
    /* Nothing changed: nothing is redone. */
    build(root, out, 0, 0, 300, &st);
    cr_expect_eq(st.converted, 0);
    cr_expect_eq(st.unchanged, nok + nfail);
    /* Touched but the same bytes: still nothing. */
    char p[600];
    snprintf(p, sizeof p, "%s/src/c00/seed002.pdf", root);
    utimes(p, NULL);
    build(root, out, 0, 0, 300, &st);
    cr_expect_eq(st.converted, 0);
    /* Changed bytes: that one.  Removed: marked. */
    snprintf(p, sizeof p, "%s/src/c00/000_e832cc1684c01e82.txt", root);
    FILE *f = fopen(p, "a");
    fputs("\nНэмэлт мөр.\n", f);
    fclose(f);
    snprintf(p, sizeof p, "%s/src/c01/seed003.html", root);
    unlink(p);
    build(root, out, 0, 0, 300, &st);
    cr_expect_eq(st.converted, 1);
    cr_expect_eq(st.removed, 1);
    cr_expect_eq(st.total_removed, 1);
    cr_expect_eq(query_int(out, "SELECT count(*) FROM documents WHERE status = 'removed' AND path LIKE '%c01/seed003.html'"), 1);
    expect_clean(out);
    /* Search over the index. */
    size_t hits = 0;
    FILE *devnull = fopen("/dev/null", "w");
    cr_assert_eq(tl_corpus_search(out, "шилэн данс", 0, NULL, devnull, &hits, &e), TL_OK, "%s", e.msg);
    cr_expect_gt(hits, 0);
    size_t y2019 = 0;
    cr_assert_eq(tl_corpus_search(out, "шилэн данс", 2019, NULL, devnull, &y2019, &e), TL_OK);
    cr_expect_lt(y2019, hits);
    fclose(devnull);
    rm_rf(root);
    free(root);
}

/* kill -9 in the middle: the next run finishes without redoing finished documents. */
Test(corpus, kill_9_and_resume, .timeout = 600)
{
    char out[600];
    size_t nok, nfail;
    char *root = new_corpus(4, out, &nok, &nfail);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        tl_corpus_stats st;
        char src[600];
        snprintf(src, sizeof src, "%s/src", root);
        const char *srcs[] = { src };
        tl_corpus_opts o = { out, 1, 0, 0, 1, 300, 0, { 0 } };
        tl_error err;
        tl_corpus_build(srcs, 1, &o, &st, &err);
        _exit(0);
    }
    /* Kill once a few documents are in (a condition, however long the machine takes:
     * the test's own timeout bounds it). */
    while (try_query_int(out, "SELECT count(*) FROM documents") < 5)
        usleep(20000);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    /* Its workers died with it (PR_SET_PDEATHSIG) and never held its lock: the next
     * run starts at once. */
    long long before = query_int(out, "SELECT count(*) FROM documents");
    cr_assert_geq(before, 5);
    cr_assert_lt(before, (long long)(nok + nfail), "the run finished before it was killed");
    tl_corpus_stats st;
    build(root, out, 0, 0, 300, &st);
    cr_expect_eq(st.converted, nok + nfail - (size_t)before);
    cr_expect_eq(st.total_ok, nok);
    cr_expect_eq(st.total_failed, nfail);
    expect_clean(out);
    rm_rf(root);
    free(root);
}

/* A worker that aborts and one that hangs: their documents fail, the rest go on. */
Test(corpus, crash_and_hang_isolated, .timeout = 600)
{
#if !TL_TEST_HOOKS
    cr_skip_test("built without TL_TEST_HOOKS: no fault injection or debug dumps");
#endif
    char out[600];
    size_t nok, nfail;
    char *root = new_corpus(1, out, &nok, &nfail);
    char a[600], b[600];
    snprintf(a, sizeof a, "%s/src/c00/crashme.txt", root);
    snprintf(b, sizeof b, "%s/src/c00/hangme.txt", root);
    copy_file(good[0], a);
    copy_file(good[1], b);
    tl_corpus_stats st;
    setenv("TAILAN_CORPUS_FAULT", "abort:crashme", 1);
    build(root, out, 0, 0, 5, &st);
    cr_expect_eq(st.total_ok, nok + 1); /* hangme converts normally here */
    /* the crash cost its worker, replaced if work was left: 2 or 3, not one a document */
    cr_expect(st.workers >= 2 && st.workers <= 3, "%zu workers", st.workers);
    cr_expect_eq(st.total_failed, nfail + 1);
    char *why = catalog_text(out, "SELECT error FROM documents WHERE path LIKE '%crashme.txt'");
    cr_expect(strstr(why, "the worker crashed") != NULL, "%s", why);
    free(why);
    /* Now it hangs (bytes changed, so it is redone), under a 5 s limit. */
    FILE *f = fopen(b, "a");
    fputs("\n", f);
    fclose(f);
    setenv("TAILAN_CORPUS_FAULT", "hang:hangme", 1);
    build(root, out, 0, 0, 5, &st);
    unsetenv("TAILAN_CORPUS_FAULT");
    /* hangme, and crashme again: a crash is a failure whose cause may go, and did. */
    cr_expect_eq(st.converted, 2);
    cr_expect_eq(st.retried, 1);
    why = catalog_text(out, "SELECT error FROM documents WHERE path LIKE '%hangme.txt'");
    cr_expect(strstr(why, "no result after 5 s") != NULL, "%s", why);
    free(why);
    cr_expect_eq(query_int(out, "SELECT count(*) FROM documents WHERE path LIKE '%crashme.txt' AND status = 'ok'"), 1);
    cr_expect_eq(st.total_ok, nok + 1);
    expect_clean(out);
    rm_rf(root);
    free(root);
}

/* Workers retire after so many documents (TAILAN_CORPUS_RECYCLE; 200 by default)
 * and new ones take the rest: every document converts, with one worker per three. */
Test(corpus, workers_retire_and_are_replaced, .timeout = 600)
{
#if !TL_TEST_HOOKS
    cr_skip_test("built without TL_TEST_HOOKS: no fault injection or debug dumps");
#endif
    char out[600];
    size_t nok, nfail;
    char *root = new_corpus(1, out, &nok, &nfail);
    tl_corpus_stats st;
    setenv("TAILAN_CORPUS_RECYCLE", "3", 1);
    build(root, out, 0, 0, 300, &st);
    unsetenv("TAILAN_CORPUS_RECYCLE");
    cr_expect_eq(st.total_ok, nok);
    cr_expect_eq(st.total_failed, nfail);
    /* two at a time, each retiring at its third: about one worker per three documents */
    size_t n = nok + nfail;
    cr_expect(st.workers >= n / 3 && st.workers <= n / 3 + 2, "%zu workers for %zu documents", st.workers, n);
    expect_clean(out);
    rm_rf(root);
    free(root);
}

/* Two runs at once: the second is refused (the first holds DIR/.lock). */
Test(corpus, one_run_at_a_time)
{
    char *root = tmpdir(), out[600], lock[700];
    snprintf(out, sizeof out, "%s/out", root);
    mkdir(out, 0777);
    snprintf(lock, sizeof lock, "%s/.lock", out);
    /* flock belongs to an open file: this one stands for a run in progress. */
    int fd = open(lock, O_RDWR | O_CREAT, 0666);
    cr_assert_geq(fd, 0);
    cr_assert_eq(flock(fd, LOCK_EX), 0);
    const char *srcs[] = { TL_SAMPLES };
    tl_corpus_opts o = { out, 1, 0, 0, 1, 60, 0, { 0 } };
    tl_corpus_stats st;
    tl_error err = { 0 };
    cr_expect_eq(tl_corpus_build(srcs, 1, &o, &st, &err), TL_E_OUTPUT);
    cr_expect(strstr(err.msg, "another corpus run") != NULL, "%s", err.msg);
    close(fd);
    /* Released: the run goes. */
    cr_expect_eq(tl_corpus_build(srcs, 1, &o, &st, &err), TL_OK, "%s", err.msg);
    cr_expect_eq(st.total_ok, 5);
    rm_rf(root);
    free(root);
}

/* Three shards merged: the same documents and the same XML as one run. */
Test(corpus, shards_merged_equal_one_run, .timeout = 600)
{
    char *root = tmpdir(), one[600], merged[600], sh[3][600];
    snprintf(one, sizeof one, "%s/one", root);
    snprintf(merged, sizeof merged, "%s/merged", root);
    size_t nok, nfail;
    make_corpus(root, 2, &nok, &nfail);
    tl_corpus_stats st;
    build(root, one, 0, 0, 300, &st);
    size_t sum = 0;
    const char *dirs[3];
    for (int k = 1; k <= 3; k++) {
        snprintf(sh[k - 1], sizeof sh[0], "%s/shard%d", root, k);
        build(root, sh[k - 1], k, 3, 300, &st);
        sum += st.seen;
        cr_expect_gt(st.seen, 0, "shard %d is empty", k);
        dirs[k - 1] = sh[k - 1];
    }
    cr_expect_eq(sum, nok + nfail);
    tl_error err = { 0 };
    cr_assert_eq(tl_corpus_merge(merged, dirs, 3, &st, &err), TL_OK, "%s", err.msg);
    cr_expect_eq(st.total_ok, nok);
    cr_expect_eq(st.total_failed, nfail);
    const char *q = "SELECT path || ' ' || status || ' ' || coalesce(xml_sha256, '-') FROM documents ORDER BY path";
    char *a = catalog_text(one, q), *b = catalog_text(merged, q);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
    cr_expect_eq(query_int(one, "SELECT count(*) FROM actions"), query_int(merged, "SELECT count(*) FROM actions"));
    expect_clean(merged);
    rm_rf(root);
    free(root);
}

/* corpus export: the CSV has a row per catalogued action, the JSON a document per
 * converted file; an XML file changed after its run is left out and counted. */
Test(corpus, export_every_document, .timeout = 600)
{
    char out[600], csv[700], json[700];
    size_t nok, nfail;
    char *root = new_corpus(1, out, &nok, &nfail);
    tl_corpus_stats st;
    build(root, out, 0, 0, 300, &st);
    snprintf(csv, sizeof csv, "%s/all.csv", root);
    snprintf(json, sizeof json, "%s/all.json", root);
    tl_corpus_export_opts o = { .format = TL_EXPORT_CSV, .out = csv };
    tl_corpus_export_stats es;
    tl_error err = { 0 };
    cr_assert_eq(tl_corpus_export(out, &o, NULL, &es, &err), TL_OK, "%s", err.msg);
    cr_expect_eq((long long)es.documents, query_int(out, "SELECT count(*) FROM documents WHERE status = 'ok'"));
    cr_expect_eq((long long)es.rows, query_int(out, "SELECT count(*) FROM actions"));
    cr_expect_gt(es.rows, 50);
    o.format = TL_EXPORT_JSON;
    o.out = json;
    cr_assert_eq(tl_corpus_export(out, &o, NULL, &es, &err), TL_OK, "%s", err.msg);
    JsonParser *p = json_parser_new();
    cr_assert(json_parser_load_from_file(p, json, NULL), "the export is not JSON");
    JsonArray *docs = json_node_get_array(json_parser_get_root(p));
    cr_expect_eq(json_array_get_length(docs), nok);
    g_object_unref(p);
    /* One XML file edited: left out, the rest exported. */
    char *x = catalog_text(out, "SELECT xml FROM documents WHERE status = 'ok' ORDER BY path LIMIT 1"), path[800];
    snprintf(path, sizeof path, "%s/%s", out, x);
    FILE *f = fopen(path, "ab");
    cr_assert(f);
    fputs("<!-- edited -->\n", f);
    fclose(f);
    free(x);
    FILE *sink = fopen("/dev/null", "w");
    o.format = TL_EXPORT_CSV;
    o.out = csv;
    cr_assert_eq(tl_corpus_export(out, &o, sink, &es, &err), TL_OK, "%s", err.msg);
    fclose(sink);
    cr_expect_eq(es.skipped, 1);
    cr_expect_eq(es.documents, nok - 1);
    rm_rf(root);
    free(root);
}

/* The catalog keeps actions with the export's columns, numbers as numbers; a catalog
 * of the older form (all fields in one string, actions alone indexed) is upgraded:
 * its documents are converted again and every passage becomes searchable. */
Test(corpus, catalog_columns_and_upgrade, .timeout = 600)
{
    char *root = tmpdir(), src[600], out[600];
    snprintf(src, sizeof src, "%s/src", root);
    snprintf(out, sizeof out, "%s/out", root);
    mkdir(src, 0777);
    const char *files[] = { TL_FIXTURES "/seed004.pdf", TL_SAMPLES "/003_9969067fe9d7e0c9.txt" };
    for (int i = 0; i < 2; i++) {
        char to[700];
        snprintf(to, sizeof to, "%s/%s", src, base(files[i]));
        copy_file(files[i], to);
    }
    tl_corpus_stats st;
    build(root, out, 0, 0, 300, &st);
    cr_assert_eq(st.ok, 2);
    cr_expect_eq(query_int(out, "SELECT budget_amount FROM actions WHERE budget = '132,32 сая ОНХС'"), 132320000);
    cr_expect_eq(query_int(out, "SELECT count(*) FROM actions WHERE typeof(percent_value) = 'integer' AND percent_value = 100"), 43);
    cr_expect_eq(query_int(out, "SELECT count(*) FROM actions WHERE target_year_value = 4 AND number = '1.1'"), 1);
    cr_expect_eq(query_int(out, "SELECT count(*) FROM documents WHERE kind = 'performance-report' AND date = '2024-12-18'"), 1);
    long long passages = query_int(out, "SELECT count(*) FROM texts");
    cr_expect_gt(passages, 100);
    /* Back to the old form, as a catalog written before this one. */
    char p[700];
    snprintf(p, sizeof p, "%s/catalog.sqlite", out);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
    cr_assert_eq(tl_catalog_fts_register(db), 0); /* texts_fts's tokenizer, to drop it */
    cr_assert_eq(sqlite3_exec(db,
                              "DROP TABLE actions; DROP TABLE texts; DROP TABLE texts_fts;"
                              "CREATE TABLE actions(doc_id TEXT NOT NULL, seq INTEGER NOT NULL, number TEXT,"
                              " objective TEXT, text TEXT, fields TEXT, PRIMARY KEY(doc_id, seq));"
                              "CREATE VIRTUAL TABLE actions_fts USING fts5(doc_id UNINDEXED, number UNINDEXED, text);",
                              NULL, NULL, NULL),
                 SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    build(root, out, 0, 0, 300, &st);
    cr_expect_eq(st.converted, 2, "the upgraded catalog's documents are converted again");
    cr_expect_eq(query_int(out, "SELECT count(*) FROM texts"), passages);
    cr_expect_eq(query_int(out, "SELECT budget_amount FROM actions WHERE budget = '132,32 сая ОНХС'"), 132320000);
    size_t hits = 0;
    tl_error e = { 0 };
    FILE *devnull = fopen("/dev/null", "w");
    cr_assert_eq(tl_corpus_search(out, "хөрөнгө орлогын мэдүүлэг", 0, NULL, devnull, &hits, &e), TL_OK, "%s", e.msg);
    fclose(devnull);
    cr_expect_eq(hits, 1);
    rm_rf(root);
    free(root);
}

/* --review: a review page per converted document, linked from the report; gone with its
 * source. */
Test(corpus, review_pages_with_the_run, .timeout = 600)
{
    char *root = tmpdir(), src[600], out[600], p[900];
    snprintf(src, sizeof src, "%s/src", root);
    snprintf(out, sizeof out, "%s/out", root);
    mkdir(src, 0777);
    const char *files[] = { TL_FIXTURES "/seed002.pdf", TL_SAMPLES "/003_9969067fe9d7e0c9.txt" };
    for (int i = 0; i < 2; i++) {
        char to[700];
        snprintf(to, sizeof to, "%s/%s", src, base(files[i]));
        copy_file(files[i], to);
    }
    const char *srcs[] = { src };
    tl_corpus_opts o = { .out = out, .jobs = 2, .quiet = 1, .timeout_s = 300, .review = 1 };
    tl_corpus_stats st;
    tl_error err = { 0 };
    cr_assert_eq(tl_corpus_build(srcs, 1, &o, &st, &err), TL_OK, "%s", err.msg);
    cr_assert_eq(st.ok, 2);
    char *pdf_id = catalog_text(out, "SELECT id FROM documents WHERE path LIKE '%seed002.pdf'");
    snprintf(p, sizeof p, "%s/review/%s/page-1.png", out, pdf_id);
    cr_expect_eq(access(p, R_OK), 0, "%s", p);
    snprintf(p, sizeof p, "%s/review/%s/index.html", out, pdf_id);
    cr_expect_eq(access(p, R_OK), 0, "%s", p);
    snprintf(p, sizeof p, "%s/report.html", out);
    gchar *html = NULL;
    cr_assert(g_file_get_contents(p, &html, NULL, NULL));
    char link[200];
    snprintf(link, sizeof link, "href=\"review/%s/index.html\"", pdf_id);
    cr_expect(strstr(html, link) != NULL, "the report does not link %s", link);
    g_free(html);
    /* The source gone: its page goes with its XML. */
    snprintf(p, sizeof p, "%s/seed002.pdf", src);
    cr_assert_eq(unlink(p), 0);
    o.allow_removals = 1;
    cr_assert_eq(tl_corpus_build(srcs, 1, &o, &st, &err), TL_OK, "%s", err.msg);
    snprintf(p, sizeof p, "%s/review/%s", out, pdf_id);
    cr_expect_neq(access(p, F_OK), 0, "%s is left", p);
    free(pdf_id);
    rm_rf(root);
    free(root);
}

/* --include / --exclude: globs against the path under the source and the name; a
 * catalogued document later excluded counts as gone. */
Test(corpus, include_exclude_globs, .timeout = 600)
{
    char out[600];
    size_t nok, nfail;
    char *root = new_corpus(1, out, &nok, &nfail);
    char src[700];
    snprintf(src, sizeof src, "%s/src", root);
    const char *srcs[] = { src };
    const char *inc[] = { "*.txt", "c00/seed003.html" }, *exc[] = { "003_*" };
    tl_corpus_opts o = { .out = out, .jobs = 2, .quiet = 1, .timeout_s = 300, .include = inc, .ninclude = 2,
                         .exclude = exc, .nexclude = 1 };
    tl_corpus_stats st;
    tl_error err = { 0 };
    cr_assert_eq(tl_corpus_build(srcs, 1, &o, &st, &err), TL_OK, "%s", err.msg);
    /* the five samples but 003, and seed003.html by its path under the source */
    cr_expect_eq(st.seen, 5);
    cr_expect_eq(st.excluded, nok + nfail - 5);
    cr_expect_eq(query_int(out, "SELECT count(*) FROM documents WHERE path LIKE '%003_9969067fe9d7e0c9.txt'"), 0);
    cr_expect_eq(query_int(out, "SELECT count(*) FROM documents WHERE path LIKE '%/c00/seed003.html'"), 1);
    /* .html excluded now: its document is removed (1 of 5 is over the guard's 10 %). */
    const char *exc2[] = { "003_*", "*.html" };
    o.exclude = exc2;
    o.nexclude = 2;
    o.allow_removals = 1;
    cr_assert_eq(tl_corpus_build(srcs, 1, &o, &st, &err), TL_OK, "%s", err.msg);
    cr_expect_eq(st.removed, 1);
    rm_rf(root);
    free(root);
}
