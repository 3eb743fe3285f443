/* tailan corpus build: many documents into DIR/xml/<id>.xml and DIR/catalog.sqlite.
 *
 * The parent walks the sources, decides per file whether anything changed (size and
 * mtime, then the bytes' SHA-256; the tailan version; the options), and hands the
 * rest to worker processes, at most `jobs` at a time.  A worker converts one file
 * under a memory limit (setrlimit) and a time limit (the parent kills it), writes the
 * XML atomically (temporary file + rename) and reports through a pipe; a crash or a
 * hang is that document's failure and the run goes on.  The parent reads each new
 * XML back (counts, metadata, actions) and commits the document's catalog row in one
 * transaction, so after kill -9 nothing half-done is visible and the next run redoes
 * only what was not committed.  One run at a time: DIR/.lock (flock). */
#define _GNU_SOURCE
#include "catalog.h"
#include "corpus.h"
#include "../normalize/normalize.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef TL_VERSION
#define TL_VERSION "0"
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- sources ------------------------------------------------------------ */

typedef struct paths {
    char **v;
    size_t n, cap;
} paths;

static void paths_free(paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
}

static int add_path(paths *p, const char *s)
{
    if (tl_grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v))
        return -1;
    p->v[p->n] = tl_strdup(s);
    return p->v[p->n++] ? 0 : -1;
}

/* Regular files under path (a file or a folder), hidden names and the output folder
 * left out.  Symbolic links are not followed into folders (no cycles). */
static int walk(const char *path, const char *skip, paths *out, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0; /* vanished: the catalog marks it removed */
    if (S_ISREG(st.st_mode))
        return add_path(out, path);
    if (!S_ISDIR(st.st_mode) || depth > 64 || (skip && strcmp(path, skip) == 0))
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = NULL;
        if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
            rc = -1;
        else
            rc = walk(sub, skip, out, depth + 1);
        free(sub);
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

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

/* ---- workers ------------------------------------------------------------ */

typedef struct report_msg {
    int code;
    char msg[512];
} report_msg;

/* A deliberate fault for the crash-isolation tests: TAILAN_CORPUS_FAULT="abort:NAME"
 * or "hang:NAME" makes the worker on a path containing NAME abort or hang. */
static void test_fault(const char *path)
{
    const char *f = getenv("TAILAN_CORPUS_FAULT");
    if (!f)
        return;
    if (!strncmp(f, "abort:", 6) && strstr(path, f + 6))
        abort();
    if (!strncmp(f, "hang:", 5) && strstr(path, f + 5))
        for (;;)
            pause();
}

/* AddressSanitizer reserves terabytes of address space for its shadow before main:
 * an address-space limit would fail every allocation, so sanitizer builds go without. */
#if defined(__SANITIZE_ADDRESS__)
#define TL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TL_ASAN 1
#endif
#endif
#ifndef TL_ASAN
#define TL_ASAN 0
#endif

static void worker(const char *in, const char *xml, const tl_corpus_opts *o, int fd)
{
    if (o->mem_mb > 0 && !TL_ASAN) {
        struct rlimit rl = { (rlim_t)o->mem_mb << 20, (rlim_t)o->mem_mb << 20 };
        setrlimit(RLIMIT_AS, &rl);
    }
    test_fault(in);
    report_msg m = { 0, "" };
    tl_error err = { 0 };
    m.code = (int)tl_convert_file(in, xml, &o->convert, &err);
    snprintf(m.msg, sizeof m.msg, "%s", m.code ? err.msg : "");
    ssize_t w = write(fd, &m, sizeof m);
    (void)w;
    _exit(0);
}

typedef struct job {
    pid_t pid;
    int fd;
    double start;
    size_t idx;
} job;

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
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
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
        xmlNodePtr a = o->nodesetval->nodeTab[i];
        if (tl_grow((void **)&h->actions, &h->cap, h->nactions + 1, sizeof *h->actions))
            break;
        tl_catalog_action *ca = &h->actions[h->nactions++];
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
} todo;

static void options_string(const tl_corpus_opts *o, char *out, size_t cap)
{
    snprintf(out, cap, "stitch=%d normalize=%d", !o->convert.no_stitch, !o->convert.no_normalize);
}

