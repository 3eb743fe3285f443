/* A ruled grid refined by the text inside it.
 *
 * Rules are evidence of a table's structure, not all of it: many tables are ruled
 * only at the top, bottom and between column groups, or between rows but not
 * columns, and then one ruled box holds a whole column of rows, or several columns.
 * The text inside says where the missing rules would be:
 *
 * - rows: a ruled row whose text falls into several lines is cut between two lines
 *   when nearly every cell with text in that row has text on both sides of the gap
 *   (a column of entries), they are at least half the row's cells, and no cell's
 *   text wraps there (a line of two words or more that the first word of the line
 *   below would not have fitted on: one entry over two lines);
 * - columns: a ruled column is cut at a vertical gutter (a blank wider than a word
 *   space, running down the column) with text on both sides in at least two rows;
 *   a line that crosses the gutter (a spanning header) stays one cell over both.
 *
 * Internal to the extract stage (layout.h). */
#include "layout.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BOTH_SIDES 0.80   /* of the cells with text in a row: have text on both sides */
#define GUTTER_MIN 0.50   /* of the glyph height: a blank this wide between columns (a word space is 0.2-0.3) */
#define CROSS_GAP 0.40    /* of the glyph height: a line with no wider blank at a cut runs across it
                           * (a stretched word space; two cells' padding is wider, 5.7 pt at least) */
#define CROSS_MAX 0.34    /* of the rows with text: at most this many may cross a gutter */

typedef struct span {
    double a, b;
} span;

static int cmp_span(const void *x, const void *y)
{
    const span *p = x, *q = y;
    return (p->a > q->a) - (p->a < q->a);
}

/* Merges overlapping spans (sorted) in place; returns how many remain. */
static size_t merge(span *s, size_t n)
{
    if (!n)
        return 0;
    qsort(s, n, sizeof *s, cmp_span);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i].a <= s[k].b)
            s[k].b = fmax(s[k].b, s[i].b);
        else
            s[++k] = s[i];
    }
    return k + 1;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double median_height(const tl_box *b, size_t n)
{
    double *h = malloc((n ? n : 1) * sizeof *h);
    if (!h)
        return 10;
    for (size_t i = 0; i < n; i++)
        h[i] = b[i].y1 - b[i].y0;
    qsort(h, n, sizeof *h, cmp_double);
    double m = n ? h[n / 2] : 10;
    free(h);
    return m > 1 ? m : 1;
}

/* Appends v to a sorted edge list if it is new. */
static int add_edge(double **e, int *n, double v)
{
    double *ne = realloc(*e, (size_t)(*n + 2) * sizeof *ne);
    if (!ne)
        return -1;
    *e = ne;
    int i = *n + 1;
    while (i > 0 && ne[i - 1] > v) {
        ne[i] = ne[i - 1];
        i--;
    }
    ne[i] = v;
    (*n)++;
    return 0;
}

/* Whether a cell's text wraps at y: the first word of its line below y would not
 * have fitted on its line above (the cell's left padding assumed on the right). */
static int wraps_at(const tl_grid *g, const tl_gcell *gc, int id, const tl_box *b, const unsigned char *num,
                    const int *cell, size_t n, double y, double h)
{
    double lx0 = INFINITY, lx1 = -INFINITY, ly = -INFINITY, ny = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (cell[i] != id)
            continue;
        if (b[i].x1 <= b[i].x0)
            continue; /* a leader dot (ruled.c): the entry ended before the dots */
        if (cy < y && cy > ly + 0.5 * h) { /* a lower line above y: its extent anew */
            ly = cy;
            lx0 = b[i].x0;
            lx1 = b[i].x1;
        } else if (cy < y && fabs(cy - ly) <= 0.5 * h) {
            lx0 = fmin(lx0, b[i].x0);
            lx1 = fmax(lx1, b[i].x1);
        } else if (cy >= y && cy < ny) {
            ny = cy;
        }
    }
    /* The first word below: from its leftmost glyph while glyphs touch. */
    double w0 = INFINITY, w1 = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (cell[i] == id && fabs((b[i].y0 + b[i].y1) / 2 - ny) <= 0.5 * h && b[i].x0 < w0)
            w0 = b[i].x0, w1 = b[i].x1;
    for (int grew = 1; grew;) {
        grew = 0;
        for (size_t i = 0; i < n; i++)
            if (cell[i] == id && fabs((b[i].y0 + b[i].y1) / 2 - ny) <= 0.5 * h && b[i].x0 > w0 &&
                b[i].x0 <= w1 + 0.12 * h && b[i].x1 > w1)
                w1 = b[i].x1, grew = 1;
    }
    /* A line of one word is as a column of entries has it: no evidence either way. */
    int words = 0;
    double prev = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (cell[i] == id && fabs((b[i].y0 + b[i].y1) / 2 - ly) <= 0.5 * h) {
            words += b[i].x0 - prev > 0.12 * h || prev == -INFINITY;
            prev = fmax(prev, b[i].x1);
        }
    if (words < 2)
        return 0;
    /* Numbers do not wrap: a line of them over a line starting with one is two
     * entries (two columns of figures the gutter search could not part). */
    int numbers = num != NULL;
    for (size_t i = 0; numbers && i < n; i++) {
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (cell[i] == id && (fabs(cy - ly) <= 0.5 * h || (fabs(cy - ny) <= 0.5 * h && b[i].x0 >= w0 && b[i].x1 <= w1)))
            numbers = num[i];
    }
    if (numbers)
        return 0;
    double x0 = g->xs[gc->col], x1 = g->xs[gc->col + gc->colspan];
    double pad = fmax(0, lx0 - x0);
    return lx1 + 0.25 * h + (w1 - w0) > x1 - pad;
}

