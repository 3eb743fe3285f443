/* tailan corpus build: many documents into DIR/xml/<id>.xml and DIR/catalog.sqlite.
 *
 * The run walks the sources (walk.c), decides per file whether anything changed (size
 * and mtime, then the bytes' SHA-256; the tailan version; the options; a failure whose
 * cause may have gone), marks what has gone as removed, and hands the rest to worker
 * processes (pool.c).  The parent reads each new XML back (counts, metadata, actions)
 * and commits the document's catalog row in one transaction.
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

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* ---- what a finished XML says ------------------------------------------- */

static char *xp_string(xmlXPathContextPtr cx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, cx);
    char *s = NULL;
    if (o) {
        xmlChar *v = xmlXPathCastToString(o);
        s = v && v[0] ? tl_strdup((const char *)v) : NULL;
        xmlFree(v);
        xmlXPathFreeObject(o);
    }
    return s;
}

static int xp_int(xmlXPathContextPtr cx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, cx);
    double d = o ? xmlXPathCastToNumber(o) : 0;
    int v = d == d && d > -1e9 && d < 1e9 ? (int)d : 0; /* NaN when absent */
    xmlXPathFreeObject(o);
    return v;
}

typedef struct harvest {
    char *format, *title, *org;
    int pages, tables, year;
    tl_catalog_action *actions;
    size_t nactions, cap;
} harvest;

static void harvest_free(harvest *h)
{
    free(h->format);
    free(h->title);
    free(h->org);
    for (size_t i = 0; i < h->nactions; i++) {
        free(h->actions[i].number);
        free(h->actions[i].objective);
        free(h->actions[i].text);
        free(h->actions[i].fields);
    }
    free(h->actions);
    memset(h, 0, sizeof *h);
}

static char *squashed(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = tl_str_squash(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

/* One action's number, objective, text and "field: value" list. */
static void harvest_action(xmlNodePtr a, tl_catalog_action *ca)
{
    xmlChar *num = xmlGetProp(a, (const xmlChar *)"number");
    ca->number = num ? tl_strdup((const char *)num) : NULL;
    xmlFree(num);
    for (xmlNodePtr p = a->parent; p && !ca->objective; p = p->parent)
        if (p->type == XML_ELEMENT_NODE && xmlStrEqual(p->name, (const xmlChar *)"objective")) {
            xmlChar *on = xmlGetProp(p, (const xmlChar *)"number");
            ca->objective = on ? tl_strdup((const char *)on) : NULL;
            xmlFree(on);
        }
    for (xmlNodePtr c = a->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || xmlStrEqual(c->name, (const xmlChar *)"provenance") ||
            xmlStrEqual(c->name, (const xmlChar *)"label"))
            continue;
        char *v = squashed(c);
        if (!v)
            continue;
        if (xmlStrEqual(c->name, (const xmlChar *)"text")) {
            free(ca->text);
            ca->text = v;
            continue;
        }
        char *kv = NULL;
        if (!tl_str_append(&kv, "", (const char *)c->name) && !tl_str_append(&kv, ": ", v))
            tl_str_append(&ca->fields, "; ", kv);
        free(kv);
        free(v);
    }
}

/* What the catalog keeps of a written XML, and the SHA-256 of its bytes: one read. */
static int harvest_xml(const char *path, harvest *h, char sha[65])
{
    unsigned char *data;
    size_t size;
    tl_error e;
    if (tl_file_read(path, &data, &size, &e) != TL_OK || size > INT32_MAX)
        return -1;
    tl_sha256_hex(data, size, sha);
    xmlDocPtr d = xmlReadMemory((const char *)data, (int)size, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    free(data);
    if (!d)
        return -1;
    xmlXPathContextPtr cx = xmlXPathNewContext(d);
    int rc = -1;
    if (!cx)
        goto out;
    xmlXPathRegisterNs(cx, (const xmlChar *)"t", (const xmlChar *)"urn:tailan:plan:1");
    h->format = xp_string(cx, "string(/t:document/t:source/@format)");
    h->title = xp_string(cx, "string(/t:document/t:meta/t:title)");
    h->org = xp_string(cx, "string(/t:document/t:meta/t:organization/@value)");
    h->pages = xp_int(cx, "number(/t:document/t:source/@pages)");
    h->year = xp_int(cx, "number(/t:document/t:meta/t:year/@value)");
    h->tables = xp_int(cx, "count(/t:document/t:body//t:plan | /t:document/t:body//t:table)");
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)"/t:document/t:body//t:action", cx);
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        if (tl_grow((void **)&h->actions, &h->cap, h->nactions + 1, sizeof *h->actions))
            break;
        tl_catalog_action *ca = &h->actions[h->nactions++];
        memset(ca, 0, sizeof *ca);
        harvest_action(o->nodesetval->nodeTab[i], ca);
    }
    xmlXPathFreeObject(o);
    rc = 0;
