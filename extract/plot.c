/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ink off a page's rules and shading: a chart's plotted lines, bars and slices.  A
 * table's own ink is its rules and shading (its text is not drawn in the rule
 * image); a chart's lies off both.  Found once per page, on the thread that read
 * it, as one bit a pixel, so that the grids placed later ask in a few word counts. */
#include "layout.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INK_MIN 96     /* as rules.c: dark ink, not shading */
#define PLOT_PAD 2.0   /* points either side of a rule that are the rule's */
#define PLOT_INK 0.02  /* of a grid's area: dark ink off its rules and shades is a plot
                          (ICDAR dev: tables 0.005 at most; bar and pie charts 0.06-0.3,
                          line charts 0.01-0.02, whose text the unruled finder would
                          then take for tables) */
#define SLANT_RISE 30.0 /* points: slanted strokes rising this much in all are a plot's
                           lines (ICDAR dev: line charts and a diagram 36-274 steps at a
                           pixel a point; grids kept as tables 0-5; every grid of the
                           fixtures and layout variants 0) */

/* Clears bits [a, b) of one row, a word at a time where it can. */
static void clear_row(unsigned long long *row, int a, int b)
{
    while (a < b && (a & 63))
        row[a >> 6] &= ~(1ULL << (a & 63)), a++;
    for (; a + 64 <= b; a += 64)
        row[a >> 6] = 0;
    for (; a < b; a++)
        row[a >> 6] &= ~(1ULL << (a & 63));
}

/* Clears box [x0, x1) x [y0, y1) (points) in the plot. */
static void clear_box(tl_plot *p, double x0, double y0, double x1, double y1)
{
    int a = (int)floor(x0 * p->scale), b = (int)ceil(x1 * p->scale);
    int c = (int)floor(y0 * p->scale), d = (int)ceil(y1 * p->scale);
    a = a < 0 ? 0 : a, c = c < 0 ? 0 : c;
    b = b > p->w ? p->w : b, d = d > p->h ? p->h : d;
    for (int y = c; y < d; y++)
        clear_row(p->bits + (size_t)y * p->row_words, a, b);
}

static uint64_t word8(const unsigned char *px)
{
    uint64_t w;
    memcpy(&w, px, sizeof w);
    return w;
}

int tl_plot_find(const tl_ink *ink, const tl_rules *r, tl_plot *out)
{
    tl_plot p = { NULL, ink->w, ink->h, ((size_t)ink->w + 63) / 64, ink->scale };
    p.bits = calloc(p.row_words * (size_t)p.h + 1, sizeof *p.bits);
    if (!p.bits)
        return -1;
    /* most of a page is paper (0 once its text is left out): skipped 8 pixels a time */
    for (int y = 0; y < p.h; y++) {
        const unsigned char *px = ink->px + (size_t)y * ink->stride;
        unsigned long long *row = p.bits + (size_t)y * p.row_words;
        for (int x = 0; x < p.w;) {
            if (!(x & 7) && x + 8 <= p.w && !word8(px + x)) {
                x += 8;
                continue;
            }
            if (px[x] >= INK_MIN)
                row[x >> 6] |= 1ULL << (x & 63);
            x++;
        }
    }
    for (size_t i = 0; i < r->nh; i++)
        clear_box(&p, r->h[i].a0 - PLOT_PAD, r->h[i].pos - PLOT_PAD, r->h[i].a1 + PLOT_PAD, r->h[i].pos + PLOT_PAD);
    for (size_t i = 0; i < r->nv; i++)
        clear_box(&p, r->v[i].pos - PLOT_PAD, r->v[i].a0 - PLOT_PAD, r->v[i].pos + PLOT_PAD, r->v[i].a1 + PLOT_PAD);
    for (size_t i = 0; i < r->nshades; i++)
        clear_box(&p, r->shades[i].x0, r->shades[i].y0, r->shades[i].x1, r->shades[i].y1);
    *out = p;
    return 0;
}

void tl_plot_free(tl_plot *p)
{
    free(p->bits);
    memset(p, 0, sizeof *p);
}

