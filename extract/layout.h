/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page layout, shared by the extractors that see a page as positions rather than as
 * markup: the PDF extractor (glyphs with boxes from Poppler, rules from a rendering)
 * and the OCR extractor (words with boxes from Tesseract, rules from the scan).
 *
 *   ink image --tl_rules_find--> rules --tl_grids_build--> cell grids
 *   glyphs + grids --tl_layout_page--> table and paragraph blocks of one page
 *
 * Internal to the extract stage.  Coordinates are PDF points, origin top-left.
 * Ownership: each *_free releases what the matching builder allocated; glyph texts
 * are borrowed from the caller for the duration of tl_layout_page.
 */
#ifndef TL_EXTRACT_LAYOUT_H
#define TL_EXTRACT_LAYOUT_H

#include "../model/model.h"

#include <stddef.h>

/* A greyscale page image where 0 is paper and 255 is full ink. */
typedef struct tl_ink {
    const unsigned char *px;
    int w, h;
    size_t stride;
    double scale; /* pixels per point */
} tl_ink;

/* An axis-parallel rule: at `pos` across, from a0 to a1 along (points). */
typedef struct tl_rule {
    double pos, a0, a1;
} tl_rule;

typedef struct tl_rules {
    tl_rule *h, *v; /* horizontal (pos = y) and vertical (pos = x) */
    size_t nh, nv;
    tl_box *shades;  /* filled areas that hold a word (points): a table's shading */
    size_t nshades;
} tl_rules;

/* Finds ruling lines: runs of ink at least min_len points long and at most
 * max_thick points thick (thicker runs are fills, not rules), and the edges of
 * filled areas that hold one of the words (boxes in points; may be NULL): a shaded
 * table's cells.  Returns 0, or -1 on OOM. */
int tl_rules_find(const tl_ink *ink, double min_len, double max_thick, const tl_box *words, size_t nwords,
                  tl_rules *out);
void tl_rules_free(tl_rules *r);

/* One cell of a grid, in grid units; rowspan/colspan >= 1. */
typedef struct tl_gcell {
    int row, col, rowspan, colspan;
} tl_gcell;

/* The cell grid one ruled table draws: column edges xs[0..ncols], row edges
 * ys[0..nrows], and for each unit (r, c) the index of the cell covering it. */
typedef struct tl_grid {
    double *xs, *ys;
    int ncols, nrows;
    int *owner;        /* nrows * ncols */
    tl_gcell *cells;
    int ncells;
    tl_box box;
    int open;          /* bounded by rules across only (tl_grids_add_open): a table
                          only if its text makes two columns and two rows */
} tl_grid;

/* Builds the grids the rules draw (clusters of crossing rules with at least two
 * rules each way), sorted top to bottom.  Returns 0, or -1 on OOM. */
int tl_grids_build(const tl_rules *r, tl_grid **grids, size_t *n);
void tl_grids_free(tl_grid *g, size_t n);

/* Dark ink on a page that is neither on one of its rules nor in one of its shades
 * (a chart's plotted lines, bars and slices), one bit a pixel. */
typedef struct tl_plot {
    unsigned long long *bits;
    int w, h;
    size_t row_words;
    double scale; /* pixels per point, as the ink's */
} tl_plot;

/* The plot of ink outside r.  0, or -1 on OOM. */
int tl_plot_find(const tl_ink *ink, const tl_rules *r, tl_plot *out);
/* The share of box b's area that is plot (0 when p or its bits are NULL). */
double tl_plot_share(const tl_plot *p, const tl_box *b);
void tl_plot_free(tl_plot *p);
/* Drops from grids[0..*n) those drawn around a chart: plot over 2 % of their area. */
void tl_grids_drop_charts(const tl_plot *p, tl_grid *grids, size_t *n);
/* The root of i's set in a union-find forest over parent[] (paths halved). */
size_t tl_uf_find(size_t *parent, size_t i);
/* Words in the typical piece of text of columns of prose (a page set in two or three
 * columns), which align like a table's: a table's entries run shorter.  Used for
 * unruled tables (unruled.c) and for what lies between rules across (open.c). */
#define TL_PROSE_WORDS 5

