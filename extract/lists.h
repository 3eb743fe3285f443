/* SPDX-License-Identifier: GPL-3.0-or-later */
/* List numbering shared by the word-processor extractors (DOCX, ODT): a list label's
 * number in the list's format.  Stage-internal. */
#ifndef TL_EXTRACT_LISTS_H
#define TL_EXTRACT_LISTS_H

#include <stddef.h>

typedef enum tl_numfmt {
    TL_NUM_DECIMAL = 0,
    TL_NUM_LOWER_LETTER,
    TL_NUM_UPPER_LETTER,
    TL_NUM_LOWER_ROMAN,
    TL_NUM_UPPER_ROMAN,
    TL_NUM_NONE /* bullets and unnumbered levels: no label */
} tl_numfmt;

/* Writes v in format f ("3", "c", "C", "iii", "III"; 27 in letters is "aa"). */
void tl_num_format(tl_numfmt f, int v, char *out, size_t cap);

#endif
