/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of page layout share: layout.c (the page: tables, then paragraphs
 * in reading order), lines.c (glyphs into lines, lines into text), ruled.c (tables
 * in grids), bands.c and unruled.c (tables by alignment).  Internal to them.
 * Ownership: tl_lines_text returns a string the caller frees; a pending block owns
 * its table or text until it goes into the document, a found table its table. */
#ifndef TL_EXTRACT_LAYOUT_PRIVATE_H
#define TL_EXTRACT_LAYOUT_PRIVATE_H

#include "layout.h"

#include <stdint.h>

#define TL_SPACE_GAP 0.30 /* of the line height: a gap this wide is a space */
#define TL_TOUCH_GAP 0.06 /* of the line height: glyphs this close are one word */

/* Glyph g's character (its text's first code point), 0 for none or < 0 if broken. */
int32_t tl_glyph_char(const tl_glyph *g);
double tl_glyph_cy(const tl_glyph *g);
double tl_glyph_height(const tl_glyph *g); /* at least half a point */
/* Whether b, after a on its line, starts a new word: the source put white space
 * before it or the gap is a space wide (TL_SPACE_GAP). */
int tl_glyph_spaced(const tl_glyph *a, const tl_glyph *b);

/* A glyph in a sort: qsort has no context, and the glyph array is per call. */
typedef struct tl_lref {
    const tl_glyph *g;
    size_t idx; /* order the extractor produced: ties keep it */
    int line;
    double cy, h; /* where the glyph stands across its line (set by tl_lines_assign) */
} tl_lref;

/* Numbers the lines of r and sorts it into reading order; returns the line count. */
int tl_lines_assign(tl_lref *r, size_t n);
/* Text of r[0..n) (in reading order, lines numbered); cell, the box of the table
 * cell it fills, or NULL (paragraphs).  NULL on OOM. */
char *tl_lines_text(const tl_lref *r, size_t n, int words, const tl_box *cell);
/* The same, and in *end how the last line meets the cell's right edge (tl_cell's
 * edge_end: 0, TL_EDGE_FULL or TL_EDGE_ALONE). */
char *tl_lines_text_edge(const tl_lref *r, size_t n, int words, const tl_box *cell, unsigned char *end);
/* Whether left (the word that ended a full line, alone on it when alone) and right
 * (the start of the next line) are one word the cell's edge broke: a tl_doc's
 * word_join for documents read from their geometry. */
int tl_lines_word_goes_on(const char *left, size_t ln, const char *right, size_t rn, int alone);
tl_box tl_lines_box(const tl_lref *r, size_t n);
float tl_lines_conf(const tl_lref *r, size_t n); /* lowest OCR confidence, -1 none */

/* A line of free text cut at wide gaps: the unit paragraphs and unruled tables are
 * made of. */
typedef struct tl_piece {
    size_t first, n; /* refs */
    int line;
    tl_box box;
    double h; /* typical glyph height */
} tl_piece;

typedef struct tl_pieces {
    tl_piece *v;
    size_t n, cap;
} tl_pieces;

int tl_pieces_cut(const tl_lref *r, size_t n, tl_pieces *out); /* -1 on OOM */
/* The piece after the last one on piece i's line. */
size_t tl_pieces_line_end(const tl_pieces *p, size_t i);

/* A block waiting for its place in reading order. */
typedef struct tl_pending {
    double top;
    tl_table *table; /* or a paragraph: */
    char *text;
    tl_prov prov;
    size_t seq; /* order made: ties in top keep it */
} tl_pending;

typedef struct tl_page_out {
    tl_pending *v;
    size_t n, cap;
} tl_page_out;

int tl_page_push(tl_page_out *o, tl_pending p); /* -1 on OOM, p not taken */

/* Adds the tables of the grids to o and marks in free_text[i] the glyphs that are
 * not in one (n of them).  gutters (may be NULL): read as the page before left them
 * and rewritten with the lowest table's.  0, or -1 on OOM. */
int tl_layout_ruled(const tl_glyph *g, size_t n, const tl_grid *grids, size_t ngrids, int page, int words,
                    tl_gutters *gutters, char *free_text, tl_page_out *o);

/* An unruled table over pieces [from, to). */
typedef struct tl_found_table {
    size_t from, to;
    double top;
    tl_table *table;
} tl_found_table;

typedef struct tl_found_tables {
    tl_found_table *v;
    size_t n, cap;
} tl_found_tables;

/* Finds the unruled tables among the pieces of free text (lines numbered, in reading
 * order), top to bottom.  carry (may be NULL): the columns of a table that ended
 * the page before, read, then rewritten for the next page; grid_top, the top of the
 * lowest grid (-INFINITY without): a table above it does not end the page.  0, or
 * -1 on OOM (what out holds stays the caller's to free). */
int tl_layout_unruled(const tl_lref *r, const tl_pieces *p, int page, int words, double grid_top,
                      tl_layout_carry *carry, tl_found_tables *out);

#endif