/* Whether gc spans rows only because a short rule parts them elsewhere: every rule
 * inside its span runs under fewer than half of the grid's columns (a rule over the
 * last column group's total).  Such a cell is a cell of each row it covers; a cell
 * that rules across most of the table stop at (an objective beside its actions)
 * is one. */
static int loose_span(const tl_grid *g, const tl_gcell *gc)
{
    if (gc->rowspan < 2 || gc->colspan != 1)
        return 0;
    for (int k = gc->row + 1; k < gc->row + gc->rowspan; k++) {
        int ruled = 0;
        for (int c = 0; c < g->ncols; c++)
            ruled += g->owner[(k - 1) * g->ncols + c] != g->owner[k * g->ncols + c];
        if (2 * ruled >= g->ncols)
            return 0;
    }
    return 1;
}

/* Whether a cell's lines on either side of y are figures alone (num: per glyph): two
 * entries of a column of numbers, since numbers do not wrap. */
static int figures_at(const tl_box *b, const unsigned char *num, size_t n, double y, double h)
{
    double ly = -INFINITY, ny = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (cy < y)
            ly = fmax(ly, cy);
        else
            ny = fmin(ny, cy);
    }
    int any = 0;
    for (size_t i = 0; num && i < n; i++) {
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (fabs(cy - ly) <= 0.5 * h || fabs(cy - ny) <= 0.5 * h) {
            if (!num[i])
                return 0;
            any = 1;
        }
    }
    return any;
}

/* The cut positions inside grid row r (between its lines of text), into cuts. */
static size_t row_cuts(const tl_grid *g, int r, const tl_box *all, const unsigned char *all_num, const int *all_cell,
                       size_t all_n, double h, double *cuts, size_t cap)
{
    /* This row's glyphs alone, grouped by cell (in their order within a cell): every
     * question below is about one cell's text, and a page-wide table has hundreds of
     * cells and glyphs a row. */
    size_t nids = 0, n = 0, nl = 0, nc = 0;
    int *ids = malloc((size_t)(g->ncells ? g->ncells : 1) * sizeof *ids);
    size_t *from = malloc(((size_t)g->ncells + 1) * sizeof *from);
    tl_box *b = malloc((all_n ? all_n : 1) * sizeof *b);
    int *cell = malloc((all_n ? all_n : 1) * sizeof *cell);
    unsigned char *num = all_num ? malloc(all_n ? all_n : 1) : NULL;
    span *lines = malloc((all_n ? all_n : 1) * sizeof *lines);
    if (!ids || !from || !b || !cell || !lines || (all_num && !num))
        goto out;
    for (int id = 0; id < g->ncells; id++) {
        const tl_gcell *gc = &g->cells[id];
        if ((gc->row == r && gc->rowspan == 1) ||
            (gc->row <= r && r < gc->row + gc->rowspan && loose_span(g, gc)))
            ids[nids++] = id;
    }
    for (size_t k = 0; k < nids; k++) {
        from[k] = n;
        for (size_t i = 0; i < all_n; i++) {
            double cy = (all[i].y0 + all[i].y1) / 2;
            if (all_cell[i] != ids[k] || cy < g->ys[r] || cy >= g->ys[r + 1])
                continue;
            b[n] = all[i];
            if (num)
                num[n] = all_num[i];
            cell[n++] = all_cell[i];
            double shrink = (all[i].y1 - all[i].y0) * 0.15;
            lines[nl++] = (span){ all[i].y0 + shrink, all[i].y1 - shrink };
        }
    }
    from[nids] = n;
    nl = merge(lines, nl);
    for (size_t k = 0; k + 1 < nl && nc < cap; k++) {
        double y = (lines[k].b + lines[k + 1].a) / 2;
        if (lines[k + 1].a - lines[k].b < 0.05 * h)
            continue;
        /* Per cell of this row: text above, text below, wrapping there. */
        int with_text = 0, both = 0, wrapped = 0, figures = 0;
        for (size_t c = 0; c < nids; c++) {
            int above = 0, below = 0;
            for (size_t i = from[c]; i < from[c + 1] && !(above && below); i++) {
                above |= (b[i].y0 + b[i].y1) / 2 < y;
                below |= (b[i].y0 + b[i].y1) / 2 >= y;
            }
            with_text += above || below;
            both += above && below;
            if (above && below && num)
                figures += figures_at(b + from[c], num + from[c], from[c + 1] - from[c], y, h);
            if (above && below &&
                wraps_at(g, &g->cells[ids[c]], ids[c], b + from[c], num ? num + from[c] : NULL, cell + from[c],
                         from[c + 1] - from[c], y, h))
                wrapped++;
        }
        /* A label that seems to wrap beside columns of figures that cannot is a label
         * of one line over the next row's: the figures outvote it. */
        if (both >= 2 && both >= BOTH_SIDES * with_text && 2 * both >= (int)nids &&
            (!wrapped || (figures >= 2 && figures >= 2 * wrapped)))
            cuts[nc++] = y;
    }
out:
    free(ids);
    free(from);
    free(b);
    free(cell);
    free(num);
    free(lines);
    return nc;
}