static tl_code record(sqlite3 *db, const todo *t, const tl_corpus_opts *o, const char *xml_rel,
                      const char *xml_abs, int code, const char *msg, double secs, tl_corpus_stats *st,
                      tl_error *err)
{
    char opts[64];
    options_string(o, opts, sizeof opts);
    harvest h = { 0 };
    char xsha[65] = "";
    if (code == TL_OK && harvest_xml(xml_abs, &h, xsha) != 0) {
        code = TL_E_OUTPUT;
        msg = "the XML written cannot be read back";
    }
    tl_catalog_entry e = { t->id, t->path, t->sha256, h.format ? h.format : t->format,
                           code == TL_OK ? "ok" : "failed", code == TL_OK ? NULL : msg, TL_VERSION, opts,
                           h.title, h.org, code == TL_OK ? xml_rel : NULL, code == TL_OK ? xsha : NULL,
                           t->bytes, t->mtime, (int64_t)(secs * 1000), code, h.pages, h.tables, h.year,
                           h.actions, h.nactions };
    if (code != TL_OK)
        unlink(xml_abs); /* a failure leaves no output behind */
    tl_code rc = tl_catalog_put(db, &e, err);
    if (code == TL_OK)
        st->ok++;
    else
        st->failed++;
    harvest_free(&h);
    return rc;
}

static void progress(const tl_corpus_opts *o, size_t done, size_t total, double t0)
{
    if (o->quiet || !isatty(STDERR_FILENO) || !total)
        return;
    double el = now() - t0, rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    int w = 30, fill = (int)((double)w * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.1f docs/s  ETA %02d:%02d ", fill,
            "##############################", w - fill, "", done, total, rate, (int)eta / 60, (int)eta % 60);
    if (done == total)
        fputc('\n', stderr);
}

static const char *signame(int sig)
{
    const char *s = strsignal(sig);
    return s ? s : "signal";
}

