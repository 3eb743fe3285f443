/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rows across an unruled table (bands.h): an objective's title between rows, set
 * over every column, which would join the table's columns if read as a row of it;
 * a line of one set with no blank around it parted from its band; the rows across
 * that end a page and leave its table open for the next. */
#include "bands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

typedef tl_xrange span;
typedef tl_xranges spans;
typedef tl_band band;

/* Whether text (a band's or a line's runs) is one run across two gutters or more of
 * cols, a table of three columns or more: a title across the table. */
static int one_run_across(const spans *cols, const spans *text)
{
    if (cols->n < 3 || text->n != 1)
        return 0;
    size_t n = 0;
    for (size_t c = 0; c + 1 < cols->n; c++)
        n += text->v[0].x0 < cols->v[c].x1 && text->v[0].x1 > cols->v[c + 1].x0;
    return n >= 2;
}

/* A row across the table set with no blank above or below it - a title between
 * rows, or the rest of one at a page's top - is read as a line of the band around it,
 * and the band's columns are lost under it.  A line whose one run of text spans two
 * gutters or more of the two lines or more above it (or, for the band's first line,
 * below it) is a band of its own.  bands has room for one band a line.  -1 on OOM. */
int tl_part_across_lines(const tl_lref *r, const tl_pieces *p, band *bands, size_t *nb)
{
    spans near = { 0 }, line = { 0 }, none = { 0 };
    int rc = -1;
    for (size_t b = 0; b < *nb; b++) {
        size_t nl = tl_band_lines(p, &bands[b]);
        if (nl < 3)
            continue;
        for (size_t k = bands[b].from, j = 0; k < bands[b].to; j++) {
            size_t e = tl_pieces_line_end(p, k);
            band self = bands[b], other = bands[b];
            self.from = k, self.to = e;
            if (j >= 2)
                other.to = k;
            else if (j == 0)
                other.from = e;
            if (j == 1) { /* one line above it only: too few to read gutters by */
                k = e;
                continue;
            }
            if (tl_band_columns(r, p, &other, &none, &near) || tl_band_columns(r, p, &self, &none, &line))
                goto out;
            if (!one_run_across(&near, &line)) {
                k = e;
                continue;
            }
            /* b becomes [from, k) (unless empty), [k, e) and [e, to) (unless empty) */
            size_t from = bands[b].from, to = bands[b].to, parts = (size_t)((k > from) + 1 + (e < to)), at = b;
            memmove(&bands[b + parts], &bands[b + 1], (*nb - b - 1) * sizeof *bands);
            *nb += parts - 1;
            if (k > from) {
                bands[at] = self, bands[at].from = from, bands[at].to = k;
                tl_band_measure(p, &bands[at++]);
            }
            bands[at] = self;
            tl_band_measure(p, &bands[at++]);
            if (e < to) {
                bands[at] = self, bands[at].from = e, bands[at].to = to;
                tl_band_measure(p, &bands[at]);
            }
            b = at - 1; /* the rest, if any, is looked at next */
            break;
        }
    }
    rc = 0;
out:
    free(near.v);
    free(line.v);
    return rc;
}

/* Whether a block of text lies in one of cols' columns other than the first: it
 * starts where that column's text starts and ends inside it, or short of the next
 * column (a header's word is narrower than the cells under it).  Body text starts at
 * the margin, where the first column does. */
static int under_later_column(const spans *cols, const span *s)
{
    for (size_t c = 1; c < cols->n; c++)
        if (fabs(s->x0 - cols->v[c].x0) <= TL_ALIGN_TOL &&
            (s->x1 <= cols->v[c].x1 + TL_ALIGN_TOL || (c + 1 < cols->n && s->x1 < cols->v[c + 1].x0)))
            return 1;
    return 0;
}

/* Whether band b's first letter or figure is a lower-case letter. */
static int opens_lower(const tl_lref *r, const tl_pieces *p, const band *b)
{
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            UChar32 c = tl_glyph_char(r[p->v[k].first + i].g);
            if (c > 0 && u_isalnum(c))
                return u_islower(c);
        }
    return 0;
}

/* Whether a span runs across two columns of cols or more. */
static int runs_across(const spans *cols, const span *s)
{
    size_t over = 0;
    for (size_t c = 0; c < cols->n; c++)
        over += s->x0 < cols->v[c].x1 && s->x1 > cols->v[c].x0;
    return over >= 2;
}

/* Whether band a, of a line or two that does not keep the columns of cols, is a row
 * across the table (an objective's title) because the band close below it fills
 * two columns of its own and keeps them (the last short line of a paragraph keeps
 * any), or is a cell of several lines in a later column alone (the next row's first
 * cell to be filled, its others start lower; of one line where they start right
 * under it).  Bands between that run across the table too are more lines of the
 * title.  next gets the columns of the band after
 * the title merged with cols.  How many bands the title takes, 0 (none), or -1 on
 * OOM. */
