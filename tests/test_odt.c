/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ODT extractor: LibreOffice's ODT of the seeds against their truth and their text,
 * list numbering, spans, tracked changes, page furniture. */
#include "helpers.h"
#include "truth.h"
#include "zipgen.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(odt, seed000_cells) { expect_truth(TL_FIXTURES "/seed000.odt", TL_FIXTURES "/seed000.truth.json", 1.0); }
Test(odt, seed001_cells) { expect_truth(TL_FIXTURES "/seed001.odt", TL_FIXTURES "/seed001.truth.json", 1.0); }
Test(odt, seed002_cells) { expect_truth(TL_FIXTURES "/seed002.odt", TL_FIXTURES "/seed002.truth.json", 1.0); }

/* Not seed 000: LibreOffice joined its three page fragments (tables with no paragraph
 * between) into one table when it saved the ODT, so the rows a page break split stay
 * two rows there; the cells themselves match the truth (above). */
Test(odt, seed001_same_plan_as_text) { expect_same_plan(TL_FIXTURES "/seed001.odt", SEED001); }
Test(odt, seed002_same_plan_as_text) { expect_same_plan(TL_FIXTURES "/seed002.odt", SEED002); }

/* numbered.odt is numbered.docx saved by LibreOffice: the same document. */
Test(odt, same_as_the_docx)
{
    tl_doc *o = load_doc(TL_FIXTURES "/numbered.odt", 0), *w = load_doc(TL_FIXTURES "/numbered.docx", 0);
    cr_assert_eq(o->nblocks, w->nblocks);
    for (size_t i = 0; i < o->nblocks; i++) {
        const tl_block *a = &o->blocks[i], *b = &w->blocks[i];
        cr_assert_eq(a->kind, b->kind, "block %zu", i);
        cr_expect_eq(a->chrome, b->chrome, "block %zu", i);
        if (a->kind == TL_BLOCK_PARA) {
            cr_expect_str_eq(a->para.text, b->para.text, "block %zu", i);
            continue;
        }
        cr_assert_eq(a->table->nrows, b->table->nrows);
        cr_assert_eq(a->table->ncols, b->table->ncols);
        for (size_t r = 0; r < a->table->nrows; r++)
            for (size_t c = 0; c < a->table->ncols; c++) {
                const tl_cell *x = &a->table->rows[r].cells[c], *y = &b->table->rows[r].cells[c];
                cr_expect_str_eq(x->text, y->text, "row %zu col %zu", r, c);
                cr_expect_eq(x->covered, y->covered, "row %zu col %zu", r, c);
                cr_expect_eq(x->colspan, y->colspan, "row %zu col %zu", r, c);
                cr_expect_eq(x->rowspan, y->rowspan, "row %zu col %zu", r, c);
            }
    }
    /* The labels themselves, and the furniture after the body. */
    cr_expect_str_eq(block_nth(o, TL_BLOCK_PARA, 5)->para.text, "2.1. Дотоод хяналт");
    cr_expect_str_eq(block_nth(o, TL_BLOCK_TABLE, 0)->table->rows[3].cells[0].text, "1.2.");
    cr_expect_eq(block_nth(o, TL_BLOCK_PARA, 8)->chrome, TL_CHROME_PAGE);
    tl_doc_free(o);
    tl_doc_free(w);
}

Test(odt_bad, no_content_xml)
{
    const char mime[] = "application/vnd.oasis.opendocument.text";
    zipgen_part p[] = { { "mimetype", mime, sizeof mime - 1, 1 }, { "styles.xml", "<x/>", 4, 0 } };
    size_t size;
    unsigned char *z = zipgen(p, 2, &size);
    cr_assert(z);
    tl_source src = { "plan.odt", z, size };
    tl_doc *doc = NULL;
    tl_error err;
    cr_expect_eq(tl_extract_mem(&src, &doc, &err), TL_E_CORRUPT);
    cr_expect(strstr(err.msg, "no content.xml") != NULL, "%s", err.msg);
    tl_doc_free(doc);
    free(z);
}
