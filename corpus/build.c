/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan corpus build: many documents into DIR/xml/<id>.xml and DIR/catalog.sqlite.
 *
 * The run walks the sources (walk.c), decides per file whether anything changed (size
 * and mtime, then the bytes' SHA-256; the tailan version; the options; a failure whose
 * cause may have gone), marks what has gone as removed, and hands the rest to worker
 * processes (pool.c), which send back what the catalog keeps of each new XML (counts,
 * metadata, actions: harvest.c); the parent commits each document's row in one
 * transaction.
 *
 * Order is what keeps data safe: a document's XML is written before the row that
 * points to it, and deleted only after the row that drops it has committed; every
 * catalog write is checked and a failed one stops the run.  So a killed run, a full
 * disk or a locked catalog never leaves a row pointing at nothing, and never deletes
 * the XML of a document the catalog still calls live.  A source that is missing or
 * unreadable is an error, never an empty folder, and a run that would remove more
 * than a set share of the catalog refuses.  One run at a time: DIR/.lock (flock). */
#define _GNU_SOURCE
#include "run.h"
#include "../normalize/normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TL_VERSION
#define TL_VERSION "0"
#endif

/* The shard a path belongs to: by its SHA-256, so every machine agrees. */
int tl_corpus_in_shard(const char *path, int k, int n)
{
    if (n <= 1)
        return 1;
    char hex[65];
    tl_sha256_hex((const unsigned char *)path, strlen(path), hex);
    hex[8] = 0;
    unsigned long v = strtoul(hex, NULL, 16);
    return (int)(v % (unsigned long)n) == k - 1;
}

/* ---- the run ------------------------------------------------------------ */

typedef struct todo {
    char *path;
    char id[40], sha256[65];
    int64_t bytes, mtime;
    const char *format; /* the bidding extractor's name, for failures */
    int retries;        /* failed attempts on these same bytes before this one */
    int had_xml;        /* the catalog points at an XML for this path now */
    int started, recorded;
} todo;

typedef struct run {
    const tl_corpus_opts *o;
    tl_corpus_stats *st;
    sqlite3 *db;
    int lockfd;
    tl_walk w;
    tl_paths removed;
    todo *work;
    size_t nwork;
    char opts[64];
} run;

char *tl_corpus_review_dir(const char *out, const char *xml)
{
    const char *slash = strrchr(xml, '/');
    const char *base = slash ? slash + 1 : xml;
    char *dir = NULL;
    if (asprintf(&dir, "%s/review/%.*s", out, (int)strcspn(base, "."), base) < 0)
        return NULL;
    return dir;
}

static void options_string(const tl_corpus_opts *o, char *out, size_t cap)
{
    /* review pages are part of what a run makes: a run that adds them redoes every document */
    snprintf(out, cap, "stitch=%d normalize=%d%s", !o->convert.no_stitch, !o->convert.no_normalize,
             o->review ? " review=1" : "");
}

/* Whether a failure may have another outcome on the same bytes. */
static int healable(int code)
{
    return code == TL_E_INTERNAL || code == TL_E_IO || code == TL_E_LIMIT || code == TL_E_OUTPUT ||
           code == TL_E_MISSING || code == TL_E_MEMORY;
}

static int retry_wanted(const tl_corpus_opts *o, const tl_catalog_doc *have)
{
    if (strcmp(have->status, "failed") != 0 || o->retry == TL_RETRY_NONE)
        return 0;
    return o->retry == TL_RETRY_ALL || healable(have->code);
}

static int under_unreadable(const run *r, const char *path)
{
    for (size_t i = 0; i < r->w.unreadable.n; i++) {
        size_t n = strlen(r->w.unreadable.v[i]);
        if (!strncmp(path, r->w.unreadable.v[i], n) && (path[n] == '/' || !path[n]))
            return 1;
    }
    return 0;
}

/* Whether the file at p needs converting; fills t when it does.  1 yes, 0 no, -1 on a
 * catalog error (err set). */
