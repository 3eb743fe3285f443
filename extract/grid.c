/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cell grids ruling lines draw (rules.c finds the rules).  Rules that cross each
 * other form a table; where the rule between two grid units is missing, the cell
 * spans them. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define JOIN_TOL 2.0         /* points: rules this close are taken to touch */
#define SAME_EDGE 6.0        /* points: edges closer than this are one edge */
#define SEP_COVER 0.5        /* a separator is there when rules cover half of it */
#define MAX_CROSSINGS 4000000 /* rule pairs tested per page; beyond it, no grids */

size_t tl_uf_find(size_t *p, size_t i)
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

void tl_sort_doubles(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
}

/* Sorted positions with near neighbours folded into their mean. */
static size_t cluster(double *p, size_t n)
{
    tl_sort_doubles(p, n);
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
                size_t a = tl_uf_find(parent, i), b = tl_uf_find(parent, nh + j);
                if (a != b)
                    parent[a] = b;
            }
    for (size_t root = 0; root < all; root++) {
        if (tl_uf_find(parent, root) != root)
            continue;
        size_t kh = 0, kv = 0;
        for (size_t i = 0; i < nh; i++)
            if (tl_uf_find(parent, i) == root)
                hs[kh++] = &r->h[i];
        for (size_t j = 0; j < nv; j++)
            if (tl_uf_find(parent, nh + j) == root)
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
