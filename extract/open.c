/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tables ruled across only (booktabs: a rule above, below and under the header; or
 * rules between rows and none down): the rules of the same ends, one under another,
 * bound one table while what lies between them reads as its rows; each such table is
 * a grid of one column that tl_grid_refine (refine.c) cuts into columns and rows by
 * its text.  Internal to the extract stage (layout.h). */
#include "refine.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define OPEN_MIN_LEN 72.0  /* points: a shorter rule underlines, it does not bound */
#define OPEN_SAME_END 4.0  /* points: rules whose ends are this close bound one table */
#define OPEN_MAX_GAP 800.0 /* points: rules farther apart bound no one table (a page) */
#define ACROSS_LINES 4   /* lines at most in a row across a table (an objective's title) */
#define ACROSS_PITCH 1.3 /* its line pitches, the widest to the narrowest */
#define OPEN_RIVER 0.35      /* of the glyph height (a word space: 0.2-0.3): a blank down a band's lines, */
#define OPEN_RIVER_LINES 3   /* down this many at least, parts columns */

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

/* The widest blank that runs down through every line of the words w, between two
 * of them (0 when none): a tall row (one cell of many lines beside cells of few) has
 * most of its lines in one piece, but its cells still stand apart all the way down. */
static double widest_blank_down(const tl_box *w, size_t m)
{
    tl_span *s = malloc((m ? m : 1) * sizeof *s);
    if (!s)
        return 0;
    for (size_t i = 0; i < m; i++)
        s[i] = (tl_span){ w[i].x0, w[i].x1 };
    size_t k = tl_spans_merge(s, m);
    double widest = 0;
    for (size_t i = 1; i < k; i++)
        widest = fmax(widest, s[i].a - s[i - 1].b);
    free(s);
    return widest;
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
        double h = tl_boxes_median_height(in, m);
        tl_gcell one = { 0, 0, 1, 1 };
        int owner = 0;
        double xs[2] = { x0, x1 }, ys[2] = { y0, y1 };
        tl_grid g = { xs, ys, 1, 1, &owner, &one, 1, { x0, y0, x1, y1 }, 0 };
        int *cell = calloc(m, sizeof *cell);
        tl_span *ph = NULL;
        size_t np = 0, lines = cell ? tl_grid_phrases(&g, 0, in, cell, m, h, TL_GUTTER_MIN * h, NULL, &ph, &np) : 0;
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
            /* Down many lines a narrower blank parts columns too: a cell's padding
             * on either side of a rule not drawn is narrower than the gutter a
             * line needs at large sizes (LibreOffice's 0.1 cm a side at 12 pt:
             * 0.4 of the glyph height), and no word spaces of prose line up down
             * three lines. */
            double blank = multi >= 1 && lines >= 2 ? widest_blank_down(in, m) : 0;
            ok = 2 * multi >= lines || (multi >= 1 && lines >= 2 && blank >= TL_GUTTER_MIN * h) ||
                 (multi >= 1 && lines >= OPEN_RIVER_LINES && blank >= OPEN_RIVER * h);
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

/* Whether the text between y0 and y1 (and x0, x1) is short enough for a row across a
 * table (an objective's title): two lines, or up to ACROSS_LINES in one paragraph,
 * its lines at one pitch (a note under one table and the caption over the next have
 * a wider gap between them, and often another size). */
static int row_across(const tl_box *w, size_t nw, double x0, double x1, double y0, double y1)
{
    size_t m, lines = 0;
    tl_box *in = words_in(w, nw, x0, x1, y0, y1, &m);
    if (!in)
        return 0;
    qsort(in, m, sizeof *in, cmp_box_cy);
    double h = tl_boxes_median_height(in, m), last = -INFINITY, first = 0, lo = INFINITY, hi = 0;
    for (size_t i = 0; i < m; i++) {
        double cy = (in[i].y0 + in[i].y1) / 2;
        if (cy - last > 0.5 * h) {
            if (lines) {
                lo = fmin(lo, cy - first);
                hi = fmax(hi, cy - first);
            }
            lines++;
            first = cy;
        }
        last = cy;
    }
    free(in);
    return lines <= 2 || (lines <= ACROSS_LINES && hi <= ACROSS_PITCH * lo);
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
            if (b->x0 > left + TL_GUTTER_MIN * h)
                next = fmin(next, b->x0);
        }
        /* in the first column too when it stays inside it (prose runs across) */
        ok = starts >= 2 && (left > first + TL_GUTTER_MIN * h || right < next - TL_GUTTER_MIN * h / 2);
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

/* Whether the table the page before ended with had the ends x0, x1. */
static int same_ends(const tl_gutters *known, double x0, double x1)
{
    return known && known->n && fabs(known->x0 - x0) <= OPEN_SAME_END && fabs(known->x1 - x1) <= OPEN_SAME_END;
}

/* Whether the text between y0 and y1 (and x0, x1) stays inside one column of the
 * table the page before ended with (a table of the same ends): a cell carried on
 * over the page break. */
static int in_known_column(const tl_box *w, size_t nw, double x0, double x1, double y0, double y1,
                           const tl_gutters *known)
{
    if (!same_ends(known, x0, x1))
        return 0;
    size_t m;
    tl_box *in = words_in(w, nw, x0, x1, y0, y1, &m);
    double left = INFINITY, right = -INFINITY;
    for (size_t i = 0; in && i < m; i++) {
        left = fmin(left, in[i].x0);
        right = fmax(right, in[i].x1);
    }
    free(in);
    if (!m)
        return 0;
    /* the first column too: between rules of the table's ends, text that stays
     * inside it is a cell of it (an objective's title on a row of its own), not
     * prose, which runs across */
    if (right <= known->x[0])
        return 1;
    for (size_t c = 0; c < known->n; c++)
        if (left >= known->x[c] && right <= (c + 1 < known->n ? known->x[c + 1] : known->x1))
            return 1;
    return 0;
}

/* Whether the band from y0 down to rule j and the bands after it, one cell's text
 * each, carry a cell on until a band that reads as rows: a cell taller than its page
 * between rules across (LibreOffice rules every part of a row it breaks) before the
 * next row, or before a row across the table (an objective's title, a line or two)
 * and the rows under it; inside a column of the table the page before ended with,
 * to the last rule too (the cell goes on over the next page), or to a row across
 * there.  `before` is where the band above y0 starts. */
#define CARRY_BANDS 8
static int carried_to_rows(const tl_rule *h, size_t m, const char *used, size_t i, size_t j, const tl_box *w,
                           size_t nw, const tl_gutters *known, double before, double y0, double hh)
{
    for (int step = 0; step < CARRY_BANDS && j < m; step++) {
        size_t k = next_rule(h, m, used, i, j);
        int known_col = in_known_column(w, nw, h[i].a0, h[i].a1, y0, h[j].pos, known);
        int across = step > 0 && row_across(w, nw, h[i].a0, h[i].a1, y0, h[j].pos);
        if (k >= m)
            return known_col || (across && same_ends(known, h[i].a0, h[i].a1));
        int carry = known_col || column_carries_on(w, nw, h[i].a0, h[i].a1, y0, h[j].pos, before, h[k].pos, hh);
        if (!carry && !across)
            return 0;
        if (tabular_between(w, nw, h[i].a0, h[i].a1, h[j].pos, h[k].pos))
            return 1;
        if (!carry)
            return 0;
        before = y0;
        y0 = h[j].pos;
        j = k;
    }
    return 0;
}

int tl_grids_add_open(const tl_rules *r, const tl_box *w, size_t nw, const tl_gutters *known, tl_grid **grids,
                      size_t *n)
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
    double hh = tl_boxes_median_height(w, nw);
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
                /* The page's first band too, when the table the page before ended
                 * with has these ends: its carried-on cell above the first row.  A
                 * band inside one column of that table is a row of it wherever it
                 * falls: the table's last row, carried on over the break, ending
                 * above text. */
                if (in_known_column(w, nw, h[i].a0, h[i].a1, last, h[j].pos, known) ||
                    ((ny >= 2 || same_ends(known, h[i].a0, h[i].a1)) &&
                     carried_to_rows(h, m, used, i, j, w, nw, known, ny >= 2 ? ys[ny - 2] : last, last, hh)))
                    goto take;
                if (ny < 2 || k >= m ||
                    (!tabular_between(w, nw, h[i].a0, h[i].a1, h[j].pos, h[k].pos) &&
                     !carried_to_rows(h, m, used, i, k, w, nw, known, last, h[j].pos, hh)))
                    break;
                if (!column_carries_on(w, nw, h[i].a0, h[i].a1, last, h[j].pos, ys[ny - 2],
                                       h[k2 < m ? k2 : k].pos, hh) &&
                    (h[j].pos - last > 3 * (h[k].pos - h[j].pos) ||
                     !row_across(w, nw, h[i].a0, h[i].a1, last, h[j].pos) ||
                     top_pad(w, nw, h[i].a0, h[i].a1, last, h[j].pos) >
                         1.5 * top_pad(w, nw, h[i].a0, h[i].a1, ys[ny - 2], last) + 2))
                    break;
            }
        take:
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