int tl_across_before(const tl_lref *r, const tl_pieces *p, const band *bands, size_t nb, size_t a,
                         const spans *cols, spans *next)
{
    size_t f = a + 1, lines = tl_band_lines(p, &bands[a]);
    spans none = { 0 };
    /* a title's lines set apart as bands of their own (loose lines) run across
     * too, over a table of TL_TALL_MIN_COLS columns or more (justified prose parted at
     * its stretched spaces makes two or three), each going on in lower case (a
     * heading of its own starts with a capital or a number) */
    while (cols->n >= TL_TALL_MIN_COLS && f < nb && bands[f].y0 - bands[f - 1].y1 <= TL_TABLE_GAP * bands[f].h &&
           lines + tl_band_lines(p, &bands[f]) <= TL_ACROSS_LINES) {
        if (tl_band_columns_in(r, p, &bands[f], &none, cols, next))
            return -1;
        if (next->n != 1 || !runs_across(cols, &next->v[0]) || !opens_lower(r, p, &bands[f]))
            break;
        lines += tl_band_lines(p, &bands[f++]);
    }
    if (lines > TL_ACROSS_LINES || f >= nb || bands[f].y0 - bands[f - 1].y1 > TL_TABLE_GAP * bands[f].h)
        return 0;
    if (tl_band_columns_in(r, p, &bands[f], &none, cols, next))
        return -1;
    size_t own = next->n;
    int cell = own == 1 && under_later_column(cols, &next->v[0]);
    if (cell && tl_band_lines(p, &bands[f]) < 2) {
        /* one line of it, over a table of TL_TALL_MIN_COLS columns or more: the row's
         * other cells start right under it */
        cell = 0;
        if (cols->n >= TL_TALL_MIN_COLS && f + 1 < nb &&
            bands[f + 1].y0 - bands[f].y1 <= TL_TABLE_GAP * bands[f + 1].h) {
            if (tl_band_columns_in(r, p, &bands[f + 1], &none, cols, next))
                return -1;
            cell = next->n >= 2;
        }
    }
    if (tl_band_columns(r, p, &bands[f], cols, next))
        return -1;
    return (own >= 2 || cell) && tl_keeps_columns(cols, next) ? (int)(f - a) : 0;
}

/* Whether band bd, close under a table's run, opens like a numbered row across it:
 * its first word lies in the first column and its next word starts where the second
 * column's text does ("3" | "Зорилт 3. ..." under item numbers and actions).  Such
 * rows ending a page (an objective's title before the page break) leave the table
 * open for the next page, as a table ending it does. */
static int opens_in_columns(const tl_lref *r, const tl_pieces *p, const band *bd, const spans *cols)
{
    if (cols->n < 2 || bd->from >= bd->to || tl_band_lines(p, bd) > TL_ACROSS_LINES)
        return 0;
    const tl_piece *pc = &p->v[bd->from];
    size_t i = pc->first, end = pc->first + pc->n;
    const tl_glyph *g = r[i].g;
    if (g->box.x0 < cols->v[0].x0 - TL_ALIGN_TOL)
        return 0;
    while (++i < end) {
        const tl_glyph *h = r[i].g;
        if (tl_glyph_spaced(g, h))
            break;
        g = h;
    }
    if (g->box.x1 > cols->v[0].x1 + TL_ALIGN_TOL)
        return 0;
    /* the next word: in this piece or the next one on the line */
    double x = i < end ? r[i].g->box.x0 : bd->from + 1 < bd->to && p->v[bd->from + 1].line == pc->line
                                                  ? p->v[bd->from + 1].box.x0
                                                  : NAN;
    return fabs(x - cols->v[1].x0) <= TL_ALIGN_TOL;
}

/* Whether band bd is a title set across the table of cols from its first column's
 * start ("Зорилт 3. Төсөв, санхүү ..." over every column): a line or a few, one run
 * of text over two gutters or more.  1, 0, or -1 on OOM. */
static int title_across(const tl_lref *r, const tl_pieces *p, const band *bd, const spans *cols)
{
    if (cols->n < 3 || bd->from >= bd->to || tl_band_lines(p, bd) > TL_ACROSS_LINES ||
        fabs(p->v[bd->from].box.x0 - cols->v[0].x0) > TL_ALIGN_TOL)
        return 0;
    spans none = { 0 }, own = { 0 };
    if (tl_band_columns(r, p, bd, &none, &own))
        return -1;
    int across = one_run_across(cols, &own);
    free(own.v);
    return across;
}

/* Whether the bands from a on are rows across the table of cols, close under one
 * another (opens_in_columns, title_across), up to the end of the page's free text.
 * 1, 0, or -1 on OOM. */
int tl_across_to_end(const tl_lref *r, const tl_pieces *p, const band *bands, size_t a, size_t nb,
                         const spans *cols)
{
    for (size_t b = a; b < nb; b++) {
        if (bands[b].y0 - bands[b - 1].y1 > TL_TABLE_GAP * bands[b].h)
            return 0;
        if (opens_in_columns(r, p, &bands[b], cols))
            continue;
        int across = title_across(r, p, &bands[b], cols);
        if (across <= 0)
            return across;
    }
    return 1;
}
