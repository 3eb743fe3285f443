/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bands of free text (bands.h).  A blank between two lines parts them when it is
 * wider than BAND_GAP, measured from the page's usual line gap: fonts whose glyph
 * boxes are taller than their line pitch overlap a paragraph's lines, and lines
 * set loosely part a paragraph's lines by more than BAND_GAP. */
#include "bands.h"

#include <math.h>
#include <stdlib.h>
#include <unicode/uchar.h>

#define BAND_GAP 0.30    /* of the line height: a blank this high parts two bands */
#define BAND_USUAL_MIN 4 /* line gaps on a page, at least, to learn its usual one, */
#define USUAL_GLYPHS 2   /* between lines of this many glyphs at least, */
#define USUAL_SPAN 12    /* this many lines above or below the gap, */
#define USUAL_SPREAD 0.10 /* of the line height: most of them this close */
#define LOOSE_MAX 0.60   /* of the line height: the widest blank between lines of one paragraph set loosely (1.6 lines), */
#define LOOSE_MORE 0.15  /* and how much wider than their usual one a blank parts bands there */
#define FLAT_LINE 1.15   /* of the line height: a line no taller is of one height */
#define LOOSE_LOOKBACK 200 /* pieces back, at most, to find the one above a piece */

/* The value that BAND_USUAL_MIN of the n values v (sorted here) or more, and two in
 * five, share to within spread; NAN when none is. */
static double shared(double *v, size_t n, double spread)
{
    if (n < BAND_USUAL_MIN)
        return NAN;
    tl_sort_doubles(v, n);
    size_t best = 0, at = 0;
    for (size_t a = 0, z = 0; a < n; a++) {
        while (z < n && v[z] - v[a] <= spread)
            z++;
        if (z - a > best) {
            best = z - a;
            at = a + (z - a) / 2;
        }
    }
    return best < BAND_USUAL_MIN || 5 * best < 2 * n ? NAN : v[at];
}

/* The usual gap between the lines of text around line l (gaps[k]: the one above line
 * k, NAN where not such): the gap that BAND_USUAL_MIN of them or more and two in five
 * share to within USUAL_SPREAD of the line height h, if below 0; else 0.  Lines set
 * at one pitch share their gap exactly, a chart's labels do not; and around l, for a
 * page's footnotes may be set tighter than its tables. */
static double usual_gap(const double *gaps, size_t nl, size_t l, double h, double *scratch)
{
    size_t n = 0, from = l > USUAL_SPAN ? l - USUAL_SPAN : 0, to = l + USUAL_SPAN < nl ? l + USUAL_SPAN : nl - 1;
    for (size_t k = from; k <= to; k++)
        if (!isnan(gaps[k]))
            scratch[n++] = gaps[k];
    double at = shared(scratch, n, USUAL_SPREAD * h);
    return isnan(at) ? 0 : fmin(0, at);
}

/* The blank between the lines of a paragraph on a page set loosely (a line height
 * of 130 to 160 %), in line heights; NAN on other pages.  Each piece of text that
 * goes on a paragraph (it starts in lower case) is measured against the nearest one
 * above that it stands under: the lines of a paragraph part by one blank, and on a
 * page set loosely it is wider than BAND_GAP - every line would be a band of its
 * own.  Lines of neighbouring cells set at other heights (cells centred in their
 * rows) interleave, so consecutive lines of the page do not tell it; rows of one
 * line each, which start in capitals or figures, are no paragraph's lines.  Wider
 * blanks than LOOSE_MAX are a double-spaced page's. */
static double loose_gap(const tl_lref *r, const tl_pieces *p, double *scratch)
{
    size_t n = 0;
    for (size_t k = 0; k < p->n; k++) {
        const tl_piece *a = &p->v[k];
        if (a->n < USUAL_GLYPHS || !u_islower(tl_glyph_char(r[a->first].g)))
            continue;
        for (size_t j = k, steps = 0; j-- > 0 && steps < LOOSE_LOOKBACK; steps++) {
            const tl_piece *u = &p->v[j];
            if (u->line == a->line || fmin(u->box.x1, a->box.x1) <= fmax(u->box.x0, a->box.x0))
                continue;
            double h = fmin(a->h, u->h);
            if (u->n >= USUAL_GLYPHS && h > 0)
                scratch[n++] = (a->box.y0 - u->box.y1) / h;
            break;
        }
    }
    double at = shared(scratch, n, USUAL_SPREAD);
    return at > BAND_GAP && at <= LOOSE_MAX ? at : NAN;
}

