/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unruled tables.  Lines of free text are grouped into bands: lines that follow
 * each other without a blank between them.  In a table printed without rules, a
 * band is a row (cell padding leaves a blank between rows, and cells centred or
 * top-aligned in the row all lie inside it) or, when every line fills several
 * columns, a run of single-line rows.  A band's columns are the x ranges its glyphs
 * cover: word spaces close up over a few lines of text, the gutters between columns
 * do not.  A run of bands whose gutters line up is a table; a band that covers a
 * gutter (a paragraph across the page) ends it. */
#include "layout_private.h"
#include "bands.h"
#include "refine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define COLUMN_START_TOL 0.5 /* points: a fixed-pitch word this close to a column's start starts it */
#define ROWS_GAP_MORE 0.5 /* of the line height: a blank this much wider than the rows' sets text off */
#define ALIGNED_LINES 3  /* in_gutter: lines of a band, at least, to read a gutter by where text starts */

typedef tl_xrange span;
typedef tl_xranges spans;

typedef tl_band band;

size_t tl_band_lines(const tl_pieces *p, const tl_band *b)
{
    size_t n = 0;
    for (size_t k = b->from; k < b->to; k = tl_pieces_line_end(p, k))
        n++;
    return n;
}

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Sorted spans merged where they overlap or the gap is under `gap`. */
static void merge_spans(spans *s, double gap)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_span);
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (k && s->v[i].x0 - s->v[k - 1].x1 < gap) {
            s->v[k - 1].x1 = fmax(s->v[k - 1].x1, s->v[i].x1);
            continue;
        }
        s->v[k++] = s->v[i];
    }
    s->n = k;
}

static int add_span(spans *s, double x0, double x1)
{
    if (tl_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
        return -1;
    s->v[s->n++] = (span){ x0, x1 };
    return 0;
}

/* Whether the text after the blank [g0, g1] starts within tol of where a column of
 * cols starts, the blank opening right of the start of the column before.  In a
 * fixed-pitch font that makes a blank as narrow as a word space a gutter (within
 * COLUMN_START_TOL): narrow columns there part by one letter (DejaVu Sans Mono 8 in
 * portrait), and only where the next column's text starts tells the two apart. */
static int at_column_start(const spans *cols, double g0, double g1, double tol)
{
    for (size_t c = 0; c + 1 < cols->n; c++)
        if (g0 > cols->v[c].x0 && fabs(g1 - cols->v[c + 1].x0) <= tol)
            return 1;
    return 0;
}

/* Whether the gap [g0, g1] between text from a0 and text to a1 lies across a
 * gutter of cols: over its middle, the text on each side reaching into its own
 * column, or, in a band of ALIGNED_LINES lines or more (deep), up to where a
 * column's text starts (left-aligned cells: a column whose text above was short
 * leaves its gutter's middle where a longer line of this band runs; a blank down
 * that many lines is no word space).  A word space that only reaches into a gutter
 * ("өдөрлөг, 1" by the column's edge; "үйлчилгээ 1" whose "1" stands in the gutter
 * alone) is none. */
static int in_gutter(const spans *cols, double a0, double g0, double g1, double a1, int deep)
{
    for (size_t c = 0; c + 1 < cols->n; c++) {
        double mid = (cols->v[c].x1 + cols->v[c + 1].x0) / 2;
        if (g0 < mid && g1 > mid && a0 < cols->v[c].x1 && a1 > cols->v[c + 1].x0)
            return 1;
    }
    return deep && at_column_start(cols, g0, g1, TL_ALIGN_TOL);
}

/* Lines of band b that have a word starting within TL_ALIGN_TOL of x. */
static size_t starts_at(const tl_lref *r, const tl_pieces *p, const band *b, double x)
{
    size_t n = 0;
    int counted = -1;
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            const tl_lref *g = &r[p->v[k].first + i];
            const tl_lref *prev = i ? g - 1 : NULL;
            int start = !prev || tl_glyph_spaced(prev->g, g->g);
            if (start && g->line != counted && fabs(g->g->box.x0 - x) <= TL_ALIGN_TOL) {
                n++;
                counted = g->line;
            }
        }
    return n;
}

