/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What refine.c (a ruled grid refined by its text) shares with open.c (grids that
 * rules across alone bound) and justify.c (blanks that are no gutter): spans of
 * text along one axis and their measures.
 * Internal to the extract stage.  Ownership: tl_grid_phrases' *out is malloc'd and
 * the caller frees it. */
#ifndef TL_EXTRACT_REFINE_H
#define TL_EXTRACT_REFINE_H

#include "layout.h"

/* of the glyph height: a blank this wide between columns (a word space is 0.2-0.3) */
#define TL_GUTTER_MIN 0.50
/* of the glyph height: wider than a word space (0.25 at most unstretched); two
 * cells' padding is 0.37 at 12 pt */
#define TL_KNOWN_GAP 0.30
#define TL_ALIGN_PT 1.5   /* points: text starting this close is aligned */
#define TL_FLUSH_PT 0.5   /* points: justified text ends (and the next column's starts) this close */
#define TL_FLUSH_LINES 3  /* lines whose text ends and starts again at one blank: two columns' edge */

typedef struct tl_span {
    double a, b;
} tl_span;

/* Merges overlapping spans (sorted here) in place; returns how many remain. */
size_t tl_spans_merge(tl_span *s, size_t n);
/* The median height of n boxes (at least 1; 10 when there are none or on OOM). */
double tl_boxes_median_height(const tl_box *b, size_t n);
/* cell[i]: the cell of g under the centre of box i (0 when it falls on an edge). */
void tl_grid_cells_of(const tl_grid *g, const tl_box *b, size_t n, int *cell);
/* The narrowest blank between glyphs of a line that parts two columns: half a glyph
 * height h, or in a fixed-pitch font a letter and a quarter (its word space is a
 * whole letter). */
double tl_gutter_min(const tl_box *b, size_t n, double h);
/* The phrases of grid column c's lines (glyphs of a line closer than gut, merged,
 * but never over a gap wider than a word space where known, which may be NULL, had a
 * gutter), line after line; returns how many lines there were. */
size_t tl_grid_phrases(const tl_grid *g, int c, const tl_box *b, const int *cell, size_t n, double h, double gut,
                       const tl_gutters *known, tl_span **out, size_t *nout);

/* A blank between two words of a line: where it starts and ends, and where the
 * word before it starts. */
typedef struct tl_blank {
    double a, z, word;
} tl_blank;
/* Sorts blanks by their start. */
void tl_blanks_sort(tl_blank *b, size_t n);
/* justify.c: whether (a, z) is two columns' edge: TL_FLUSH_LINES of the blanks
 * (sorted) end and start where it does, within TL_FLUSH_PT on both sides, after
 * words that start at different places (a justified column's last words; the same
 * words repeated row after row, "Тухай бүр", line up whatever the layout). */
int tl_flush_edge(const tl_blank *blanks, size_t n, double a, double z);
/* The row of g that height y falls in (the first or last beyond the grid). */
int tl_grid_row_at(const tl_grid *g, double y);
/* justify.c: the tests a gutter found inside grid column c must pass, over the
 * column's lines read once, at the first test that needs them (num: per box,
 * TL_GLYPH_FIGURE and the case bits; may be NULL).  NULL on OOM.  Ownership: the
 * column borrows g, b, num and cell; the caller frees it with tl_column_free. */
typedef struct tl_column tl_column;
tl_column *tl_column_new(const tl_grid *g, int c, const tl_box *b, const unsigned char *num, const int *cell,
                         size_t n, double h);
void tl_column_free(tl_column *col);
/* Whether the column holds justified text: somewhere three lines end and start
 * again together at a blank (tl_flush_edge), or four or more end at one x, more
 * than end just short of it, their last words starting at different places;
 * letters on both sides.  0 for NULL. */
int tl_column_justified(tl_column *col);
/* Whether a gutter at x (text on both sides of it) holds: it is no justified
 * paragraph's word space (asked of an open grid only when justified, from
 * tl_column_justified), and unless near_known (the page before had a gutter
 * there) two rows show it where the table goes on from that page (known) or the
 * header's text lies all on one side of x, and neither most lines near x nor, in
 * a justified open grid, most rows run through it. */
int tl_gutter_holds(tl_column *col, const tl_gutters *known, int near_known, int justified, double x);
/* centred.c: drops from cuts (sorted, nc of them, inside grid column c) those a
 * centred title alone makes: a stretch whose text is one row's, centred over it
 * and the stretch beside it together, above all of that one's text.  Returns how
 * many cuts are left. */
size_t tl_cuts_uncentre(const tl_grid *g, int c, const tl_box *b, const int *cell, size_t n, double h, double gut,
                        double *cuts, size_t nc);

#endif
