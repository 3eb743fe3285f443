/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The corpus catalog: one SQLite database per output folder.
 *
 * documents: one row per source path (status ok, failed or removed), with what made
 * the conversion (sha256 of the bytes, tailan version, options) so a rerun knows
 * what to redo, and what the document holds (kind, date, counts of plans, unmapped
 * items, values for review, repairs).  actions: every action of every plan with the
 * CSV export's columns (docs/export.md), numbers as numbers.  texts: every passage
 * (title, metadata, sections, paragraphs, actions, table rows) and texts_fts an FTS5
 * index over them, spelling variants folded (fts.c).  Every document is written in one transaction after its
 * XML is in place, so a killed run never leaves half a document in the catalog. */
#define _GNU_SOURCE
#include "catalog.h"
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema_sql[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS documents("
    " id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT, bytes INTEGER,"
    " mtime INTEGER, format TEXT, status TEXT NOT NULL, code INTEGER, error TEXT,"
    " version TEXT, options TEXT, ms INTEGER, pages INTEGER, tables INTEGER,"
    " actions INTEGER, title TEXT, org TEXT, year INTEGER, xml TEXT, xml_sha256 TEXT,"
    " updated TEXT, retries INTEGER NOT NULL DEFAULT 0, log TEXT);"
    "CREATE TABLE IF NOT EXISTS texts("
    " doc_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT, ref TEXT, PRIMARY KEY(doc_id, seq));"
    "CREATE VIRTUAL TABLE IF NOT EXISTS texts_fts USING fts5(text, tokenize='tailan');";

/* Columns documents gained after its first form, added to older catalogs. */
static const char *const added_columns[][2] = {
    { "retries", "INTEGER NOT NULL DEFAULT 0" }, { "log", "TEXT" },       { "kind", "TEXT" },
    { "date", "TEXT" },                          { "plans", "INTEGER" },  { "unmapped", "INTEGER" },
    { "review", "INTEGER" },                     { "repairs", "INTEGER" }, { "sections", "INTEGER" },
    { "ocr", "INTEGER" },
};

/* An export column that holds a number: stored as one (NUMERIC affinity). */
static int numeric_column(const char *name)
{
    size_t n = strlen(name);
    return !strcmp(name, "plan") || !strcmp(name, "page") || !strcmp(name, "row") || !strcmp(name, "conf") ||
           (n > 6 && !strcmp(name + n - 6, "_value")) || !strcmp(name, "budget_amount");
}

/* The actions table: the export's columns after the document's own. */
static char *actions_sql(void)
{
    char *sql = NULL, *col = NULL;
    tl_str_append(&sql, "", "CREATE TABLE IF NOT EXISTS actions(doc_id TEXT NOT NULL, seq INTEGER NOT NULL");
    for (size_t i = 0; i < tl_export_ncolumns(); i++) {
        int of_doc;
        const char *name = tl_export_column_name(i, &of_doc);
        if (of_doc || asprintf(&col, ", \"%s\" %s", name, numeric_column(name) ? "NUMERIC" : "TEXT") < 0)
            continue;
        tl_str_append(&sql, "", col);
        free(col);
    }
    tl_str_append(&sql, "", ", PRIMARY KEY(doc_id, seq))");
    return sql;
}

/* Whether a query compiles: a table or column exists. */
static int compiles(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
    sqlite3_finalize(st);
    return ok;
}

/* Brings an older catalog to this form.  Its actions kept all fields in one string
 * and its index held action text only: both are dropped, and every converted
 * document is marked for conversion again (version "reindex") so the next run
 * fills them. */
static int upgrade(sqlite3 *db)
{
    int old = compiles(db, "SELECT fields FROM actions LIMIT 0");
    if (old && (tl_catalog_exec(db, "DROP TABLE actions") || tl_catalog_exec(db, "DROP TABLE IF EXISTS actions_fts")))
        return -1;
    for (size_t i = 0; i < sizeof added_columns / sizeof *added_columns; i++) {
        char *probe = NULL, *alter = NULL;
        int rc = 0;
        if (asprintf(&probe, "SELECT %s FROM documents LIMIT 0", added_columns[i][0]) >= 0 && !compiles(db, probe) &&
            asprintf(&alter, "ALTER TABLE documents ADD COLUMN %s %s", added_columns[i][0], added_columns[i][1]) >= 0)
            rc = tl_catalog_exec(db, alter);
        free(probe);
        free(alter);
        if (rc)
            return -1;
    }
    if (old && tl_catalog_exec(db, "UPDATE documents SET version = 'reindex' WHERE status = 'ok'"))
        return -1;
    return 0;
}

static tl_code db_error(sqlite3 *db, const char *what, tl_error *err)
{
    return tl_error_set(err, TL_E_OUTPUT, "catalog: %s: %s", what, db ? sqlite3_errmsg(db) : "no database");
}

tl_code tl_catalog_open(const char *path, sqlite3 **db, tl_error *err)
{
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        tl_code rc = db_error(*db, path, err);
        sqlite3_close(*db);
        *db = NULL;
        return rc;
    }
    sqlite3_busy_timeout(*db, 10000);
    char *msg = NULL, *acts = actions_sql();
    int ok = tl_catalog_fts_register(*db) == 0 && acts;
    if (ok && sqlite3_exec(*db, schema_sql, NULL, NULL, &msg) != SQLITE_OK)
        ok = 0;
    if (ok && (upgrade(*db) || tl_catalog_exec(*db, acts)))
        ok = 0;
    free(acts);
    if (!ok) {
        tl_code rc = tl_error_set(err, TL_E_OUTPUT, "catalog: %s: %s", path, msg ? msg : sqlite3_errmsg(*db));
        sqlite3_free(msg);
        sqlite3_close(*db);
        *db = NULL;
        return rc;
    }
    return TL_OK;
}

tl_code tl_catalog_open_read(const char *dir, sqlite3 **db, tl_error *err)
{
    *db = NULL;
    char *dbp = NULL;
    if (asprintf(&dbp, "%s/catalog.sqlite", dir) < 0)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    tl_code rc = TL_OK;
    if (sqlite3_open_v2(dbp, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = tl_error_set(err, TL_E_IO, "%s: no catalog here (%s)", dir, *db ? sqlite3_errmsg(*db) : "");
        sqlite3_close(*db);
        *db = NULL;
    } else {
        tl_catalog_functions(*db);
    }
    free(dbp);
    return rc;
}

tl_code tl_catalog_run(sqlite3 *db, const char *sql, const char *what, tl_error *err)
{
    return tl_catalog_exec(db, sql) ? db_error(db, what, err) : TL_OK;
}

int tl_catalog_exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int tl_catalog_find(sqlite3 *db, const char *path, tl_catalog_doc *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, sha256, bytes, mtime, status, version, options, xml, code, retries "
                           "FROM documents WHERE path = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    int found = 0, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        found = 1;
        const char *cols[] = { (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                               (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
                               (const char *)sqlite3_column_text(st, 6), (const char *)sqlite3_column_text(st, 7) };
        snprintf(out->id, sizeof out->id, "%s", cols[0] ? cols[0] : "");
        snprintf(out->sha256, sizeof out->sha256, "%s", cols[1] ? cols[1] : "");
        out->bytes = sqlite3_column_int64(st, 2);
        out->mtime = sqlite3_column_int64(st, 3);
        snprintf(out->status, sizeof out->status, "%s", cols[2] ? cols[2] : "");
        snprintf(out->version, sizeof out->version, "%s", cols[3] ? cols[3] : "");
        snprintf(out->options, sizeof out->options, "%s", cols[4] ? cols[4] : "");
        snprintf(out->xml, sizeof out->xml, "%s", cols[5] ? cols[5] : "");
        out->code = sqlite3_column_int(st, 8);
        out->retries = sqlite3_column_int(st, 9);
    }
    sqlite3_finalize(st);
    return step == SQLITE_ROW || step == SQLITE_DONE ? found : -1;
}

/* Binds text, NULL for NULL. */
static void bind(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Deletes a document's actions, passages and their index rows (inside the caller's
 * transaction).  The index rows share the passages' rowids: deleting by rowid is an
 * index lookup. */
static int drop_actions(sqlite3 *db, const char *doc_id)
{
    static const char *const sql[] = {
        "DELETE FROM texts_fts WHERE rowid IN (SELECT rowid FROM texts WHERE doc_id = ?)",
        "DELETE FROM texts WHERE doc_id = ?",
        "DELETE FROM actions WHERE doc_id = ?",
    };
    int ok = 1;
    for (size_t i = 0; ok && i < sizeof sql / sizeof *sql; i++) {
        sqlite3_stmt *st = NULL;
        ok = sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) == SQLITE_OK;
        if (ok) {
            bind(st, 1, doc_id);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
    }
    return ok;
}

/* The actions of a document, with the export's columns. */
static int put_actions(sqlite3 *db, const char *doc_id, const tl_harvest *h)
{
    if (!h || !h->nactions)
        return 1;
    char *sql = NULL, *marks = NULL;
    tl_str_append(&sql, "", "INSERT INTO actions(doc_id, seq");
    tl_str_append(&marks, "", "VALUES(?, ?");
    for (size_t i = 0; i < h->ncols; i++) {
        int of_doc;
        const char *name = tl_export_column_name(i, &of_doc);
        if (of_doc)
            continue;
        char *col = NULL;
        if (asprintf(&col, ", \"%s\"", name) >= 0)
            tl_str_append(&sql, "", col);
        free(col);
        tl_str_append(&marks, "", ", ?");
    }
    tl_str_append(&sql, ") ", marks);
    tl_str_append(&sql, "", ")");
    free(marks);
    sqlite3_stmt *ins = NULL;
    int ok = sql && sqlite3_prepare_v2(db, sql, -1, &ins, NULL) == SQLITE_OK;
    free(sql);
    for (size_t a = 0; ok && a < h->nactions; a++) {
        sqlite3_reset(ins);
        bind(ins, 1, doc_id);
        sqlite3_bind_int(ins, 2, (int)a);
        int k = 3;
        for (size_t i = 0; i < h->ncols; i++) {
            int of_doc;
            tl_export_column_name(i, &of_doc);
            if (!of_doc)
                bind(ins, k++, h->actions[a].cols[i]);
        }
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    sqlite3_finalize(ins);
    return ok;
}

/* The passages and their index rows (each taking its passage's rowid). */
static int put_texts(sqlite3 *db, const char *doc_id, const tl_harvest *h)
{
    if (!h || !h->ntexts)
        return 1;
    sqlite3_stmt *ins = NULL, *fts = NULL;
    int ok = sqlite3_prepare_v2(db, "INSERT INTO texts(doc_id, seq, kind, ref) VALUES(?,?,?,?)", -1, &ins, NULL) ==
                 SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO texts_fts(rowid, text) VALUES(last_insert_rowid(), ?)", -1, &fts,
                                NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < h->ntexts; i++) {
        const tl_catalog_text *t = &h->texts[i];
        sqlite3_reset(ins);
        sqlite3_reset(fts);
        bind(ins, 1, doc_id);
        sqlite3_bind_int(ins, 2, (int)i);
        bind(ins, 3, t->kind);
        bind(ins, 4, t->ref);
        bind(fts, 1, t->text);
        ok = sqlite3_step(ins) == SQLITE_DONE && sqlite3_step(fts) == SQLITE_DONE;
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(fts);
    return ok;
}

tl_code tl_catalog_put(sqlite3 *db, const tl_catalog_entry *e, tl_error *err)
{
    if (tl_catalog_exec(db, "BEGIN IMMEDIATE"))
        return db_error(db, "begin", err);
    sqlite3_stmt *st = NULL;
    const char *sql =
        "INSERT INTO documents(id, path, sha256, bytes, mtime, format, status, code, error, version,"
        " options, ms, pages, tables, actions, title, org, year, xml, xml_sha256, retries, log, kind, date,"
        " plans, unmapped, review, repairs, sections, ocr, updated)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,"
        " ?25,?26,?27,?28,?29,?30, strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
        " ON CONFLICT(path) DO UPDATE SET id=?1, sha256=?3, bytes=?4, mtime=?5, format=?6, status=?7,"
        " code=?8, error=?9, version=?10, options=?11, ms=?12, pages=?13, tables=?14, actions=?15,"
        " title=?16, org=?17, year=?18, xml=?19, xml_sha256=?20, retries=?21, log=?22, kind=?23, date=?24,"
        " plans=?25, unmapped=?26, review=?27, repairs=?28, sections=?29, ocr=?30,"
        " updated=strftime('%Y-%m-%dT%H:%M:%SZ','now')";
    const tl_harvest *h = e->harvest;
    int ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        bind(st, 1, e->id);
        bind(st, 2, e->path);
        bind(st, 3, e->sha256);
        sqlite3_bind_int64(st, 4, e->bytes);
        sqlite3_bind_int64(st, 5, e->mtime);
        bind(st, 6, h && h->format ? h->format : e->format);
        bind(st, 7, e->status);
        sqlite3_bind_int(st, 8, e->code);
        bind(st, 9, e->error);
        bind(st, 10, e->version);
        bind(st, 11, e->options);
        sqlite3_bind_int64(st, 12, e->ms);
        sqlite3_bind_int(st, 13, h ? h->pages : 0);
        sqlite3_bind_int(st, 14, h ? h->tables : 0);
        sqlite3_bind_int(st, 15, h ? (int)h->nactions : 0);
        bind(st, 16, h ? h->title : NULL);
        bind(st, 17, h ? h->org : NULL);
        if (h && h->year)
            sqlite3_bind_int(st, 18, h->year);
        else
            sqlite3_bind_null(st, 18);
        bind(st, 19, e->xml);
        bind(st, 20, e->xml && h && h->xml_sha256[0] ? h->xml_sha256 : NULL);
        sqlite3_bind_int(st, 21, e->retries);
        bind(st, 22, e->log);
        bind(st, 23, h ? h->kind : NULL);
        bind(st, 24, h ? h->date : NULL);
        int counts[] = { h ? h->plans : 0,   h ? h->unmapped : 0, h ? h->review : 0,
                         h ? h->repairs : 0, h ? h->sections : 0, h ? h->ocr : 0 };
        for (int i = 0; i < 6; i++)
            sqlite3_bind_int(st, 25 + i, counts[i]);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    /* The document's actions and passages are replaced whole. */
    ok = ok && drop_actions(db, e->id) && put_actions(db, e->id, h) && put_texts(db, e->id, h);
    if (!ok) {
        tl_code rc = db_error(db, e->path, err);
        tl_catalog_exec(db, "ROLLBACK");
        return rc;
    }
    if (tl_catalog_exec(db, "COMMIT")) {
        tl_code rc = db_error(db, "commit", err);
        tl_catalog_exec(db, "ROLLBACK");
        return rc;
    }
    return TL_OK;
}

tl_code tl_catalog_remove(sqlite3 *db, const char *path, tl_error *err)
{
    if (tl_catalog_exec(db, "BEGIN IMMEDIATE"))
        return db_error(db, "begin", err);
    sqlite3_stmt *u = NULL;
    tl_catalog_doc d;
    int ok = tl_catalog_find(db, path, &d) == 1 && drop_actions(db, d.id) &&
             sqlite3_prepare_v2(db,
                                "UPDATE documents SET status = 'removed', xml = NULL, xml_sha256 = NULL, actions = 0,"
                                " updated = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE path = ?",
                                -1, &u, NULL) == SQLITE_OK;
    if (ok) {
        bind(u, 1, path);
        ok = sqlite3_step(u) == SQLITE_DONE;
    }
    sqlite3_finalize(u);
    if (!ok || tl_catalog_exec(db, "COMMIT")) {
        tl_code rc = db_error(db, "marking a document removed", err);
        tl_catalog_exec(db, "ROLLBACK");
        return rc;
    }
    return TL_OK;
}

tl_code tl_catalog_touch(sqlite3 *db, const char *path, int64_t mtime, int64_t bytes, tl_error *err)
{
    sqlite3_stmt *u = NULL;
    int ok = sqlite3_prepare_v2(db, "UPDATE documents SET mtime = ?, bytes = ? WHERE path = ?", -1, &u, NULL) ==
             SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(u, 1, mtime);
        sqlite3_bind_int64(u, 2, bytes);
        bind(u, 3, path);
        ok = sqlite3_step(u) == SQLITE_DONE;
    }
    sqlite3_finalize(u);
    return ok ? TL_OK : db_error(db, "recording a touched file", err);
}

tl_code tl_corpus_open(const char *dir, sqlite3 **db, int *lockfd, tl_error *err)
{
    *db = NULL;
    *lockfd = -1;
    char *xmldir = NULL, *lockp = NULL, *dbp = NULL;
    tl_code rc = TL_OK;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return tl_error_set(err, TL_E_OUTPUT, "cannot create the output folder: %s", strerror(errno));
    if (asprintf(&xmldir, "%s/xml", dir) < 0 || asprintf(&lockp, "%s/.lock", dir) < 0 ||
        asprintf(&dbp, "%s/catalog.sqlite", dir) < 0) {
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        goto out;
    }
    *lockfd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (*lockfd < 0) {
        rc = tl_error_set(err, TL_E_OUTPUT, "cannot write in the output folder: %s", strerror(errno));
        goto out;
    }
    if (flock(*lockfd, LOCK_EX | LOCK_NB) != 0) {
        rc = tl_error_set(err, TL_E_OUTPUT, "another corpus run holds it (lock %s)", lockp);
        goto out;
    }
    if (mkdir(xmldir, 0777) != 0 && errno != EEXIST) {
        rc = tl_error_set(err, TL_E_OUTPUT, "cannot create xml/ in it: %s", strerror(errno));
        goto out;
    }
    /* Temporary files of a run that was killed: never renamed, never catalogued. */
    DIR *xd = opendir(xmldir);
    for (struct dirent *e; xd && (e = readdir(xd));) {
        if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *p = NULL;
        if (asprintf(&p, "%s/%s", xmldir, e->d_name) >= 0)
            unlink(p);
        free(p);
    }
    if (xd)
        closedir(xd);
    rc = tl_catalog_open(dbp, db, err);
out:
    if (rc != TL_OK && *lockfd >= 0) {
        close(*lockfd);
        *lockfd = -1;
    }
    free(xmldir);
    free(lockp);
    free(dbp);
    return rc;
}