/* The columns of band b merged with the run's columns `cols` (may be empty).  The
 * band's glyphs cover x ranges; a gap between them is a gutter when it is wide,
 * when words of two or more lines start at its right edge (left-aligned cells), or
 * when it lies across a gutter of the run.  Other gaps are word spaces that the few
 * lines of the band did not close, and so are the stretched spaces of a justified
 * line (tl_stretched_line), told only beside a run's columns, two or more (run: cols,
 * or the run's where the band's own columns are asked). */
int tl_band_columns_in(const tl_lref *r, const tl_pieces *p, const band *b, const spans *cols, const spans *run,
                       spans *out)
{
    out->n = 0;
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            const tl_box *g = &r[p->v[k].first + i].g->box;
            if (add_span(out, g->x0, g->x1))
                return -1;
        }
    merge_spans(out, 0.5);
    int deep = tl_band_lines(p, b) >= ALIGNED_LINES;
    int stretched = run->n >= 2 && tl_stretched_line(r, p, b, run, out);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (k) {
            double g0 = out->v[k - 1].x1, g1 = out->v[i].x0;
            /* In a fixed-pitch font every word starts on the letters' grid, so
             * words line up by chance, and a word space is a letter wide. */
            if ((g1 - g0 < b->pitch && !at_column_start(cols, g0, g1, COLUMN_START_TOL)) ||
                !((g1 - g0 >= TL_GUTTER_WIDE * b->h && !stretched) ||
                  in_gutter(cols, out->v[k - 1].x0, g0, g1, out->v[i].x1, deep) ||
                  (g1 - g0 >= TL_SPACE_GAP * b->h && starts_at(r, p, b, g1) >= 2)) ||
                tl_stretched_into_gutter(r, p, b, cols, g0, &out->v[i])) {
                out->v[k - 1].x1 = fmax(out->v[k - 1].x1, out->v[i].x1);
                continue;
            }
        }
        out->v[k++] = out->v[i];
    }
    out->n = k;
    for (size_t c = 0; c < cols->n; c++)
        if (add_span(out, cols->v[c].x0, cols->v[c].x1))
            return -1;
    merge_spans(out, 0);
    return 0;
}

/* tl_band_columns_in, the run being cols. */
int tl_band_columns(const tl_lref *r, const tl_pieces *p, const tl_band *b, const tl_xranges *cols, tl_xranges *out)
{
    return tl_band_columns_in(r, p, b, cols, cols, out);
}

/* Whether next keeps every column of cols apart. */
int tl_keeps_columns(const spans *cols, const spans *next)
{
    size_t c = 0;
    for (size_t i = 0; i < next->n; i++) {
        int inside = 0;
        while (c < cols->n && cols->v[c].x0 <= next->v[i].x1) {
            inside++;
            c++;
        }
        if (inside > 1)
            return 0;
    }
    return 1;
}

static int column_of(const spans *cols, double x0, double x1)
{
    double mid = (x0 + x1) / 2;
    int best = -1;
    double far = INFINITY;
    for (size_t c = 0; c < cols->n; c++) {
        double d = mid < cols->v[c].x0 ? cols->v[c].x0 - mid : mid > cols->v[c].x1 ? mid - cols->v[c].x1 : 0;
        if (d < far) {
            far = d;
            best = (int)c;
        }
    }
    return best;
}

/* Whether s is an item number alone: "1", "2.", "3.1". */
static int item_number(const char *s)
{
    size_t digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (*s != '.' || !digits)
            return 0;
    }
    return digits > 0;
}

/* Sets cell c of row to the text of buf[0..m) (box: where it lies).  -1 on OOM. */
static int set_cell(tl_row *row, size_t c, const tl_lref *buf, size_t m, int page, int words)
{
    char *txt = tl_lines_text(buf, m, words, NULL);
    if (!txt || tl_cell_set(&row->cells[c], txt, (tl_prov){ page, 0, tl_lines_box(buf, m) })) {
        free(txt);
        return -1;
    }
    free(txt);
    row->cells[c].conf = tl_lines_conf(buf, m);
    return 0;
}

