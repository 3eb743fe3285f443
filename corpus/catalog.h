/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The corpus catalog (SQLite): stage-internal to corpus/.
 *
 * Ownership: tl_catalog_open's database is closed with sqlite3_close; entries are the
 * caller's, only read. */
#ifndef TL_CORPUS_CATALOG_H
#define TL_CORPUS_CATALOG_H

#include "corpus.h"

#include <sqlite3.h>
#include <stdint.h>

/* What the catalog knows of a path, to decide whether to redo it. */
typedef struct tl_catalog_doc {
    char id[40], sha256[65], status[16], version[32], options[64], xml[128];
    int64_t bytes, mtime;
    int code, retries;
} tl_catalog_doc;

/* An action as the CSV export has it: cols[i] is column i's text (the document's own
 * columns left NULL: they are the documents row's). */
typedef struct tl_catalog_action {
    char **cols;
} tl_catalog_action;

/* A passage of a document for the search index: kind ("title", "meta", "section",
 * "paragraph", "objective", "action", "table", "unmapped"), the number of what holds
 * it (section, objective, action) or NULL, and its text. */
typedef struct tl_catalog_text {
    char *kind, *ref, *text;
} tl_catalog_text;

struct tl_harvest;

/* One document's row, with what its XML holds (harvest NULL or empty for a failure). */
typedef struct tl_catalog_entry {
    const char *id, *path, *sha256, *format, *status, *error, *version, *options;
    const char *xml;
    const char *log; /* what the worker printed, or NULL */
    int64_t bytes, mtime, ms;
    int code, retries;
    const struct tl_harvest *harvest;
} tl_catalog_entry;

/* Opens DIR/catalog.sqlite to read, with tl_lower() and the search tokenizer. */
tl_code tl_catalog_open_read(const char *dir, sqlite3 **db, tl_error *err);
/* Opens (creating) the catalog at path. */
tl_code tl_catalog_open(const char *path, sqlite3 **db, tl_error *err);
/* Opens an output folder for writing: creates it and its xml/, takes DIR/.lock (one
 * run at a time; closing *lockfd releases it), removes the temporary files a killed
 * run left in xml/, and opens the catalog. */
tl_code tl_corpus_open(const char *dir, sqlite3 **db, int *lockfd, tl_error *err);
/* 0 or -1. */
int tl_catalog_exec(sqlite3 *db, const char *sql);
/* 1 and *out when the path is catalogued, 0 when not, -1 on error. */
int tl_catalog_find(sqlite3 *db, const char *path, tl_catalog_doc *out);
/* Writes the row and replaces the document's actions, in one transaction. */
tl_code tl_catalog_put(sqlite3 *db, const tl_catalog_entry *e, tl_error *err);
/* Marks path removed and drops its actions and their index rows, in one transaction. */
tl_code tl_catalog_remove(sqlite3 *db, const char *path, tl_error *err);
/* Remembers a touched file's new mtime and size. */
tl_code tl_catalog_touch(sqlite3 *db, const char *path, int64_t mtime, int64_t bytes, tl_error *err);
/* Runs sql; on failure sets err with what, and the database's message. */
tl_code tl_catalog_run(sqlite3 *db, const char *sql, const char *what, tl_error *err);

/* Registers the FTS5 tokenizer "tailan" (fts.c) on a connection; 0 or -1. */
int tl_catalog_fts_register(sqlite3 *db);
/* That and tl_lower(TEXT), lower case in every script, for a connection that reads. */
int tl_catalog_functions(sqlite3 *db);

/* Whether path falls in shard k of n (1-based; n <= 1: every path). */
int tl_corpus_in_shard(const char *path, int k, int n);


#endif
