/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "truth.h"

#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 8   /* extracted rows looked ahead for a truth row */
#define MAX_JOIN 4 /* page fragments one row may run over */
#define SKIP_COST 3 /* characters a row skipped in the alignment costs */

typedef struct xrow {
    char **cells;
    size_t n;
    int page_first;  /* first row of a table block: may continue the row before */
} xrow;

static char *squash(const char *s)
{
    char *t = tl_str_squash(s ? s : "");
    return t ? t : strdup("");
}

/* Code points of s (UTF-8), malloc'd; *n their count. */
static uint32_t *codes(const char *s, size_t *n)
{
    size_t len = strlen(s);
    uint32_t *v = malloc((len + 1) * sizeof *v);
    *n = tl_utf8_decode(s, v, len + 1);
    return v;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Characters two texts share, as multisets: cheap, and near the edit distance's
 * complement for text that differs by a few letters; aligns rows. */
static size_t shared(const char *a, const char *b)
{
    size_t na, nb;
    uint32_t *x = codes(a, &na), *y = codes(b, &nb);
    qsort(x, na, sizeof *x, cmp_u32);
    qsort(y, nb, sizeof *y, cmp_u32);
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb) {
        if (x[i] == y[j])
            k++, i++, j++;
        else if (x[i] < y[j])
            i++;
        else
            j++;
    }
    free(x);
    free(y);
    return k;
}

/* Extracted rows of all table blocks in order. */
static xrow *collect(const tl_doc *doc, size_t *n)
{
    size_t cap = 16, k = 0;
    xrow *v = malloc(cap * sizeof *v);
    for (size_t b = 0; b < doc->nblocks; b++) {
        const tl_block *blk = &doc->blocks[b];
        if (blk->kind != TL_BLOCK_TABLE || !blk->table)
            continue;
        for (size_t r = 0; r < blk->table->nrows; r++) {
            const tl_row *row = &blk->table->rows[r];
            if (k == cap)
                v = realloc(v, (cap *= 2) * sizeof *v);
            v[k].n = row->ncells;
            v[k].cells = calloc(row->ncells + 1, sizeof *v[k].cells);
            for (size_t c = 0; c < row->ncells; c++)
                v[k].cells[c] = squash(row->cells[c].text);
            v[k].page_first = r == 0;
            k++;
        }
    }
    *n = k;
    return v;
}

/* How well the extracted row (joined from `len` rows) matches truth row t. */
static size_t score(JsonArray *t, xrow *x, size_t len, char ***joined)
{
    size_t n = json_array_get_length(t), width = x[0].n;
    char **j = calloc(width + 1, sizeof *j);
    for (size_t c = 0; c < width; c++) {
        j[c] = strdup(x[0].cells[c]);
        for (size_t k = 1; k < len; k++) {
            const char *more = c < x[k].n ? x[k].cells[c] : "";
            if (tl_str_append_line(&j[c], more))
                abort();
        }
    }
    /* Shared characters, an exact cell one more: recognised text with a wrong
     * letter still scores nearly as much as the right row. */
    size_t hit = 0;
    for (size_t c = 0; c < n && c < width; c++) {
        char *want = squash(json_array_get_string_element(t, (guint)c));
        hit += shared(want, j[c]) + (strcmp(want, j[c]) == 0);
        free(want);
    }
    if (joined)
        *joined = j;
    else {
        for (size_t c = 0; c < width; c++)
            free(j[c]);
        free(j);
    }
    return hit;
}

int truth_score_doc(const char *truth_json, const tl_doc *doc, truth_score *out, FILE *log)
{
    return truth_score_tables(truth_json, doc, SIZE_MAX, out, log);
}

int truth_score_tables(const char *truth_json, const tl_doc *doc, size_t max_tables, truth_score *out, FILE *log)
{
    memset(out, 0, sizeof *out);
    JsonParser *p = json_parser_new();
    if (!json_parser_load_from_file(p, truth_json, NULL)) {
        g_object_unref(p);
        return -1;
    }
    JsonArray *tables = json_object_get_array_member(json_node_get_object(json_parser_get_root(p)),
                                                     "tables");
    size_t nx = 0, e = 0;
    xrow *x = collect(doc, &nx);
    /* TL_TRUTH_PAIRS=FILE: (found, truth) pairs of cells that came out close but not
     * equal, appended in the normalizer's pair format: its confusions are learned
     * from them. */
    const char *pf = getenv("TL_TRUTH_PAIRS");
    FILE *pairs = pf && *pf ? fopen(pf, "a") : NULL;
    for (guint ti = 0; ti < json_array_get_length(tables) && ti < max_tables; ti++) {
        JsonArray *rows = json_array_get_array_element(tables, ti);
        for (guint ri = 0; ri < json_array_get_length(rows); ri++) {
            JsonArray *t = json_array_get_array_element(rows, ri);
            size_t n = json_array_get_length(t);
            out->rows++;
            out->cells += n;
            size_t best = 0, best_at = e, best_len = 1;
            for (size_t s = e; s < nx && s < e + WINDOW; s++) {
                for (size_t len = 1; len <= MAX_JOIN && s + len <= nx; len++) {
                    if (len > 1 && !x[s + len - 1].page_first)
                        break;
                    /* Rows further ahead cost a little: of rows alike (the column
                     * numbers on every page), the next one is meant. */
                    size_t raw = score(t, &x[s], len, NULL), skip = SKIP_COST * (s - e);
                    size_t h = raw > skip ? raw - skip : 0;
                    if (h > best) {
                        best = h;
                        best_at = s;
                        best_len = len;
                    }
                }

            }
            {
                char **j = NULL;
                if (best_at < nx && best > 0)
                    score(t, &x[best_at], best_len, &j);
                for (size_t c = 0; c < n; c++) {
                    char *want = squash(json_array_get_string_element(t, (guint)c));
                    const char *got = j && c < x[best_at].n ? j[c] : "";
                    size_t wl;
                    free(codes(want, &wl));
                    out->chars += wl;
                    if (strcmp(want, got) == 0) {
                        out->matched++;
                    } else {
                        size_t dist = tl_str_distance(want, got, SIZE_MAX);
                        out->errors += dist;
                        if (pairs && *got && 4 * dist <= wl)
                            fprintf(pairs, "train\t%s\t%s\n", got, want);
                        if (log)
                            fprintf(log, "table %u row %u col %zu:\n  want: %s\n  got:  %s\n", ti, ri, c, want,
                                    j ? got : "(none)");
                    }
                    free(want);
                }
                if (j) {
                    for (size_t c = 0; c < x[best_at].n; c++)
                        free(j[c]);
                    free(j);
                }
            }
            if (best > 0)
                e = best_at + best_len;
        }
    }
    for (size_t i = 0; i < nx; i++) {
        for (size_t c = 0; c < x[i].n; c++)
            free(x[i].cells[c]);
        free(x[i].cells);
    }
    if (pairs)
        fclose(pairs);
    free(x);
    g_object_unref(p);
    return 0;
}
