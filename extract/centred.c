/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cuts that only a centred title makes (refine.c asks once a column's cuts are
 * found, open grids).  A word processor's header cells are often centred while the body's are
 * not: over a column whose cells start at its left edge ("-", "3"), the title
 * "Төсөв" stands in the middle, and the blank before it reads as a gutter of its
 * own - an empty column under the title, the body's column beside it without one.
 * A stretch between two cuts whose text is one row's alone, centred over that
 * stretch and the one beside it together and above all the text of that one, is
 * that one column's title.  Internal to
 * the extract stage (refine.h). */
#include "refine.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#define CENTRED 0.08 /* of the two stretches' width: a title's middle this close to theirs is centred */

/* A phrase of one line: glyphs closer than a gutter, merged. */
typedef struct phrase {
    double cy, a, b;
    int row;
} phrase;

typedef struct stretch {
    double lo, hi; /* the ink in it */
    int row;       /* the one row holding it, -1 none, -2 more than one */
    int top;       /* the first row holding ink in it */
} stretch;

static int cmp_phrase(const void *x, const void *y)
{
    const phrase *p = x, *q = y;
    if (fabs(p->cy - q->cy) > 1e-9)
        return (p->cy > q->cy) - (p->cy < q->cy);
    return (p->a > q->a) - (p->a < q->a);
}

/* Column c's glyphs as phrases, line by line (a line: centres within h/2 of the
 * line's first); *m of them; NULL on OOM. */
static phrase *phrases_of(const tl_grid *g, int c, const tl_box *b, const int *cell, size_t n, double h, double gut,
                          size_t *m)
{
    phrase *v = malloc((n ? n : 1) * sizeof *v);
    size_t k = 0;
    *m = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const tl_gcell *gc = &g->cells[cell[i]];
        if (gc->col == c && gc->colspan == 1 && b[i].x1 > b[i].x0)
            v[k++] = (phrase){ (b[i].y0 + b[i].y1) / 2, b[i].x0, b[i].x1, 0 };
    }
    /* lines first (by centre), then each line's glyphs by x, merged */
    qsort(v, k, sizeof *v, cmp_phrase);
    size_t out = 0;
    for (size_t i = 0, e; i < k; i = e) {
        e = i + 1;
        while (e < k && v[e].cy - v[i].cy <= 0.5 * h)
            e++;
        double cy = v[i].cy;
        for (size_t j = i; j < e; j++)
            v[j].cy = cy;
        qsort(v + i, e - i, sizeof *v, cmp_phrase);
        for (size_t j = i; j < e; j++) {
            if (out && v[out - 1].cy == cy && v[j].a - v[out - 1].b < gut)
                v[out - 1].b = fmax(v[out - 1].b, v[j].b);
            else
                v[out++] = (phrase){ cy, v[j].a, v[j].b, tl_grid_row_at(g, cy) };
        }
    }
    *m = out;
    return v;
}

/* Whether stretch k's ink, one row's, is the title of stretch o: it sits in the
 * middle of the two together, [x0, x1), over that middle, and above all of o's. */
static int title_of(const stretch *st, size_t k, size_t o, double x0, double x1)
{
    double mid = (x0 + x1) / 2;
    return st[k].row >= 0 && st[o].row != -1 && st[k].row < st[o].top && st[k].lo < mid && st[k].hi > mid &&
           fabs((st[k].lo + st[k].hi) / 2 - mid) <= CENTRED * (x1 - x0);
}

/* The ink of each stretch between cuts, from lines that cross neither of its cuts
 * (a title across the table is in every stretch: it tells nothing of one). */
static void stretches(const phrase *p, size_t m, const double *cuts, size_t nc, double x0, double x1,
                      stretch *st)
{
    for (size_t s = 0; s <= nc; s++) {
        double lo = s ? cuts[s - 1] : x0, hi = s < nc ? cuts[s] : x1;
        st[s] = (stretch){ INFINITY, -INFINITY, -1, INT_MAX };
        for (size_t i = 0, e; i < m; i = e) {
            int crosses = 0;
            for (e = i; e < m && p[e].cy == p[i].cy; e++)
                crosses |= (p[e].a < lo && p[e].b > lo) || (p[e].a < hi && p[e].b > hi);
            for (size_t j = i; j < e && !crosses; j++)
                if (p[j].b > lo && p[j].a < hi) {
                    st[s].lo = fmin(st[s].lo, p[j].a);
                    st[s].hi = fmax(st[s].hi, p[j].b);
                    st[s].row = st[s].row == -1 || st[s].row == p[j].row ? p[j].row : -2;
                    st[s].top = p[j].row < st[s].top ? p[j].row : st[s].top;
                }
        }
    }
}

size_t tl_cuts_uncentre(const tl_grid *g, int c, const tl_box *b, const int *cell, size_t n, double h, double gut,
                        double *cuts, size_t nc)
{
    size_t m = 0;
    phrase *p = nc ? phrases_of(g, c, b, cell, n, h, gut, &m) : NULL;
    stretch *st = p ? malloc((nc + 1) * sizeof *st) : NULL;
    unsigned char *rows = st ? calloc((size_t)g->nrows, 1) : NULL;
    int with_text = 0;
    for (size_t i = 0; rows && i < m; i++)
        if (!rows[p[i].row]) {
            rows[p[i].row] = 1;
            with_text++;
        }
    /* a title among rows: three rows with text at least */
    for (int again = rows && with_text >= 3; again && nc;) {
        again = 0;
        stretches(p, m, cuts, nc, g->xs[c], g->xs[c + 1], st);
        for (size_t k = 0; k < nc && !again; k++) {
            double x0 = k ? cuts[k - 1] : g->xs[c], x1 = k + 1 < nc ? cuts[k + 1] : g->xs[c + 1];
            /* the cut between stretches k and k + 1: one of them a title over both */
            if (title_of(st, k, k + 1, x0, x1) || title_of(st, k + 1, k, x0, x1)) {
                for (size_t j = k; j + 1 < nc; j++)
                    cuts[j] = cuts[j + 1];
                nc--;
                again = 1;
            }
        }
    }
    free(p);
    free(st);
    free(rows);
    return nc;
}