typedef struct gl {
    double cy, x0, x1;
} gl;

static int cmp_gl(const void *x, const void *y)
{
    const gl *p = x, *q = y;
    return (p->cy > q->cy) - (p->cy < q->cy);
}

/* The phrases of column c's lines: glyphs of one line closer than a gutter, merged.
 * Returns how many lines there were; *out gets the phrases. */
static size_t phrases(const tl_grid *g, int c, const tl_box *b, const int *cell, size_t n, double h, span **out,
                      size_t *nout)
{
    *out = NULL;
    *nout = 0;
    gl *v = malloc((n ? n : 1) * sizeof *v);
    span *ph = malloc((n ? n : 1) * sizeof *ph);
    size_t m = 0, np = 0, lines = 0;
    if (!v || !ph) {
        free(v);
        free(ph);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const tl_gcell *gc = &g->cells[cell[i]];
        /* Leader dots (zero wide, ruled.c) are no ink: neither text nor gutter. */
        if (gc->col == c && gc->colspan == 1 && b[i].x1 > b[i].x0)
            v[m++] = (gl){ (b[i].y0 + b[i].y1) / 2, b[i].x0, b[i].x1 };
    }
    qsort(v, m, sizeof *v, cmp_gl);
    for (size_t i = 0; i < m;) {
        size_t e = i + 1;
        while (e < m && v[e].cy - v[e - 1].cy <= 0.5 * h)
            e++;
        span *line = ph + np;
        size_t k = 0;
        for (size_t j = i; j < e; j++)
            line[k++] = (span){ v[j].x0, v[j].x1 };
        k = merge(line, k);
        size_t w = 0;
        for (size_t j = 0; j < k; j++) {
            if (w && line[j].a - line[w - 1].b < GUTTER_MIN * h)
                line[w - 1].b = fmax(line[w - 1].b, line[j].b);
            else
                line[w++] = line[j];
        }
        np += w;
        lines++;
        i = e;
    }
    free(v);
    *out = ph;
    *nout = np;
    return lines;
}

/* Whether phrase i, starting within a gutter's width right of a, is a heading over
 * the columns on both sides of that gutter (running a gutter's width past the end of
 * a phrase that starts right of the gutter; right-aligned figures end together): it
 * crosses the cut, it does not close the gutter. */
static int spans_from(const span *ph, size_t np, size_t i, double a, double h)
{
    if (ph[i].a - a >= GUTTER_MIN * h)
        return 0;
    for (size_t k = 0; k < np; k++)
        if (ph[k].a - a >= GUTTER_MIN * h && ph[k].b + GUTTER_MIN * h < ph[i].b)
            return 1;
    return 0;
}

/* Whether the page before had a gutter of this table between a and z. */
static int known_between(const tl_gutters *known, double a, double z)
{
    for (size_t i = 0; known && i < known->n; i++)
        if (known->x[i] >= a - 1 && known->x[i] <= z + 1)
            return 1;
    return 0;
}

