/* PDF extractor: cell text against the fixtures' truth, the PDF of seed 002 against
 * its text, page geometry, and bad PDFs. */
#include "helpers.h"
#include "truth.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static void cells_match(const char *pdf, const char *truth, double want)
{
    tl_doc *doc = load_doc(pdf, 0);
    truth_score s;
    cr_assert_eq(truth_score_doc(truth, doc, &s, NULL), 0, "%s unreadable", truth);
    double got = (double)s.matched / (double)s.cells;
    cr_expect_geq(got, want, "%s: %zu of %zu truth cells (%.4f)", pdf, s.matched, s.cells, got);
    tl_doc_free(doc);
}

Test(pdf, seed000_cells) { cells_match(TL_FIXTURES "/seed000.pdf", TL_FIXTURES "/seed000.truth.json", 0.99); }
Test(pdf, seed001_cells) { cells_match(TL_FIXTURES "/seed001.pdf", TL_FIXTURES "/seed001.truth.json", 0.99); }
Test(pdf, seed002_cells) { cells_match(TL_FIXTURES "/seed002.pdf", TL_FIXTURES "/seed002.truth.json", 0.99); }
Test(pdf, seed004_cells) { cells_match(TL_FIXTURES "/seed004.pdf", TL_FIXTURES "/seed004.truth.json", 0.99); }
