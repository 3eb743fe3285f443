/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search over the catalog's FTS5 index of every passage of every document: titles,
 * metadata, sections, paragraphs, actions, table rows.  Matches are ranked by FTS5's
 * bm25, gathered per document (its best passage first) and documents with the same
 * content in several formats (the same title, year and action count: a plan saved as
 * PDF, DOCX and ODT) shown as one hit. */
#define _GNU_SOURCE
#include "catalog.h"
#include "corpus.h"
#include "run.h"
#include "normalize/normalize.h"

#include <glib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends one word as an FTS5 prefix term: in the official spelling (the index folds
 * hunspell-mn's spellings, and a cut word no longer starts with one), and a word of
 * six letters or more cut by two, since Mongolian changes a stem's end as it declines
 * it ("мэдүүлэг" -> "мэдүүлгийг", "орлого" -> "орлогын"). */
static void add_term(char **q, const char *word, size_t n)
{
    char *w = tl_strndup(word, n), *l = w ? tl_lower(w) : NULL;
    free(w);
    if (!l)
        return;
    char *f = tl_norm_fold_spelling(l, strlen(l));
    if (f) {
        free(l);
        l = f;
    }
    size_t letters = 0, len = strlen(l), cut = len;
    for (size_t i = 0; i < len; i++)
        letters += ((unsigned char)l[i] & 0xC0) != 0x80;
    if (letters >= 6)
        for (int k = 0; k < 2 && cut > 0; k++) {
            do
                cut--;
            while (cut > 0 && ((unsigned char)l[cut] & 0xC0) == 0x80);
        }
    GString *t = g_string_new("\"");
    for (size_t i = 0; i < cut; i++) {
        if (l[i] == '"')
            g_string_append_c(t, '"');
        g_string_append_c(t, l[i]);
    }
    g_string_append(t, "\"*");
    tl_str_append(q, " ", t->str);
    g_string_free(t, TRUE);
    free(l);
}

/* The user's words as an FTS5 query: every word (its start: add_term) within ten words
 * of the others in one passage, so "хөрөнгө орлогын мэдүүлэг" finds "хөрөнгө орлогын
 * 2018 оны мэдүүлэг".  A query in double quotes is one exact phrase whose last word
 * may go on. */
static char *fts_query(const char *q)
{
    size_t n = strlen(q);
    char *out = NULL;
    if (n >= 2 && q[0] == '"' && q[n - 1] == '"') {
        GString *t = g_string_new("\"");
        for (size_t i = 1; i + 1 < n; i++) {
            if (q[i] == '"')
                g_string_append_c(t, '"');
            g_string_append_c(t, q[i]);
        }
        g_string_append(t, "\" *");
        out = tl_strdup(t->str);
        g_string_free(t, TRUE);
        return out;
    }
    size_t words = 0;
    for (const char *p = q; *p;) {
        while (*p && (unsigned char)*p < 0x80 && !g_ascii_isalnum(*p))
            p++;
        const char *s = p;
        while (*p && ((unsigned char)*p >= 0x80 || g_ascii_isalnum(*p)))
            p++;
        if (p > s) {
            add_term(&out, s, (size_t)(p - s));
            words++;
        }
    }
    if (words > 1) {
        char *near = NULL;
        if (asprintf(&near, "NEAR(%s, 10)", out) < 0)
            near = NULL;
        free(out);
        out = near;
    }
    return out;
}

typedef struct passage {
    char *kind, *ref, *snippet;
} passage;

typedef struct hit {
    char *id, *path, *format, *title, *org, *key;
    int year;
    double score;           /* the best passage's bm25 (lower is better) */
    passage shown[2];
    size_t npassages;
    size_t group;           /* index of the hit that heads its group */
} hit;

static char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? tl_strdup(s) : NULL;
}

/* What makes two files the same document: the title's letters and digits in lower
 * case, the year and the number of actions.  NULL without a title: never grouped. */
static char *content_key(const char *title, int year, int actions)
{
    char *l = title ? tl_lower(title) : NULL;
    if (!l)
        return NULL;
    char *o = l;
    for (const char *p = l; *p; p++)
        if ((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z'))
            *o++ = *p;
    *o = 0;
    char *key = NULL;
    if (l[0] && asprintf(&key, "%s|%d|%d", l, year, actions) < 0)
        key = NULL;
    free(l);
    return key;
}

static void hits_free(hit *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(h[i].id);
        free(h[i].path);
        free(h[i].format);
        free(h[i].title);
        free(h[i].org);
        free(h[i].key);
        for (int k = 0; k < 2; k++) {
            free(h[i].shown[k].kind);
            free(h[i].shown[k].ref);
            free(h[i].shown[k].snippet);
        }
    }
    free(h);
}

static void print_hits(FILE *out, const char *query, const hit *h, size_t n)
{
    size_t groups = 0;
    for (size_t i = 0; i < n; i++)
        groups += h[i].group == i;
    if (!n) {
        fprintf(out, "no documents match \"%s\"\n", query);
        return;
    }
    fprintf(out, "%zu document%s \"%s\" (%zu file%s), best first\n", groups,
            groups == 1 ? " matches" : "s match", query, n, n == 1 ? "" : "s");
    size_t rank = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i].group != i)
            continue;
        fprintf(out, "%zu. %s (%s)\n", ++rank, h[i].path, h[i].format ? h[i].format : "?");
        char *title = h[i].title ? tl_str_squash(h[i].title) : NULL;
        fprintf(out, "   %s | %s | ", title && title[0] ? title : "(no title)", h[i].org ? h[i].org : "-");
        free(title);
        if (h[i].year)
            fprintf(out, "%d\n", h[i].year);
        else
            fputs("-\n", out);
        int first = 1;
        for (size_t j = i + 1; j < n; j++)
            if (h[j].group == i) {
                fprintf(out, "%s%s (%s)", first ? "   same content: " : ", ", h[j].path, h[j].format ? h[j].format : "?");
                first = 0;
            }
        if (!first)
            fputc('\n', out);
        for (int k = 0; k < 2 && h[i].shown[k].snippet; k++)
            fprintf(out, "   %s%s%s: %s\n", h[i].shown[k].kind, h[i].shown[k].ref ? " " : "",
                    h[i].shown[k].ref ? h[i].shown[k].ref : "", h[i].shown[k].snippet);
        if (h[i].npassages > 2)
            fprintf(out, "   (%zu more passages)\n", h[i].npassages - 2);
    }
}

