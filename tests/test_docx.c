/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DOCX extractor: the seeds' Word renderings against their truth and against the
 * seed text, list numbering, merged cells, tracked changes, and bad packages. */
#include "helpers.h"
#include "truth.h"
#include "zipgen.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(docx, seed000_cells) { expect_truth(TL_FIXTURES "/seed000.docx", TL_FIXTURES "/seed000.truth.json", 1.0); }
Test(docx, seed001_cells) { expect_truth(TL_FIXTURES "/seed001.docx", TL_FIXTURES "/seed001.truth.json", 1.0); }
Test(docx, seed002_cells) { expect_truth(TL_FIXTURES "/seed002.docx", TL_FIXTURES "/seed002.truth.json", 1.0); }
Test(docx, seed004_cells) { expect_truth(TL_FIXTURES "/seed004.docx", TL_FIXTURES "/seed004.truth.json", 1.0); }

/* The Word file means what the seed text means: same objectives, actions, fields. */
Test(docx, seed000_same_plan_as_text) { expect_same_plan(TL_FIXTURES "/seed000.docx", SEED000); }
Test(docx, seed001_same_plan_as_text) { expect_same_plan(TL_FIXTURES "/seed001.docx", SEED001); }
Test(docx, seed002_same_plan_as_text) { expect_same_plan(TL_FIXTURES "/seed002.docx", SEED002); }
Test(docx, seed004_same_plan_as_text) { expect_same_plan(TL_FIXTURES "/seed004.docx", SEED004); }

/* List numbering that is not in the text, merged cells, a tracked change. */
Test(docx, numbering_spans_tracked_changes)
{
    tl_doc *d = load_doc(TL_FIXTURES "/numbered.docx", 0);
    const tl_block *h = block_nth(d, TL_BLOCK_PARA, 0);
    cr_assert(h);
    cr_expect_str_eq(h->para.text, "АВЛИГЫН ЭСРЭГ ТӨЛӨВЛӨГӨӨ");
    cr_expect_eq(h->heading, 1);
    cr_expect_str_eq(block_nth(d, TL_BLOCK_PARA, 3)->para.text, "1.2. Ил тод байдал");
    cr_expect_str_eq(block_nth(d, TL_BLOCK_PARA, 5)->para.text, "2.1. Дотоод хяналт");
    const tl_table *t = block_nth(d, TL_BLOCK_TABLE, 0)->table;
    cr_assert_eq(t->nrows, 6);
    cr_assert_eq(t->ncols, 4);
    /* Objective row: one cell over four columns, numbered by the list. */
    cr_expect_str_eq(t->rows[1].cells[0].text, "1. Авлигын эсрэг хууль тогтоомжийг сурталчлах");
    cr_expect_eq(t->rows[1].cells[0].colspan, 4);
    cr_expect(t->rows[1].cells[3].covered);
    /* Action numbers come from the list only; the count goes on under objective 2. */
    cr_expect_str_eq(t->rows[2].cells[0].text, "1.1.");
    cr_expect_str_eq(t->rows[3].cells[0].text, "1.2.");
    cr_expect_str_eq(t->rows[5].cells[0].text, "2.1.");
    /* "Тамгын газар" is merged down over two rows. */
    cr_expect_str_eq(t->rows[2].cells[2].text, "Тамгын газар");
    cr_expect_eq(t->rows[2].cells[2].rowspan, 2);
    cr_expect(t->rows[3].cells[2].covered);
    /* Tracked change: the deleted name is gone, the inserted one is text. */
    const tl_block *sig = block_nth(d, TL_BLOCK_PARA, 6);
    cr_assert(sig);
    cr_expect_str_eq(sig->para.text, "Хянасан:Д.Дорж");
    cr_expect_eq(sig->chrome, TL_BODY);
    /* Page header and footer: kept, apart from the body. */
    const tl_block *hdr = block_nth(d, TL_BLOCK_PARA, 7), *ftr = block_nth(d, TL_BLOCK_PARA, 8);
    cr_assert(hdr && ftr);
    cr_expect_str_eq(hdr->para.text, "Орхон аймгийн Засаг даргын Тамгын газар");
    cr_expect_eq(hdr->chrome, TL_CHROME_PAGE);
    cr_expect_str_eq(ftr->para.text, "Хуудас 1");
    cr_expect_eq(ftr->chrome, TL_CHROME_PAGE);
    tl_doc_free(d);
}

/* In the XML the header and footer are outside the body, under their reason. */
Test(docx, furniture_outside_the_body)
{
    tl_result res;
    convert(TL_FIXTURES "/numbered.docx", &res);
    const char *s = res.xml;
    cr_assert(s);
    const char *body = strstr((const char *)s, "<body>"), *un = strstr((const char *)s, "<unmapped>");
    cr_assert(body && un && un > body);
    const char *h = strstr((const char *)s, "Хуудас 1");
    cr_expect(h && h > un, "the footer is in the body");
    cr_expect(strstr(un, "reason=\"page header or footer\"") != NULL);
    tl_result_free(&res);
}

