/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plan tables carried on past what the stitcher could join.
 *
 * The stitcher joins fragments by what any table shows (widths, repeated rows, the
 * same edges on the page); it must not join two tables of a report that merely share
 * a shape.  A plan's header tells more: a table on a later page with no header of
 * its own, whose columns stand under the plan's columns, with at most a few short
 * paragraphs between (an objective's title across the table, read as text), carries
 * the plan on, although its edges differ from the first page's (an unruled table's
 * box is its text's extent; a header cell reaches further than the body) or a column
 * is empty on its pages and missing from its grid. */
#include "private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JOIN_GAP_PARAS 3
#define JOIN_GAP_BYTES 600
#define JOIN_MIN_COLUMNS 3
#define SPAN_SLACK 3.0 /* points a column's text may stand outside the plan's column */

typedef struct span {
    double x0, x1;
    int seen;   /* a placed cell of its own has text */
    int filled; /* any cell has text */
} span;

static int placed(const tl_table *t)
{
    return t->prov.page > 0 && t->prov.box.x1 > t->prov.box.x0;
}

/* Where each column's text stands on the page, over the body rows (and the header's
 * with_header): from the leftmost start to the rightmost end of its unspanned,
 * filled cells. */
static void column_spans(const tl_table *t, span *s, int with_header)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const tl_row *row = &t->rows[r];
        if (row->kind != TL_ROW_BODY && !(with_header && row->kind == TL_ROW_HEADER))
            continue;
        for (size_t c = 0; c < row->ncells && c < t->ncols; c++) {
            const tl_cell *cell = &row->cells[c];
            const tl_box *b = &cell->prov.box;
            s[c].filled |= !tl_str_blank(cell->text);
            if (cell->colspan > 1 || cell->covered || tl_str_blank(cell->text) || b->x1 <= b->x0)
                continue;
            if (!s[c].seen || b->x0 < s[c].x0)
                s[c].x0 = b->x0;
            if (!s[c].seen || b->x1 > s[c].x1)
                s[c].x1 = b->x1;
            s[c].seen = 1;
        }
    }
}

/* Whether t's header is a plan's: it names an action or an objective and at least
 * one more field, and no score (an evaluation sheet is no plan). */
static int plan_headed(tl_table *t)
{
    tl_map_find_header(t);
    int seen[TL_F_COUNT] = { 0 }, named = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].kind == TL_ROW_HEADER && tl_map_names_fields(&t->rows[r]))
            for (size_t c = 0; c < t->rows[r].ncells; c++) {
                tl_field f = tl_field_match(t->rows[r].cells[c].text);
                named += f != TL_F_NONE && !seen[f];
                seen[f] = 1;
            }
    return (seen[TL_F_ACTION] || seen[TL_F_OBJECTIVE]) && !seen[TL_F_SCORE] && named >= 2;
}

/* Whether b has header rows other than repeats of a's (those stitching drops). */
static int headed_anew(const tl_table *a, tl_table *b)
{
    tl_map_find_header(b);
    for (size_t r = 0; r < b->nrows; r++) {
        if (b->rows[r].kind != TL_ROW_HEADER || tl_row_is_empty(&b->rows[r]))
            continue;
        int repeat = 0;
        for (size_t h = 0; h < a->nrows && !repeat; h++)
            repeat = a->rows[h].kind == TL_ROW_HEADER && tl_row_same(&a->rows[h], &b->rows[r]);
        if (!repeat)
            return 1;
    }
    return 0;
}

/* The plan's column under which b's column stands: the one its text's middle falls
 * in, the one it overlaps most if two do.  SIZE_MAX: none. */
static size_t column_under(const span *as, size_t na, const span *bs)
{
    double mid = (bs->x0 + bs->x1) / 2, best = -1;
    size_t at = SIZE_MAX;
    for (size_t i = 0; i < na; i++) {
        if (!as[i].seen || mid < as[i].x0 - SPAN_SLACK || mid > as[i].x1 + SPAN_SLACK)
            continue;
        double overlap = fmin(as[i].x1, bs->x1) - fmax(as[i].x0, bs->x0);
        if (overlap > best)
            best = overlap, at = i;
    }
    return at;
}

/* Fills map (b->ncols entries) with the plan's column each of b's columns stands
 * under, SIZE_MAX for a column b leaves blank.  Whether b lines up: every filled
 * column under a column of a's, in order, at least three and half as many as a
 * fills, and no spanned cell of b torn apart. */