tl_code tl_corpus_build(const char *const *srcs, size_t nsrc, const tl_corpus_opts *o, tl_corpus_stats *st,
                        tl_error *err)
{
    memset(st, 0, sizeof *st);
    char *xmldir = NULL, *outabs = NULL;
    paths files = { 0 };
    todo *work = NULL;
    size_t nwork = 0;
    job *jobs = NULL;
    sqlite3 *db = NULL;
    int lockfd = -1;
    tl_code rc = tl_corpus_open(o->out, &db, &lockfd, err);
    if (rc != TL_OK)
        return rc;
    outabs = realpath(o->out, NULL);
    if (!outabs || asprintf(&xmldir, "%s/xml", o->out) < 0) {
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nsrc; i++) {
        char *abs = realpath(srcs[i], NULL);
        int bad = walk(abs ? abs : srcs[i], outabs, &files, 0);
        free(abs);
        if (bad) {
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory walking %s", srcs[i]);
            goto out;
        }
    }
    if (files.n > 1)
        qsort(files.v, files.n, sizeof *files.v, cmp_str);
    /* One path named twice (a folder and a file in it): once. */
    size_t k = 0;
    for (size_t i = 0; i < files.n; i++) {
        if (k && !strcmp(files.v[k - 1], files.v[i])) {
            free(files.v[i]);
            continue;
        }
        files.v[k++] = files.v[i];
    }
    files.n = k;
    char opts[64];
    options_string(o, opts, sizeof opts);
    work = calloc(files.n ? files.n : 1, sizeof *work);
    if (!work) {
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        goto out;
    }
    /* Decide what to redo. */
    tl_catalog_exec(db, "CREATE TEMP TABLE seen(path TEXT PRIMARY KEY)");
    sqlite3_stmt *seen = NULL, *touch = NULL;
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO seen(path) VALUES(?)", -1, &seen, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE documents SET mtime = ?, bytes = ? WHERE path = ?", -1, &touch, NULL) !=
            SQLITE_OK) {
        sqlite3_finalize(seen);
        rc = tl_error_set(err, TL_E_OUTPUT, "catalog: %s", sqlite3_errmsg(db));
        goto out;
    }
    tl_catalog_exec(db, "BEGIN");
    for (size_t i = 0; i < files.n; i++) {
        const char *p = files.v[i];
        if (!tl_corpus_in_shard(p, o->shard_k, o->shard_n))
            continue;
        st->seen++;
        sqlite3_reset(seen);
        sqlite3_bind_text(seen, 1, p, -1, SQLITE_STATIC);
        sqlite3_step(seen);
        struct stat sb;
        if (stat(p, &sb) != 0)
            continue;
        int64_t mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
        tl_catalog_doc have;
        int known = tl_catalog_find(db, p, &have) == 1;
        int same_run = known && !strcmp(have.version, TL_VERSION) && !strcmp(have.options, opts) &&
                       strcmp(have.status, "removed") != 0;
        if (same_run && have.bytes == (int64_t)sb.st_size && have.mtime == mtime) {
            st->unchanged++;
            continue;
        }
        todo *t = &work[nwork];
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
        } else {
            snprintf(t->sha256, sizeof t->sha256, "unreadable");
            t->format = "unknown";
        }
        if (same_run && !strcmp(have.sha256, t->sha256)) {
            /* Touched, not changed: remember the new mtime, redo nothing. */
            sqlite3_reset(touch);
            sqlite3_bind_int64(touch, 1, mtime);
            sqlite3_bind_int64(touch, 2, t->bytes);
            sqlite3_bind_text(touch, 3, p, -1, SQLITE_STATIC);
            sqlite3_step(touch);
            st->unchanged++;
            continue;
        }
        char hex[65];
        tl_sha256_hex((const unsigned char *)p, strlen(p), hex);
        snprintf(t->id, sizeof t->id, "%.16s", hex);
        t->path = files.v[i];
        nwork++;
    }
    sqlite3_finalize(seen);
    sqlite3_finalize(touch);
    tl_catalog_exec(db, "COMMIT");
    /* Sources gone since the last run: marked, their XML removed with them. */
    {
        sqlite3_stmt *q = NULL;
        sqlite3_prepare_v2(db, "SELECT path, xml FROM documents WHERE status != 'removed' AND path NOT IN (SELECT path FROM seen)",
                           -1, &q, NULL);
        paths gone = { 0 }, gone_xml = { 0 };
        while (q && sqlite3_step(q) == SQLITE_ROW) {
            const char *p = (const char *)sqlite3_column_text(q, 0), *x = (const char *)sqlite3_column_text(q, 1);
            if (tl_corpus_in_shard(p, o->shard_k, o->shard_n)) {
                add_path(&gone, p);
                add_path(&gone_xml, x ? x : "");
            }
        }
        sqlite3_finalize(q);
        sqlite3_stmt *u = NULL;
        sqlite3_prepare_v2(db, "UPDATE documents SET status = 'removed', xml = NULL, updated = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE path = ?",
                           -1, &u, NULL);
        for (size_t i = 0; u && i < gone.n; i++) {
            if (gone_xml.v[i][0]) {
                char *x = NULL;
                if (asprintf(&x, "%s/%s", o->out, gone_xml.v[i]) >= 0)
                    unlink(x);
                free(x);
            }
            sqlite3_reset(u);
            sqlite3_bind_text(u, 1, gone.v[i], -1, SQLITE_STATIC);
            sqlite3_step(u);
            st->removed++;
        }
        sqlite3_finalize(u);
        paths_free(&gone);
        paths_free(&gone_xml);
    }
    /* Convert. */
    int njobs = o->jobs > 0 ? o->jobs : 1;
    jobs = calloc((size_t)njobs, sizeof *jobs);
    if (!jobs) {
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        goto out;
    }
    for (int j = 0; j < njobs; j++)
        jobs[j].pid = 0;
    double t0 = now();
    size_t next = 0, done = 0, running = 0;
    /* Loaded here, once, when there is work: every document's worker is forked from
     * this process and shares it (loaded in each, 40 documents took 4.8 s, not 1.2). */
    if (rc == TL_OK && nwork && !o->convert.no_normalize && tl_norm_load_all())
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory loading the normalizer's lexicon");
    progress(o, 0, nwork, t0);
    while (rc == TL_OK && (next < nwork || running)) {
        /* Fill free slots. */
        for (int j = 0; j < njobs && next < nwork; j++) {
            if (jobs[j].pid)
                continue;
            todo *t = &work[next];
            char *xml = NULL;
            if (asprintf(&xml, "%s/%s.xml", xmldir, t->id) < 0) {
                rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
                break;
            }
            int pfd[2];
            if (pipe2(pfd, O_CLOEXEC) != 0) {
                free(xml);
                rc = tl_error_set(err, TL_E_INTERNAL, "pipe: %s", strerror(errno));
                break;
            }
            fflush(NULL);
            pid_t pid = fork();
            if (pid == 0) {
                close(pfd[0]);
                worker(t->path, xml, o, pfd[1]);
            }
            free(xml);
            close(pfd[1]);
            if (pid < 0) {
                close(pfd[0]);
                rc = tl_error_set(err, TL_E_INTERNAL, "fork: %s", strerror(errno));
                break;
            }
            jobs[j] = (job){ pid, pfd[0], now(), next++ };
            running++;
        }
        if (rc != TL_OK)
            break;
        /* Wait for a report, a death or a deadline. */
        struct pollfd pf[64];
        int map[64], np = 0;
        for (int j = 0; j < njobs && np < 64; j++)
            if (jobs[j].pid) {
                pf[np] = (struct pollfd){ jobs[j].fd, POLLIN, 0 };
                map[np++] = j;
            }
        poll(pf, (nfds_t)np, 200);
        for (int q = 0; q < np; q++) {
            job *jb = &jobs[map[q]];
            int expired = o->timeout_s > 0 && now() - jb->start > o->timeout_s;
            if (!(pf[q].revents & (POLLIN | POLLHUP | POLLERR)) && !expired)
                continue;
            report_msg m;
            int got = 0;
            if (pf[q].revents & POLLIN)
                got = read(jb->fd, &m, sizeof m) == (ssize_t)sizeof m;
            if (!got && !expired && !(pf[q].revents & (POLLHUP | POLLERR)))
                continue;
            if (expired && !got)
                kill(jb->pid, SIGKILL);
            int status = 0;
            waitpid(jb->pid, &status, 0);
            close(jb->fd);
            double secs = now() - jb->start;
            todo *t = &work[jb->idx];
            char msg[600];
            int code;
            if (got) {
                code = m.code;
                snprintf(msg, sizeof msg, "%s", m.msg);
            } else if (expired) {
                code = TL_E_LIMIT;
                snprintf(msg, sizeof msg, "no result after %d s: the worker was stopped", o->timeout_s);
            } else if (WIFSIGNALED(status)) {
                code = TL_E_INTERNAL;
                snprintf(msg, sizeof msg, "the worker crashed (%s)", signame(WTERMSIG(status)));
            } else {
                code = TL_E_INTERNAL;
                snprintf(msg, sizeof msg, "the worker ended without a result (exit %d)",
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            }
            char *rel = NULL, *abs = NULL;
            if (asprintf(&rel, "xml/%s.xml", t->id) < 0 || asprintf(&abs, "%s/%s", o->out, rel) < 0) {
                free(rel);
                rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
                break;
            }
            rc = record(db, t, o, rel, abs, code, msg, secs, st, err);
            free(rel);
            free(abs);
            jb->pid = 0;
            running--;
            done++;
            progress(o, done, nwork, t0);
        }
    }
    /* On an error of the run itself, the workers still going are stopped. */
    for (int j = 0; jobs && j < njobs; j++)
        if (jobs[j].pid) {
            kill(jobs[j].pid, SIGKILL);
            waitpid(jobs[j].pid, NULL, 0);
            close(jobs[j].fd);
        }
    st->seconds = now() - t0;
    st->converted = done;
    if (rc == TL_OK)
        rc = tl_corpus_report(db, o->out, o->shard_k, o->shard_n, st, err);
out:
    free(jobs);
    free(work);
    paths_free(&files);
    if (db)
        sqlite3_close(db);
    if (lockfd >= 0)
        close(lockfd);
    free(outabs);
    free(xmldir);
    return rc;
}