/* The gutters inside grid column c, into cuts: blanks running down the column with
 * phrases ending left of them and starting right of them twice or more, which at
 * most a third of the lines cross (spanning headers). */
static size_t col_cuts(const tl_grid *g, int c, const tl_box *b, const int *cell, size_t n, double h,
                       const tl_gutters *known, double *cuts, size_t cap)
{
    span *ph;
    size_t np, nc = 0;
    size_t lines = phrases(g, c, b, cell, n, h, &ph, &np);
    if (!ph)
        return 0;
    /* Candidate positions: the blank after every phrase end. */
    double *ends = malloc((np ? np : 1) * sizeof *ends);
    size_t ne = 0;
    for (size_t i = 0; ends && i < np; i++)
        ends[ne++] = ph[i].b;
    if (ends)
        qsort(ends, ne, sizeof *ends, cmp_double);
    double last = -INFINITY;
    for (size_t k = 0; ends && k < ne && nc < cap; k++) {
        double a = ends[k];
        if (a <= last)
            continue;
        double z = g->xs[c + 1];
        size_t cross = 0, left = 0, right = 0;
        for (size_t i = 0; i < np; i++) {
            if (ph[i].a < a && ph[i].b > a + 0.01)
                cross++;
            else if (ph[i].a >= a && spans_from(ph, np, i, a, h))
                cross++;
            else if (ph[i].a >= a)
                z = fmin(z, ph[i].a);
        }
        if (z - a < GUTTER_MIN * h)
            continue;
        /* Just before the next column: labels of the column before, ragged on the
         * right, cross it least there. */
        double x = fmax((a + z) / 2, z - GUTTER_MIN * h / 2);
        for (size_t i = 0; i < np; i++) {
            left += ph[i].b <= x;
            right += ph[i].a >= x;
        }
        if ((double)cross > CROSS_MAX * (double)lines)
            continue;
        if ((left >= 2 && right >= 2) || (left >= 1 && right >= 1 && !cross && known_between(known, a, z))) {
            cuts[nc++] = x;
            last = z;
        }
    }
    free(ends);
    free(ph);
    return nc;
}

/* Whether a line of text in [y0, y1) and [x0, x1] runs across x with no more than a
 * word space there (each line on its own). */
static int crossed(const tl_box *b, size_t n, double x, double y0, double y1, double x0, double x1, double h)
{
    for (size_t i = 0; i < n; i++) {
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (cy < y0 || cy >= y1 || b[i].x0 < x0 - 1 || b[i].x1 > x1 + 1)
            continue;
        if (b[i].x0 < x && b[i].x1 > x)
            return 1;
        if (b[i].x1 > x)
            continue;
        double l = b[i].x1, r = INFINITY;
        for (size_t j = 0; j < n; j++) {
            double cj = (b[j].y0 + b[j].y1) / 2;
            if (fabs(cj - cy) > 0.5 * h || b[j].x0 < x0 - 1 || b[j].x1 > x1 + 1)
                continue;
            if (b[j].x0 >= x)
                r = fmin(r, b[j].x0);
            else if (b[j].x1 <= x)
                l = fmax(l, b[j].x1);
        }
        if (r - l < CROSS_GAP * h)
            return 1;
    }
    return 0;
}

/* Builds out from g with the extra edges, splitting each unspanned cell at them and
 * keeping together what a line of text crosses. */
static int rebuild(const tl_grid *g, const double *xs, int ncols, const double *ys, int nrows, const tl_box *b,
                   size_t n, double h, tl_grid *out)
{
    memset(out, 0, sizeof *out);
    out->xs = malloc((size_t)(ncols + 1) * sizeof *out->xs);
    out->ys = malloc((size_t)(nrows + 1) * sizeof *out->ys);
    out->owner = malloc((size_t)ncols * (size_t)nrows * sizeof *out->owner);
    out->cells = malloc((size_t)ncols * (size_t)nrows * sizeof *out->cells);
    if (!out->xs || !out->ys || !out->owner || !out->cells)
        return -1;
    memcpy(out->xs, xs, (size_t)(ncols + 1) * sizeof *xs);
    memcpy(out->ys, ys, (size_t)(nrows + 1) * sizeof *ys);
    out->ncols = ncols;
    out->nrows = nrows;
    out->box = g->box;
    for (int i = 0; i < ncols * nrows; i++)
        out->owner[i] = -1;
    for (int id = 0; id < g->ncells; id++) {
        const tl_gcell *gc = &g->cells[id];
        int c0 = 0, c1, r0 = 0, r1;
        while (xs[c0] < g->xs[gc->col] - 0.01)
            c0++;
        for (c1 = c0; xs[c1] < g->xs[gc->col + gc->colspan] - 0.01; c1++)
            ;
        while (ys[r0] < g->ys[gc->row] - 0.01)
            r0++;
        for (r1 = r0; ys[r1] < g->ys[gc->row + gc->rowspan] - 0.01; r1++)
            ;
        int whole = (gc->rowspan > 1 && !loose_span(g, gc)) || gc->colspan > 1;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1;) {
                /* How far right this piece goes: to c1 for a spanning cell, else as
                 * long as a glyph of this sub-row crosses the next edge. */
                int e = whole ? c1 : c + 1;
                while (!whole && e < c1 && crossed(b, n, xs[e], ys[r], ys[r + 1], xs[c0], xs[c1], h))
                    e++;
                int rows = whole ? r1 - r0 : 1;
                int idx = out->ncells++;
                out->cells[idx] = (tl_gcell){ r, c, rows, e - c };
                for (int rr = r; rr < r + rows; rr++)
                    for (int cc = c; cc < e; cc++)
                        out->owner[rr * ncols + cc] = idx;
                c = e;
            }
            if (whole)
                break;
        }
    }
    return 0;
}

