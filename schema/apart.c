/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Header cells set apart from their column.  A word processor often centres a
 * header cell ("№", "Д/д", "Хувь") over a column whose body cells start at its
 * left edge (or end at its right); read from a page without rules between the
 * columns, the blank between the header's text and the body's is as wide as a
 * gutter, and the one column becomes two: one with a header and no body, one with a
 * body and no header.  Such a pair is one column where the header stands in the
 * middle of the room the two take together: from the body's text to the next
 * column's (or, at the table's end, to the margin across from the table's start). */
#include "private.h"

#include <math.h>
#include <stdlib.h>

#define CENTRED 0.08   /* of the room's width: a header's middle this close to the room's is centred */
#define BODY_ROWS_MIN 2 /* body rows with text in the headerless column, at least */
#define FLUSH 2.0       /* points: body cells starting (ending) this close are set flush */
#define PADDING_MAX 6.0 /* points: a cell's padding at most (Word's is 5.4, LibreOffice's 2.8) */

typedef struct colinfo {
    int spanned;   /* a header row's cell spans over it */
    size_t body;   /* body rows with text in a cell of its own */
    double h0, h1; /* the header's text (in cells of its own; h0 > h1 when none) */
    double b0, b1; /* the body's text */
    double b0_hi, b1_lo; /* the body's rightmost start, leftmost end */
} colinfo;

static int headerish(const tl_row *row)
{
    return row->kind == TL_ROW_HEADER || row->kind == TL_ROW_COLNUM;
}

static void widen(double *lo, double *hi, const tl_box *b)
{
    *lo = fmin(*lo, b->x0);
    *hi = fmax(*hi, b->x1);
}

static void survey(const tl_table *t, colinfo *ci)
{
    for (size_t c = 0; c < t->ncols; c++)
        ci[c] = (colinfo){ 0, 0, INFINITY, -INFINITY, INFINITY, -INFINITY, -INFINITY, INFINITY };
    for (size_t r = 0; r < t->nrows; r++) {
        const tl_row *row = &t->rows[r];
        for (size_t c = 0; c < row->ncells && c < t->ncols; c++) {
            const tl_cell *cell = &row->cells[c];
            if (cell->covered)
                continue;
            if (cell->colspan > 1) {
                for (size_t s = c; s < c + (size_t)cell->colspan && s < t->ncols && headerish(row); s++)
                    ci[s].spanned = 1;
                continue;
            }
            const tl_box *b = &cell->prov.box;
            if (tl_str_blank(cell->text) || b->x1 <= b->x0)
                continue;
            if (headerish(row)) {
                widen(&ci[c].h0, &ci[c].h1, b);
            } else if (row->kind == TL_ROW_BODY) {
                ci[c].body++;
                widen(&ci[c].b0, &ci[c].b1, b);
                ci[c].b0_hi = fmax(ci[c].b0_hi, b->x0);
                ci[c].b1_lo = fmin(ci[c].b1_lo, b->x1);
            }
        }
    }
}

/* How far from the middle of its room, as a share of the room, header column h
 * stands when column b (beside it) is its body; INFINITY when they are no such
 * pair.  page_w: the page's width, for the margin at the table's ends. */
static double off_centre(const tl_table *t, const colinfo *ci, size_t h, size_t b, double page_w)
{
    const colinfo *H = &ci[h], *B = &ci[b];
    if (H->h0 > H->h1 || H->spanned || H->body || B->h0 <= B->h1 || B->spanned || B->body < BODY_ROWS_MIN)
        return INFINITY;
    double left = t->prov.box.x0, lo, hi;
    if (b < h) { /* body at the left edge: the room runs to the next column's text */
        if (B->b0_hi - B->b0 > FLUSH)
            return INFINITY;
        lo = B->b0;
        hi = h + 1 < t->ncols ? fmin(ci[h + 1].h0, ci[h + 1].b0) : page_w - left;
    } else {     /* body at the right edge: the room runs from the column before's text */
        if (B->b1 - B->b1_lo > FLUSH)
            return INFINITY;
        hi = B->b1;
        lo = h > 0 ? fmax(ci[h - 1].h1, ci[h - 1].b1) : left;
    }
    if (!(hi > lo) || !isfinite(lo) || !isfinite(hi) || H->h0 < lo || H->h1 > hi)
        return INFINITY;
    /* The room runs from text to text: the cell's own edges lie a padding before
     * each (after, for a body at the right edge), so its middle does too. */
    double mid = (H->h0 + H->h1) / 2, room = (lo + hi) / 2;
    double near = b < h ? fmax(room - PADDING_MAX, fmin(mid, room)) : fmin(room + PADDING_MAX, fmax(mid, room));
    double off = fabs(mid - near) / (hi - lo);
    return off <= CENTRED ? off : INFINITY;
}

int tl_join_header_apart(const tl_doc *doc, tl_table *t)
{
    if (t->ncols < 3 || t->prov.page < 1 || t->prov.box.x1 <= t->prov.box.x0)
        return 0;
    double page_w = (size_t)t->prov.page <= doc->npages ? doc->pages[t->prov.page - 1].width : 0;
    colinfo *ci = malloc(t->ncols * sizeof *ci);
    if (!ci)
        return -1;
    for (int again = 1; again && t->ncols >= 3;) {
        again = 0;
        survey(t, ci);
        /* the pair whose header stands nearest its room's middle first */
        double best = INFINITY;
        size_t at = 0;
        for (size_t c = 0; c + 1 < t->ncols; c++) {
            double o = fmin(off_centre(t, ci, c, c + 1, page_w), off_centre(t, ci, c + 1, c, page_w));
            if (o < best)
                best = o, at = c;
        }
        if (isfinite(best)) {
            if (tl_table_merge_columns(t, at)) {
                free(ci);
                return -1;
            }
            again = 1;
        }
    }
    free(ci);
    return 0;
}
