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

/* The PDF of seed 002 means what its text means: same objectives, actions, fields. */
Test(pdf, seed002_same_plan_as_text)
{
    tl_result pdf, txt;
    convert(TL_FIXTURES "/seed002.pdf", &pdf);
    convert(SEED002, &txt);
    char *a = plan_digest(&pdf), *b = plan_digest(&txt);
    cr_assert_gt(strlen(b), 1000, "text digest too short: %s", b);
    cr_expect_str_eq(a, b);
    /* Action 1.3's text runs from the foot of page 1 onto page 2 of the PDF. */
    cr_expect(strstr(a, "1.3 | - < 1 ") != NULL);
    cr_expect(strstr(a, "мэдээлэл, мэдээллийн хэсэгт авилгын хор хөнөөлийг") != NULL);
    free(a);
    free(b);
    tl_result_free(&pdf);
    tl_result_free(&txt);
}

/* Portrait page, grey hairline rules (LibreOffice's HTML borders). */
Test(pdf, portrait_grey_rules) { cells_match(TL_FIXTURES "/portrait.pdf", TL_FIXTURES "/portrait.truth.json", 1.0); }

/* Pages turned a quarter: text running down the page is read upright. */
Test(pdf, rotated_pages)
{
    cells_match(TL_FIXTURES "/rotated.pdf", TL_FIXTURES "/seed002.truth.json", 1.0);
    tl_doc *doc = load_doc(TL_FIXTURES "/rotated.pdf", 0);
    cr_assert_eq(doc->npages, 4);
    cr_expect_eq(doc->pages[0].rotation, 90);
    cr_expect_eq(doc->pages[2].rotation, 0);
    /* Upright space of a turned landscape page is landscape again. */
    cr_expect(doc->pages[0].width > doc->pages[0].height, "%f x %f", doc->pages[0].width,
              doc->pages[0].height);
    tl_doc_free(doc);
}

/* Provenance: the first table of seed 002 starts on page 1 with its grid box. */
Test(pdf, provenance_boxes)
{
    tl_doc *doc = load_doc(TL_FIXTURES "/seed002.pdf", 0);
    const tl_table *t = NULL;
    for (size_t i = 0; i < doc->nblocks && !t; i++)
        if (doc->blocks[i].kind == TL_BLOCK_TABLE)
            t = doc->blocks[i].table;
    cr_assert(t);
    cr_expect_eq(t->prov.page, 1);
    cr_expect_eq(t->ncols, 5);
    /* Header cell "Д/д": left rule of the table at x = 56.7 pt (LibreOffice's margin). */
    const tl_cell *c = &t->rows[0].cells[0];
    cr_expect_str_eq(c->text, "Д/д");
    cr_expect(c->prov.box.x0 > 54 && c->prov.box.x0 < 59, "x0 %f", c->prov.box.x0);
    cr_expect(c->prov.box.x1 > c->prov.box.x0 && c->prov.box.y1 > c->prov.box.y0);
    tl_doc_free(doc);
}
