/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search over the catalog's FTS5 index of action text. */
#define _GNU_SOURCE
#include "catalog.h"
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The user's words as one FTS5 phrase whose last word may go on ("шилэн данс" finds
 * "шилэн дансанд": Mongolian adds its case endings to the word): double quotes
 * doubled inside. */
static char *phrase(const char *q)
{
    size_t n = strlen(q);
    char *out = malloc(2 * n + 5), *o = out;
    if (!out)
        return NULL;
    *o++ = '"';
    for (; *q; q++) {
        if (*q == '"')
            *o++ = '"';
        *o++ = *q;
    }
    *o++ = '"';
    *o++ = ' ';
    *o++ = '*';
    *o = 0;
    return out;
}

/* SQLite's lower() folds ASCII only: organisations are Cyrillic. */
static void sql_lower(sqlite3_context *cx, int n, sqlite3_value **v)
{
    (void)n;
    const char *s = (const char *)sqlite3_value_text(v[0]);
    char *l = s ? tl_lower(s) : NULL;
    if (l)
        sqlite3_result_text(cx, l, -1, free);
    else
        sqlite3_result_null(cx);
}

tl_code tl_corpus_search(const char *dir, const char *query, int year, const char *org, FILE *out,
                         size_t *hits, tl_error *err)
{
    *hits = 0;
    char *dbp = NULL;
    if (asprintf(&dbp, "%s/catalog.sqlite", dir) < 0)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbp, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        tl_code rc = tl_error_set(err, TL_E_IO, "%s: no catalog here (%s)", dir, db ? sqlite3_errmsg(db) : "");
        sqlite3_close(db);
        free(dbp);
        return rc;
    }
    free(dbp);
    sqlite3_create_function(db, "tl_lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_lower, NULL, NULL);
    char *ph = phrase(query);
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT d.path, f.number, snippet(actions_fts, 2, '[', ']', '...', 10) "
        "FROM actions_fts f JOIN documents d ON d.id = f.doc_id "
        "WHERE actions_fts MATCH ?1 AND d.status = 'ok' AND (?2 = 0 OR d.year = ?2) "
        "AND (?3 IS NULL OR instr(tl_lower(d.org), tl_lower(?3)) > 0) ORDER BY d.path, f.rowid";
    tl_code rc = TL_OK;
    if (!ph || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = tl_error_set(err, TL_E_IO, "%s: catalog: %s", dir, sqlite3_errmsg(db));
    } else {
        sqlite3_bind_text(st, 1, ph, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, year);
        if (org)
            sqlite3_bind_text(st, 3, org, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 3);
        int s;
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            const char *num = (const char *)sqlite3_column_text(st, 1);
            fprintf(out, "%s\t%s\t%s\n", (const char *)sqlite3_column_text(st, 0), num ? num : "-",
                    (const char *)sqlite3_column_text(st, 2));
            (*hits)++;
        }
        if (s != SQLITE_DONE)
            rc = tl_error_set(err, TL_E_USAGE, "search \"%s\": %s", query, sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    free(ph);
    sqlite3_close(db);
    return rc;
}
