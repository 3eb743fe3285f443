/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OCR: page 1 of seed 002's scan (300 dpi, skewed 0.4 degrees, noise), harder scans
 * made from it at test time (more skew, 150 dpi, JPEG artefacts), a multi-page TIFF,
 * and images that must be refused.  Whole documents are benchmarks (bench/ocr.sh):
 * a page costs seconds. */
#include "helpers.h"
#include "truth.h"

#include <criterion/criterion.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAGE TL_FIXTURES "/seed002.scan-p1.png"
#define TRUTH TL_FIXTURES "/seed002.truth.json"

static tl_code convert_bytes(const char *name, const unsigned char *d, size_t n, tl_result *res, tl_error *err)
{
    tl_source src = { name, d, n };
    return tl_convert_mem(&src, NULL, res, err);
}

/* The text similarity of page 1's table (the truth's first table). */
static double page1_similarity(const tl_doc *doc)
{
    truth_score s;
    cr_assert_eq(truth_score_tables(TRUTH, doc, 1, &s, NULL), 0);
    return 1.0 - (double)s.errors / (double)s.chars;
}

static void expect_page1_plan(const tl_result *res)
{
    /* Same actions as the digital PDF's page 1: 1.1, 1.2, 1.3 under objective 1. */
    cr_expect_eq(xcount(res, "//t:objective[@number = '1']/t:action[@number = '1.1']"), 1);
    cr_expect_eq(xcount(res, "//t:objective[@number = '1']/t:action[@number = '1.2']"), 1);
    cr_expect_eq(xcount(res, "//t:objective[@number = '1']/t:action[@number = '1.3']"), 1);
    cr_expect_eq(xcount(res, "//t:action[@number = '1.2']/t:text[starts-with(., '1.2 Улсын бүртгэлийн байгууллагын')]"), 1);
}

Test(ocr, scanned_page)
{
    tl_result res;
    convert(PAGE, &res);
    cr_assert_str_eq(res.doc->format, "image");
    expect_page1_plan(&res);
    /* The table has the digital PDF's grid: 5 columns; rows 1.2 and 1.3 have empty
     * objective cells (the columns stayed apart). */
    const tl_block *t = block_nth(res.doc, TL_BLOCK_TABLE, 0);
    cr_assert_not_null(t);
    cr_expect_eq(t->table->ncols, 5);
    cr_expect_eq(t->table->nrows, 4);
    cr_expect(tl_str_blank(t->table->rows[2].cells[1].text), "%s", t->table->rows[2].cells[1].text);
    double sim = page1_similarity(res.doc);
    cr_expect_geq(sim, 0.97, "text similarity %.4f", sim);
    /* Metadata read from the recognised paragraphs. */
    cr_expect_eq(xcount(&res, "/t:document/t:meta/t:date[@value = '2024-11-15']"), 1);
    cr_expect_eq(xcount(&res, "/t:document/t:meta/t:place[. = 'Сайншанд хот']"), 1);
    /* Confidences are kept; the scan was straightened. */
    cr_expect_gt(xcount(&res, "//t:action/t:*[@conf]"), 5);
    cr_expect_eq(xcount(&res, "//t:*[@conf > 1 or @conf < 0]"), 0);
    cr_expect_eq(xcount(&res, "//t:diagnostic[contains(@message, 'straightened by -0.41 degrees')]"), 1);
    tl_result_free(&res);
}

/* A page of an unruled table at 200 dpi, turned 1.5 degrees (page 2 of seed 000 laid
 * out portrait, objectives full-width, no rules, as a scan): cells of many short
 * lines, and the item number "1." alone in a narrow first column beside them, which
 * Tesseract's page layout drops.  The three rows are three rows (not one a line:
 * each word reaches a font's height, as a PDF's glyph does), with their number. */
