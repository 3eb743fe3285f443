/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalog's FTS5 tokenizer "tailan": SQLite's unicode61 (words, Unicode case
 * folding), then each word in the documents' official spelling when it starts with
 * hunspell-mn's (normalize/data/spellings.tsv), so "авилга" and "авлига" are one word
 * to the index and to queries alike.  Registered on every connection that writes or
 * reads the index (tl_catalog_open, search).  And tl_lower(), the SQL function that
 * --org matches with. */
#include "catalog.h"
#include "normalize/normalize.h"

#include <stdlib.h>
#include <string.h>

typedef struct folding {
    fts5_tokenizer inner;
    Fts5Tokenizer *inner_tok;
} folding;

static int fold_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
    fts5_api *api = ctx;
    void *ud = NULL;
    folding *f = calloc(1, sizeof *f);
    if (!f)
        return SQLITE_NOMEM;
    int rc = api->xFindTokenizer(api, "unicode61", &ud, &f->inner);
    if (rc == SQLITE_OK)
        rc = f->inner.xCreate(ud, args, nargs, &f->inner_tok);
    if (rc != SQLITE_OK) {
        free(f);
        return rc;
    }
    *out = (Fts5Tokenizer *)f;
    return SQLITE_OK;
}

static void fold_delete(Fts5Tokenizer *t)
{
    folding *f = (folding *)t;
    f->inner.xDelete(f->inner_tok);
    free(f);
}

typedef struct pass_on {
    void *ctx;
    int (*token)(void *, int, const char *, int, int, int);
} pass_on;

static int fold_token(void *arg, int flags, const char *tok, int n, int start, int end)
{
    pass_on *p = arg;
    char *folded = n > 0 ? tl_norm_fold_spelling(tok, (size_t)n) : NULL;
    int rc = folded ? p->token(p->ctx, flags, folded, (int)strlen(folded), start, end)
                    : p->token(p->ctx, flags, tok, n, start, end);
    free(folded);
    return rc;
}

static int fold_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                         int (*token)(void *, int, const char *, int, int, int))
{
    folding *f = (folding *)t;
    pass_on p = { ctx, token };
    return f->inner.xTokenize(f->inner_tok, &p, flags, text, n, fold_token);
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

int tl_catalog_functions(sqlite3 *db)
{
    int rc = sqlite3_create_function(db, "tl_lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_lower, NULL,
                                     NULL) == SQLITE_OK
                 ? 0
                 : -1;
    return tl_catalog_fts_register(db) || rc ? -1 : 0;
}

int tl_catalog_fts_register(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (!api)
        return -1;
    static fts5_tokenizer folding_tokenizer = { fold_create, fold_delete, fold_tokenize };
    return api->xCreateTokenizer(api, "tailan", api, &folding_tokenizer, NULL) == SQLITE_OK ? 0 : -1;
}
