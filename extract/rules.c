/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ruling lines in an ink image: long, thin runs of ink, and the edges of filled areas
 * that hold a word (a shaded table's cells).
 *
 * Works on an ink image, so the same code serves a PDF page rendered by Poppler and a
 * binarised scan.  A rule is a long, thin run of ink; the caller removes text first
 * (the PDF extractor paints over its glyph boxes) or relies on min_len being longer
 * than any stroke of a letter.  grid.c makes cell grids of the rules. */
#include "layout.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INK_MIN 96           /* grey rules (50 % is common) count, light shading not */
#define INK_FAINT 40         /* a hairline thinner than a pixel renders this light: */
#define FAINT_LEN 4          /* it counts when this many times the shortest rule long */
#define JOIN_TOL 2.0         /* points: rules this close are taken to touch */

typedef struct seg {
    int p0, p1; /* across: first and last pixel row (or column) */
    int a0, a1; /* along: first and last pixel */
    int last;   /* last row it was extended on */
} seg;

typedef struct segs {
    seg *v;
    size_t n, cap;
} segs;

typedef struct run {
    int line, a0, a1; /* across position; first and last pixel along */
} run;

typedef struct runs {
    run *v;
    size_t n, cap;
} runs;

static int add_run(runs *r, int line, int a0, int a1)
{
    if (tl_grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v))
        return -1;
    r->v[r->n++] = (run){ line, a0, a1 };
    return 0;
}

/* Eight pixels as one word: pages are mostly paper, and skipping it a word at a
 * time is what keeps rule finding cheap. */
static uint64_t word8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* The first x from x on where row may have ink (w at most): paper is skipped 32
 * pixels, then 8, at a time. */
static int skip_paper(const unsigned char *row, int x, int w)
{
    while (x + 32 <= w && !(word8(row + x) | word8(row + x + 8) | word8(row + x + 16) | word8(row + x + 24)))
        x += 32;
    while (x + 8 <= w && !word8(row + x))
        x += 8;
    return x;
}

/* What a sweep looks for: runs of pixels whose ink is in [lo, hi], minpx long at
 * least, into out.  One sweep serves every kind at once: the page is read once. */
typedef struct ink_kind {
    int minpx, lo, hi;
    runs *out;
} ink_kind;

#define KINDS 2

/* Horizontal runs, row by row.  A one-pixel gap does not end a run (anti-aliasing,
 * noise). */
static int runs_h(const tl_ink *ink, const ink_kind *kind)
{
    for (int y = 0; y < ink->h; y++) {
        const unsigned char *row = ink->px + (size_t)y * ink->stride;
        int start[KINDS], last[KINDS], open = 0;
        for (int k = 0; k < KINDS; k++)
            start[k] = -1, last[k] = -2;
        for (int x = 0; x < ink->w;) {
            if (!open) {
                int next = skip_paper(row, x, ink->w);
                if (next != x) {
                    x = next;
                    continue;
                }
            }
            for (int k = 0; k < KINDS; k++) {
                const ink_kind *kk = &kind[k];
                if (row[x] >= kk->lo && row[x] <= kk->hi) {
                    if (start[k] < 0 || x - last[k] > 2) {
                        open += start[k] < 0;
                        start[k] = x;
                    }
                    last[k] = x;
                } else if (start[k] >= 0 && x - last[k] > 1) {
                    if (last[k] - start[k] + 1 >= kk->minpx && add_run(kk->out, y, start[k], last[k]))
                        return -1;
                    start[k] = -1;
                    open--;
                }
            }
            x++;
        }
        for (int k = 0; k < KINDS; k++)
            if (start[k] >= 0 && last[k] - start[k] + 1 >= kind[k].minpx &&
                add_run(kind[k].out, y, start[k], last[k]))
                return -1;
    }
    return 0;
}

/* Vertical runs, still read row by row (columns are a cache miss per pixel): each
 * column keeps its open run, closed lazily when ink comes back after a gap. */