Test(ocr, an_unruled_table_scanned)
{
    tl_result res;
    convert(TL_FIXTURES "/seed000-v05.scan-p2.png", &res);
    const tl_block *t = block_nth(res.doc, TL_BLOCK_TABLE, 0);
    cr_assert_not_null(t);
    cr_expect_eq(t->table->ncols, 8);
    cr_assert_eq(t->table->nrows, 3);
    for (size_t r = 0; r < 3; r++) {
        const char *num = t->table->rows[r].cells[0].text, *act = t->table->rows[r].cells[1].text;
        cr_expect_str_eq(num ? num : "", "1.", "row %zu", r);
        cr_expect(act && strstr(act, r == 0 ? "гэгээрүүлэх өдөрлөг, арга хэмжээг зохион байгуулах"
                                     : r == 1 ? "авлигын хор хөнөөлийг иргэдэд ойлгуулах"
                                              : "шударга байдлыг уриалсан агуулга"),
                  "row %zu: %s", r, act);
    }
    tl_result_free(&res);
}

/* A worse scan of the same page: turned 1.5 degrees more, 150 dpi, JPEG quality 30. */
Test(ocr, harder_scan)
{
    PIX *p = pixRead(PAGE);
    cr_assert_not_null(p);
    PIX *g = pixConvertTo8(p, 0);
    PIX *r = pixRotate(g, (float)(1.5 * M_PI / 180), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
    PIX *s = pixScale(r, 0.5f, 0.5f);
    pixSetResolution(s, 150, 150);
    l_uint8 *jpg = NULL;
    size_t n = 0;
    cr_assert_eq(pixWriteMemJpeg(&jpg, &n, s, 30, 0), 0);
    tl_result res;
    tl_error err = { 0 };
    cr_assert_eq(convert_bytes("worse.jpg", jpg, n, &res, &err), TL_OK, "%s", err.msg);
    expect_page1_plan(&res);
    double sim = page1_similarity(res.doc);
    cr_expect_geq(sim, 0.9, "text similarity %.4f", sim);
    cr_expect_eq(xcount(&res, "//t:diagnostic[contains(@message, 'straightened by -1.9')]"), 1);
    tl_result_free(&res);
    lept_free(jpg);
    pixDestroy(&p);
    pixDestroy(&g);
    pixDestroy(&r);
    pixDestroy(&s);
}

/* Two pages in one TIFF: the page's top and its bottom. */
Test(ocr, multipage_tiff)
{
    PIX *p = pixRead(PAGE);
    int w = pixGetWidth(p), h = pixGetHeight(p);
    BOX *top = boxCreate(0, 0, w, h / 4), *bottom = boxCreate(0, h / 2, w, h / 2);
    PIXA *pa = pixaCreate(2);
    pixaAddPix(pa, pixClipRectangle(p, top, NULL), L_INSERT);
    pixaAddPix(pa, pixClipRectangle(p, bottom, NULL), L_INSERT);
    l_uint8 *tif = NULL;
    size_t n = 0;
    cr_assert_eq(pixaWriteMemMultipageTiff(&tif, &n, pa), 0);
    tl_result res;
    tl_error err = { 0 };
    cr_assert_eq(convert_bytes("two.tif", tif, n, &res, &err), TL_OK, "%s", err.msg);
    cr_expect_eq(res.doc->npages, 2);
    cr_expect_eq(xcount(&res, "/t:document/t:meta/t:title[@page = '1' and contains(., 'ДОРНОГОВЬ АЙМГИЙН')]"), 1);
    int on2 = 0;
    for (size_t i = 0; i < res.doc->nblocks; i++) {
        const tl_block *b = &res.doc->blocks[i];
        if (b->kind == TL_BLOCK_TABLE)
            for (size_t r = 0; r < b->table->nrows; r++)
                for (size_t c = 0; c < b->table->rows[r].ncells; c++) {
                    const tl_cell *cell = &b->table->rows[r].cells[c];
                    on2 |= cell->prov.page == 2 && cell->text && strstr(cell->text, "1.3 Улсын бүртгэлийн");
                }
    }
    cr_expect(on2, "page 2's table was not read");
    tl_result_free(&res);
    lept_free(tif);
    boxDestroy(&top);
    boxDestroy(&bottom);
    pixaDestroy(&pa);
    pixDestroy(&p);
}

/* Pages read on several threads are placed as one thread places them: a TIFF of the
 * page's four quarters gives the same XML, byte for byte, with 1 and 3 threads. */
Test(ocr, pages_on_threads_same_as_one)
{
    PIX *p = pixRead(PAGE);
    cr_assert_not_null(p);
    int w = pixGetWidth(p), h = pixGetHeight(p);
    PIXA *pa = pixaCreate(4);
    for (int k = 0; k < 4; k++) {
        BOX *b = boxCreate(0, k * h / 4, w, h / 4);
        pixaAddPix(pa, pixClipRectangle(p, b, NULL), L_INSERT);
        boxDestroy(&b);
    }
    l_uint8 *tif = NULL;
    size_t n = 0;
    cr_assert_eq(pixaWriteMemMultipageTiff(&tif, &n, pa), 0);
    tl_limits keep = *tl_limits_get(), l = keep;
    char *xml[2] = { NULL, NULL };
    for (int i = 0; i < 2; i++) {
        l.ocr_threads = i ? 3 : 1;
        tl_limits_set(&l);
        tl_result res;
        tl_error err = { 0 };
        cr_assert_eq(convert_bytes("quarters.tif", tif, n, &res, &err), TL_OK, "%s", err.msg);
        cr_expect_eq(res.doc->npages, 4);
        xml[i] = strndup(res.xml, res.xml_len);
        tl_result_free(&res);
    }
    tl_limits_set(&keep);
    cr_expect_str_eq(xml[1], xml[0]);
    /* and the quarters were read: the title, and an action of the table */
    cr_expect(strstr(xml[0], "ДОРНОГОВЬ АЙМГИЙН") && strstr(xml[0], "Улсын бүртгэлийн"), "text missing");
    free(xml[0]);
    free(xml[1]);
    lept_free(tif);
    pixaDestroy(&pa);
    pixDestroy(&p);
}

static void refused(const char *name, const unsigned char *d, size_t n, tl_code want, const char *why)
{
    tl_result res;
    tl_error err = { 0 };
    tl_code rc = convert_bytes(name, d, n, &res, &err);
    cr_expect_eq(rc, want, "%s: %s (%s)", name, tl_code_name(rc), err.msg);
    cr_expect(strstr(err.msg, why) != NULL, "%s: \"%s\" lacks \"%s\"", name, err.msg, why);
    cr_expect(!strchr(err.msg, '\n'), "one line: %s", err.msg);
    if (rc == TL_OK)
        tl_result_free(&res);
}

Test(ocr_bad, one_pixel)
{
    PIX *p = pixCreate(1, 1, 8);
    l_uint8 *png = NULL;
    size_t n = 0;
    cr_assert_eq(pixWriteMemPng(&png, &n, p, 0), 0);
    refused("dot.png", png, n, TL_E_EMPTY, "no text recognised");
    lept_free(png);
    pixDestroy(&p);
}

static void be32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

/* A PNG whose header declares 30000 x 30000 pixels and holds none: refused by the
 * pixel limit from the header, before anything is decoded. */
Test(ocr_bad, huge_declared_size)
{
    unsigned char png[64] = "\x89PNG\r\n\x1a\n"; /* the rest: zeros */
    be32(png + 8, 13);
    memcpy(png + 12, "IHDR", 4);
    be32(png + 16, 30000);
    be32(png + 20, 30000);
    png[24] = 8, png[25] = 0, png[26] = png[27] = png[28] = 0; /* 8-bit grey */
    /* CRC-32 of type and data, as PNG wants */
    unsigned long crc = 0xFFFFFFFFul;
    for (int i = 12; i < 29; i++) {
        crc ^= png[i];
        for (int k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320ul : crc >> 1;
    }
    be32(png + 29, crc ^ 0xFFFFFFFFul);
    refused("huge.png", png, sizeof png, TL_E_LIMIT, "30000 x 30000 pixels, over the 120-million-pixel limit");
}

Test(ocr_bad, corrupt_tiff)
{
    PIX *p = pixCreate(64, 64, 1);
    l_uint8 *tif = NULL;
    size_t n = 0;
    cr_assert_eq(pixWriteMemTiff(&tif, &n, p, IFF_TIFF_G4), 0);
    /* The directory offset pointed past the end. */
    tif[4] = tif[5] = tif[6] = 0x7F;
    refused("bad.tif", tif, n, TL_E_CORRUPT, "damaged TIFF");
    /* Cut short. */
    lept_free(tif);
    cr_assert_eq(pixWriteMemTiff(&tif, &n, p, IFF_TIFF_G4), 0);
    refused("short.tif", tif, 12, TL_E_CORRUPT, "damaged");
    lept_free(tif);
    pixDestroy(&p);
}
