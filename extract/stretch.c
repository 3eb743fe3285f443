/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Justified lines in unruled tables (bands.h).  Justifying a cell spreads the room
 * a line leaves over its word spaces alike: a stretched space can be as wide as a
 * gutter, and in a narrow column a line of two words sets them at its two edges.
 * unruled.c asks these before it parts a band's text into columns at such a blank. */
#include "bands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

typedef tl_xrange span;
typedef tl_xranges spans;
typedef tl_band band;

/* Whether band b is one justified line stretched over a cell: the blanks between
 * its words (out, merged), two or more, are all wider than a gutter and equal to a
 * fifth of a point (justifying spreads the room left over every space alike; a
 * row's gutters fall wherever each cell's text ends, and its cells' own word spaces
 * are narrow), none starting where a column of the run (cols) does (long words
 * filling narrow columns of one width leave blanks as even), and no figure in it
 * (a row of column numbers in equal columns is as even). */
int tl_stretched_line(const tl_lref *r, const tl_pieces *p, const band *b, const spans *cols, const spans *out)
{
    if (tl_band_lines(p, b) != 1)
        return 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 1; i < out->n; i++) {
        double g = out->v[i].x0 - out->v[i - 1].x1;
        lo = fmin(lo, g);
        hi = fmax(hi, g);
        for (size_t c = 1; c < cols->n; c++)
            if (fabs(out->v[i].x0 - cols->v[c].x0) <= TL_ALIGN_TOL)
                return 0;
    }
    if (out->n < 3 || lo < TL_GUTTER_WIDE * b->h || hi - lo > TL_STRETCH_EVEN)
        return 0;
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            UChar32 c = tl_glyph_char(r[p->v[k].first + i].g);
            if (c > 0 && u_isdigit(c))
                return 0;
        }
    return 1;
}

/* Whether a line of bands [b, e) is a justified line over the run's columns c..k
 * side by side, parted at the gutters between them: its text there starts at c's
 * start and ends at k's end, leaves each gutter blank, its word spaces are all one
 * width to TL_STRETCH_EVEN (justifying spreads the room left over every space
 * alike; a header's titles over columns part by whatever each leaves), and a line
 * under it in its band starts where it does (a justified paragraph's last line is
 * not stretched).  A header cell's two words set apart: "Хэрэгжүүлэх      арга" over
 * "хэмжээ". */
static int justified_across(const tl_lref *r, const tl_pieces *p, const band *bands, size_t b, size_t e,
                            const spans *cols, size_t c, size_t k)
{
    double o0 = cols->v[c].x0, o1 = cols->v[k].x1;
    for (size_t n = b; n < e; n++) {
        int stretched = 0; /* a stretched line seen above in this band */
        for (size_t i = bands[n].from; i < bands[n].to;) {
            size_t end = tl_pieces_line_end(p, i);
            double x0 = INFINITY, x1 = -INFINITY, lo = INFINITY, hi = -INFINITY;
            int blank = 1;
            const tl_glyph *prev = NULL;
            for (size_t q = i; q < end; q++)
                for (size_t j = 0; j < p->v[q].n; j++) {
                    const tl_glyph *g = r[p->v[q].first + j].g;
                    if (g->box.x1 <= o0 - TL_ALIGN_TOL || g->box.x0 >= o1 + TL_ALIGN_TOL)
                        continue;
                    x0 = fmin(x0, g->box.x0);
                    x1 = fmax(x1, g->box.x1);
                    for (size_t t = c; t < k; t++)
                        blank &= g->box.x1 <= cols->v[t].x1 + TL_ALIGN_TOL ||
                                 g->box.x0 >= cols->v[t + 1].x0 - TL_ALIGN_TOL;
                    if (prev && tl_glyph_spaced(prev, g)) {
                        lo = fmin(lo, g->box.x0 - prev->box.x1);
                        hi = fmax(hi, g->box.x0 - prev->box.x1);
                    }
                    prev = g;
                }
            int starts = fabs(x0 - o0) <= TL_ALIGN_TOL;
            if (stretched && starts)
                return 1;
            stretched |= starts && fabs(x1 - o1) <= TL_ALIGN_TOL && blank && hi >= lo && hi - lo <= TL_STRETCH_EVEN;
            i = end;
        }
    }
    return 0;
}

/* The run's gutters (cols) that band bd's own text crosses and that a justified
 * line of the run's bands [b, e) set apart (justified_across): bd has columns of its
 * own (no title across), and one of them is exactly the run's columns c..k side by
 * side, from c's start to k's end, each gutter between them blank on such a line.
 * Those columns are joined in cols.  How many gutters, or -1 on OOM. */
int tl_join_stretched(const tl_lref *r, const tl_pieces *p, const band *bands, size_t b, size_t e,
                      const band *bd, spans *cols)
{
    spans none = { 0 }, own = { 0 };
    if (tl_band_columns(r, p, bd, &none, &own))
        return -1;
    int joined = 0;
    for (size_t i = 0; own.n >= 2 && i < own.n; i++) {
        const span *o = &own.v[i];
        size_t c = 0, k;
        while (c < cols->n && cols->v[c].x0 < o->x0 - TL_ALIGN_TOL)
            c++;
        if (c == cols->n || fabs(cols->v[c].x0 - o->x0) > TL_ALIGN_TOL)
            continue;
        for (k = c; k < cols->n && cols->v[k].x1 < o->x1 - TL_ALIGN_TOL; k++)
            ;
        if (k == c || k == cols->n || fabs(cols->v[k].x1 - o->x1) > TL_ALIGN_TOL)
            continue;
        if (!justified_across(r, p, bands, b, e, cols, c, k))
            continue;
        cols->v[c].x1 = cols->v[k].x1;
        memmove(&cols->v[c + 1], &cols->v[k + 1], (cols->n - k - 1) * sizeof *cols->v);
        cols->n -= k - c;
        joined += (int)(k - c);
    }
    free(own.v);
    return joined;
}

/* Whether the band's text s, right of a blank from a, lies in a gutter of the run's
 * cols and ends where a full cell's text does - the run's narrowest gutter (two
 * cells' padding) before the next column - as the last word of a justified line
 * from the column's start (justified_across: "220       сая" over "ОНХС" in a
 * narrow column, wider than the run had seen it): no column of its own.  A cell's
 * text ending elsewhere (a "-" of a narrow column the run has not seen yet) is one. */
int tl_stretched_into_gutter(const tl_lref *r, const tl_pieces *p, const band *b, const spans *cols, double a,
                             const span *s)
{
    double narrowest = INFINITY;
    for (size_t c = 0; c + 1 < cols->n; c++)
        narrowest = fmin(narrowest, cols->v[c + 1].x0 - cols->v[c].x1);
    for (size_t c = 0; c + 1 < cols->n; c++) {
        if (s->x0 <= cols->v[c].x1 || s->x1 >= cols->v[c + 1].x0 - TL_ALIGN_TOL || a <= cols->v[c].x0)
            continue;
        span v[2] = { { cols->v[c].x0, a }, *s };
        spans two = { v, 2, 2 };
        return fabs(s->x1 - (cols->v[c + 1].x0 - narrowest)) <= TL_ALIGN_TOL &&
               justified_across(r, p, b, 0, 1, &two, 0, 1);
    }
    return 0;
}
