/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan corpus export: every converted document's plan XML, in path order, through
 * one CSV or JSON writer (schema/export.c), so a corpus exports as its documents do
 * one by one. */
#define _GNU_SOURCE
#include "catalog.h"
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One document's XML, checked against the hash the catalog recorded: a file changed or
 * cut since would export something no conversion produced. */
static tl_code add_one(tl_export *e, const char *dir, const char *rel, const char *want_sha, tl_error *err)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, rel) < 0)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    unsigned char *data = NULL;
    size_t size = 0;
    tl_code rc = tl_file_read(path, &data, &size, err);
    if (rc == TL_OK) {
        char sha[65];
        tl_sha256_hex(data, size, sha);
        if (want_sha && strcmp(sha, want_sha) != 0)
            rc = tl_error_set(err, TL_E_CORRUPT, "%s: changed since the run that wrote it (sha256 %.12s, catalog %.12s)",
                              path, sha, want_sha);
        else
            rc = tl_export_add(e, (const char *)data, size, path, err);
    } else {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        tl_error_set(err, rc, "%s: %s", path, msg);
    }
    free(data);
    free(path);
    return rc;
}

tl_code tl_corpus_export(const char *dir, const tl_corpus_export_opts *o, FILE *warn, tl_corpus_export_stats *st,
                         tl_error *err)
{
    memset(st, 0, sizeof *st);
    sqlite3 *db = NULL;
    tl_code orc = tl_catalog_open_read(dir, &db, err);
    if (orc != TL_OK)
        return orc;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT xml, xml_sha256 FROM documents WHERE status = 'ok' AND xml IS NOT NULL "
                           "AND (?1 = 0 OR year = ?1) AND (?2 IS NULL OR instr(tl_lower(org), tl_lower(?2)) > 0) "
                           "ORDER BY path",
                           -1, &q, NULL) != SQLITE_OK) {
        tl_code rc = tl_error_set(err, TL_E_IO, "%s: catalog: %s", dir, sqlite3_errmsg(db));
        sqlite3_close(db);
        return rc;
    }
    sqlite3_bind_int(q, 1, o->year);
    if (o->org)
        sqlite3_bind_text(q, 2, o->org, -1, SQLITE_STATIC);
    tl_save *sv = NULL;
    tl_code rc = tl_save_begin(o->out ? o->out : "-", &sv, err);
    tl_export *e = NULL;
    if (rc == TL_OK && !(e = tl_export_new(tl_save_file(sv), o->format, o->flags | TL_EXPORT_MANY)))
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
    int s = SQLITE_DONE;
    while (rc == TL_OK && (s = sqlite3_step(q)) == SQLITE_ROW) {
        tl_error one = { 0 };
        if (add_one(e, dir, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1), &one) ==
            TL_OK) {
            st->documents++;
        } else {
            st->skipped++;
            if (warn)
                fprintf(warn, "%s\n", one.msg);
        }
    }
    if (rc == TL_OK && s != SQLITE_DONE)
        rc = tl_error_set(err, TL_E_IO, "%s: catalog: %s", dir, sqlite3_errmsg(db));
    if (e) {
        st->rows = tl_export_rows(e);
        tl_code end = tl_export_end(e, rc == TL_OK ? err : NULL);
        rc = rc == TL_OK ? end : rc;
    }
    if (sv) {
        tl_code end = tl_save_end(sv, rc == TL_OK, rc == TL_OK ? err : NULL);
        rc = rc == TL_OK ? end : rc;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return rc;
}