/* A band across the whole table as one row: its text in the first cell, spanning
 * the others; or, when the first column holds an item number alone on one line of
 * the band ("1" beside "Зорилт 1. ...", level with its first line, or its middle
 * when cells are centred in their rows), that number in the first cell and the
 * title spanning the rest, as a ruled table has it.  buf: room for the band's
 * glyphs.  -1 on OOM. */
static int across_row(tl_table *t, const tl_lref *r, const tl_pieces *p, const band *bd, const spans *cols,
                      int page, int words, tl_lref *buf)
{
    size_t ncols = cols->n;
    tl_row *row = tl_table_add_row(t, ncols, TL_ROW_BODY);
    if (!row)
        return -1;
    size_t m = 0, lead = 0;
    int lead_line = -1, split = ncols >= 2;
    /* the first column's glyphs first, then the rest, each in reading order; the
     * first column's on one line (the first, or the middle or last line when the
     * row's cells are set in its middle or at its bottom) */
    for (int pass = 0; pass < 2; pass++)
        for (size_t q = bd->from; q < bd->to; q++)
            for (size_t i = 0; i < p->v[q].n; i++) {
                const tl_lref *g = &r[p->v[q].first + i];
                int in_first = column_of(cols, g->g->box.x0, g->g->box.x1) == 0;
                if (in_first != (pass == 0))
                    continue;
                if (pass == 0 && lead_line < 0)
                    lead_line = g->line;
                if (pass == 0 && g->line != lead_line)
                    split = 0;
                buf[m++] = *g;
                lead += pass == 0;
            }
    if (split && lead && lead < m) {
        char *num = tl_lines_text(buf, lead, words, NULL);
        if (!num)
            return -1;
        split = item_number(num);
        free(num);
    } else {
        split = 0;
    }
    if (!split) {
        m = 0;
        for (size_t q = bd->from; q < bd->to; q++)
            for (size_t i = 0; i < p->v[q].n; i++)
                buf[m++] = r[p->v[q].first + i];
        lead = 0;
    } else if (set_cell(row, 0, buf, lead, page, words)) {
        return -1;
    }
    size_t at = split ? 1 : 0;
    if (set_cell(row, at, buf + lead, m - lead, page, words))
        return -1;
    row->cells[at].colspan = (int)(ncols - at);
    for (size_t c = at + 1; c < ncols; c++) {
        if (tl_cell_set(&row->cells[c], "", (tl_prov){ page, 0, row->cells[at].prov.box }))
            return -1;
        row->cells[c].covered = 1;
    }
    return 0;
}

/* Whether glyph g is a letter or a digit: a line whose first column holds only marks
 * (the "." of "1." the column's width broke off, a closing bracket) does not fill it. */
static int alnum_glyph(const tl_glyph *g)
{
    return u_isalnum(tl_glyph_char(g));
}

/* The glyphs of lines [k, e) of a band in column c (colof: each glyph's column,
 * from base) into buf; their count. */
static size_t column_refs(const tl_lref *r, const tl_pieces *p, const int *colof, size_t base, size_t k,
                          size_t e, int c, tl_lref *buf)
{
    size_t m = 0;
    for (size_t q = k; q < e; q++)
        for (size_t i = 0; i < p->v[q].n; i++)
            if (colof[p->v[q].first + i - base] == c)
                buf[m++] = r[p->v[q].first + i];
    return m;
}

/* Whether the first column's text on lines [e, f) goes on from line [d, e) above as
 * one token, the way a cell's lines join (tl_lines_text: an item number or a word
 * the column's edge broke, "3." over "1"): then it opens no row of its own.  1, 0,
 * or -1 on OOM. */
static int first_column_goes_on(const tl_lref *r, const tl_pieces *p, const int *colof, size_t base,
                                const spans *cols, size_t d, size_t e, size_t f, tl_lref *buf)
{
    size_t na = column_refs(r, p, colof, base, d, e, 0, buf);
    size_t nb = column_refs(r, p, colof, base, e, f, 0, buf + na);
    if (!na || !nb)
        return 0;
    tl_box all = tl_lines_box(buf, na + nb);
    tl_box edge = { cols->v[0].x0, all.y0, cols->v[0].x1, all.y1 };
    char *both = tl_lines_text(buf, na + nb, 0, &edge);
    char *above = tl_lines_text(buf, na, 0, &edge);
    char *below = tl_lines_text(buf + na, nb, 0, &edge);
    int rc = !both || !above || !below ? -1 : strlen(both) == strlen(above) + strlen(below);
    free(both);
    free(above);
    free(below);
    return rc;
}