static int decide_one(run *r, const char *p, todo *t, tl_error *err)
{
    struct stat sb;
    if (stat(p, &sb) != 0)
        return 0; /* gone since the walk: left as the catalog has it */
    int64_t mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    tl_catalog_doc have;
    int known = tl_catalog_find(r->db, p, &have);
    if (known < 0) {
        tl_error_set(err, TL_E_OUTPUT, "catalog: looking up a document: %s", sqlite3_errmsg(r->db));
        return -1;
    }
    int same_run = known && !strcmp(have.version, TL_VERSION) && !strcmp(have.options, r->opts) &&
                   strcmp(have.status, "removed") != 0;
    int retry = same_run && retry_wanted(r->o, &have);
    if (same_run && !retry && have.bytes == (int64_t)sb.st_size && have.mtime == mtime) {
        r->st->unchanged++;
        return 0;
    }
    memset(t, 0, sizeof *t);
    t->bytes = (int64_t)sb.st_size;
    t->mtime = mtime;
    unsigned char *data = NULL;
    size_t size = 0;
    tl_error e2;
    if (tl_file_read(p, &data, &size, &e2) == TL_OK) {
        tl_sha256_hex(data, size, t->sha256);
        tl_source src = { p, data, size };
        const tl_extractor *x = tl_extractor_choose(&src);
        t->format = x ? x->name : "unknown";
        free(data);
    } else if (known && !strcmp(have.status, "ok")) {
        /* Converted before, unreadable now (a permission, a share half-mounted):
         * its XML stays until the file can be read again. */
        return tl_paths_add(&r->w.unreadable, p) ? (tl_error_set(err, TL_E_INTERNAL, "out of memory"), -1) : 0;
    } else {
        snprintf(t->sha256, sizeof t->sha256, "unreadable");
        t->format = "unknown";
    }
    int same_bytes = known && !strcmp(have.sha256, t->sha256);
    if (same_run && same_bytes && !retry) {
        /* Touched, not changed: remember the new mtime, redo nothing. */
        r->st->unchanged++;
        return tl_catalog_touch(r->db, p, mtime, t->bytes, err) == TL_OK ? 0 : -1;
    }
    if (retry && same_bytes) {
        t->retries = have.retries + 1;
        r->st->retried++;
    }
    t->had_xml = known && have.xml[0];
    char hex[65];
    tl_sha256_hex((const unsigned char *)p, strlen(p), hex);
    snprintf(t->id, sizeof t->id, "%.16s", hex);
    return 1;
}

/* Fills r->work with what must be converted, and the temporary table seen with
 * every path of this shard found. */
static tl_code decide(run *r, tl_error *err)
{
    const tl_paths *files = &r->w.files;
    r->work = calloc(files->n ? files->n : 1, sizeof *r->work);
    if (!r->work)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    tl_code rc = tl_catalog_run(r->db, "CREATE TEMP TABLE IF NOT EXISTS seen(path TEXT PRIMARY KEY)", "seen", err);
    sqlite3_stmt *seen = NULL;
    if (rc == TL_OK && sqlite3_prepare_v2(r->db, "INSERT OR IGNORE INTO seen(path) VALUES(?)", -1, &seen, NULL) != SQLITE_OK)
        rc = tl_error_set(err, TL_E_OUTPUT, "catalog: %s", sqlite3_errmsg(r->db));
    for (size_t i = 0; rc == TL_OK && i < files->n; i++) {
        const char *p = files->v[i];
        if (!tl_corpus_in_shard(p, r->o->shard_k, r->o->shard_n))
            continue;
        r->st->seen++;
        sqlite3_reset(seen);
        sqlite3_bind_text(seen, 1, p, -1, SQLITE_STATIC);
        if (sqlite3_step(seen) != SQLITE_DONE) {
            rc = tl_error_set(err, TL_E_OUTPUT, "catalog: %s", sqlite3_errmsg(r->db));
            break;
        }
        int redo = decide_one(r, p, &r->work[r->nwork], err);
        if (redo < 0)
            rc = err->code;
        else if (redo)
            r->work[r->nwork++].path = files->v[i];
    }
    sqlite3_finalize(seen);
    return rc;
}

/* Documents whose source has gone: marked removed (row first, then the XML).  Those
 * under a folder that could not be read are not gone. */