static int runs_v(const tl_ink *ink, const ink_kind *kind)
{
    size_t w = (size_t)ink->w;
    int *start = malloc(KINDS * w * sizeof *start), *last = malloc(KINDS * w * sizeof *last);
    int rc = 0;
    if (!start || !last) {
        rc = -1;
        goto done;
    }
    for (size_t x = 0; x < KINDS * w; x++)
        start[x] = -1, last[x] = -2;
    for (int y = 0; y < ink->h && !rc; y++) {
        const unsigned char *row = ink->px + (size_t)y * ink->stride;
        for (int b = 0; b < ink->w && !rc; b += 8) {
            int next = skip_paper(row, b, ink->w);
            if (next != b) {
                b = next - 8;
                continue;
            }
            for (int i = 0; i < 8 && b + i < ink->w && !rc; i++) {
                int x = b + i;
                for (int k = 0; k < KINDS && !rc; k++) {
                    int *st = start + (size_t)k * w, *la = last + (size_t)k * w;
                    if (row[x] < kind[k].lo || row[x] > kind[k].hi)
                        continue;
                    if (st[x] >= 0 && y - la[x] <= 2) {
                        la[x] = y;
                        continue;
                    }
                    if (st[x] >= 0 && la[x] - st[x] + 1 >= kind[k].minpx)
                        rc = add_run(kind[k].out, x, st[x], la[x]);
                    st[x] = la[x] = y;
                }
            }
        }
    }
    for (int k = 0; k < KINDS && !rc; k++)
        for (size_t x = 0; x < w && !rc; x++) {
            int *st = start + (size_t)k * w, *la = last + (size_t)k * w;
            if (st[x] >= 0 && la[x] - st[x] + 1 >= kind[k].minpx)
                rc = add_run(kind[k].out, (int)x, st[x], la[x]);
        }
done:
    free(start);
    free(last);
    return rc;
}

static int cmp_run(const void *a, const void *b)
{
    const run *x = a, *y = b;
    if (x->line != y->line)
        return x->line - y->line;
    return x->a0 - y->a0;
}

/* Runs (sorted by line) glued to the run of the line before when they overlap, so a
 * rule two or three pixels thick is one segment. */
