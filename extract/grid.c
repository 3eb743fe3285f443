/* Ruling lines and the cell grids they draw.
 *
 * Works on an ink image, so the same code serves a PDF page rendered by Poppler and a
 * binarised scan.  A rule is a long, thin run of ink; the caller removes text first
 * (the PDF extractor paints over its glyph boxes) or relies on min_len being longer
 * than any stroke of a letter.  Rules that cross each other form a table; where the
 * rule between two grid units is missing, the cell spans them. */
#include "layout.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INK_MIN 96           /* grey rules (50 % is common) count, light shading not */
#define INK_FAINT 40         /* a hairline thinner than a pixel renders this light: */
#define FAINT_LEN 4          /* it counts when this many times the shortest rule long */
#define JOIN_TOL 2.0         /* points: rules this close are taken to touch */
#define SAME_EDGE 6.0        /* points: edges closer than this are one edge */
#define SEP_COVER 0.5        /* a separator is there when rules cover half of it */
#define PLOT_PAD 2.0         /* points either side of a rule that are the rule's */
#define PLOT_INK 0.02        /* of a grid's area: dark ink off its rules and shades is a plot
                                (ICDAR dev: tables 0.005 at most; bar and pie charts 0.06-0.3,
                                line charts 0.01-0.02, whose text the unruled finder would
                                then take for tables) */
