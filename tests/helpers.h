/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers for the tests: load a sample and run the pipeline on it. */
#ifndef TL_TEST_HELPERS_H
#define TL_TEST_HELPERS_H
#include "corpus/corpus.h"

#include <libxml/tree.h>

#define SEED000 TL_SAMPLES "/000_e832cc1684c01e82.txt"
#define SEED001 TL_SAMPLES "/001_1fb14d448e6d2ac5.txt"
#define SEED002 TL_SAMPLES "/002_829daa7892635b35.txt"
#define SEED003 TL_SAMPLES "/003_9969067fe9d7e0c9.txt"
#define SEED004 TL_SAMPLES "/004_0e8ace6dce33d16c.txt"

/* Extracts (and stitches, when asked) a file; aborts the test on error. */
tl_doc *load_doc(const char *path, int stitch);
/* Full conversion of a file; aborts the test on error. */
void convert(const char *path, tl_result *res);
/* Every action of every plan as text, one per line: number, label, the objectives
 * above it (number and title), and each field value (field, period, text with white
 * space folded).  Provenance left out, so two formats of one document compare
 * equal.  The caller frees it. */
char *plan_digest(const tl_result *res);
/* The n-th (0-based) block of a kind, or NULL. */
/* The number of nodes an XPath (printf format; namespace prefix t:) selects in the
 * result's XML, or -1 when it does not evaluate. */
int xcount(const tl_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The result's XML parsed into a tree (it is kept as text); the caller frees it. */
xmlDocPtr result_tree(const tl_result *res);

const tl_block *block_nth(const tl_doc *d, tl_block_kind kind, size_t n);
/* Expects at least want (0..1) of the truth file's cells in path's extraction
 * (unstitched, whitespace-normalised). */
void expect_truth(const char *path, const char *truth, double want);
/* Expects the conversion of file to give the same plan digest as that of the text
 * it was made from. */
void expect_same_plan(const char *file, const char *text);
/* The same, comparing without white space: for extractors whose cell text may
 * differ from the source in where a line break put a space. */
void expect_same_plan_but_spaces(const char *file, const char *text);
/* Expects extracting the bytes (named name, for the bids) to fail with want and a
 * one-line message holding why. */
void expect_refused(const char *name, const unsigned char *data, size_t size, tl_code want, const char *why);
/* Copies a file byte for byte; aborts the test when it cannot. */
void copy_file(const char *from, const char *to);
/* Runs the tailan command at cli with args (a shell line; env, may be NULL, sets
 * variables before it), its stdout and stderr into dir/stdout and dir/stderr.
 * Returns its exit code (-1 when a signal ended it) and the stderr it printed. */
int run_tailan(const char *cli, const char *dir, const char *env, const char *args, char *err, size_t errlen);
/* The one integer a query gives on the corpus catalog in dir (-1 when no row);
 * aborts the test when the catalog or the query fails. */
long long catalog_int(const char *dir, const char *sql);
/* The first column of every row a query gives, joined with newlines (malloc'd). */
char *catalog_text(const char *dir, const char *sql);
/* The JSON in file at a JSONPath ("$.totals.ok"): the whole match list as compact JSON
 * ("[143]", "[\"/a/b\"]"), or NULL when the file is not JSON; free it. */
char *json_file_at(const char *file, const char *path);
#endif