static void cells_of(const tl_grid *g, const tl_box *b, size_t n, int *cell)
{
    for (size_t i = 0; i < n; i++) {
        cell[i] = tl_grid_cell_at(g, (b[i].x0 + b[i].x1) / 2, (b[i].y0 + b[i].y1) / 2);
        if (cell[i] < 0)
            cell[i] = 0; /* on an edge: any cell will do for counting */
    }
}

static double *dup_edges(const double *e, int n)
{
    double *d = malloc((size_t)(n + 1) * sizeof *d);
    if (d)
        memcpy(d, e, (size_t)(n + 1) * sizeof *d);
    return d;
}

/* The grid's rows holding text on more than one line. */
static int tall_rows(const tl_grid *g, const tl_box *b, size_t n, const int *cell, double h)
{
    int tall = 0;
    for (int r = 0; r < g->nrows; r++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (cell[i] < 0 || g->cells[cell[i]].row != r || g->cells[cell[i]].rowspan != 1)
                continue;
            double cy = (b[i].y0 + b[i].y1) / 2;
            lo = fmin(lo, cy);
            hi = fmax(hi, cy);
        }
        tall += hi - lo > 0.75 * h;
    }
    return tall;
}

/* The edges one pass adds: the columns' gutters, or the rows' line gaps.  A table
 * ruled row by row drew a rule under each of its rows: when most of its rows of
 * several lines stand uncut, the one or two that looked cuttable are rows of
 * one-word lines (narrow columns), not two rows under one rule, and no row is cut. */
static int refine_pass(const tl_grid *g, const tl_box *b, const unsigned char *num, size_t n, double h, int rows,
                       const tl_gutters *known, double **edges, int *nedges)
{
    int *cell = malloc((n ? n : 1) * sizeof *cell);
    double cuts[64], *found = NULL;
    size_t nfound = 0, capfound = 0;
    int cut_rows = 0, rc = -1;
    if (!cell)
        return -1;
    cells_of(g, b, n, cell);
    for (int k = 0; k < (rows ? g->nrows : g->ncols); k++) {
        size_t m = rows ? row_cuts(g, k, b, num, cell, n, h, cuts, sizeof cuts / sizeof *cuts)
                        : col_cuts(g, k, b, cell, n, h, known, cuts, sizeof cuts / sizeof *cuts);
        cut_rows += m > 0;
        if (m && tl_grow((void **)&found, &capfound, nfound + m, sizeof *found))
            goto out;
        for (size_t i = 0; i < m; i++)
            found[nfound++] = cuts[i];
    }
    if (rows && g->nrows >= 4 && cut_rows && 2 * cut_rows < tall_rows(g, b, n, cell, h))
        nfound = 0;
    for (size_t i = 0; i < nfound; i++)
        if (add_edge(edges, nedges, found[i]))
            goto out;
    rc = 0;
out:
    free(found);
    free(cell);
    return rc;
}

/* Columns first: a row's cells are known only once its columns are, and a ruled box
 * holding a whole table (rules at top and bottom only) has one cell a row.  The
 * cells are split once, at the end, where a line crossing a new edge keeps them
 * together row by row. */