#define MAX_CROSSINGS 4000000 /* rule pairs tested per page; beyond it, no grids */

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
static int add_edge_seg(segs *s, seg g, int max_px)
{
    int thick = g.p1 - g.p0 + 1;
    if (thick > 2 * max_px)
        return 0;
    if (thick > max_px)
        g.p0 = g.p1 = g.last = (g.p0 + g.p1) / 2;
    return add_seg(s, g);
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
    for (int y = 0; y < bh; y++)
        for (int x = 0; x < bw; x++) {
            int px = b.x0 + x, py = b.y0 + y, down[5], across[5];
            for (int d = -2; d <= 2; d++) {
                down[d + 2] = ink_at(ink, px, py + d);
                across[d + 2] = ink_at(ink, px + d, py);
            }
            if (step(down))
                eh[(size_t)y * (size_t)bw + (size_t)x] = 255;
            if (step(across))
                ev[(size_t)y * (size_t)bw + (size_t)x] = 255;
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
    for (size_t i = 0; !rc && i < eh_s.n; i++) {
        seg g = eh_s.v[i];
        g.p0 += b.y0, g.p1 += b.y0, g.last += b.y0, g.a0 += b.x0, g.a1 += b.x0;
        rc = add_edge_seg(h, g, max_px);
    }
    for (size_t i = 0; !rc && i < ev_s.n; i++) {
        seg g = ev_s.v[i];
        g.p0 += b.x0, g.p1 += b.x0, g.last += b.x0, g.a0 += b.y0, g.a1 += b.y0;
        rc = add_edge_seg(v, g, max_px);
    }
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
    size_t fills = 0;
    for (size_t i = 0; i < h->n; i++)
        fills += h->v[i].p1 - h->v[i].p0 + 1 > max_px && h->v[i].a1 - h->v[i].a0 + 1 >= minpx;
    if (fills > MAX_FILLS)
        return 0;
    for (size_t i = 0; i < h->n && !rc; i++) {
        const seg *g = &h->v[i];
        if (g->p1 - g->p0 + 1 <= max_px || g->a1 - g->a0 + 1 < minpx)
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
            size_t have = out->nshades;
            if (!rc && !(rc = tl_grow((void **)&out->shades, &have, out->nshades + 1, sizeof *out->shades)))
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

static size_t uf_find(size_t *p, size_t i)
{
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

static int crosses(const tl_rule *h, const tl_rule *v)
{
    return v->pos >= h->a0 - JOIN_TOL && v->pos <= h->a1 + JOIN_TOL &&
           h->pos >= v->a0 - JOIN_TOL && h->pos <= v->a1 + JOIN_TOL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted positions with near neighbours folded into their mean. */
static size_t cluster(double *p, size_t n)
{
    qsort(p, n, sizeof *p, cmp_double);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double sum = 0;
        while (j < n && p[j] - p[i] <= SAME_EDGE)
            sum += p[j++];
        p[k++] = sum / (double)(j - i);
        i = j;
    }
    return k;
}

/* How much of [lo, hi] the rules at `pos` cover, as a fraction. */
static double cover(const tl_rule *const *rs, size_t n, double pos, double lo, double hi)
{
    double got = 0;
    for (size_t i = 0; i < n; i++) {
        const tl_rule *r = rs[i];
        if (fabs(r->pos - pos) > SAME_EDGE)
            continue;
        double a = r->a0 > lo ? r->a0 : lo, b = r->a1 < hi ? r->a1 : hi;
        if (b > a)
            got += b - a;
    }
    return hi > lo ? got / (hi - lo) : 0;
}

void tl_grid_clear(tl_grid *g)
{
    free(g->xs);
    free(g->ys);
    free(g->owner);
    free(g->cells);
    memset(g, 0, sizeof *g);
}

/* A table drawn without its outer borders still ends where the rules across it
 * end: edges e[0..n) (room for n + 2) get lo and hi when they lie outside them.
 * Returns the new count. */
static size_t add_outer(double *e, size_t n, double lo, double hi)
{
    if (lo < e[0] - SAME_EDGE) {
        memmove(e + 1, e, n * sizeof *e);
        e[0] = lo;
        n++;
    }
    if (hi > e[n - 1] + SAME_EDGE)
        e[n++] = hi;
    return n;
}

/* One grid from the crossing rules of one cluster. */
static int build_one(const tl_rule *const *hs, size_t nh, const tl_rule *const *vs, size_t nv,
                     tl_grid *g)
{
    memset(g, 0, sizeof *g);
    double *xs = malloc((nv + 2) * sizeof *xs), *ys = malloc((nh + 2) * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return -1;
    }
    double hx0 = INFINITY, hx1 = -INFINITY, vy0 = INFINITY, vy1 = -INFINITY;
    for (size_t i = 0; i < nh; i++) {
        ys[i] = hs[i]->pos;
        hx0 = fmin(hx0, hs[i]->a0);
        hx1 = fmax(hx1, hs[i]->a1);
    }
    for (size_t i = 0; i < nv; i++) {
        xs[i] = vs[i]->pos;
        vy0 = fmin(vy0, vs[i]->a0);
        vy1 = fmax(vy1, vs[i]->a1);
    }
    size_t nx = add_outer(xs, cluster(xs, nv), hx0, hx1);
    size_t ny = add_outer(ys, cluster(ys, nh), vy0, vy1);
    g->xs = xs;
    g->ys = ys;
    if (nx < 2 || ny < 2)
        return 1;
    int nc = (int)nx - 1, nr = (int)ny - 1;
    g->ncols = nc;
    g->nrows = nr;
    g->owner = malloc((size_t)nr * (size_t)nc * sizeof *g->owner);
    g->cells = malloc((size_t)nr * (size_t)nc * sizeof *g->cells);
    unsigned char *vsep = malloc((size_t)nr * (size_t)nc), *hsep = malloc((size_t)nr * (size_t)nc);
    int *stack = malloc((size_t)nr * (size_t)nc * sizeof *stack);
    if (!g->owner || !g->cells || !vsep || !hsep || !stack) {
        free(vsep);
        free(hsep);
        free(stack);
        return -1;
    }
    /* vsep[r*nc+c]: the rule on the left of unit (r, c); hsep: the rule above it. */
    for (int r = 0; r < nr; r++)
        for (int c = 0; c < nc; c++) {
            vsep[r * nc + c] = c == 0 || cover(vs, nv, xs[c], ys[r], ys[r + 1]) >= SEP_COVER;
            hsep[r * nc + c] = r == 0 || cover(hs, nh, ys[r], xs[c], xs[c + 1]) >= SEP_COVER;
            g->owner[r * nc + c] = -1;
        }
    /* Units joined by missing separators form one cell; row-major discovery keeps
     * the cells in reading order. */
    for (int u = 0; u < nr * nc; u++) {
        if (g->owner[u] >= 0)
            continue;
        int id = g->ncells++, top = 0;
        int r0 = u / nc, c0 = u % nc, r1 = r0, c1 = c0;
        stack[top++] = u;
        g->owner[u] = id;
        while (top) {
            int w = stack[--top], r = w / nc, c = w % nc;
            if (r < r0) r0 = r;
            if (r > r1) r1 = r;
            if (c < c0) c0 = c;
            if (c > c1) c1 = c;
            int nb[4] = { -1, -1, -1, -1 };
            if (c + 1 < nc && !vsep[w + 1]) nb[0] = w + 1;
            if (c > 0 && !vsep[w]) nb[1] = w - 1;
            if (r + 1 < nr && !hsep[w + nc]) nb[2] = w + nc;
            if (r > 0 && !hsep[w]) nb[3] = w - nc;
            for (int k = 0; k < 4; k++)
                if (nb[k] >= 0 && g->owner[nb[k]] < 0) {
                    g->owner[nb[k]] = id;
                    stack[top++] = nb[k];
                }
        }
        g->cells[id] = (tl_gcell){ r0, c0, r1 - r0 + 1, c1 - c0 + 1 };
    }
    free(vsep);
    free(hsep);
    free(stack);
    g->box = (tl_box){ xs[0], ys[0], xs[nx - 1], ys[ny - 1] };
    return 0;
}

/* Interior column edges each row of g has a rule on: used[r * ncols + e]. */
static unsigned char *edges_used(const tl_grid *g, const tl_rule *const *vs, size_t nv)
{
    unsigned char *u = calloc((size_t)g->nrows * (size_t)g->ncols, 1);
    if (!u)
        return NULL;
    for (int r = 0; r < g->nrows; r++)
        for (int e = 1; e < g->ncols; e++)
            u[r * g->ncols + e] = cover(vs, nv, g->xs[e], g->ys[r], g->ys[r + 1]) >= SEP_COVER;
    return u;
}

/* Whether row r has a column edge none of `band` has and band one that r has not:
 * two tables with different columns drawn one right under the other.  (A row with
 * spans only lacks edges; a title row spanning everything has none.) */
static int new_columns(const unsigned char *band, const unsigned char *row, int ncols)
{
    int row_new = 0, band_new = 0;
    for (int e = 1; e < ncols; e++) {
        row_new |= row[e] && !band[e];
        band_new |= band[e] && !row[e];
    }
    return row_new && band_new;
}

/* Builds the grid of one cluster of rules and appends it to *out; a cluster that is
 * several tables stacked without a gap is split into bands of rows with the same
 * columns and each built on its own. */
static int add_grids(const tl_rule *const *hs, size_t nh, const tl_rule *const *vs, size_t nv,
                     tl_grid **out, size_t *nout, size_t *cap, int depth)
{
    tl_grid g;
    int b = build_one(hs, nh, vs, nv, &g);
    if (b) {
        tl_grid_clear(&g);
        return b < 0 ? -1 : 0;
    }
    unsigned char *used = depth ? NULL : edges_used(&g, vs, nv);
    unsigned char *band = calloc((size_t)g.ncols, 1);
    int rc = 0, start = 0, split = 0;
    if (!depth && (!used || !band))
        rc = -1;
    for (int r = 0; !rc && !depth && r <= g.nrows; r++) {
        if (r < g.nrows && (r == start || !new_columns(band, used + r * g.ncols, g.ncols))) {
            for (int e = 0; e < g.ncols; e++)
                band[e] |= used[r * g.ncols + e];
            continue;
        }
        if (r == g.nrows && !split)
            break;
        split = 1;
        /* Rows start..r-1 form a band: its rules, vertical ones cut to its height. */
        double y0 = g.ys[start], y1 = g.ys[r];
        const tl_rule **bh = malloc(nh * sizeof *bh), **bv = malloc(nv * sizeof *bv);
        tl_rule *cut = malloc(nv * sizeof *cut);
        size_t kh = 0, kv = 0;
        if (!bh || !bv || !cut)
            rc = -1;
        for (size_t i = 0; !rc && i < nh; i++)
            if (hs[i]->pos >= y0 - SAME_EDGE && hs[i]->pos <= y1 + SAME_EDGE)
                bh[kh++] = hs[i];
        for (size_t i = 0; !rc && i < nv; i++) {
            double a = fmax(vs[i]->a0, y0), z = fmin(vs[i]->a1, y1);
            if (z - a >= SAME_EDGE) {
                cut[kv] = (tl_rule){ vs[i]->pos, a, z };
                bv[kv] = &cut[kv];
                kv++;
            }
        }
        if (!rc && kh >= 2 && kv >= 2)
            rc = add_grids(bh, kh, bv, kv, out, nout, cap, depth + 1);
        free(bh);
        free(bv);
        free(cut);
        if (r < g.nrows) {
            start = r;
            memset(band, 0, (size_t)g.ncols);
            for (int e = 0; e < g.ncols; e++)
                band[e] = used[r * g.ncols + e];
        }
    }
    free(used);
    free(band);
    if (rc || split) {
        tl_grid_clear(&g);
        return rc;
    }
    if (tl_grow((void **)out, cap, *nout + 1, sizeof **out)) {
        tl_grid_clear(&g);
        return -1;
    }
    (*out)[(*nout)++] = g;
    return 0;
}

static int cmp_grid(const void *a, const void *b)
{
    const tl_grid *x = a, *y = b;
    return (x->box.y0 > y->box.y0) - (x->box.y0 < y->box.y0);
}

int tl_grids_build(const tl_rules *r, tl_grid **grids, size_t *n)
{
    *grids = NULL;
    *n = 0;
    size_t nh = r->nh, nv = r->nv, all = nh + nv;
    if (nh < 2 || nv < 2 || (double)nh * (double)nv > MAX_CROSSINGS)
        return 0;
    size_t *parent = malloc(all * sizeof *parent);
    const tl_rule **hs = malloc(nh * sizeof *hs), **vs = malloc(nv * sizeof *vs);
    tl_grid *out = NULL;
    size_t nout = 0, cap = 0;
    int rc = -1;
    if (!parent || !hs || !vs)
        goto done;
    for (size_t i = 0; i < all; i++)
        parent[i] = i;
    for (size_t i = 0; i < nh; i++)
        for (size_t j = 0; j < nv; j++)
            if (crosses(&r->h[i], &r->v[j])) {
                size_t a = uf_find(parent, i), b = uf_find(parent, nh + j);
                if (a != b)
                    parent[a] = b;
            }
    for (size_t root = 0; root < all; root++) {
        if (uf_find(parent, root) != root)
            continue;
        size_t kh = 0, kv = 0;
        for (size_t i = 0; i < nh; i++)
            if (uf_find(parent, i) == root)
                hs[kh++] = &r->h[i];
        for (size_t j = 0; j < nv; j++)
            if (uf_find(parent, nh + j) == root)
                vs[kv++] = &r->v[j];
        if (kh < 2 || kv < 2)
            continue;
        if (add_grids(hs, kh, vs, kv, &out, &nout, &cap, 0))
            goto done;
    }
    if (nout > 1)
        qsort(out, nout, sizeof *out, cmp_grid);
    *grids = out;
    *n = nout;
    out = NULL;
    nout = 0;
    rc = 0;
done:
    tl_grids_free(out, nout);
    free(parent);
    free(hs);
    free(vs);
    return rc;
}

void tl_grids_free(tl_grid *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tl_grid_clear(&g[i]);
    free(g);
}

/* Index of the interval [e[i], e[i+1]) holding p, or -1. */
static int interval(const double *e, int n, double p)
{
    if (p < e[0] || p >= e[n])
        return -1;
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (e[mid] <= p)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int tl_grid_cell_at(const tl_grid *g, double x, double y)
{
    int c = interval(g->xs, g->ncols, x), r = interval(g->ys, g->nrows, y);
    return c < 0 || r < 0 ? -1 : g->owner[r * g->ncols + c];
}

/* Marks box [x0, x1) x [y0, y1) (points) in the page mask m. */
static void mask_box(unsigned char *m, const tl_ink *ink, double x0, double y0, double x1, double y1)
{
    int a = (int)floor(x0 * ink->scale), b = (int)ceil(x1 * ink->scale);
    int c = (int)floor(y0 * ink->scale), d = (int)ceil(y1 * ink->scale);
    a = a < 0 ? 0 : a, c = c < 0 ? 0 : c;
    b = b > ink->w ? ink->w : b, d = d > ink->h ? ink->h : d;
    for (int y = c; y < d; y++)
        memset(m + (size_t)y * (size_t)ink->w + (size_t)a, 1, b > a ? (size_t)(b - a) : 0);
}

/* A table's ink is its rules and shading (its text is not drawn in the rule image);
 * a chart's plot lines, bars and slices lie off both. */
int tl_grids_drop_charts(const tl_ink *ink, const tl_rules *r, tl_grid *grids, size_t *n)
{
    if (!*n)
        return 0;
    unsigned char *m = calloc((size_t)ink->w * (size_t)ink->h, 1);
    if (!m)
        return -1;
    for (size_t i = 0; i < r->nh; i++)
        mask_box(m, ink, r->h[i].a0 - PLOT_PAD, r->h[i].pos - PLOT_PAD, r->h[i].a1 + PLOT_PAD, r->h[i].pos + PLOT_PAD);
    for (size_t i = 0; i < r->nv; i++)
        mask_box(m, ink, r->v[i].pos - PLOT_PAD, r->v[i].a0 - PLOT_PAD, r->v[i].pos + PLOT_PAD, r->v[i].a1 + PLOT_PAD);
    for (size_t i = 0; i < r->nshades; i++)
        mask_box(m, ink, r->shades[i].x0, r->shades[i].y0, r->shades[i].x1, r->shades[i].y1);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        const tl_box *b = &grids[i].box;
        int x0 = (int)ceil(b->x0 * ink->scale), x1 = (int)floor(b->x1 * ink->scale);
        int y0 = (int)ceil(b->y0 * ink->scale), y1 = (int)floor(b->y1 * ink->scale);
        x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
        x1 = x1 > ink->w ? ink->w : x1, y1 = y1 > ink->h ? ink->h : y1;
        size_t plot = 0, area = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++) {
                size_t at = (size_t)y * (size_t)ink->w + (size_t)x;
                area++;
                plot += !m[at] && ink->px[(size_t)y * ink->stride + (size_t)x] >= INK_MIN;
            }
        if (area && (double)plot > PLOT_INK * (double)area) {
            tl_grid_clear(&grids[i]);
            continue;
        }
        grids[k++] = grids[i];
    }
    *n = k;
    free(m);
    return 0;
}