#define WORD_TOUCH 0.15 /* of the line height: letters of one word lie closer */

/* A word is one column's: a word that reaches past its column's widest line in the
 * other bands (a header's "жил" in a column of one-figure cells) would have its last
 * letters put in the next column by their own position.  The word - glyphs the
 * source set without white space between them, on one line - goes where its middle
 * is. */
static void words_in_one_column(const tl_lref *r, const tl_pieces *p, const band *bands, size_t from, size_t to,
                                const spans *cols, size_t base, int *colof)
{
    for (size_t b = from; b < to; b++)
        for (size_t k = bands[b].from; k < bands[b].to; k++) {
            const tl_piece *pc = &p->v[k];
            for (size_t s = pc->first; s < pc->first + pc->n;) {
                size_t e = s + 1;
                double x0 = r[s].g->box.x0, x1 = r[s].g->box.x1;
                int mixed = 0;
                /* the source's space flag is kept in its own order, which across
                 * columns is not the line's: the glyphs must also touch */
                for (; e < pc->first + pc->n && !r[e].g->space_before &&
                       r[e].g->box.x0 - r[e - 1].g->box.x1 < WORD_TOUCH * pc->h;
                     e++) {
                    x0 = fmin(x0, r[e].g->box.x0);
                    x1 = fmax(x1, r[e].g->box.x1);
                    mixed |= colof[e - base] != colof[s - base];
                }
                if (mixed) {
                    int c = column_of(cols, x0, x1);
                    for (size_t i = s; i < e; i++)
                        colof[i - base] = c;
                }
                s = e;
            }
        }
}

/* The table of bands [from, to) in columns cols.  A band is one row unless most of
 * its lines fill two or more columns and the first column has text on several of
 * them: then a line with text in the first column starts a row (unless that text
 * goes on from the line above: first_column_goes_on) and the lines without carry
 * it on.  Returns NULL on OOM. */