/* Frees what a grid holds (not the grid itself). */
void tl_grid_clear(tl_grid *g);
#define TL_CARRY_MAX 64
/* Where a table's columns stood apart: its left and right, and the x of each cut;
 * the page it was on and its foot; of its pages so far, how many, and on how many
 * its text read as set justified.  A page holding a row or two of the table shows
 * too few lines to tell; a table is taken as justified from TL_JUSTIFIED_PAGES
 * such pages on, one in TL_JUSTIFIED_ONE_IN at least (a justified plan shows it on
 * a page in three or four, where a few long lines of many end together; a ragged
 * one by chance on a page in twenty). */
#define TL_JUSTIFIED_PAGES 2
#define TL_JUSTIFIED_ONE_IN 5
typedef struct tl_gutters {
    double x0, x1;
    size_t n;
    double x[TL_CARRY_MAX];
    int page;
    double y1;
    int pages, justified;
} tl_gutters;

#define TL_GLYPH_FIGURE 1  /* part of a number (digits and . , % - ( ) / + $) */
#define TL_GLYPH_CAPITAL 2 /* an upper-case letter */
#define TL_GLYPH_LOWER 4   /* a lower-case letter */

/* Refines ruled grid g by the boxes of the text inside it (refine.c): a ruled row
 * holding several rows of entries is cut between them, a ruled column holding
 * several columns at its gutters.  numeric (may be NULL): per box, what kind of
 * glyph it is (TL_GLYPH_* bits).  known (may be NULL): the gutters of
 * the same table on the page before, where one entry on either side will do (a page
 * of one or two tall rows).  0 and *out (tl_grid_clear it) when it cut anything, 1
 * when g stands as it is, -1 on OOM.  *justified: whether g's own text read as
 * set justified. */
int tl_grid_refine(const tl_grid *g, const tl_box *boxes, const unsigned char *numeric, size_t n,
                   const tl_gutters *known, tl_grid *out, int *justified);
/* Adds the grids that horizontal rules alone bound (booktabs: a rule above, below
 * and under the header; or above and below only), one column each, where the words
 * between read as rows in columns; tl_grid_refine finds the rest.  known (may be
 * NULL): the gutters of the table the page before ended with.  0, or -1 on OOM. */
int tl_grids_add_open(const tl_rules *r, const tl_box *words, size_t nwords, const tl_gutters *known,
                      tl_grid **grids, size_t *n);
/* The grid cell containing point (x, y), or -1. */
int tl_grid_cell_at(const tl_grid *g, double x, double y);
/* v[0..n) sorted ascending in place (grid.c: the one comparison the layout files
 * sort positions, heights and widths by). */
void tl_sort_doubles(double *v, size_t n);

/* A positioned piece of text: one character (PDF) or one word (OCR), never white
 * space: where the source had some, the next glyph says so in space_before. */
typedef struct tl_glyph {
    const char *text; /* UTF-8, borrowed */
    size_t len;
    tl_box box;
    float conf;       /* 0..1, or -1 when not recognised */
    int space_before; /* the source put white space between this and the glyph before */
} tl_glyph;

/* The columns of an unruled table that ran to the foot of a page: the top of the
 * next page, where nothing else tells a table from text, continues it.  gutters:
 * where the text of the last ruled table on the page stood apart (its column edges
 * found by tl_grid_refine, and the table's left and right): a table of the same
 * width on the next page is most likely the same one, its rows fewer and taller. */
typedef struct tl_layout_carry {
    size_t n;
    double x0[TL_CARRY_MAX], x1[TL_CARRY_MAX];
    int ruled; /* the columns are a ruled table's (layout.c), not an unruled one's */
    tl_gutters gutters;
} tl_layout_carry;

typedef struct tl_layout_opts {
    int words;        /* glyphs are whole words: always a space between two */
    int unruled;      /* look for tables drawn without rules (column gutters) */
    tl_layout_carry *carry; /* NULL, or read and rewritten page after page */
} tl_layout_opts;

/* Adds the blocks of one page to doc in reading order: a table block per grid with
 * the glyphs inside it placed into cells, unruled tables found by alignment, and
 * paragraphs of the remaining lines.  Cell text joins lines with a space, or with
 * nothing after a hyphen that ends a line inside a word.  Returns TL_OK or
 * TL_E_INTERNAL on OOM. */
tl_code tl_layout_page(tl_doc *doc, int page, const tl_glyph *g, size_t n, const tl_grid *grids,
                       size_t ngrids, const tl_layout_opts *opts, tl_error *err);

#endif