static int lines_up(const tl_table *a, const tl_table *b, size_t *map)
{
    span *as = calloc(a->ncols + 1, sizeof *as), *bs = calloc(b->ncols + 1, sizeof *bs);
    int ok = as && bs;
    if (ok) {
        column_spans(a, as, 1);
        column_spans(b, bs, 0);
    }
    size_t na = 0, nb = 0, last = SIZE_MAX;
    for (size_t i = 0; ok && i < a->ncols; i++)
        na += (size_t)as[i].seen;
    for (size_t c = 0; ok && c < b->ncols; c++) {
        map[c] = SIZE_MAX;
        ok = bs[c].seen || !bs[c].filled; /* text with no place: nowhere to put it */
        if (!bs[c].seen)
            continue;
        size_t at = column_under(as, a->ncols, &bs[c]);
        ok = at != SIZE_MAX && (last == SIZE_MAX || at > last);
        map[c] = last = at;
        nb++;
    }
    ok = ok && nb >= JOIN_MIN_COLUMNS && nb * 2 >= na;
    for (size_t r = 0; ok && r < b->nrows; r++)
        for (size_t c = 0; ok && c < b->rows[r].ncells; c++) {
            const tl_cell *cell = &b->rows[r].cells[c];
            for (size_t s = 1; ok && (int)s < cell->colspan && c + s < b->ncols; s++)
                ok = map[c] != SIZE_MAX && map[c + s] == map[c] + s;
        }
    free(as);
    free(bs);
    return ok;
}

/* The table block the plan at i may carry on into: after at most a few short
 * paragraphs.  0 when there is none. */
static size_t next_table(const tl_doc *doc, size_t i)
{
    size_t k = i + 1;
    while (k < doc->nblocks && doc->blocks[k].kind == TL_BLOCK_PARA && k - i <= JOIN_GAP_PARAS &&
           strlen(doc->blocks[k].para.text) <= JOIN_GAP_BYTES)
        k++;
    if (k >= doc->nblocks || doc->blocks[k].kind != TL_BLOCK_TABLE || k - i - 1 > JOIN_GAP_PARAS ||
        doc->blocks[k].chrome)
        return 0;
    return k;
}

/* Joins to t (block i) the tables that carry it on closely. */
static tl_code join_following(tl_doc *doc, size_t i, tl_error *err)
{
    tl_table *a = doc->blocks[i].table;
    for (size_t k; (k = next_table(doc, i));) {
        tl_table *b = doc->blocks[k].table;
        if (!placed(b) || b->prov.page <= a->prov.page || !b->ncols || headed_anew(a, b))
            break;
        size_t *map = calloc(b->ncols, sizeof *map);
        if (!map)
            return tl_error_set(err, TL_E_INTERNAL, "out of memory while joining tables");
        int ok = lines_up(a, b, map);
        tl_code rc = ok ? tl_doc_join(doc, i, k, map, err) : TL_OK;
        free(map);
        if (rc || !ok)
            return rc;
    }
    return TL_OK;
}

/* Whether t, with no header of its own, is read under plan's (*read): it stands on
 * a later page with its columns under plan's; its cells move into plan's columns. */
static tl_code read_under(const tl_table *plan, tl_table *t, int *read, tl_error *err)
{
    *read = 0;
    if (!plan || t->prov.page <= plan->prov.page || !t->ncols || headed_anew(plan, t))
        return TL_OK;
    size_t *map = calloc(t->ncols, sizeof *map);
    if (!map)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory while joining tables");
    int ok = lines_up(plan, t, map);
    int oom = ok && tl_table_move_columns(t, map, plan->ncols);
    free(map);
    if (oom)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory while joining tables");
    if (ok) {
        t->header_from = plan->header_from ? plan->header_from : plan;
        *read = 1;
    }
    return TL_OK;
}

tl_code tl_schema_join(tl_doc *doc, tl_error *err)
{
    /* The plan table the next header-less one may carry on: the last plan-headed
     * table or one read under it, with nothing but text since. */
    const tl_table *plan = NULL;
    for (size_t i = 0; i < doc->nblocks; i++) {
        tl_block *blk = &doc->blocks[i];
        if (blk->kind != TL_BLOCK_TABLE || blk->chrome)
            continue;
        tl_table *t = blk->table;
        int headed = placed(t) && plan_headed(t), read = 0;
        if (headed && tl_join_header_apart(doc, t))
            return tl_error_set(err, TL_E_INTERNAL, "out of memory while joining columns");
        if (placed(t) && !headed && read_under(plan, t, &read, err))
            return err->code;
        plan = headed || read ? t : NULL;
        if (plan && join_following(doc, i, err))
            return err->code;
    }
    return TL_OK;
}