static tl_table *bands_table(const tl_lref *r, const tl_pieces *p, const band *bands, size_t from,
                             size_t to, const spans *cols, int page, int words)
{
    size_t ncols = cols->n, nref = 0;
    for (size_t b = from; b < to; b++)
        for (size_t k = bands[b].from; k < bands[b].to; k++)
            nref += p->v[k].n;
    tl_lref *buf = malloc((nref ? nref : 1) * sizeof *buf);
    /* The bands' glyphs are one run of r: each one's column, found once. */
    size_t base = p->v[bands[from].from].first;
    int *colof = malloc((nref ? nref : 1) * sizeof *colof);
    tl_table *t = tl_table_new();
    if (!buf || !colof || !t)
        goto fail;
    for (size_t i = 0; i < nref; i++)
        colof[i] = column_of(cols, r[base + i].g->box.x0, r[base + i].g->box.x1);
    words_in_one_column(r, p, bands, from, to, cols, base, colof);
    for (size_t b = from; b < to; b++) {
        const band *bd = &bands[b];
        if (bd->across) {
            if (across_row(t, r, p, bd, cols, page, words, buf))
                goto fail;
            continue;
        }
        /* Lines of the band: how many fill two or more columns, how many the first. */
        size_t nlines = 0, multi = 0, first = 0;
        for (size_t k = bd->from; k < bd->to;) {
            size_t e = tl_pieces_line_end(p, k);
            unsigned long long seen = 0;
            for (size_t q = k; q < e; q++)
                for (size_t i = 0; i < p->v[q].n; i++) {
                    int c = colof[p->v[q].first + i - base];
                    if (c < 64 && (c > 0 || alnum_glyph(r[p->v[q].first + i].g)))
                        seen |= 1ull << c;
                }
            nlines++;
            multi += (seen & (seen - 1)) != 0;
            first += seen & 1;
            k = e;
        }
        int by_line = first >= 2 && multi * 10 >= nlines * 6;
        for (size_t k = bd->from; k < bd->to;) {
            /* One row: lines [k, e). */
            size_t e = tl_pieces_line_end(p, k), d = k;
            while (by_line && e < bd->to) {
                size_t f = tl_pieces_line_end(p, e);
                int col0 = 0;
                for (size_t q = e; q < f && !col0; q++)
                    for (size_t i = 0; i < p->v[q].n && !col0; i++)
                        col0 = colof[p->v[q].first + i - base] == 0 && alnum_glyph(r[p->v[q].first + i].g);
                if (col0) {
                    int on = first_column_goes_on(r, p, colof, base, cols, d, e, f, buf);
                    if (on < 0)
                        goto fail;
                    if (!on)
                        break;
                }
                d = e;
                e = f;
            }
            if (!by_line)
                e = bd->to;
            tl_row *row = tl_table_add_row(t, ncols, TL_ROW_BODY);
            if (!row)
                goto fail;
            for (size_t c = 0; c < ncols; c++) {
                size_t m = column_refs(r, p, colof, base, k, e, (int)c, buf);
                tl_box bx = tl_lines_box(buf, m);
                if (!m)
                    bx = (tl_box){ cols->v[c].x0, p->v[k].box.y0, cols->v[c].x1, p->v[k].box.y0 };
                /* Lines of a cell keep reading order; glyphs of other columns are gone.
                 * The column's text reaches no farther right than its widest line: a
                 * word broken there ran into the column's edge. */
                tl_box edge = { cols->v[c].x0, bx.y0, cols->v[c].x1, bx.y1 };
                char *txt = tl_lines_text_edge(buf, m, words, &edge, &row->cells[c].edge_end);
                if (!txt || tl_cell_set(&row->cells[c], txt, (tl_prov){ page, 0, bx })) {
                    free(txt);
                    goto fail;
                }
                free(txt);
                row->cells[c].conf = tl_lines_conf(buf, m);
            }
            k = e;
        }
    }
    t->prov = (tl_prov){ page, 0, { cols->v[0].x0, bands[from].y0, cols->v[ncols - 1].x1, bands[to - 1].y1 } };
    free(buf);
    free(colof);
    return t;
fail:
    free(buf);
    free(colof);
    tl_table_free(t);
    return NULL;
}

/* A band set in a fixed-pitch font (a typewriter's) parts columns by a letter and a
 * half at least: each band learns that width from its own glyphs (0 for other
 * fonts; a page may set its prose in one font and its tables in another). */
static int set_pitch(const tl_lref *r, const tl_pieces *p, band *bands, size_t nb)
{
    tl_box *boxes = NULL;
    size_t cap = 0;
    for (size_t b = 0; b < nb; b++) {
        size_t n = 0;
        for (size_t k = bands[b].from; k < bands[b].to; k++)
            for (size_t i = 0; i < p->v[k].n; i++) {
                if (tl_grow((void **)&boxes, &cap, n + 1, sizeof *boxes)) {
                    free(boxes);
                    return -1;
                }
                boxes[n++] = r[p->v[k].first + i].g->box;
            }
        bands[b].pitch = tl_gutter_min(boxes, n, 0);
    }
    free(boxes);
    return 0;
}

static int found_add(tl_found_tables *out, tl_found_table f)
{
    if (tl_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
        return -1;
    out->v[out->n++] = f;
    return 0;
}

/* Whether band b's glyphs in column [c0, c1) leave a blank within the cut [a, z]
 * (a word space at least), with text on both sides of it: *l and *rr are set. */
static int parted_within(const tl_lref *r, const tl_pieces *p, const band *b, double c0, double c1, double a,
                         double z, int *l, int *rr)
{
    /* the glyphs over [a, z], clipped to it, in order: the widest stretch none covers */
    span *over = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            const tl_box *g = &r[p->v[k].first + i].g->box;
            if (g->x1 <= a || g->x0 >= z)
                continue;
            if (tl_grow((void **)&over, &cap, n + 1, sizeof *over)) {
                free(over);
                return 0;
            }
            over[n++] = (span){ fmax(g->x0, a), fmin(g->x1, z) };
        }
    if (n)
        qsort(over, n, sizeof *over, cmp_span);
    double reach = a, w0 = 0, w1 = 0;
    for (size_t i = 0; i <= n; i++) {
        double next = i < n ? over[i].x0 : z;
        if (next - reach > w1 - w0)
            w0 = reach, w1 = next;
        if (i < n)
            reach = fmax(reach, over[i].x1);
    }
    free(over);
    if (w1 - w0 < TL_SPACE_GAP * b->h)
        return 0;
    int left = 0, right = 0;
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            const tl_box *g = &r[p->v[k].first + i].g->box;
            left |= g->x1 <= w0 + 0.01 && g->x0 >= c0 - 0.01;
            right |= g->x0 >= w1 - 0.01 && g->x1 <= c1 + 0.01;
        }
    *l |= left;
    *rr |= right;
    return left && right;
}