static int glue_runs(const runs *r, segs *out)
{
    size_t live = 0; /* segments before this index ended before the previous line */
    for (size_t i = 0; i < r->n; i++) {
        int line = r->v[i].line, s = r->v[i].a0, e = r->v[i].a1;
        while (live < out->n && out->v[live].last < line - 1)
            live++;
        seg *hit = NULL;
        for (size_t k = live; k < out->n; k++) {
            seg *g = &out->v[k];
            if (g->last != line - 1)
                continue;
            int lo = g->a0 > s ? g->a0 : s, hi = g->a1 < e ? g->a1 : e;
            int shorter = (g->a1 - g->a0 < e - s) ? g->a1 - g->a0 : e - s;
            if (hi - lo >= shorter / 2) {
                hit = g;
                break;
            }
        }
        if (hit) {
            hit->p1 = line;
            hit->last = line;
            if (s < hit->a0)
                hit->a0 = s;
            if (e > hit->a1)
                hit->a1 = e;
            continue;
        }
        if (tl_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
            return -1;
        out->v[out->n++] = (seg){ line, line, s, e, line };
    }
    return 0;
}

/* The segments of one axis: runs of each kind in one sweep, then glued kind after
 * kind in the order given (a later kind may lengthen an earlier kind's segment). */
static int scan_axis(const tl_ink *ink, int horiz, const int *minpx, const int *lo, const int *hi, segs *out)
{
    runs r[KINDS] = { { 0 } };
    ink_kind kind[KINDS];
    for (int k = 0; k < KINDS; k++)
        kind[k] = (ink_kind){ minpx[k], lo[k], hi[k], &r[k] };
    int rc = horiz ? runs_h(ink, kind) : runs_v(ink, kind);
    for (int k = 0; k < KINDS; k++) {
        if (!rc && !horiz && r[k].n > 1)
            qsort(r[k].v, r[k].n, sizeof *r[k].v, cmp_run);
        if (!rc)
            rc = glue_runs(&r[k], out);
        free(r[k].v);
    }
    return rc;
}

static int cmp_rule(const void *a, const void *b)
{
    const tl_rule *x = a, *y = b;
    if (fabs(x->pos - y->pos) > 0.01)
        return x->pos < y->pos ? -1 : 1;
    return (x->a0 > y->a0) - (x->a0 < y->a0);
}

/* Segments to rules in points, fills dropped, collinear pieces joined. */
static int to_rules(const tl_ink *ink, const segs *s, double max_thick, tl_rule **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!s->n)
        return 0;
    tl_rule *r = malloc(s->n * sizeof *r);
    if (!r)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
        const seg *g = &s->v[i];
        if ((g->p1 - g->p0 + 1) / ink->scale > max_thick)
            continue;
        r[m++] = (tl_rule){ (g->p0 + g->p1 + 1) / 2.0 / ink->scale, g->a0 / ink->scale,
                            (g->a1 + 1) / ink->scale };
    }
    if (m > 1)
        qsort(r, m, sizeof *r, cmp_rule);
    /* Sorted by position first, so the piece a rule continues with may lie a little
     * further across and start before it; pieces that do not meet along stay apart
     * (two tables side by side with their top rules in line). */
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        size_t j = k;
        while (j > 0 && fabs(r[j - 1].pos - r[i].pos) <= 1.5 &&
               (r[i].a0 > r[j - 1].a1 + JOIN_TOL || r[i].a1 < r[j - 1].a0 - JOIN_TOL))
            j--;
        if (j > 0 && fabs(r[j - 1].pos - r[i].pos) <= 1.5) {
            r[j - 1].a0 = fmin(r[j - 1].a0, r[i].a0);
            r[j - 1].a1 = fmax(r[j - 1].a1, r[i].a1);
            continue;
        }
        r[k++] = r[i];
    }
    *out = r;
    *n = k;
    return 0;
}

/* Where ink changes by this much from one pixel to the next (or across a few, so an
 * edge anti-aliased over two pixels counts), a filled area begins or ends. */
#define EDGE_STEP 24
#define MAX_FILLS 256      /* filled areas on a page, at most, to look into (a pattern of
                              thousands, a halftone or a chessboard, is no table) */
#define MAX_FILL_SHARE 0.6 /* of the page: a larger filled area is its background or a
                              scanned page under a text layer, not a table's shading */

typedef struct fbox {
    int x0, y0, x1, y1; /* pixels, inclusive */
} fbox;

static int ink_at(const tl_ink *ink, int x, int y)
{
    if (x < 0 || y < 0 || x >= ink->w || y >= ink->h)
        return 0;
    return ink->px[(size_t)y * ink->stride + (size_t)x];
}

/* Whether ink changes at pixel 0 of v[-2..2] (v + 2 is pixel 0): between it and the
 * one before, or across one or two pixels each side, so that an edge marks a band
 * about four pixels wide and two edges a narrow gap apart mark one band. */
static int step(const int *v)
{
    return abs(v[2] - v[1]) >= EDGE_STEP || abs(v[3] - v[1]) >= EDGE_STEP || abs(v[4] - v[0]) >= EDGE_STEP;
}