/* ?1 the FTS5 query, ?2 the year (0: any), ?3 the organisation or NULL (binding a
 * NULL text binds NULL). */
static void bind_query(sqlite3_stmt *st, const char *match, int year, const char *org)
{
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_text(st, 3, org, -1, SQLITE_STATIC);
}

/* Documents the text matches that --year or --org leave out only because the
 * document does not say its year or organisation (many old reports do not): counted,
 * so that nobody takes the filtered list for all there is. */
static size_t unsaid_matches(sqlite3 *db, const char *match, int year, const char *org)
{
    sqlite3_stmt *st = NULL;
    size_t n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(DISTINCT d.id) FROM texts_fts JOIN texts t ON t.rowid = texts_fts.rowid "
                           "JOIN documents d ON d.id = t.doc_id WHERE texts_fts MATCH ?1 AND d.status = 'ok' "
                           "AND ((?2 != 0 AND d.year IS NULL) OR (?3 IS NOT NULL AND d.org IS NULL))",
                           -1, &st, NULL) == SQLITE_OK) {
        bind_query(st, match, year, org);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = (size_t)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

tl_code tl_corpus_search(const char *dir, const char *query, int year, const char *org, FILE *out,
                         size_t *hits, tl_error *err)
{
    *hits = 0;
    sqlite3 *db = NULL;
    tl_code orc = tl_catalog_open_read(dir, &db, err);
    if (orc != TL_OK)
        return orc;
    char *ph = fts_query(query);
    if (!ph) {
        sqlite3_close(db);
        return tl_error_set(err, TL_E_USAGE, "search \"%s\": no word to search for", query);
    }
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT d.id, d.path, d.format, d.title, d.org, coalesce(d.year, 0), coalesce(d.actions, 0), t.kind, t.ref,"
        " snippet(texts_fts, 0, '[', ']', '...', 12), bm25(texts_fts) AS score "
        "FROM texts_fts JOIN texts t ON t.rowid = texts_fts.rowid JOIN documents d ON d.id = t.doc_id "
        "WHERE texts_fts MATCH ?1 AND d.status = 'ok' AND (?2 = 0 OR d.year = ?2) "
        "AND (?3 IS NULL OR instr(tl_lower(d.org), tl_lower(?3)) > 0) ORDER BY score, d.path, t.seq";
    tl_code rc = TL_OK;
    hit *h = NULL;
    size_t n = 0, cap = 0;
    if (!ph || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = tl_error_set(err, TL_E_IO, "%s: catalog: %s (a catalog of an older tailan: run corpus build again)", dir,
                          sqlite3_errmsg(db));
    } else {
        bind_query(st, ph, year, org);
        int s;
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            const char *id = (const char *)sqlite3_column_text(st, 0);
            size_t i = 0;
            while (i < n && strcmp(h[i].id, id))
                i++;
            if (i == n) {
                if (tl_grow((void **)&h, &cap, n + 1, sizeof *h)) {
                    rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
                    break;
                }
                memset(&h[n], 0, sizeof *h);
                h[n].id = col(st, 0);
                h[n].path = col(st, 1);
                h[n].format = col(st, 2);
                h[n].title = col(st, 3);
                h[n].org = col(st, 4);
                h[n].year = sqlite3_column_int(st, 5);
                h[n].key = content_key(h[n].title, h[n].year, sqlite3_column_int(st, 6));
                h[n].score = sqlite3_column_double(st, 10);
                h[n].group = n;
                for (size_t g = 0; g < n && h[n].key; g++)
                    if (h[g].group == g && h[g].key && !strcmp(h[g].key, h[n].key)) {
                        h[n].group = g;
                        break;
                    }
                n++;
            }
            if (h[i].npassages < 2) {
                passage *p = &h[i].shown[h[i].npassages];
                p->kind = col(st, 7);
                p->ref = col(st, 8);
                p->snippet = col(st, 9);
            }
            h[i].npassages++;
        }
        if (rc == TL_OK && s != SQLITE_DONE)
            rc = tl_error_set(err, TL_E_USAGE, "search \"%s\": %s", query, sqlite3_errmsg(db));
    }
    if (rc == TL_OK) {
        print_hits(out, query, h, n);
        *hits = n;
        size_t unsaid = (year || org) ? unsaid_matches(db, ph, year, org) : 0;
        if (unsaid)
            fprintf(out, "(%zu more %s but %s no %s: not shown)\n", unsaid,
                    unsaid == 1 ? "document matches" : "documents match", unsaid == 1 ? "gives" : "give",
                    year && org ? "year or organisation" : year ? "year" : "organisation");
    }
    hits_free(h, n);
    sqlite3_finalize(st);
    free(ph);
    sqlite3_close(db);
    return rc;
}