/* Bands of the tl_pieces: lines that follow each other without a blank between them. */
tl_band *tl_bands_find(const tl_lref *r, const tl_pieces *p, size_t *nb)
{
    *nb = 0;
    size_t cap = p->n ? p->n : 1;
    tl_band *b = malloc(cap * sizeof *b);
    double *gaps = malloc(cap * sizeof *gaps), *scratch = malloc(cap * sizeof *scratch);
    if (!b || !gaps || !scratch) {
        free(b);
        free(gaps);
        free(scratch);
        return NULL;
    }
    /* Each line's extent first: b holds one band a line until they are joined. */
    size_t nl = 0, last_glyphs = 0;
    int last_flat = 0;
    for (size_t i = 0; i < p->n;) {
        size_t e = tl_pieces_line_end(p, i);
        double y0 = INFINITY, y1 = -INFINITY, h = 0;
        size_t glyphs = 0;
        for (size_t k = i; k < e; k++) {
            y0 = fmin(y0, p->v[k].box.y0);
            y1 = fmax(y1, p->v[k].box.y1);
            h = fmax(h, p->v[k].h);
            glyphs += p->v[k].n;
        }
        /* lines of text, not a chart's labels or letters set upright; and each of
         * one height: a line that joins cells' lines set at other heights (cells
         * centred in their rows) is taller than its glyphs, and the blank beside it
         * tells nothing of the font's pitch */
        int flat = y1 - y0 <= FLAT_LINE * h;
        gaps[nl] = nl && glyphs >= USUAL_GLYPHS && last_glyphs >= USUAL_GLYPHS && flat && last_flat &&
                           y0 - b[nl - 1].y1 <= BAND_GAP * fmin(h, b[nl - 1].h)
                       ? y0 - b[nl - 1].y1
                       : NAN;
        last_glyphs = glyphs;
        last_flat = flat;
        b[nl++] = (tl_band){ i, e, y0, y1, h, 0, 0 };
        i = e;
    }
    /* A font whose glyph boxes are taller than its line pitch (FreeSans, DejaVu set
     * solid) overlaps the lines of a paragraph: there a blank is measured from the
     * usual overlap, or a table whose rows are parted by a few points only reads as
     * one band. */
    double loose = loose_gap(r, p, scratch);
    for (size_t l = 0; l < nl; l++) {
        tl_band *last = *nb ? &b[*nb - 1] : NULL, cur = b[l];
        double gap = last ? cur.y0 - last->y1 : INFINITY, room = last ? BAND_GAP * fmin(cur.h, last->h) : 0;
        /* the usual gap is never above 0: asked only of a blank that could join; on a
         * page set loosely, a wider blank joins when no wider than its lines' */
        if (gap <= room ? gap <= usual_gap(gaps, nl, l, fmin(cur.h, last->h), scratch) + room
                        : last && gap <= (loose + LOOSE_MORE) * fmin(cur.h, last->h)) {
            last->to = cur.to;
            last->y1 = fmax(last->y1, cur.y1);
            last->h = fmax(last->h, cur.h);
        } else {
            b[(*nb)++] = cur;
        }
    }
    free(gaps);
    free(scratch);
    return b;
}

/* Band b's extent and line height from its pieces. */
void tl_band_measure(const tl_pieces *p, tl_band *b)
{
    b->y0 = INFINITY, b->y1 = -INFINITY, b->h = 0;
    for (size_t k = b->from; k < b->to; k++) {
        b->y0 = fmin(b->y0, p->v[k].box.y0);
        b->y1 = fmax(b->y1, p->v[k].box.y1);
        b->h = fmax(b->h, p->v[k].h);
    }
}