static int add_seg(segs *s, seg g)
{
    if (tl_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
        return -1;
    s->v[s->n++] = g;
    return 0;
}

/* Two shaded cells parted by a narrow white gap give their two edges as one band as
 * wide as the gap and both edges: one rule, down its middle.  Wider bands are
 * gradients. */
static int add_edge_segs(segs *s, const segs *in, int across, int along, int max_px)
{
    for (size_t i = 0; i < in->n; i++) {
        seg g = in->v[i]; /* from the area's pixels to the page's */
        g.p0 += across, g.p1 += across, g.last += across, g.a0 += along, g.a1 += along;
        int thick = g.p1 - g.p0 + 1;
        if (thick > 2 * max_px)
            continue;
        if (thick > max_px)
            g.p0 = g.p1 = g.last = (g.p0 + g.p1) / 2;
        if (add_seg(s, g))
            return -1;
    }
    return 0;
}

/* The edges of one filled area as two ink images (edges across, edges down), then
 * their runs as segments in page pixels. */
static int box_edges(const tl_ink *ink, fbox b, int minpx, int max_px, segs *h, segs *v)
{
    int bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1;
    unsigned char *eh = calloc((size_t)bw * (size_t)bh, 1), *ev = calloc((size_t)bw * (size_t)bh, 1);
    int rc = 0;
    if (!eh || !ev) {
        rc = -1;
        goto done;
    }
    size_t st = ink->stride;
    for (int y = 0; y < bh; y++) {
        int py = b.y0 + y, inner = py >= 2 && py + 2 < ink->h;
        const unsigned char *row = ink->px + (size_t)py * st;
        for (int x = 0; x < bw; x++) {
            int px = b.x0 + x, down[5], across[5];
            if (inner && px >= 2 && px + 2 < ink->w) /* no pixel off the page: read direct */
                for (int d = -2; d <= 2; d++) {
                    down[d + 2] = row[(ptrdiff_t)px + d * (ptrdiff_t)st];
                    across[d + 2] = row[px + d];
                }
            else
                for (int d = -2; d <= 2; d++) {
                    down[d + 2] = ink_at(ink, px, py + d);
                    across[d + 2] = ink_at(ink, px + d, py);
                }
            if (step(down))
                eh[(size_t)y * (size_t)bw + (size_t)x] = 255;
            if (step(across))
                ev[(size_t)y * (size_t)bw + (size_t)x] = 255;
        }
    }
    const int len[KINDS] = { minpx, minpx }, lo[KINDS] = { 1, 256 }, hi[KINDS] = { 255, 255 };
    tl_ink ih = { eh, bw, bh, (size_t)bw, ink->scale }, iv = ih;
    iv.px = ev;
    /* fresh lists: gluing looks at every segment that ended a line before, and the
     * page's own must not take these edges in */
    segs eh_s = { 0 }, ev_s = { 0 };
    rc = scan_axis(&ih, 1, len, lo, hi, &eh_s);
    if (!rc)
        rc = scan_axis(&iv, 0, len, lo, hi, &ev_s);
    if (!rc)
        rc = add_edge_segs(h, &eh_s, b.y0, b.x0, max_px);
    if (!rc)
        rc = add_edge_segs(v, &ev_s, b.x0, b.y0, max_px);
    free(eh_s.v);
    free(ev_s.v);
done:
    free(eh);
    free(ev);
    return rc;
}

/* A page's coloured bands, a picture, a chart's plot area hold no words; a shaded
 * cell does, or lies in one area with shaded cells that do. */
static int holds_word(const tl_ink *ink, fbox b, const tl_box *words, size_t nwords)
{
    for (size_t i = 0; i < nwords; i++) {
        double cx = (words[i].x0 + words[i].x1) / 2 * ink->scale, cy = (words[i].y0 + words[i].y1) / 2 * ink->scale;
        if (cx >= b.x0 && cx <= b.x1 && cy >= b.y0 && cy <= b.y1)
            return 1;
    }
    return 0;
}

/* A run thicker than a rule and as long as one: a filled area. */
static int is_fill(const seg *g, int minpx, int max_px)
{
    return g->p1 - g->p0 + 1 > max_px && g->a1 - g->a0 + 1 >= minpx;
}

static int overlap(fbox a, fbox b)
{
    return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

/* Shaded tables draw their cells as filled areas: white gaps, or the border between
 * two shades, part the cells where a ruled table has rules, and a rule drawn across
 * a shaded column runs into the shade and is one thick run with it.  So the edges of
 * every filled area (a run thicker than a rule) are rules too.  Each area is looked
 * into once (overlapping ones as one); merging is quadratic, so a page of a great
 * many is not looked into. */
static int fill_edges(const tl_ink *ink, int minpx, int max_px, const tl_box *words, size_t nwords, segs *h,
                      segs *v, tl_rules *out)
{
    fbox *bx = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    size_t fills = 0, shades_cap = 0;
    for (size_t i = 0; i < h->n; i++)
        fills += (size_t)is_fill(&h->v[i], minpx, max_px);
    if (fills > MAX_FILLS)
        return 0;
    for (size_t i = 0; i < h->n && !rc; i++) {
        const seg *g = &h->v[i];
        if (!is_fill(g, minpx, max_px))
            continue;
        fbox b = { g->a0 - 2, g->p0 - 2, g->a1 + 2, g->p1 + 2 };
        for (size_t k = 0; k < n;) { /* absorb every box it meets */
            if (!overlap(b, bx[k])) {
                k++;
                continue;
            }
            b = (fbox){ b.x0 < bx[k].x0 ? b.x0 : bx[k].x0, b.y0 < bx[k].y0 ? b.y0 : bx[k].y0,
                        b.x1 > bx[k].x1 ? b.x1 : bx[k].x1, b.y1 > bx[k].y1 ? b.y1 : bx[k].y1 };
            bx[k] = bx[--n];
            k = 0;
        }
        if (tl_grow((void **)&bx, &cap, n + 1, sizeof *bx))
            rc = -1;
        else
            bx[n++] = b;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        fbox b = { bx[i].x0 < 0 ? 0 : bx[i].x0, bx[i].y0 < 0 ? 0 : bx[i].y0,
                   bx[i].x1 >= ink->w ? ink->w - 1 : bx[i].x1, bx[i].y1 >= ink->h ? ink->h - 1 : bx[i].y1 };
        double area = (double)(b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1);
        if (area <= MAX_FILL_SHARE * ink->w * ink->h && holds_word(ink, b, words, nwords)) {
            rc = box_edges(ink, b, minpx, max_px, h, v);
            if (!rc && !(rc = tl_grow((void **)&out->shades, &shades_cap, out->nshades + 1, sizeof *out->shades)))
                out->shades[out->nshades++] = (tl_box){ b.x0 / ink->scale, b.y0 / ink->scale,
                                                        (b.x1 + 1) / ink->scale, (b.y1 + 1) / ink->scale };
        }
    }
    free(bx);
    return rc;
}

int tl_rules_find(const tl_ink *ink, double min_len, double max_thick, const tl_box *words, size_t nwords,
                  tl_rules *out)
{
    memset(out, 0, sizeof *out);
    int minpx = (int)ceil(min_len * ink->scale);
    if (minpx < 2)
        minpx = 2;
    segs h = { 0 }, v = { 0 };
    /* Dark runs as short as a rule may be; faint ones (hairlines drawn as filled
     * rectangles under a pixel wide) of faint pixels only, and only when long: a
     * letter's anti-aliased edge outside its wiped box is faint too, but short, and
     * must not lengthen a dark rule it touches. */
    const int len[KINDS] = { minpx, FAINT_LEN * minpx }, lo[KINDS] = { INK_MIN, INK_FAINT },
              hi[KINDS] = { 255, INK_MIN - 1 };
    int rc = scan_axis(ink, 1, len, lo, hi, &h);
    if (!rc)
        rc = scan_axis(ink, 0, len, lo, hi, &v);
    if (!rc)
        rc = fill_edges(ink, minpx, (int)floor(max_thick * ink->scale), words, nwords, &h, &v, out);
    if (!rc)
        rc = to_rules(ink, &h, max_thick, &out->h, &out->nh);
    if (!rc)
        rc = to_rules(ink, &v, max_thick, &out->v, &out->nv);
    free(h.v);
    free(v.v);
    if (rc)
        tl_rules_free(out);
    return rc;
}

void tl_rules_free(tl_rules *r)
{
    free(r->h);
    free(r->v);
    free(r->shades);
    memset(r, 0, sizeof *r);
}
