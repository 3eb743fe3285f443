/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "refine.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MONO_MIN_GLYPHS 20 /* tl_gutter_min: glyphs enough to tell a fixed-pitch font */
#define BOTH_SIDES 0.80   /* of the cells with text in a row: have text on both sides */
#define NEAR_LINE 1.5     /* of the glyph height: a line's centre this close under a cut is
                             the line right under it */
#define CROSS_GAP 0.30    /* of the glyph height: a line with no wider blank at a cut runs across it
                           * (a stretched word space; two cells' padding is wider, 5.7 pt at least) */
#define SEAM_GAP 0.06    /* of the glyph height: a blank no two glyphs of one word leave, */
#define SEAM_MAX 0.15    /* and narrower than any font's word space (0.19 h and more) */
#define LINES_ASKED 64    /* crossed(): lines aligned_pair found two cells, kept */
#define CROSS_MAX 0.34    /* of the rows with text: at most this many may cross a gutter */

static int cmp_span(const void *x, const void *y)
{
    const tl_span *p = x, *q = y;
    return (p->a > q->a) - (p->a < q->a);
}

/* Merges overlapping spans (sorted) in place; returns how many remain. */
size_t tl_spans_merge(tl_span *s, size_t n)
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

double tl_boxes_median_height(const tl_box *b, size_t n)
{
    double *h = malloc((n ? n : 1) * sizeof *h);
    if (!h)
        return 10;
    for (size_t i = 0; i < n; i++)
        h[i] = b[i].y1 - b[i].y0;
    tl_sort_doubles(h, n);
    double m = n ? h[n / 2] : 10;
    free(h);
    return m > 1 ? m : 1;
}

/* A typewriter's word space is a letter wide, twice a type's; where nine glyphs in
 * ten are as wide as the typical one (within 3 %), the text is set in a fixed-pitch
 * font, and a gutter must be wider than a letter and a quarter (narrow columns in
 * DejaVu Sans Mono 8 part by 1.4 letters: seed004-v60).  Else half a glyph
 * height. */
double tl_gutter_min(const tl_box *b, size_t n, double h)
{
    double gut = TL_GUTTER_MIN * h;
    double *w = malloc((n ? n : 1) * sizeof *w);
    size_t m = 0, same = 0;
    for (size_t i = 0; w && i < n; i++)
        if (b[i].x1 > b[i].x0)
            w[m++] = b[i].x1 - b[i].x0;
    if (m >= MONO_MIN_GLYPHS) {
        tl_sort_doubles(w, m);
        double mid = w[m / 2];
        for (size_t i = 0; i < m; i++)
            same += fabs(w[i] - mid) <= 0.03 * mid;
        if (10 * same >= 9 * m)
            gut = fmax(gut, 1.25 * mid);
    }
    free(w);
    return gut;
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
    double x0 = g->xs[gc->col], x1 = g->xs[gc->col + gc->colspan];
    double pad = fmax(0, lx0 - x0);
    /* A line of one word is as a column of entries has it: no evidence either way,
     * unless the word was broken where it hit the edge: no room was left for the
     * first letter below, and the line below goes on in lower case ("хэгэцү" over
     * "үлж": a word wider than its column). */
    int words = 0, sentence = 0, lower_below = 0;
    double first_w = 0, prev = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (cell[i] == id && fabs((b[i].y0 + b[i].y1) / 2 - ly) <= 0.5 * h) {
            int starts = b[i].x0 - prev > 0.12 * h || prev == -INFINITY;
            words += starts;
            sentence |= starts && num && (num[i] & TL_GLYPH_LOWER);
            prev = fmax(prev, b[i].x1);
        } else if (cell[i] == id && num && fabs((b[i].y0 + b[i].y1) / 2 - ny) <= 0.5 * h && b[i].x0 == w0) {
            lower_below = (num[i] & TL_GLYPH_LOWER) != 0;
            first_w = b[i].x1 - b[i].x0;
        }
    if (words < 2)
        return words == 1 && lower_below && lx1 + 0.25 * h + first_w > x1 - pad;
    /* Numbers do not wrap: a line that opens with a figure under one that opened with
     * one is a new entry ("0.4590" over "0.0628": two columns of figures the gutter
     * search could not part; "$9,594 or less" over "$9,595-$17,992"). */
    int above = 0, below = 0;
    for (size_t i = 0; num && i < n; i++) {
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (cell[i] != id)
            continue;
        if (fabs(cy - ly) <= 0.5 * h && b[i].x0 == lx0)
            above = num[i];
        if (fabs(cy - ny) <= 0.5 * h && b[i].x0 == w0)
            below = num[i];
    }
    if (above & below & TL_GLYPH_FIGURE)
        return 0;
    /* Nor does a sentence: a line that opens with a capital under a line of a
     * sentence (a word in lower case) that opened with one is the next entry of a
     * list ("Projections are consistent with ..." over "Census Bureau projection:
     * ...").  In a title every word has its capital ("Total Costs" over "All Funds"),
     * and a capital tells nothing. */
    if (above & below & TL_GLYPH_CAPITAL && sentence)
        return 0;
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
            if (!(num[i] & TL_GLYPH_FIGURE))
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
    tl_span *lines = malloc((all_n ? all_n : 1) * sizeof *lines);
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
            lines[nl++] = (tl_span){ all[i].y0 + shrink, all[i].y1 - shrink };
        }
    }
    from[nids] = n;
    nl = tl_spans_merge(lines, nl);
    for (size_t k = 0; k + 1 < nl && nc < cap; k++) {
        double y = (lines[k].b + lines[k + 1].a) / 2;
        if (lines[k + 1].a - lines[k].b < 0.05 * h)
            continue;
        /* Per cell of this row: text above, text below, wrapping there. */
        int with_text = 0, both = 0, wrapped = 0, figures = 0;
        for (size_t c = 0; c < nids; c++) {
            int above = 0, below = 0, near_below = 0, figure_below = 1;
            /* once there is text above, only text below matters */
            for (size_t i = from[c]; i < from[c + 1] && !(above && below); i++) {
                double cy = (b[i].y0 + b[i].y1) / 2;
                above |= cy < y;
                below |= cy >= y;
                if (cy >= y && cy - y < NEAR_LINE * h) {
                    near_below = 1;
                    figure_below &= num && (num[i] & TL_GLYPH_FIGURE);
                }
            }
            /* A cell whose figures begin on the line under y (a column of figures
             * that starts lower down: its first entry) agrees with a cut as much as
             * one with text on both sides. */
            int starts = !above && near_below && figure_below;
            with_text += above || below;
            both += (above && below) || starts;
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

/* Whether the gap (a, z) holds a gutter the table had on the page before and is
 * wider than a word space: cells' text runs up to the padding on both sides of a
 * cut (6.2 pt apart at 12 pt: "болон" then "100%") and a narrow column's header
 * wraps a letter or two a line ("Бүт" then "8"), closer than a gutter found afresh
 * must be. */
static int known_gap(const tl_gutters *known, double a, double z, double h)
{
    if (z - a <= TL_KNOWN_GAP * h)
        return 0;
    for (size_t i = 0; known && i < known->n; i++)
        if (known->x[i] > a && known->x[i] < z)
            return 1;
    return 0;
}

/* How many of xs[0..n) (sorted) lie within TL_ALIGN_PT of x. */
static size_t near_count(const double *xs, size_t n, double x)
{
    size_t k = 0;
    for (size_t i = 0; i < n && xs[i] <= x + TL_ALIGN_PT; i++)
        k += xs[i] >= x - TL_ALIGN_PT;
    return k;
}

/* Whether x, where a line's text starts after a blank wider than a word space, is
 * where a column's text starts: another line starts there after a full gutter and
 * two lines start there, nothing left of them; or, where no blank reaches a gutter
 * (a narrow number column at 12 pt leaves 0.40 h to the text beside it, its "№"
 * 0.30 h), two lines start there after such a blank and three with nothing left
 * (prose's word spaces do not end where its lines start); or two lines start there
 * after a full gutter and a third after such a blank (a narrow column's header and
 * number, then its figures just past a justified column's flush edge). */
static int column_start(const double *starts, size_t nstarts, const double *wide, size_t nwide,
                        const double *firsts, size_t lines, double x)
{
    size_t f = near_count(firsts, lines, x);
    size_t after_gutter = near_count(starts, nstarts, x);
    return (after_gutter >= 1 && f >= 2) || (near_count(wide, nwide, x) >= 2 && f >= 3) ||
           (after_gutter >= 2 && near_count(wide, nwide, x) >= 3);
}

/* Whether the boxes (a column's glyphs, or its words) are set in a fixed-pitch
 * font: nine in ten as wide as a whole number of the narrowest, eight boxes or
 * more (a proportional font's widths fall between multiples). */
static int fixed_pitch(const gl *v, size_t m)
{
    double pitch = INFINITY;
    for (size_t i = 0; i < m; i++)
        if (v[i].x1 - v[i].x0 > 0.5)
            pitch = fmin(pitch, v[i].x1 - v[i].x0);
    if (m < 8 || !isfinite(pitch))
        return 0;
    size_t on = 0;
    for (size_t i = 0; i < m; i++) {
        double k = (v[i].x1 - v[i].x0) / pitch;
        on += fabs(k - round(k)) * pitch <= 0.03 * pitch;
    }
    return 10 * on >= 9 * m;
}

/* The phrases of column c's lines: glyphs of one line closer than a gutter, merged.
 * A blank narrower than a gutter yet wider than a word space still parts them where
 * the column's text starts: another line starts a phrase at the same x after a full
 * gutter, and two lines start there, nothing left of them (a narrow column's number,
 * "1." then "Авлигин" 0.45 h apart, beside the column-number row's "1" and "2", 0.7
 * h apart, above the objective's wrapped lines); and where three lines' text ends
 * at one x and starts again at another, within half a point (justified cells: each
 * column's lines end flush with its right edge and the next column's start flush
 * with its left, two paddings apart, 5.9 pt at 10 pt, narrower than the stretched
 * word spaces around them).  Returns how many lines there were; *out gets the
 * phrases. */
size_t tl_grid_phrases(const tl_grid *g, int c, const tl_box *b, const int *cell, size_t n, double h, double gut,
                       const tl_gutters *known, tl_span **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    gl *v = malloc((n ? n : 1) * sizeof *v);
    tl_span *ph = malloc((n ? n : 1) * sizeof *ph);
    size_t *from = malloc((n + 1) * sizeof *from), *cnt = malloc((n ? n : 1) * sizeof *cnt);
    double *starts = malloc((n ? n : 1) * sizeof *starts), *firsts = malloc((n ? n : 1) * sizeof *firsts);
    double *wide = malloc((n ? n : 1) * sizeof *wide);
    tl_blank *blanks = malloc((n ? n : 1) * sizeof *blanks);
    size_t m = 0, lines = 0, nstarts = 0, nwide = 0, np = 0, nblanks = 0;
    if (!v || !ph || !from || !cnt || !starts || !firsts || !wide || !blanks)
        goto out;
    for (size_t i = 0; i < n; i++) {
        const tl_gcell *gc = &g->cells[cell[i]];
        /* Leader dots (zero wide, ruled.c) are no ink: neither text nor gutter. */
        if (gc->col == c && gc->colspan == 1 && b[i].x1 > b[i].x0)
            v[m++] = (gl){ (b[i].y0 + b[i].y1) / 2, b[i].x0, b[i].x1 };
    }
    qsort(v, m, sizeof *v, cmp_gl);
    /* in a fixed-pitch font every blank starts and ends on the pitch, so lines'
     * word spaces line up by the font's making: no flush edges there */
    int pitch = fixed_pitch(v, m);
    /* Each line's glyph spans, merged where they touch, into ph (the line's own
     * slice of it: a line has no more spans than glyphs); the starts after a gutter. */
    size_t at = 0;
    for (size_t i = 0; i < m;) {
        size_t e = i + 1;
        while (e < m && v[e].cy - v[e - 1].cy <= 0.5 * h)
            e++;
        tl_span *line = ph + at;
        size_t k = 0;
        for (size_t j = i; j < e; j++)
            line[k++] = (tl_span){ v[j].x0, v[j].x1 };
        k = tl_spans_merge(line, k);
        for (size_t j = 1; j < k; j++) {
            if (line[j].a - line[j - 1].b >= gut)
                starts[nstarts++] = line[j].a;
            if (line[j].a - line[j - 1].b > TL_KNOWN_GAP * h) {
                wide[nwide++] = line[j].a;
                if (!pitch)
                    blanks[nblanks++] = (tl_blank){ line[j - 1].b, line[j].a, line[j - 1].a };
            }
        }
        firsts[lines] = line[0].a;
        from[lines] = at;
        cnt[lines++] = k;
        at += e - i;
        i = e;
    }
    tl_sort_doubles(starts, nstarts);
    tl_sort_doubles(wide, nwide);
    tl_sort_doubles(firsts, lines);
    tl_blanks_sort(blanks, nblanks);
    for (size_t l = 0; l < lines; l++) {
        const tl_span *line = ph + from[l];
        size_t w = np;
        for (size_t j = 0; j < cnt[l]; j++) {
            double a = w > np ? ph[w - 1].b : 0, z = line[j].a;
            if (w > np && z - a < gut && !known_gap(known, a, z, h) &&
                !(z - a > TL_KNOWN_GAP * h && (column_start(starts, nstarts, wide, nwide, firsts, lines, z) ||
                                            tl_flush_edge(blanks, nblanks, a, z))))
                ph[w - 1].b = fmax(ph[w - 1].b, line[j].b);
            else
                ph[w++] = line[j];
        }
        np = w;
    }
out:
    free(v);
    free(from);
    free(cnt);
    free(starts);
    free(firsts);
    free(wide);
    free(blanks);
    if (!from || !cnt || !starts || !firsts || !v || !wide || !blanks) {
        free(ph);
        return 0;
    }
    *out = ph;
    *nout = np;
    return lines;
}

/* Whether phrase i, starting within a gutter's width right of a, is a heading over
 * the columns on both sides of that gutter (running a gutter's width past the end of
 * a phrase that starts right of the gutter; right-aligned figures end together): it
 * crosses the cut, it does not close the gutter. */
static int spans_from(const tl_span *ph, size_t np, size_t i, double a, double gut)
{
    if (ph[i].a - a >= gut)
        return 0;
    for (size_t k = 0; k < np; k++)
        if (ph[k].a - a >= gut && ph[k].b + gut < ph[i].b)
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
static size_t col_cuts(const tl_grid *g, int c, const tl_box *b, const unsigned char *num, const int *cell, size_t n,
                       double h, double gut, const tl_gutters *known, int *justified_out, double *cuts, size_t cap)
{
    tl_span *ph;
    size_t np, nc = 0;
    size_t lines = tl_grid_phrases(g, c, b, cell, n, h, gut, known, &ph, &np);
    if (!ph)
        return 0;
    /* Candidate positions: the blank after every phrase end. */
    double *ends = malloc((np ? np : 1) * sizeof *ends);
    size_t ne = 0;
    for (size_t i = 0; ends && i < np; i++)
        ends[ne++] = ph[i].b;
    if (ends)
        tl_sort_doubles(ends, ne);
    double last = -INFINITY;
    /* the column's lines, read once for the tests a cut must pass (justify.c) */
    tl_column *col = tl_column_new(g, c, b, num, cell, n, h);
    /* an open grid's text set justified, or the same table's on its pages before
     * (tl_gutters says how many) */
    int own = g->open && tl_column_justified(col);
    int justified = own || (g->open && known && known->justified >= TL_JUSTIFIED_PAGES &&
                            known->justified * TL_JUSTIFIED_ONE_IN >= known->pages);
    *justified_out |= own;
    for (size_t k = 0; ends && k < ne && nc < cap; k++) {
        double a = ends[k];
        if (a <= last)
            continue;
        /* Three phrases or more starting together next after the blank, within
         * half a point, are a column's text, not headings over the columns beyond
         * (justified cells run to their right edge, past shorter phrases further
         * right, and their stretched word spaces part phrases inside them): where
         * the text is justified, or three phrases also end together at the blank
         * (right-set figures of one width start together too, under a heading
         * that does span them). */
        double z = g->xs[c + 1], first = z;
        for (size_t i = 0; i < np; i++)
            if (ph[i].a >= a)
                first = fmin(first, ph[i].a);
        size_t at_first = 0, at_a = 0;
        for (size_t i = 0; i < np; i++) {
            at_first += fabs(ph[i].a - first) <= TL_FLUSH_PT;
            at_a += fabs(ph[i].b - a) <= TL_FLUSH_PT;
        }
        if (at_a < TL_FLUSH_LINES && !justified)
            at_first = 0;
        size_t cross = 0, left = 0, right = 0;
        for (size_t i = 0; i < np; i++) {
            if (ph[i].a < a && ph[i].b > a + 0.01)
                cross++;
            else if (ph[i].a >= a && !(at_first >= TL_FLUSH_LINES && fabs(ph[i].a - first) <= TL_FLUSH_PT) &&
                     spans_from(ph, np, i, a, gut))
                cross++;
            else if (ph[i].a >= a)
                z = fmin(z, ph[i].a);
        }
        /* A blank under a gutter's width parted phrases only where a column's text
         * starts (tl_grid_phrases): a cut there when nothing crosses it and three
         * phrases start at its edge; where the page before had the table's gutter
         * there, two, or one after a justified column's flush edge (a narrow
         * column's figures 5.9 pt on: "Тоног" then "100%"). */
        int near_known = known_between(known, a, z);
        size_t at_z = 0, starts_needed = near_known ? (at_a >= TL_FLUSH_LINES ? 1 : 2) : 3;
        for (size_t i = 0; i < np; i++)
            at_z += fabs(ph[i].a - z) <= TL_ALIGN_PT;
        if (z - a < gut && (z - a <= TL_KNOWN_GAP * h || cross || at_z < starts_needed))
            continue;
        /* Just before the next column: labels of the column before, ragged on the
         * right, cross it least there. */
        double x = fmax((a + z) / 2, z - gut / 2);
        for (size_t i = 0; i < np; i++) {
            left += ph[i].b <= x;
            right += ph[i].a >= x;
        }
        if ((double)cross > CROSS_MAX * (double)lines)
            continue;
        /* text on both sides, and the blank no word space nor a chance gap */
        if (((left >= 2 && right >= 2) || (left >= 1 && right >= 1 && !cross && near_known)) &&
            (!col || tl_gutter_holds(col, known, near_known, justified, x))) {
            cuts[nc++] = x;
            last = z;
        }
    }
    tl_column_free(col);
    free(ends);
    free(ph);
    return g->open ? tl_cuts_uncentre(g, c, b, cell, n, h, gut, cuts, nc) : nc;
}

/* Whether glyph i, astride x, is a cell's last (or first) glyph overflowing into the
 * gutter: the next glyph of its line beyond x from its centre lies wholly past x,
 * after a blank that no two glyphs of one word leave (they touch), yet narrower
 * than a word space (a line across the cut, its word ending astride it).  A "№" wider than its narrow column ends 1.5 pt
 * (0.1 h) before the next column's "Стратеги": two cells, not a line across. */
static int overflows(const tl_box *b, size_t n, size_t i, double x, double h)
{
    double cy = (b[i].y0 + b[i].y1) / 2, cx = (b[i].x0 + b[i].x1) / 2;
    int right = cx < x; /* the neighbour to look for is on the right */
    double best = INFINITY;
    size_t k = n;
    for (size_t j = 0; j < n; j++) {
        double cj = (b[j].y0 + b[j].y1) / 2, d = right ? b[j].x0 - b[i].x1 : b[i].x0 - b[j].x1;
        if (j == i || fabs(cj - cy) > 0.5 * h || d < -0.5 * (b[j].x1 - b[j].x0) || d >= best)
            continue;
        best = d;
        k = j;
    }
    if (k == n)
        return 0;
    return best >= SEAM_GAP * h && best < SEAM_MAX * h && (right ? b[k].x0 > x : b[k].x1 < x);
}

/* Whether the line at cy holds, in [x0, x1], one word left of x that starts where
 * the column left of x starts its text (ls) and, past a blank, text right of x that
 * starts where that column does (rs): two cells' text, each at its own column's
 * start, not a line across x - a "№" over a narrow column of numbers ends a word
 * space or less before the next column's "Зорилго".  A title across the table
 * holds several words before any cut but the first one's (its number's). */
static int aligned_pair(const tl_box *b, size_t n, double cy, double x, double x0, double x1, double h, double ls,
                        double rs)
{
    if (isnan(ls) || isnan(rs))
        return 0;
    const tl_box *first = NULL, *last = NULL, *next = NULL;
    for (size_t j = 0; j < n; j++) {
        double cj = (b[j].y0 + b[j].y1) / 2, mid = (b[j].x0 + b[j].x1) / 2;
        if (fabs(cj - cy) > 0.5 * h || b[j].x0 < x0 - 1 || b[j].x1 > x1 + 1)
            continue;
        if (mid < x) {
            if (!first || b[j].x0 < first->x0)
                first = &b[j];
            if (!last || b[j].x1 > last->x1)
                last = &b[j];
        } else if (!next || b[j].x0 < next->x0) {
            next = &b[j];
        }
    }
    if (!first || !next || fabs(first->x0 - ls) > TL_ALIGN_PT || fabs(next->x0 - rs) > TL_ALIGN_PT || next->x0 <= last->x1)
        return 0;
    /* one word: no blank between the glyphs left of x */
    for (size_t j = 0; j < n; j++) {
        double cj = (b[j].y0 + b[j].y1) / 2, mid = (b[j].x0 + b[j].x1) / 2;
        if (fabs(cj - cy) > 0.5 * h || mid >= x || &b[j] == last || b[j].x0 < x0 - 1)
            continue;
        double gap = INFINITY;
        for (size_t k = 0; k < n; k++) {
            double ck = (b[k].y0 + b[k].y1) / 2, mk = (b[k].x0 + b[k].x1) / 2;
            if (k != j && fabs(ck - cy) <= 0.5 * h && mk < x && b[k].x0 >= b[j].x0 + 0.01)
                gap = fmin(gap, b[k].x0 - b[j].x1);
        }
        if (gap >= SEAM_GAP * h)
            return 0;
    }
    return 1;
}

/* Whether the line at height cy has text on both sides of x (within 0.5 h). */
static int line_over(const tl_box *b, size_t n, double cy, double x, double h)
{
    int left = 0, right = 0;
    for (size_t j = 0; j < n && !(left && right); j++) {
        if (fabs((b[j].y0 + b[j].y1) / 2 - cy) > 0.5 * h)
            continue;
        left |= b[j].x0 < x;
        right |= b[j].x1 > x;
    }
    return left && right;
}

/* Whether a line of text in [y0, y1) and [x0, x1] runs across x with no more than a
 * word space there (each line on its own); a narrower blank will do where the table
 * had a gutter on the page before (known_gap). */
static int crossed(const tl_box *b, size_t n, double x, double y0, double y1, double x0, double x1, double h,
                   double before, const tl_gutters *known, double ls, double rs)
{
    /* aligned_pair reads a whole line: asked only of a line that would cross, and
     * once per line (its glyphs share their centre height) */
    double asked[LINES_ASKED];
    size_t nasked = 0;
    for (size_t i = 0; i < n; i++) {
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (cy < y0 || cy >= y1 || b[i].x0 < x0 - 1 || b[i].x1 > x1 + 1)
            continue;
        int runs;
        if (b[i].x0 < x && b[i].x1 > x) {
            /* a seam's blank on a line that already ran over the cut before is a
             * narrow word space (Caladea 9 after a comma: 0.13 h), not two cells */
            runs = !overflows(b, n, i, x, h) || (!isnan(before) && line_over(b, n, cy, before, h));
        } else if (b[i].x1 > x) {
            continue;
        } else {
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
            runs = r - l < CROSS_GAP * h && !known_gap(known, l, r, h);
        }
        if (!runs)
            continue;
        size_t k = 0;
        while (k < nasked && asked[k] != cy)
            k++;
        if (k < nasked)
            continue; /* a line of two cells (aligned_pair said so before) */
        if (!aligned_pair(b, n, cy, x, x0, x1, h, ls, rs))
            return 1;
        if (nasked < LINES_ASKED)
            asked[nasked++] = cy;
    }
    return 0;
}

/* Builds out from g with the extra edges, splitting each unspanned cell at them and
 * keeping together what a line of text crosses. */
static int rebuild(const tl_grid *g, const double *xs, int ncols, const double *ys, int nrows, const tl_box *b,
                   size_t n, double h, const tl_gutters *known, tl_grid *out)
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
    /* where each column's text starts: its leftmost glyph */
    double *start = malloc((size_t)ncols * sizeof *start);
    if (!start)
        return -1;
    for (int c = 0; c < ncols; c++)
        start[c] = NAN;
    for (size_t i = 0; i < n; i++) {
        double mid = (b[i].x0 + b[i].x1) / 2;
        for (int c = 0; c < ncols; c++)
            if (mid >= xs[c] && mid < xs[c + 1] && !(b[i].x0 >= start[c]))
                start[c] = b[i].x0;
    }
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
                while (!whole && e < c1 &&
                       crossed(b, n, xs[e], ys[r], ys[r + 1], xs[c0], xs[c1], h, e > c + 1 ? xs[e - 1] : NAN,
                               known, start[e - 1], start[e]))
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
    free(start);
    return 0;
}

void tl_grid_cells_of(const tl_grid *g, const tl_box *b, size_t n, int *cell)
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
static int refine_pass(const tl_grid *g, const tl_box *b, const unsigned char *num, size_t n, double h, double gut,
                       int rows, const tl_gutters *known, int *justified, double **edges, int *nedges)
{
    int *cell = malloc((n ? n : 1) * sizeof *cell);
    double cuts[64], *found = NULL;
    size_t nfound = 0, capfound = 0;
    int cut_rows = 0, rc = -1;
    if (!cell)
        return -1;
    tl_grid_cells_of(g, b, n, cell);
    for (int k = 0; k < (rows ? g->nrows : g->ncols); k++) {
        size_t m = rows ? row_cuts(g, k, b, num, cell, n, h, cuts, sizeof cuts / sizeof *cuts)
                        : col_cuts(g, k, b, num, cell, n, h, gut, known, justified, cuts, sizeof cuts / sizeof *cuts);
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

/* Whether the open grid g (rules across only, one column) carries on the table the
 * page before ended with: the same ends (same_table gave known), every gutter its
 * own text shows within a gutter's width of a known one, and few lines running over
 * a known gutter (a row across the table does, a column of another table would on
 * every line).  Its columns are then the known ones, those its text leaves empty too:
 * a page that opens with a cell carried on over the break and a row or two of
 * actions without their objective fills two or three of five columns, and from its
 * own gutters alone would be a narrower table that stitches to nothing. */
static int carries_known_columns(const tl_grid *g, const tl_box *b, size_t n, double h, double gut,
                                 const tl_gutters *known, const double *xs, int ncols)
{
    if (!g->open || g->ncols != 1 || !known || !known->n)
        return 0;
    for (int c = 1; c < ncols; c++) {
        int near = 0;
        for (size_t k = 0; k < known->n && !near; k++)
            near = fabs(known->x[k] - xs[c]) <= gut;
        if (!near)
            return 0;
    }
    int *cell = calloc(n ? n : 1, sizeof *cell);
    tl_span *ph = NULL;
    size_t np = 0, lines = cell ? tl_grid_phrases(g, 0, b, cell, n, h, gut, known, &ph, &np) : 0, over = 0;
    /* phrases come line by line, rising in x: a fall starts the next line */
    int line_over = 0;
    for (size_t i = 0; i < np; i++) {
        if (i && ph[i].a < ph[i - 1].b) {
            over += (size_t)line_over;
            line_over = 0;
        }
        for (size_t k = 0; k < known->n; k++)
            line_over |= ph[i].a < known->x[k] - 1 && ph[i].b > known->x[k] + 1;
    }
    over += (size_t)line_over;
    free(ph);
    free(cell);
    return lines && 3 * over <= lines;
}

/* Columns first: a row's cells are known only once its columns are, and a ruled box
 * holding a whole table (rules at top and bottom only) has one cell a row.  The
 * cells are split once, at the end, where a line crossing a new edge keeps them
 * together row by row. */
int tl_grid_refine(const tl_grid *g, const tl_box *b, const unsigned char *num, size_t n, const tl_gutters *known,
                   tl_grid *out, int *justified)
{
    memset(out, 0, sizeof *out);
    *justified = 0;
    if (!n)
        return 1;
    double h = tl_boxes_median_height(b, n), gut = tl_gutter_min(b, n, h);
    double *xs = dup_edges(g->xs, g->ncols), *ys = dup_edges(g->ys, g->nrows);
    int ncols = g->ncols, nrows = g->nrows, rc = -1;
    tl_grid split = { 0 };
    if (!xs || !ys || refine_pass(g, b, num, n, h, gut, 0, known, justified, &xs, &ncols))
        goto out;
    if (carries_known_columns(g, b, n, h, gut, known, xs, ncols)) {
        double *k = realloc(xs, (known->n + 2) * sizeof *k);
        if (!k)
            goto out;
        xs = k;
        xs[0] = g->xs[0];
        memcpy(xs + 1, known->x, known->n * sizeof *xs);
        xs[known->n + 1] = g->xs[1];
        ncols = (int)known->n + 1;
    }
    if (ncols != g->ncols) {
        if (rebuild(g, xs, ncols, ys, nrows, NULL, 0, h, NULL, &split) ||
            refine_pass(&split, b, num, n, h, gut, 1, NULL, justified, &ys, &nrows))
            goto out;
    } else if (refine_pass(g, b, num, n, h, gut, 1, NULL, justified, &ys, &nrows)) {
        goto out;
    }
    rc = ncols == g->ncols && nrows == g->nrows ? 1 : rebuild(g, xs, ncols, ys, nrows, b, n, h, known, out);
out:
    tl_grid_clear(&split);
    free(xs);
    free(ys);
    return rc;
}
