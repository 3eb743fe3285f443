/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bands: lines of free text that follow each other without a blank between them,
 * which unruled.c reads tables from (bands.c), and whether a run of them read in
 * columns is a table (tabular.c).  Internal to the extract stage.
 * Ownership: tl_bands_find returns an array the caller frees. */
#ifndef TL_EXTRACT_BANDS_H
#define TL_EXTRACT_BANDS_H

#include "layout_private.h"

typedef struct tl_band {
    size_t from, to; /* tl_pieces */
    double y0, y1, h;
    int across;      /* a row across the whole table (an objective's title) */
    double pitch;    /* a fixed-pitch page's narrowest gutter (tl_gutter_min), or 0 */
} tl_band;

/* The bands of the pieces, in order, in an array with room for one band a line
 * (*nb of them used); NULL on OOM. */
tl_band *tl_bands_find(const tl_lref *r, const tl_pieces *p, size_t *nb);
/* Band b's extent and line height from its pieces. */
void tl_band_measure(const tl_pieces *p, tl_band *b);

#define TL_TALL_MIN_COLS 4 /* a table of this many columns: tall rows (tabular.c), titles over several bands (unruled.c) */
/* Whether t, a run of bands read in columns, is a table (tabular.c). */
int tl_unruled_tabular(const tl_table *t);
/* Whether t's first row has text in its first column. */
int tl_first_column_opens(const tl_table *t);

#endif