static tl_code remove_gone(run *r, tl_error *err)
{
    const tl_corpus_opts *o = r->o;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT path, xml, path IN (SELECT path FROM seen) FROM documents WHERE status != 'removed'",
                           -1, &q, NULL) != SQLITE_OK)
        return tl_error_set(err, TL_E_OUTPUT, "catalog: %s", sqlite3_errmsg(r->db));
    tl_paths gone = { 0 }, gone_xml = { 0 };
    size_t live = 0;
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(q, 0), *x = (const char *)sqlite3_column_text(q, 1);
        if (!tl_corpus_in_shard(p, o->shard_k, o->shard_n))
            continue;
        live++;
        if (sqlite3_column_int(q, 2) || under_unreadable(r, p))
            continue;
        if (tl_paths_add(&gone, p) || tl_paths_add(&gone_xml, x ? x : ""))
            break;
    }
    tl_code rc = step == SQLITE_DONE ? TL_OK : tl_error_set(err, TL_E_OUTPUT, "catalog: %s", sqlite3_errmsg(r->db));
    sqlite3_finalize(q);
    int pct = o->max_removal_pct > 0 ? o->max_removal_pct : 10;
    if (rc == TL_OK && gone.n && !o->allow_removals && gone.n * 100 > (size_t)pct * live)
        rc = tl_error_set(err, TL_E_IO,
                          "the sources lack %zu of the %zu documents catalogued (over %d %%): refusing to mark "
                          "them removed (is a source missing? --allow-removals to go ahead)",
                          gone.n, live, pct);
    for (size_t i = 0; rc == TL_OK && i < gone.n; i++) {
        rc = tl_catalog_remove(r->db, gone.v[i], err);
        if (rc == TL_OK && gone_xml.v[i][0]) {
            char *x = NULL, *rv = tl_corpus_review_dir(o->out, gone_xml.v[i]);
            if (asprintf(&x, "%s/%s", o->out, gone_xml.v[i]) >= 0)
                unlink(x);
            if (rv)
                tl_remove_tree(rv);
            free(x);
            free(rv);
        }
        if (rc == TL_OK) {
            r->st->removed++;
            tl_paths_add(&r->removed, gone.v[i]);
        }
    }
    tl_paths_free(&gone);
    tl_paths_free(&gone_xml);
    return rc;
}

/* Commits one converted (or failed) document's row, with what its worker read off its
 * XML; the previous XML of a failed document is deleted only once its row has said so. */