/* Set bits in [x0, x1) of one row. */
static size_t count_row(const unsigned long long *row, int x0, int x1)
{
    size_t n = 0;
    while (x0 < x1 && (x0 & 63))
        n += (row[x0 >> 6] >> (x0 & 63)) & 1, x0++;
    for (; x0 + 64 <= x1; x0 += 64)
        n += (size_t)__builtin_popcountll(row[x0 >> 6]);
    for (; x0 < x1; x0++)
        n += (row[x0 >> 6] >> (x0 & 63)) & 1;
    return n;
}

double tl_plot_share(const tl_plot *p, const tl_box *b)
{
    if (!p || !p->bits)
        return 0;
    int x0 = (int)ceil(b->x0 * p->scale), x1 = (int)floor(b->x1 * p->scale);
    int y0 = (int)ceil(b->y0 * p->scale), y1 = (int)floor(b->y1 * p->scale);
    x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > p->w ? p->w : x1, y1 = y1 > p->h ? p->h : y1;
    if (x1 <= x0 || y1 <= y0)
        return 0;
    size_t plot = 0;
    for (int y = y0; y < y1; y++)
        plot += count_row(p->bits + (size_t)y * p->row_words, x0, x1);
    return (double)plot / ((double)(x1 - x0) * (double)(y1 - y0));
}

/* Bits [64 i + k - 1] of a row for k = 0..63: each pixel's left neighbour. */
static unsigned long long left_of(const unsigned long long *row, size_t i)
{
    return (row[i] << 1) | (i ? row[i - 1] >> 63 : 0);
}

/* Each pixel's right neighbour (row has n words). */
static unsigned long long right_of(const unsigned long long *row, size_t i, size_t n)
{
    return (row[i] >> 1) | (i + 1 < n ? row[i + 1] << 63 : 0);
}

/* Whether grid g holds a plotted line: ink off its rules in slanted strokes, SLANT_RISE
 * points of rise in all, in more than one of its cells or in a frame of one cell.  A
 * slanted stroke's pixels go down a row and across a column with neither pixel between
 * them inked (a step); rules and shades, all a table draws, have no steps, nor has
 * the text, which is not in the image.  A table's one slanted line, a header cell
 * cut corner to corner, stays inside its cell.  Read 64 pixels at a time. */
static int plots_a_line(const tl_plot *p, const tl_grid *g)
{
    const tl_box *b = &g->box;
    int x0 = (int)ceil(b->x0 * p->scale), x1 = (int)floor(b->x1 * p->scale);
    int y0 = (int)ceil(b->y0 * p->scale), y1 = (int)floor(b->y1 * p->scale);
    x0 = x0 < 1 ? 1 : x0, y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > p->w - 1 ? p->w - 1 : x1, y1 = y1 > p->h - 1 ? p->h - 1 : y1;
    if (x1 <= x0)
        return 0;
    size_t steps = 0, n = p->row_words, w0 = (size_t)x0 >> 6, w1 = (size_t)(x1 - 1) >> 6;
    int cell = -1, cells = g->ncells == 1;
    for (int y = y0; y < y1; y++) {
        const unsigned long long *a = p->bits + (size_t)y * n, *d = a + n;
        for (size_t i = w0; i <= w1; i++) {
            if (!a[i])
                continue;
            unsigned long long step = a[i] & ~d[i] &
                                      ((right_of(d, i, n) & ~right_of(a, i, n)) | (left_of(d, i) & ~left_of(a, i)));
            if (i == w0)
                step &= ~0ULL << (x0 & 63);
            if (i == w1 && ((x1 - 1) & 63) != 63)
                step &= (1ULL << (((x1 - 1) & 63) + 1)) - 1;
            steps += (size_t)__builtin_popcountll(step);
            for (; step && !cells; step &= step - 1) {
                int x = (int)(i * 64) + __builtin_ctzll(step);
                int c = tl_grid_cell_at(g, (x + 0.5) / p->scale, (y + 1) / p->scale);
                cells = c >= 0 && cell >= 0 && c != cell;
                cell = c >= 0 ? c : cell;
            }
        }
    }
    return cells && (double)steps >= SLANT_RISE * p->scale;
}

void tl_grids_drop_charts(const tl_plot *p, tl_grid *grids, size_t *n)
{
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        double share = tl_plot_share(p, &grids[i].box);
        if (share > PLOT_INK || (share > 0 && plots_a_line(p, &grids[i]))) {
            tl_grid_clear(&grids[i]);
            continue;
        }
        grids[k++] = grids[i];
    }
    *n = k;
}
