/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The words Tesseract read, as the layout's glyphs in points. */
#include "ocr_private.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LINE_REACH_Q 0.9       /* a word reaches as high and low as this share of lines do, */
#define FONT_OVER_CAP 1.25     /* and its font's box this much over a capital's height */

void tl_ocr_words_free(tl_ocr_words *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->text[i])
            T(TessDeleteText)(w->text[i]);
    free(w->text);
    free(w->g);
}

/* Appends a word; takes t on success. */
int tl_ocr_words_push(tl_ocr_words *w, char *t, tl_glyph g)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 256;
        tl_glyph *ng = realloc(w->g, cap * sizeof *ng);
        if (!ng)
            return -1;
        w->g = ng;
        char **tx = realloc(w->text, cap * sizeof *tx);
        if (!tx)
            return -1;
        w->text = tx;
        w->cap = cap;
    }
    g.text = t;
    w->text[w->n] = t;
    w->g[w->n++] = g;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The value a share q of v[0..n) lies under (sorted in place; 0.5: the median), or 0. */
int tl_ocr_quantile(int *v, size_t n, double q)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_int);
    return v[(size_t)(q * (double)(n - 1) + 0.5)];
}

/* The words of the last recognition, boxes in points (the page image's pixels,
 * whatever rectangle was read).
 *
 * A word's box is its ink: a line of Cyrillic without ascenders or descenders is
 * half as high as a line of text, and the blank between two lines of one cell
 * looks like the blank between two rows.  So each word reaches from its line's
 * baseline up and down as far as nearly all of the recognition's lines do (capitals,
 * ascenders, descenders; a median is an x-height where narrow cells hold a word or
 * two a line), and at least over its line's own box, as a PDF's glyphs have their
 * font's height. */
int tl_ocr_read_words(TessBaseAPI *api, double pt_per_px, tl_ocr_words *w)
{
    TessResultIterator *it = T(TessBaseAPIGetIterator)(api);
    if (!it)
        return 0; /* nothing recognised */
    int rc = 0, ly0 = INT_MAX, ly1 = INT_MIN, bx0 = 0, by0 = 0, bx1 = 1, by1 = 0, have_base = 0;
    size_t from = w->n, nlines = 0, ucap = 0, dcap = 0, bcap = 0;
    int *up = NULL, *down = NULL, *base = NULL; /* per line; per word of this call */
    do {
        const TessPageIterator *pit = T(TessResultIteratorGetPageIteratorConst)(it);
        int lx0, lx1, line_start = T(TessPageIteratorIsAtBeginningOf)(pit, RIL_TEXTLINE);
        if (line_start) {
            if (!T(TessPageIteratorBoundingBox)(pit, RIL_TEXTLINE, &lx0, &ly0, &lx1, &ly1))
                ly0 = INT_MAX, ly1 = INT_MIN;
            have_base = T(TessPageIteratorBaseline)(pit, RIL_TEXTLINE, &bx0, &by0, &bx1, &by1) && bx1 != bx0;
        }
        char *t = T(TessResultIteratorGetUTF8Text)(it, RIL_WORD);
        int x0, y0, x1, y1;
        if (!t || !*t || tl_str_blank(t) || !T(TessPageIteratorBoundingBox)(pit, RIL_WORD, &x0, &y0, &x1, &y1)) {
            T(TessDeleteText)(t);
            continue;
        }
        if (ly0 < y1 && ly1 > y0) {
            y0 = ly0 < y0 ? ly0 : y0;
            y1 = ly1 > y1 ? ly1 : y1;
        }
        /* the baseline under the word's middle; none: the box's foot */
        int bl = have_base ? by0 + (int)lround((double)(by1 - by0) * ((x0 + x1) / 2.0 - bx0) / (bx1 - bx0)) : y1;
        if (bl < y0 || bl > y1)
            bl = y1;
        size_t k = w->n - from;
        int new_line = line_start && ly1 > ly0;
        if (tl_grow((void **)&base, &bcap, k + 1, sizeof *base) ||
            (new_line && (tl_grow((void **)&up, &ucap, nlines + 1, sizeof *up) ||
                          tl_grow((void **)&down, &dcap, nlines + 1, sizeof *down)))) {
            T(TessDeleteText)(t);
            rc = -1;
            break;
        }
        if (new_line) {
            up[nlines] = bl - ly0;
            down[nlines++] = ly1 - bl;
        }
        base[k] = bl;
        float conf = T(TessResultIteratorConfidence)(it, RIL_WORD) / 100.0f;
        tl_glyph g = { t, strlen(t), { x0 * pt_per_px, y0 * pt_per_px, x1 * pt_per_px, y1 * pt_per_px },
                       conf < 0 ? 0 : conf, 1 };
        if (tl_ocr_words_push(w, t, g)) {
            T(TessDeleteText)(t);
            rc = -1;
            break;
        }
    } while (T(TessResultIteratorNext)(it, RIL_WORD));
    T(TessResultIteratorDelete)(it);
    if (!rc && nlines) {
        /* A line's ink reaches a cap's or an ascender's height above the baseline at
         * most, and a font's box (what a PDF's glyphs have, and what the layout's
         * measures of blank between lines expect) about a quarter more. */
        int a = (int)lround(FONT_OVER_CAP * tl_ocr_quantile(up, nlines, LINE_REACH_Q));
        int d = tl_ocr_quantile(down, nlines, LINE_REACH_Q);
        for (size_t i = from; i < w->n; i++) {
            tl_box *b = &w->g[i].box;
            b->y0 = fmin(b->y0, (base[i - from] - a) * pt_per_px);
            b->y1 = fmax(b->y1, (base[i - from] + d) * pt_per_px);
        }
    }
    free(up);
    free(down);
    free(base);
    return rc;
}