int tl_grid_refine(const tl_grid *g, const tl_box *b, const unsigned char *num, size_t n, const tl_gutters *known,
                   tl_grid *out)
{
    memset(out, 0, sizeof *out);
    if (!n)
        return 1;
    double h = median_height(b, n);
    double *xs = dup_edges(g->xs, g->ncols), *ys = dup_edges(g->ys, g->nrows);
    int ncols = g->ncols, nrows = g->nrows, rc = -1;
    tl_grid split = { 0 };
    if (!xs || !ys || refine_pass(g, b, num, n, h, 0, known, &xs, &ncols))
        goto out;
    if (ncols != g->ncols) {
        if (rebuild(g, xs, ncols, ys, nrows, NULL, 0, h, &split) ||
            refine_pass(&split, b, num, n, h, 1, NULL, &ys, &nrows))
            goto out;
    } else if (refine_pass(g, b, num, n, h, 1, NULL, &ys, &nrows)) {
        goto out;
    }
    rc = ncols == g->ncols && nrows == g->nrows ? 1 : rebuild(g, xs, ncols, ys, nrows, b, n, h, out);
out:
    tl_grid_clear(&split);
    free(xs);
    free(ys);
    return rc;
}

/* ---- tables ruled across only ------------------------------------------ */

#define OPEN_MIN_LEN 72.0  /* points: a shorter rule underlines, it does not bound */
#define OPEN_SAME_END 4.0  /* points: rules whose ends are this close bound one table */
#define OPEN_MAX_GAP 600.0 /* points: rules farther apart bound no one table */


static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

static int cmp_rule_y(const void *x, const void *y)
{
    const tl_rule *p = x, *q = y;
    return (p->pos > q->pos) - (p->pos < q->pos);
}

/* The words whose middle lies inside x0..x1, y0..y1 (malloc'd, *m of them), or NULL
 * when out of memory. */
static tl_box *words_in(const tl_box *w, size_t nw, double x0, double x1, double y0, double y1, size_t *m)
{
    tl_box *in = malloc((nw ? nw : 1) * sizeof *in);
    *m = 0;
    for (size_t i = 0; in && i < nw; i++) {
        double cx = (w[i].x0 + w[i].x1) / 2, cy = (w[i].y0 + w[i].y1) / 2;
        if (cx > x0 && cx < x1 && cy > y0 && cy < y1)
            in[(*m)++] = w[i];
    }
    return in;
}

/* How many columns the phrases ph make: groups parted by a gutter that runs through
 * every line.  A tall row (one cell of many lines beside cells of few) has most of its
 * lines in one piece, but its cells still stand apart all the way down. */
static size_t columns_through(const span *ph, size_t np, double h)
{
    span *s = malloc((np ? np : 1) * sizeof *s);
    if (!s)
        return 0;
    memcpy(s, ph, np * sizeof *s);
    size_t k = merge(s, np), groups = k ? 1 : 0;
    for (size_t i = 1; i < k; i++)
        groups += s[i].a - s[i - 1].b >= GUTTER_MIN * h;
    free(s);
    return groups;
}

/* Whether the words between y0 and y1 (and x0, x1) read as table rows: at least half
 * of the lines in two pieces or more parted by a gutter, or some line in two pieces
 * and a gutter down the whole band (a tall row); pieces of a few words either way
 * (columns of prose between a page's rules have lines of eight).  One line will do:
 * a header between the top rule and the rule under it, a row between row rules. */
static int tabular_between(const tl_box *w, size_t nw, double x0, double x1, double y0, double y1)
{
    size_t m;
    tl_box *in = words_in(w, nw, x0, x1, y0, y1, &m);
    if (!in)
        return 0;
    int ok = 0;
    if (m >= 1) {
        double h = median_height(in, m);
        tl_gcell one = { 0, 0, 1, 1 };
        int owner = 0;
        double xs[2] = { x0, x1 }, ys[2] = { y0, y1 };
        tl_grid g = { xs, ys, 1, 1, &owner, &one, 1, { x0, y0, x1, y1 }, 0 };
        int *cell = calloc(m, sizeof *cell);
        span *ph = NULL;
        size_t np = 0, lines = cell ? phrases(&g, 0, in, cell, m, h, &ph, &np) : 0;
        /* phrases come line by line; count the lines holding two or more */
        size_t multi = 0;
        size_t *words = calloc(np ? np : 1, sizeof *words);
        for (size_t i = 0; words && i < m; i++)
            for (size_t k = 0; k < np; k++)
                if (in[i].x0 >= ph[k].a - 0.01 && in[i].x1 <= ph[k].b + 0.01) {
                    words[k]++;
                    break;
                }
        if (words && np) {
            qsort(words, np, sizeof *words, cmp_size);
            if (words[np / 2] >= TL_PROSE_WORDS)
                lines = 0; /* prose */
        }
        free(words);
        if (ph && lines >= 1) {
            /* a line's phrases are consecutive and rise in x: a fall starts a line */
            size_t run = 1;
            for (size_t i = 1; i <= np; i++) {
                if (i < np && ph[i].a > ph[i - 1].b) {
                    run++;
                    continue;
                }
                multi += run >= 2;
                run = 1;
            }
            ok = 2 * multi >= lines || (multi >= 1 && lines >= 2 && columns_through(ph, np, h) >= 2);
        }
        free(ph);
        free(cell);
    }
    free(in);
    return ok;
}