/* A run's column is cut where the bands' own gutters part it in all but one band
 * (or a quarter of them): a header cell wider than its narrow column ("№" over the
 * item numbers) or a heading over two columns joins them in its own band, and the
 * run's columns grow by every band's.  Text must stand on both sides of the cut in
 * two bands at least and in half of all bands (a column of
 * short entries, one of them long, is one column).  The run's first band parts
 * where a word space of it falls in the others' gutter (parted_within).  header_only:
 * only such cuts, for a run not yet taken as a table, and only where a band of
 * several lines parts too (one-line bands of spaced-out prose part anywhere).  Rows
 * across the table
 * (band.across) are left out.  0, or -1 on OOM. */
static int split_joined_columns(const tl_lref *r, const tl_pieces *p, const band *bands, size_t from, size_t to,
                                int header_only, spans *cols)
{
    size_t nb = to - from, used = 0;
    spans *own = calloc(nb ? nb : 1, sizeof *own), none = { 0 }, cuts = { 0 };
    size_t *which = malloc((nb ? nb : 1) * sizeof *which);
    int rc = -1;
    if (!own || !which) {
        free(own);
        free(which);
        return -1;
    }
    for (size_t b = from; b < to; b++)
        if (!bands[b].across) {
            which[used] = b;
            if (tl_band_columns(r, p, &bands[b], &none, &own[used++]))
                goto out;
        }
    size_t cross_max = used / 4 > 1 ? used / 4 : 1;
    for (size_t c = 0; c < cols->n && used >= 3; c++) {
        /* candidate cuts: the right edge of every band's span inside the column */
        for (size_t k = 0; k < used; k++)
            for (size_t i = 0; i < own[k].n; i++) {
                double a = own[k].v[i].x1;
                if (a <= cols->v[c].x0 || a >= cols->v[c].x1)
                    continue;
                /* the gap from a to the next text right of it in any band not crossing a */
                double z = cols->v[c].x1;
                size_t cross = 0, left = 0, right = 0, both = 0;
                int header = 0, deep = 0;
                for (size_t q = 0; q < used; q++)
                    for (size_t j = 0; j < own[q].n; j++) {
                        const span *sp = &own[q].v[j];
                        if (sp->x0 >= a && sp->x1 > a + 0.01 && sp->x0 < cols->v[c].x1)
                            z = fmin(z, sp->x0);
                    }
                for (size_t q = 0; q < used; q++) {
                    int l = 0, rr = 0, x = 0;
                    for (size_t j = 0; j < own[q].n; j++) {
                        const span *sp = &own[q].v[j];
                        if (sp->x1 <= cols->v[c].x0 || sp->x0 >= cols->v[c].x1)
                            continue;
                        if (sp->x0 < a && sp->x1 > a + 0.01)
                            x = 1;
                        else if (sp->x1 <= a + 0.01)
                            l = 1;
                        else
                            rr = 1;
                    }
                    /* a word space inside the cut in the run's first band: "Д/
                     * Зорилт", a header over two narrow columns a space apart, parts
                     * like a gutter (lower down, a line of prose has word spaces
                     * anywhere) */
                    if (x && q == 0 && parted_within(r, p, &bands[which[q]], cols->v[c].x0, cols->v[c].x1, a, z, &l, &rr))
                        x = 0, header = 1;
                    cross += (size_t)x;
                    left += (size_t)(l && !x);
                    right += (size_t)(rr && !x);
                    both += (size_t)(l && rr && !x);
                    deep += l && rr && !x && tl_band_lines(p, &bands[which[q]]) >= ALIGNED_LINES;
                }
                if ((!header_only || (header && deep)) && cross <= cross_max && left >= 2 && right >= 2 && 2 * both >= used &&
                    z > a &&
                    (add_span(&cuts, a, z) != 0))
                    goto out;
            }
    }
    if (cuts.n) {
        /* cut each column at its widest blank found (one cut per blank) */
        merge_spans(&cuts, 0);
        for (size_t i = 0; i < cuts.n; i++)
            for (size_t c = 0; c < cols->n; c++)
                if (cuts.v[i].x0 > cols->v[c].x0 && cuts.v[i].x1 < cols->v[c].x1) {
                    if (add_span(cols, cuts.v[i].x1, cols->v[c].x1))
                        goto out;
                    cols->v[c].x1 = cuts.v[i].x0;
                    break;
                }
        merge_spans(cols, 0);
    }
    rc = 0;
out:
    for (size_t k = 0; k < nb; k++)
        free(own[k].v);
    free(own);
    free(which);
    free(cuts.v);
    return rc;
}

