/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scoring an extraction against a fixture's truth JSON (`tables`: rows of cell
 * texts as written into the document, before any stitching).
 *
 * Truth rows are matched in order against the extracted rows of an unstitched
 * document.  A row that a page break cut in two is one row in the truth, so an
 * extracted row may be joined with the first rows of the following page fragments
 * when that matches better (with a space, or without one after a hyphen, as
 * stitching joins them).  Texts are compared whitespace-normalised. */
#ifndef TL_TEST_TRUTH_H
#define TL_TEST_TRUTH_H

#include "model/model.h"

#include <stdio.h>

typedef struct truth_score {
    size_t cells;    /* truth cells */
    size_t matched;  /* of them, found with the same text */
    size_t rows;
    size_t chars;    /* code points of the truth cells (white space folded) */
    size_t errors;   /* edits from the truth cells to the cells found: 1 - errors/chars
                        is the text similarity (1 - character error rate) */
} truth_score;

/* Returns 0, or -1 when the truth file cannot be read.  Mismatches go to log (may
 * be NULL).  Rows are aligned by the characters they share, so that recognised text
 * with errors still lines up with its truth. */
int truth_score_doc(const char *truth_json, const tl_doc *doc, truth_score *out, FILE *log);
/* The same over the first max_tables truth tables only (a test that reads a page). */
int truth_score_tables(const char *truth_json, const tl_doc *doc, size_t max_tables, truth_score *out, FILE *log);

#endif
