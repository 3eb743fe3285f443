/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Joining shard outputs: each shard's catalog rows, actions and index entries, and
 * its XML files, into one output folder; then one report. */
#define _GNU_SOURCE
#include "run.h"
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copies src to dst through a temporary file and a rename. */
static int copy_file(const char *src, const char *dst)
{
    unsigned char *data;
    size_t size;
    tl_error e;
    if (tl_file_read(src, &data, &size, &e) != TL_OK)
        return -1;
    /* tl_save's temporary files are dot-prefixed beside the target: what a killed
     * merge leaves is cleaned up by the next run (tl_corpus_open). */
    int rc = tl_save_mem((const char *)data, size, dst, NULL) == TL_OK ? 0 : -1;
    free(data);
    return rc;
}

tl_code tl_corpus_merge(const char *out, const char *const *shards, size_t n, tl_corpus_stats *st,
                        tl_error *err)
{
    memset(st, 0, sizeof *st);
    sqlite3 *db = NULL;
    int lockfd = -1;
    tl_code rc = tl_corpus_open(out, &db, &lockfd, err);
    if (rc != TL_OK)
        return rc;
    for (size_t i = 0; i < n && rc == TL_OK; i++) {
        char *sdb = NULL;
        if (asprintf(&sdb, "%s/catalog.sqlite", shards[i]) < 0) {
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
            break;
        }
        if (access(sdb, R_OK) != 0) {
            rc = tl_error_set(err, TL_E_IO, "%s: no catalog.sqlite (not a corpus output)", shards[i]);
            free(sdb);
            break;
        }
        char *q = sqlite3_mprintf("ATTACH %Q AS s", sdb);
        int ok = q && tl_catalog_exec(db, q) == 0;
        sqlite3_free(q);
        static const char *const steps[] = {
            "BEGIN IMMEDIATE",
            "DELETE FROM texts_fts WHERE rowid IN (SELECT rowid FROM texts WHERE doc_id IN (SELECT id FROM s.documents))",
            "DELETE FROM texts WHERE doc_id IN (SELECT id FROM s.documents)",
            "DELETE FROM actions WHERE doc_id IN (SELECT id FROM s.documents)",
            "INSERT OR REPLACE INTO documents SELECT * FROM s.documents",
            "INSERT INTO actions SELECT * FROM s.actions",
            "INSERT INTO texts(doc_id, seq, kind, ref) SELECT doc_id, seq, kind, ref FROM s.texts",
            /* The index rows take the merged passages' new rowids. */
            ("INSERT INTO texts_fts(rowid, text) SELECT t.rowid, f.text FROM s.texts st"
             " JOIN s.texts_fts f ON f.rowid = st.rowid JOIN texts t ON t.doc_id = st.doc_id AND t.seq = st.seq"),
        };
        for (size_t k = 0; ok && k < sizeof steps / sizeof *steps; k++)
            ok = tl_catalog_exec(db, steps[k]) == 0;
        /* The XML files the shard made. */
        sqlite3_stmt *x = NULL;
        if (ok && sqlite3_prepare_v2(db, "SELECT xml FROM s.documents WHERE xml IS NOT NULL", -1, &x, NULL) == SQLITE_OK) {
            while (ok && sqlite3_step(x) == SQLITE_ROW) {
                const char *rel = (const char *)sqlite3_column_text(x, 0);
                char *from = NULL, *to = NULL;
                ok = asprintf(&from, "%s/%s", shards[i], rel) >= 0 && asprintf(&to, "%s/%s", out, rel) >= 0 &&
                     copy_file(from, to) == 0;
                if (!ok)
                    rc = tl_error_set(err, TL_E_OUTPUT, "cannot copy %s", from ? from : rel);
                free(from);
                free(to);
            }
        }
        sqlite3_finalize(x);
        if (!ok || tl_catalog_exec(db, "COMMIT") != 0) {
            if (rc == TL_OK)
                rc = tl_error_set(err, TL_E_OUTPUT, "merging %s: %s", shards[i], sqlite3_errmsg(db));
            tl_catalog_exec(db, "ROLLBACK");
        }
        tl_catalog_exec(db, "DETACH s");
        free(sdb);
    }
    if (rc == TL_OK)
        rc = tl_corpus_report(db, out, 0, 0, NULL, st, err);
    sqlite3_close(db);
    close(lockfd);
    return rc;
}