/* Cuts the run's joined columns (split_joined_columns) and reads its table *t
 * again if they changed.  -1 on OOM, *t freed. */
static int cut_and_reread(const tl_lref *r, const tl_pieces *p, const band *bands, size_t b, size_t e,
                          int header_only, spans *cols, tl_table **t, int page, int words)
{
    size_t before = cols->n;
    if (split_joined_columns(r, p, bands, b, e, header_only, cols)) {
        tl_table_free(*t);
        *t = NULL;
        return -1;
    }
    if (cols->n != before) {
        tl_table_free(*t);
        if (!(*t = bands_table(r, p, bands, b, e, cols, page, words)))
            return -1;
    }
    return 0;
}

/* Bands [b, *e) as far as they keep the columns in *cols (which grows with them);
 * next is scratch. */
static int extend_run(const tl_lref *r, const tl_pieces *p, band *bands, size_t nb, size_t b,
                      spans *cols, spans *next, size_t *e)
{
    *e = b + 1;
    while (*e < nb && bands[*e].y0 - bands[*e - 1].y1 <= TL_TABLE_GAP * bands[*e].h) {
        /* More lines than a row across has, all in the first column of three or
         * more, and set off by a wider blank than any between the rows above: a
         * signature block or a paragraph under the table, not a row (a tall cell
         * alone, an objective's beside rows the page before, follows as they do). */
        if (cols->n >= 3 && *e >= b + 2 && tl_band_lines(p, &bands[*e]) > TL_ACROSS_LINES) {
            double rows_gap = -INFINITY;
            for (size_t k = b + 1; k < *e; k++)
                rows_gap = fmax(rows_gap, bands[k].y0 - bands[k - 1].y1);
            spans none = { 0 };
            if (bands[*e].y0 - bands[*e - 1].y1 > rows_gap + ROWS_GAP_MORE * bands[*e].h) {
                if (tl_band_columns(r, p, &bands[*e], &none, next))
                    return -1;
                if (next->n == 1 && next->v[0].x1 < cols->v[1].x0)
                    break;
            }
        }
        if (tl_band_columns(r, p, &bands[*e], cols, next))
            return -1;
        if (!tl_keeps_columns(cols, next)) {
            /* a header's justified line parted at its stretched space, told by the
             * band under it or, under a title across, the next */
            int joined = 0;
            for (size_t f = *e; f < nb && f <= *e + 1 && !joined; f++)
                if (bands[f].y0 - bands[f - 1].y1 <= TL_TABLE_GAP * bands[f].h &&
                    (joined = tl_join_stretched(r, p, bands, b, *e, &bands[f], cols)) < 0)
                    return -1;
            if (joined && tl_band_columns(r, p, &bands[*e], cols, next))
                return -1;
        }
        if (!tl_keeps_columns(cols, next)) {
            int across = tl_across_before(r, p, bands, nb, *e, cols, next);
            if (across < 0)
                return -1;
            if (!across)
                break;
            for (int k = 0; k < across; k++)
                bands[(*e)++].across = 1;
        }
        spans tmp = *cols;
        *cols = *next;
        *next = tmp;
        (*e)++;
    }
    return 0;
}