static int cmp_box_cy(const void *x, const void *y)
{
    const tl_box *p = x, *q = y;
    double a = p->y0 + p->y1, b = q->y0 + q->y1;
    return (a > b) - (a < b);
}

/* How many lines of text lie between y0 and y1 (and x0, x1). */
static size_t text_lines(const tl_box *w, size_t nw, double x0, double x1, double y0, double y1)
{
    size_t m, lines = 0;
    tl_box *in = words_in(w, nw, x0, x1, y0, y1, &m);
    if (!in)
        return SIZE_MAX;
    qsort(in, m, sizeof *in, cmp_box_cy);
    double h = median_height(in, m), last = -INFINITY;
    for (size_t i = 0; i < m; i++) {
        double cy = (in[i].y0 + in[i].y1) / 2;
        lines += cy - last > 0.5 * h;
        last = cy;
    }
    free(in);
    return lines;
}

/* Whether the text between y0 and y1 is one cell's (a row broken over a page, its
 * other cells done; an objective set in the first column on a row of its own):
 * every line starts where lines of the bands around it (from `before` to y0, from
 * y1 to `after`) start, a column's left edge twice there at least, and it is not
 * the table's first column or the text ends before the next column starts (prose
 * under a table starts at the first column too, but runs across the others). */
static int column_carries_on(const tl_box *w, size_t nw, double x0, double x1, double y0, double y1,
                             double before, double after, double h)
{
    size_t m, am, bm;
    tl_box *in = words_in(w, nw, x0, x1, y0, y1, &m), *up = words_in(w, nw, x0, x1, before, y0, &bm),
           *down = words_in(w, nw, x0, x1, y1, after, &am);
    int ok = 0;
    if (in && up && down && m) {
        double left = INFINITY, right = -INFINITY, first = INFINITY, next = INFINITY;
        for (size_t i = 0; i < m; i++) {
            left = fmin(left, in[i].x0);
            right = fmax(right, in[i].x1);
        }
        size_t starts = 0;
        for (size_t i = 0; i < am + bm; i++) {
            const tl_box *b = i < am ? &down[i] : &up[i - am];
            first = fmin(first, b->x0);
            starts += fabs(b->x0 - left) < 0.2 * h;
            if (b->x0 > left + GUTTER_MIN * h)
                next = fmin(next, b->x0);
        }
        /* in the first column too when it stays inside it (prose runs across) */
        ok = starts >= 2 && (left > first + GUTTER_MIN * h || right < next - GUTTER_MIN * h / 2);
    }
    free(in);
    free(up);
    free(down);
    return ok;
}

/* The index of the first of the m rules h after index `from` with the ends of h[i]
 * (m when none): the next row's rule. */
static size_t next_rule(const tl_rule *h, size_t m, const char *used, size_t i, size_t from)
{
    size_t k = from + 1;
    while (k < m && (used[k] || fabs(h[k].a0 - h[i].a0) > OPEN_SAME_END || fabs(h[k].a1 - h[i].a1) > OPEN_SAME_END ||
                     h[k].pos - h[from].pos < 2))
        k++;
    return k;
}

/* How far below y0 the first text between y0 and y1 starts: a row's cell padding,
 * the same row after row; a caption between two tables stands farther off. */
static double top_pad(const tl_box *w, size_t nw, double x0, double x1, double y0, double y1)
{
    size_t m;
    tl_box *in = words_in(w, nw, x0, x1, y0, y1, &m);
    double top = INFINITY;
    for (size_t i = 0; in && i < m; i++)
        top = fmin(top, in[i].y0 - y0);
    free(in);
    return top;
}

/* Whether a longer rule over all of [a0, a1] lies between y0 and y1: rules of the
 * same ends on either side of it are the group underlines of two tables one above
 * the other (a column group's heading in each, the last group ending where the
 * table does), not one table. */