static tl_code record(run *r, const todo *t, const tl_job_end *e, tl_error *err)
{
    char *rel = NULL, *abs = NULL;
    if (asprintf(&rel, "xml/%s.xml", t->id) < 0 || asprintf(&abs, "%s/%s", r->o->out, rel) < 0) {
        free(rel);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    int code = e->code;
    const char *msg = e->msg;
    const tl_harvest *h = &e->harvest;
    int ok = code == TL_OK;
    tl_catalog_entry ce = { t->id, t->path, t->sha256, t->format, ok ? "ok" : "failed", ok ? NULL : msg,
                            TL_VERSION, r->opts, ok ? rel : NULL, e->log, t->bytes, t->mtime,
                            (int64_t)(e->seconds * 1000), code, ok ? 0 : t->retries, ok ? h : NULL };
    tl_code rc = tl_catalog_put(r->db, &ce, err);
    if (rc == TL_OK && !ok)
        unlink(abs); /* a failure leaves no output behind */
    else if (rc != TL_OK && ok && !t->had_xml)
        unlink(abs); /* no row points at it */
    if (rc == TL_OK && ok)
        r->st->ok++;
    else if (rc == TL_OK)
        r->st->failed++;
    free(rel);
    free(abs);
    return rc;
}

static void progress(const tl_corpus_opts *o, size_t done, size_t total, double t0)
{
    if (o->quiet || !isatty(STDERR_FILENO) || !total)
        return;
    double el = tl_run_clock() - t0, rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    int w = 30, fill = (int)((double)w * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.1f docs/s  ETA %02d:%02d ", fill,
            "##############################", w - fill, "", done, total, rate, (int)eta / 60, (int)eta % 60);
    if (done == total)
        fputc('\n', stderr);
}

/* This process's CPU time, its children's left out */
static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

/* Converts r->work with the worker pool, recording each document as it ends. */
static tl_code convert_all(run *r, tl_error *err)
{
    const tl_corpus_opts *o = r->o;
    int njobs = o->jobs > 0 ? o->jobs : 1;
    tl_pool *pool = tl_pool_new(njobs, o, r->lockfd);
    tl_job_end *ends = calloc((size_t)njobs, sizeof *ends);
    tl_code rc = TL_OK;
    if (!pool || !ends)
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
    /* The whole spelling dictionary loaded here, once, for a long run: the workers are
     * forked from this process and share it (0.5 s, 70 MB).  A short one leaves each
     * worker to load the few groups of it its documents reach (30-100 ms). */
    if (rc == TL_OK && r->nwork >= 16 * (size_t)njobs && !o->convert.no_normalize && tl_norm_load_all())
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory loading the normalizer's lexicon");
    double t0 = tl_run_clock(), cpu0 = cpu_seconds();
    size_t next = 0, done = 0;
    progress(o, 0, r->nwork, t0);
    while (rc == TL_OK && (next < r->nwork || tl_pool_running(pool))) {
        while (rc == TL_OK && next < r->nwork && tl_pool_free_slot(pool) >= 0) {
            char *xml = NULL;
            if (asprintf(&xml, "%s/xml/%s.xml", o->out, r->work[next].id) < 0)
                rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
            else
                rc = tl_pool_start(pool, r->work[next].path, xml, next, err);
            r->work[next].started = rc == TL_OK;
            free(xml);
            next++;
        }
        size_t n = rc == TL_OK ? tl_pool_wait(pool, ends) : 0;
        for (size_t i = 0; i < n; i++) {
            if (rc == TL_OK) {
                rc = record(r, &r->work[ends[i].idx], &ends[i], err);
                r->work[ends[i].idx].recorded = 1;
            }
            free(ends[i].log);
            tl_harvest_free(&ends[i].harvest);
            done++;
        }
        progress(o, done, r->nwork, t0);
    }
    r->st->parent_cpu = cpu_seconds() - cpu0;
    r->st->workers = pool ? tl_pool_started(pool) : 0;
    /* On an error of the run itself, the workers still going are stopped, and an XML
     * a worker wrote that no row will point to is removed (one that replaced a
     * catalogued document's stays: its row still points there, and the next run,
     * seeing other bytes, redoes it). */
    tl_pool_free(pool);
    for (size_t i = 0; rc != TL_OK && i < r->nwork; i++) {
        todo *t = &r->work[i];
        char *xml = NULL;
        if (t->started && !t->recorded && !t->had_xml && asprintf(&xml, "%s/xml/%s.xml", o->out, t->id) >= 0)
            unlink(xml);
        free(xml);
    }
    free(ends);
    r->st->seconds = tl_run_clock() - t0;
    r->st->converted = done;
    return rc;
}

tl_code tl_corpus_build(const char *const *srcs, size_t nsrc, const tl_corpus_opts *o, tl_corpus_stats *st,
                        tl_error *err)
{
    memset(st, 0, sizeof *st);
    run r = { .o = o, .st = st, .lockfd = -1 };
    options_string(o, r.opts, sizeof r.opts);
    /* Walked before anything is opened: a missing source changes nothing. */
    char *outabs = realpath(o->out, NULL);
    tl_code rc = TL_OK;
    r.w.include = o->include;
    r.w.ninclude = o->ninclude;
    r.w.exclude = o->exclude;
    r.w.nexclude = o->nexclude;
    for (size_t i = 0; rc == TL_OK && i < nsrc; i++)
        rc = tl_walk_source(srcs[i], outabs, &r.w, err);
    free(outabs);
    tl_paths_sort_unique(&r.w.files);
    if (rc == TL_OK)
        rc = tl_corpus_open(o->out, &r.db, &r.lockfd, err);
    if (rc == TL_OK)
        rc = decide(&r, err);
    st->skipped = r.w.skipped.n;
    st->excluded = r.w.excluded;
    st->unreadable = r.w.unreadable.n;
    if (rc == TL_OK)
        rc = remove_gone(&r, err);
    if (rc == TL_OK)
        rc = convert_all(&r, err);
    if (rc == TL_OK) {
        tl_run_lists lists = { &r.removed, &r.w.skipped, &r.w.unreadable };
        rc = tl_corpus_report(r.db, o->out, o->shard_k, o->shard_n, &lists, st, err);
    }
    free(r.work);
    tl_walk_free(&r.w);
    tl_paths_free(&r.removed);
    if (r.db)
        sqlite3_close(r.db);
    if (r.lockfd >= 0)
        close(r.lockfd);
    return rc;
}