int tl_layout_unruled(const tl_lref *r, const tl_pieces *p, int page, int words, double grid_top,
                      tl_layout_carry *carry, tl_found_tables *out)
{
    int rc = -1;
    size_t nb = 0, table_end = 0; /* band after the last table */
    spans cols = { 0 }, next = { 0 }, last = { 0 }; /* last: the last table's columns */
    band *bands = tl_bands_find(r, p, &nb);
    if (!bands || set_pitch(r, p, bands, nb) || tl_part_across_lines(r, p, bands, &nb))
        goto out;
    int uncarried = 0;
    for (size_t b = 0; b < nb;) {
        int carried = b == 0 && carry && carry->n >= 2 && !uncarried;
        cols.n = 0;
        for (size_t c = 0; carried && c < carry->n; c++)
            if (add_span(&cols, carry->x0[c], carry->x1[c]))
                goto out;
        if (tl_band_columns(r, p, &bands[b], &cols, &next))
            goto out;
        int keeps = carried && tl_keeps_columns(&cols, &next);
        if (carried && !keeps) {
            /* the page opens with a row across the table the last page left open */
            int across = tl_across_before(r, p, bands, nb, 0, &cols, &next);
            if (across < 0)
                goto out;
            bands[0].across = across > 0;
        }
        if (carried ? !keeps && !bands[0].across : next.n < 2) {
            if (carried && carry->ruled)
                uncarried = 1; /* band 0 read anew, as any other */
            else
                b++;
            continue;
        }
        spans tmp = cols;
        cols = next;
        next = tmp;
        size_t e;
        if (extend_run(r, p, bands, nb, b, &cols, &next, &e))
            goto out;
        tl_table *t = bands_table(r, p, bands, b, e, &cols, page, words);
        if (!t)
            goto out;
        /* A ruled table's columns carried over (layout.c) go on through all of this
         * page's free text, and not from its first column: the rest of a row taller
         * than the page (its number was on the page before), or of the row above the
         * next rule.  A page's title, a signature block, start at the margin. */
        int drop_carry = carried && carry->ruled && (e < nb || tl_first_column_opens(t));
        /* Columns a header joined (split_joined_columns) can make a table read as
         * prose: "Д/ Зорилт" over the numbers and the objectives. */
        if (!drop_carry && cols.n >= 2 && !carried && !tl_unruled_tabular(t) &&
            cut_and_reread(r, p, bands, b, e, 1, &cols, &t, page, words))
            goto out;
        if (drop_carry || cols.n < 2 || (!carried && !tl_unruled_tabular(t))) {
            tl_table_free(t);
            for (size_t k = b; k < e; k++)
                bands[k].across = 0; /* a run from a later band decides anew */
            if (drop_carry)
                uncarried = 1; /* the page's first band read anew, as any other */
            else
                b++;
            continue;
        }
        /* A table found is read again where its columns cut apart. */
        if (cut_and_reread(r, p, bands, b, e, 0, &cols, &t, page, words))
            goto out;
        if (found_add(out, (tl_found_table){ bands[b].from, bands[e - 1].to, bands[b].y0, t })) {
            tl_table_free(t);
            goto out;
        }
        table_end = e;
        last.n = 0;
        for (size_t c = 0; c < cols.n; c++)
            if (add_span(&last, cols.v[c].x0, cols.v[c].x1))
                goto out;
        b = e;
    }
    /* A table that ends the page's free text may go on at the top of the next. */
    if (carry) {
        carry->n = 0;
        carry->ruled = 0;
        int to_end = table_end && table_end < nb ? tl_across_to_end(r, p, bands, table_end, nb, &last) : 1;
        if (to_end < 0)
            goto out;
        if (table_end && to_end &&
            !(grid_top > bands[nb - 1].y1) && last.n <= TL_CARRY_MAX) {
            for (size_t c = 0; c < last.n; c++) {
                carry->x0[c] = last.v[c].x0;
                carry->x1[c] = last.v[c].x1;
            }
            carry->n = last.n;
        }
    }
    rc = 0;
out:
    free(bands);
    free(cols.v);
    free(next.v);
    free(last.v);
    return rc;
}