static int spanned_between(const tl_rules *r, double a0, double a1, double y0, double y1)
{
    for (size_t i = 0; i < r->nh; i++) {
        const tl_rule *x = &r->h[i];
        if (x->pos > y0 + 2 && x->pos < y1 - 2 && x->a0 <= a0 + OPEN_SAME_END && x->a1 >= a1 - OPEN_SAME_END &&
            x->a1 - x->a0 > a1 - a0 + 2 * OPEN_SAME_END)
            return 1;
    }
    return 0;
}

int tl_grids_add_open(const tl_rules *r, const tl_box *w, size_t nw, tl_grid **grids, size_t *n)
{
    tl_rule *h = malloc((r->nh ? r->nh : 1) * sizeof *h);
    size_t m = 0;
    if (!h)
        return -1;
    for (size_t i = 0; i < r->nh; i++) {
        const tl_rule *x = &r->h[i];
        int inside = x->a1 - x->a0 < OPEN_MIN_LEN;
        for (size_t k = 0; !inside && k < *n; k++) {
            const tl_box *b = &(*grids)[k].box;
            inside = x->pos >= b->y0 - 2 && x->pos <= b->y1 + 2 && x->a1 > b->x0 && x->a0 < b->x1;
        }
        if (!inside)
            h[m++] = *x;
    }
    qsort(h, m, sizeof *h, cmp_rule_y);
    double hh = median_height(w, nw);
    int rc = 0;
    char *used = calloc(m ? m : 1, 1);
    for (size_t i = 0; used && i < m && !rc; i++) {
        if (used[i])
            continue;
        /* The rules below with the same ends, while what lies between reads as rows. */
        double ys[256];
        int ny = 0;
        ys[ny++] = h[i].pos;
        used[i] = 1;
        double last = h[i].pos;
        for (size_t j = i + 1; j < m && ny < 256; j++) {
            if (used[j] || fabs(h[j].a0 - h[i].a0) > OPEN_SAME_END || fabs(h[j].a1 - h[i].a1) > OPEN_SAME_END)
                continue;
            if (h[j].pos - last < 2)
                continue; /* the same rule twice */
            if (h[j].pos - last > OPEN_MAX_GAP || spanned_between(r, h[i].a0, h[i].a1, last, h[j].pos))
                break;
            if (!tabular_between(w, nw, h[i].a0, h[i].a1, last, h[j].pos)) {
                /* A row across the whole table (an objective's title) between rows
                 * that read as a table's is one of its rows. */
                size_t k = next_rule(h, m, used, i, j), k2 = k < m ? next_rule(h, m, used, i, k) : m;
                if (ny < 2 || k >= m || !tabular_between(w, nw, h[i].a0, h[i].a1, h[j].pos, h[k].pos))
                    break;
                if (!column_carries_on(w, nw, h[i].a0, h[i].a1, last, h[j].pos, ys[ny - 2],
                                       h[k2 < m ? k2 : k].pos, hh) &&
                    (h[j].pos - last > 3 * (h[k].pos - h[j].pos) ||
                     text_lines(w, nw, h[i].a0, h[i].a1, last, h[j].pos) > 2 ||
                     top_pad(w, nw, h[i].a0, h[i].a1, last, h[j].pos) >
                         1.5 * top_pad(w, nw, h[i].a0, h[i].a1, ys[ny - 2], last) + 2))
                    break;
            }
            used[j] = 1;
            ys[ny++] = h[j].pos;
            last = h[j].pos;
        }
        if (ny < 2)
            continue;
        tl_grid g = { 0 };
        g.ncols = 1;
        g.nrows = ny - 1;
        g.xs = malloc(2 * sizeof *g.xs);
        g.ys = malloc((size_t)ny * sizeof *g.ys);
        g.owner = malloc((size_t)g.nrows * sizeof *g.owner);
        g.cells = malloc((size_t)g.nrows * sizeof *g.cells);
        tl_grid *grown = realloc(*grids, (*n + 1) * sizeof **grids);
        if (!g.xs || !g.ys || !g.owner || !g.cells || !grown) {
            tl_grid_clear(&g);
            if (grown)
                *grids = grown;
            rc = -1;
            break;
        }
        *grids = grown;
        g.xs[0] = h[i].a0;
        g.xs[1] = h[i].a1;
        memcpy(g.ys, ys, (size_t)ny * sizeof *ys);
        for (int k = 0; k < g.nrows; k++) {
            g.owner[k] = k;
            g.cells[k] = (tl_gcell){ k, 0, 1, 1 };
        }
        g.ncells = g.nrows;
        g.box = (tl_box){ g.xs[0], g.ys[0], g.xs[1], g.ys[ny - 1] };
        g.open = 1;
        (*grids)[(*n)++] = g;
    }
    if (!used)
        rc = -1;
    free(used);
    free(h);
    return rc;
}
