/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bands: lines of free text that follow each other without a blank between them,
 * which unruled.c reads tables from (bands.c), whether a run of them read in
 * columns is a table (tabular.c), the justified lines in them (stretch.c) and the
 * rows across a table's columns (across.c).
 * Internal to the extract stage.
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

/* x ranges of a band's text or a run's columns, sorted by x0. */
typedef struct tl_xrange {
    double x0, x1;
} tl_xrange;
typedef struct tl_xranges {
    tl_xrange *v;
    size_t n, cap;
} tl_xranges;

#define TL_GUTTER_WIDE 0.50 /* of the line height: a gap this wide parts columns (a space is 0.2) */
#define TL_STRETCH_EVEN 0.2 /* points: a justified line's stretched spaces are this close in width */
#define TL_ALIGN_TOL 1.5    /* points: words starting this close are aligned */

#define TL_TABLE_GAP 3.50   /* of the line height: a blank this high ends an unruled table */
/* a row across a table is a title of up to six lines (290 letters, portrait, 11 pt,
 * equal widths: four) */
#define TL_ACROSS_LINES 6

/* Lines in band b (unruled.c). */
size_t tl_band_lines(const tl_pieces *p, const tl_band *b);
/* Band b's columns merged with a run's (cols, may be empty) into out (unruled.c);
 * -1 on OOM. */
int tl_band_columns(const tl_lref *r, const tl_pieces *p, const tl_band *b, const tl_xranges *cols,
                    tl_xranges *out);

/* tl_band_columns with the justified lines told beside the run's columns run
 * rather than cols (unruled.c). */
int tl_band_columns_in(const tl_lref *r, const tl_pieces *p, const tl_band *b, const tl_xranges *cols,
                       const tl_xranges *run, tl_xranges *out);
/* Whether next keeps every column of cols apart (unruled.c). */
int tl_keeps_columns(const tl_xranges *cols, const tl_xranges *next);

/* A line across the table's columns set in a band with no blank around it made a
 * band of its own (bands has room for one band a line); -1 on OOM (across.c). */
int tl_part_across_lines(const tl_lref *r, const tl_pieces *p, tl_band *bands, size_t *nb);
/* How many bands from a, which does not keep the run's columns cols, are a title
 * across the table before a band that keeps them (next gets its columns): 0 when
 * none, -1 on OOM. */
int tl_across_before(const tl_lref *r, const tl_pieces *p, const tl_band *bands, size_t nb, size_t a,
                     const tl_xranges *cols, tl_xranges *next);
/* Whether the bands from a to nb are rows across the table of cols up to the end of
 * the page's free text: 1, 0, or -1 on OOM. */
int tl_across_to_end(const tl_lref *r, const tl_pieces *p, const tl_band *bands, size_t a, size_t nb,
                     const tl_xranges *cols);

/* Whether band b is one justified line whose blanks (out, the band's own x ranges)
 * are stretched spaces, not gutters, beside a run's columns cols (stretch.c). */
int tl_stretched_line(const tl_lref *r, const tl_pieces *p, const tl_band *b, const tl_xranges *cols,
                      const tl_xranges *out);
/* Joins in cols the run's columns that a justified line of bands [b, e) set apart
 * and band bd's text runs through; how many gutters went, or -1 on OOM. */
int tl_join_stretched(const tl_lref *r, const tl_pieces *p, const tl_band *bands, size_t b, size_t e,
                      const tl_band *bd, tl_xranges *cols);
/* Whether band b's text s, right of a blank from a, is the last word of a justified
 * line set in a gutter of the run's cols, not a column. */
int tl_stretched_into_gutter(const tl_lref *r, const tl_pieces *p, const tl_band *b, const tl_xranges *cols,
                             double a, const tl_xrange *s);

/* a table of this many columns: tall rows (tabular.c), titles over several bands
 * (across.c) */
#define TL_TALL_MIN_COLS 4
/* Whether t, a run of bands read in columns, is a table (tabular.c). */
int tl_unruled_tabular(const tl_table *t);
/* Whether t's first row has text in its first column. */
int tl_first_column_opens(const tl_table *t);

#endif
