/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What refine.c (a ruled grid refined by its text) shares with open.c (grids that
 * rules across alone bound): spans of text along one axis and their measures.
 * Internal to the extract stage.  Ownership: tl_grid_phrases' *out is malloc'd and
 * the caller frees it. */
#ifndef TL_EXTRACT_REFINE_H
#define TL_EXTRACT_REFINE_H

#include "layout.h"

/* of the glyph height: a blank this wide between columns (a word space is 0.2-0.3) */
#define TL_GUTTER_MIN 0.50

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

#endif
