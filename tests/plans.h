/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Comparing the plan a file gives with the plan of the text it was rendered from
 * (tests/fixtures/variants): actions, the objectives above them, their values and
 * the words of the document.  Used by test_variants and bench/variants.sh. */
#ifndef TL_TEST_PLANS_H
#define TL_TEST_PLANS_H
#include "corpus/corpus.h"

/* Every action of every plan as text, one per line: number, label, the objectives
 * above it (number and title), and each field value (field, period, text with white
 * space folded).  Provenance left out, so two formats of one document compare equal.
 * Returns NULL when out of memory; the caller frees it. */
char *plan_digest_of(const tl_result *res);

typedef struct plan_score {
    size_t actions, actions_found;  /* the text's actions; those the file has (same number) */
    size_t parents_equal;           /* of those, under the same objectives (numbers, titles) */
    size_t values, values_equal;    /* the text's action values; equal in the file's action */
    size_t words, words_found;      /* the text's words (a multiset); found in the file */
    char first_loss[600];           /* the first action or value lost, for the log; "" */
    char words_lost[600];           /* the first words lost, for the log; "" */
} plan_score;

/* Converts file and text and scores file's plan against text's.  White space inside
 * values is not compared (a line wraps where its layout puts it).  Returns 0, or -1
 * with err set when either does not convert. */
int plan_compare(const char *file, const char *text, plan_score *s, tl_error *err);
#endif