static tl_code extract_bytes(const char *name, const unsigned char *data, size_t size, tl_error *err,
                             tl_doc **doc)
{
    tl_source src = { name, data, size };
    *doc = NULL;
    return tl_extract_mem(&src, doc, err);
}


static unsigned char *package(const char *document_xml, size_t len, size_t *size)
{
    zipgen_part p[] = { { "[Content_Types].xml", "<Types/>", 8, 0 }, { "word/document.xml", document_xml, len, 0 } };
    unsigned char *z = zipgen(p, 2, size);
    cr_assert(z);
    return z;
}

Test(docx_bad, truncated)
{
    unsigned char *data;
    size_t size;
    tl_error err;
    cr_assert_eq(tl_file_read(TL_FIXTURES "/seed002.docx", &data, &size, &err), TL_OK);
    expect_refused("cut.docx", data, size / 2, TL_E_CORRUPT, "damaged zip");
    free(data);
}

Test(docx_bad, no_document_xml)
{
    zipgen_part p[] = { { "word/styles.xml", "<x/>", 4, 0 } };
    size_t size;
    unsigned char *z = zipgen(p, 1, &size);
    expect_refused("empty.docx", z, size, TL_E_CORRUPT, "no word/document.xml");
    free(z);
}

Test(docx_bad, malformed_xml)
{
    const char *xml = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                      "<w:body><w:p><w:r><w:t>Зорилт 1</w:t></w:r></w:p><w:p></w:body>";
    size_t size;
    unsigned char *z = package(xml, strlen(xml), &size);
    expect_refused("bad.docx", z, size, TL_E_CORRUPT, "malformed word/document.xml");
    free(z);
}

/* 20 MB of one byte deflates about a thousand times: a bomb's shape. */
Test(docx_bad, zip_bomb)
{
    size_t n = 20u << 20, size;
    char *zeros = malloc(n);
    cr_assert(zeros);
    memset(zeros, ' ', n);
    unsigned char *z = package(zeros, n, &size);
    free(zeros);
    cr_expect_lt(size, n / 500);
    expect_refused("bomb.docx", z, size, TL_E_LIMIT, "zip bomb");
    free(z);
}

Test(docx_bad, not_a_zip)
{
    const char *s = "Зорилт 1. Энэ бол текст\n";
    expect_refused("plan.docx", (const unsigned char *)s, strlen(s), TL_E_FORMAT, "not a zip");
}

/* A 50 MB table streams through: every row comes out. */
Test(docx_bad, fifty_megabyte_table, .timeout = 300)
{
    const char *head = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl>";
    const char *tail = "</w:tbl></w:body></w:document>";
    size_t cap = (52u << 20), len = 0, rows = 0;
    char *xml = malloc(cap);
    cr_assert(xml);
    len += (size_t)snprintf(xml, cap, "%s", head);
    while (len < (50u << 20)) {
        rows++;
        len += (size_t)snprintf(xml + len, cap - len,
                                "<w:tr><w:tc><w:p><w:r><w:t>%zu.</w:t></w:r></w:p></w:tc>"
                                "<w:tc><w:p><w:r><w:t>Арга хэмжээ %zu: мэдээлэл байршуулах</w:t></w:r></w:p></w:tc>"
                                "<w:tc><w:p><w:r><w:t>%zu хувь</w:t></w:r></w:p></w:tc></w:tr>",
                                rows, rows * 7919 % 100003, rows % 101);
    }
    len += (size_t)snprintf(xml + len, cap - len, "%s", tail);
    zipgen_part p[] = { { "word/document.xml", xml, len, 1 } };
    size_t size;
    unsigned char *z = zipgen(p, 1, &size);
    free(xml);
    cr_assert(z);
    tl_error err;
    tl_doc *doc;
    cr_assert_eq(extract_bytes("big.docx", z, size, &err, &doc), TL_OK, "%s", err.msg);
    free(z);
    const tl_table *t = block_nth(doc, TL_BLOCK_TABLE, 0)->table;
    cr_expect_eq(t->nrows, rows);
    char want[32];
    snprintf(want, sizeof want, "%zu.", rows);
    cr_expect_str_eq(t->rows[rows - 1].cells[0].text, want);
    tl_doc_free(doc);
}

/* An OLE2 file that is no Word or Excel file is named for what it is. */
Test(docx_bad, ole2_not_office)
{
    unsigned char ole2[512] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
    expect_refused("plan.doc", ole2, sizeof ole2, TL_E_FORMAT, "neither Word nor Excel");
}