out:
    xmlXPathFreeContext(cx);
    xmlFreeDoc(d);
    return rc;
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

static void options_string(const tl_corpus_opts *o, char *out, size_t cap)
{
    snprintf(out, cap, "stitch=%d normalize=%d", !o->convert.no_stitch, !o->convert.no_normalize);
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
            char *x = NULL;
            if (asprintf(&x, "%s/%s", o->out, gone_xml.v[i]) >= 0)
                unlink(x);
            free(x);
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

/* Commits one converted (or failed) document: its XML read back, then its row; the
 * previous XML of a failed document is deleted only once its row has said so. */
static tl_code record(run *r, const todo *t, const tl_job_end *e, tl_error *err)
{
    char *rel = NULL, *abs = NULL;
    if (asprintf(&rel, "xml/%s.xml", t->id) < 0 || asprintf(&abs, "%s/%s", r->o->out, rel) < 0) {
        free(rel);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    int code = e->code;
    const char *msg = e->msg;
    harvest h = { 0 };
    char xsha[65] = "";
    if (code == TL_OK && harvest_xml(abs, &h, xsha) != 0) {
        code = TL_E_OUTPUT;
        msg = "the XML written cannot be read back";
    }
    int ok = code == TL_OK;
    tl_catalog_entry ce = { t->id, t->path, t->sha256, h.format ? h.format : t->format,
                            ok ? "ok" : "failed", ok ? NULL : msg, TL_VERSION, r->opts,
                            h.title, h.org, ok ? rel : NULL, ok ? xsha : NULL, e->log,
                            t->bytes, t->mtime, (int64_t)(e->seconds * 1000), code, h.pages, h.tables, h.year,
                            ok ? 0 : t->retries, h.actions, h.nactions };
    tl_code rc = tl_catalog_put(r->db, &ce, err);
    if (rc == TL_OK && !ok)
        unlink(abs); /* a failure leaves no output behind */
    else if (rc != TL_OK && ok && !t->had_xml)
        unlink(abs); /* no row points at it */
    if (rc == TL_OK && ok)
        r->st->ok++;
    else if (rc == TL_OK)
        r->st->failed++;
    harvest_free(&h);
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
    /* Loaded here, once, when there is work: every document's worker is forked from
     * this process and shares it (loaded in each, 40 documents took 4.8 s, not 1.2). */
    if (rc == TL_OK && r->nwork && !o->convert.no_normalize && tl_norm_load_all())
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory loading the normalizer's lexicon");
    double t0 = tl_run_clock();
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
            done++;
        }
        progress(o, done, r->nwork, t0);
    }
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
    for (size_t i = 0; rc == TL_OK && i < nsrc; i++)
        rc = tl_walk_source(srcs[i], outabs, &r.w, err);
    free(outabs);
    tl_paths_sort_unique(&r.w.files);
    if (rc == TL_OK)
        rc = tl_corpus_open(o->out, &r.db, &r.lockfd, err);
    if (rc == TL_OK)
        rc = decide(&r, err);
    st->skipped = r.w.skipped.n;
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
