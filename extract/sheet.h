/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One spreadsheet sheet gathered cell by cell, then laid into the model: what the
 * XLSX and ODS readers share.  Stage-internal: only extractors include it.
 *
 * Ownership: a tl_sheet is the caller's until tl_sheet_finish, which adds what it
 * holds to the document and frees it in every case; tl_sheet_free frees one that is
 * not finished. */
#ifndef TL_EXTRACT_SHEET_H
#define TL_EXTRACT_SHEET_H

#include "extract.h"

/* Excel's own bounds: 16,384 columns, 1,048,576 rows. */
#define TL_SHEET_MAX_COLS 16384L
#define TL_SHEET_MAX_ROWS 1048576L

typedef struct tl_sheet tl_sheet;

/* A sheet named name (copied), the index-th of its workbook (1-based: it is the
 * page of what is read from it). */
tl_sheet *tl_sheet_new(const char *name, int index);
void tl_sheet_free(tl_sheet *s);

/* Cells at 0-based row and column; text is copied, and a cell set twice keeps the
 * last text.  Past the document's cell limit (tl_limits.max_cells, over the whole
 * workbook: *cells counts) it returns TL_E_LIMIT with err set. */
tl_code tl_sheet_cell(tl_sheet *s, long row, long col, const char *text, long *cells,
                      tl_error *err);
/* A merged range, both corners included. */
tl_code tl_sheet_merge(tl_sheet *s, long r0, long c0, long r1, long c1, tl_error *err);
/* Rows r0..r1 hidden (a hidden sheet hides them all). */
tl_code tl_sheet_hide_rows(tl_sheet *s, long r0, long r1, tl_error *err);
tl_code tl_sheet_hide_cols(tl_sheet *s, long c0, long c1, tl_error *err);

/* Lays the sheet into doc, each run of rows between empty rows on its own: rows
 * holding one cell above and below the rows of several (a title over the table, a
 * signature under it) become paragraphs; the rest is a table named for the sheet,
 * without its empty columns at either side.  Frees s. */
tl_code tl_sheet_finish(tl_sheet *s, tl_doc *doc, tl_error *err);

#endif
