/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spreadsheets (XLSX, ODS): the seeds kept as workbooks (tests/fixtures/src/sheets.py)
 * give the plan of the seed's text; what a cell shows (number formats, dates,
 * formulas' cached values, shared and rich strings); merged, hidden, sparse cells;
 * sheets in the workbook's order; bad and oversized workbooks. */
#include "helpers.h"
#include "plans.h"
#include "zipgen.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHEETS TL_FIXTURES "/sheets"

/* Every action under the same objective with the same values, and the words. */
static void same_plan(const char *file, const char *text, size_t actions)
{
    plan_score s;
    tl_error err = { 0 };
    cr_assert_eq(plan_compare(file, text, &s, &err), 0, "%s: %s", file, err.msg);
    double recall = s.words ? (double)s.words_found / (double)s.words : 0;
    cr_expect_eq(s.actions, actions, "%s: the text has %zu actions", file, s.actions);
    cr_expect(s.actions_found == s.actions && s.parents_equal == s.actions && s.values_equal == s.values &&
                  recall >= 0.999,
              "%s: actions %zu/%zu, under the same objectives %zu, values %zu/%zu, recall %.4f: %s", file,
              s.actions_found, s.actions, s.parents_equal, s.values_equal, s.values, recall, s.first_loss);
}

Test(sheets, seed004_xlsx_same_plan_as_text) { same_plan(SHEETS "/seed004.xlsx", SEED004, 44); }
Test(sheets, seed004_ods_same_plan_as_text) { same_plan(SHEETS "/seed004.ods", SEED004, 44); }
Test(sheets, seed001_ods_same_plan_as_text) { same_plan(SHEETS "/seed001.ods", SEED001, 28); }
/* as LibreOffice saves an XLSX: its styles, "General" as a custom format */
Test(sheets, seed004_libreoffice_xlsx_same_plan_as_text) { same_plan(SHEETS "/seed004.lo.xlsx", SEED004, 44); }
/* cut over two sheets, a hidden column and a hidden row, a notes sheet after */
Test(sheets, seed001_over_two_sheets_one_plan) { same_plan(SHEETS "/seed001-sheets.xlsx", SEED001, 28); }

/* Percents stored as fractions read as the sheet shows them: 43 at 100 %, one at 70 %. */
Test(sheets, seed004_percents_as_shown)
{
    tl_result res;
    convert(SHEETS "/seed004.xlsx", &res);
    cr_expect_eq(xcount(&res, "//t:action/t:percent[@value='100' and .='100%%']"), 43);
    cr_expect_eq(xcount(&res, "//t:action/t:percent[@value='70' and .='70%%']"), 1);
    cr_expect_eq(xcount(&res, "//t:action/t:baseline[.='92.5%%']"), 1, "a baseline formatted 0.0%%");
    cr_expect_eq(xcount(&res, "//t:plan[@sheet='Төлөвлөгөө' and @actions='44']"), 1);
    tl_result_free(&res);
}

/* The plan's sheets, the notes sheet a table of its own; hidden kept and marked. */
Test(sheets, seed001_sheets_hidden_marked)
{
    tl_doc *d = load_doc(SHEETS "/seed001-sheets.xlsx", 1);
    cr_assert_eq(d->npages, 3);
    const tl_block *plan = block_nth(d, TL_BLOCK_TABLE, 0), *notes = block_nth(d, TL_BLOCK_TABLE, 1);
    cr_assert(plan && notes);
    cr_expect_str_eq(plan->table->sheet, "1-р хэсэг");
    cr_expect_eq(plan->table->nfragments, 2);
    cr_expect_str_eq(notes->table->sheet, "Тайлбар");
    cr_expect_eq(notes->table->ncols, 2);
    size_t hidden_rows = 0, hidden_cells = 0;
    for (size_t r = 0; r < plan->table->nrows; r++) {
        hidden_rows += (size_t)plan->table->rows[r].hidden;
        for (size_t c = 0; c < plan->table->rows[r].ncells; c++)
            hidden_cells += (size_t)plan->table->rows[r].cells[c].hidden;
    }
    cr_expect_eq(hidden_rows, 1);
    cr_expect_eq(hidden_cells, plan->table->nrows, "the helper column, on every row");
    tl_doc_free(d);
}

/* ---- workbooks written here, part by part ------------------------------ */

#define MAIN_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

typedef struct book {
    zipgen_part parts[16];
    size_t n;
    char *owned[16];
} book;

static void part(book *b, const char *name, const char *xml)
{
    b->owned[b->n] = strdup(xml);
    b->parts[b->n] = (zipgen_part){ name, b->owned[b->n], strlen(xml), 0 };
    b->n++;
}

/* A workbook of the sheets given (name and sheetData), the styles and strings given. */
static unsigned char *workbook(const char *const *names, const char *const *sheets, size_t nsheets,
                               const char *styles, const char *strings, const char *wbpr, size_t *size)
{
    static char sheet_names[8][32];
    book b = { 0 };
    char wb[4096], rels[4096];
    size_t k = (size_t)snprintf(wb, sizeof wb, "<workbook " MAIN_NS ">%s<sheets>", wbpr ? wbpr : "");
    size_t j = (size_t)snprintf(rels, sizeof rels, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (size_t i = 0; i < nsheets; i++) {
        /* sheets listed in the workbook's order, parts numbered backwards: the order is the workbook's */
        k += (size_t)snprintf(wb + k, sizeof wb - k, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", names[i],
                              i + 1, i + 1);
        j += (size_t)snprintf(rels + j, sizeof rels - j,
                              "<Relationship Id=\"rId%zu\" Type=\"worksheet\" Target=\"worksheets/sheet%zu.xml\"/>", i + 1,
                              nsheets - i);
    }
    snprintf(wb + k, sizeof wb - k, "</sheets></workbook>");
    snprintf(rels + j, sizeof rels - j, "</Relationships>");
    part(&b, "xl/workbook.xml", wb);
    part(&b, "xl/_rels/workbook.xml.rels", rels);
    if (styles)
        part(&b, "xl/styles.xml", styles);
    if (strings)
        part(&b, "xl/sharedStrings.xml", strings);
    for (size_t i = 0; i < nsheets; i++) {
        char *xml = malloc(strlen(sheets[i]) + 256);
        sprintf(xml, "<worksheet " MAIN_NS ">%s</worksheet>", sheets[i]);
        snprintf(sheet_names[i], sizeof sheet_names[i], "xl/worksheets/sheet%zu.xml", nsheets - i);
        part(&b, sheet_names[i], xml);
        free(xml);
    }
    unsigned char *z = zipgen(b.parts, b.n, size);
    for (size_t i = 0; i < b.n; i++)
        free(b.owned[i]);
    cr_assert(z);
    return z;
}

static tl_doc *read_book(const unsigned char *z, size_t size, const char *name)
{
    tl_source src = { name, z, size };
    tl_doc *d = NULL;
    tl_error err = { 0 };
    tl_code rc = tl_extract_mem(&src, &d, &err);
    cr_assert_eq(rc, TL_OK, "%s: %s", tl_code_name(rc), err.msg);
    return d;
}

static const char *cell(const tl_doc *d, size_t table, size_t r, size_t c)
{
    const tl_block *b = block_nth(d, TL_BLOCK_TABLE, table);
    cr_assert(b && r < b->table->nrows && c < b->table->rows[r].ncells, "no cell %zu,%zu in table %zu", r, c, table);
    return b->table->rows[r].cells[c].text;
}

static const char STYLES[] =
    "<styleSheet " MAIN_NS "><numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy\\.mm\\.dd\"/><numFmt numFmtId=\"166\" formatCode=\"#,##0&quot; ₮&quot;\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"[Red]0.00;[Blue]-0.00\"/><numFmt numFmtId=\"168\" formatCode=\"General\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"9\"><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"22\"/><xf numFmtId=\"168\"/></cellXfs></styleSheet>";

/* A cell shows its value through its style's number format. */
Test(sheets, numbers_as_shown)
{
    const char *strings = "<sst " MAIN_NS "><si><t>Хувь</t></si>"
                          "<si><r><t>Хариуцах </t></r><r><rPr><b/></rPr><t>нэгж</t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si></sst>";
    const char *sheet =
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>1</v></c><c r=\"B2\" s=\"2\"><v>0.925</v></c><c r=\"C2\" s=\"3\"><v>45657</v></c>"
        "<c r=\"D2\" s=\"4\"><v>45657</v></c><c r=\"E2\" s=\"5\"><v>1500000</v></c><c r=\"F2\" s=\"6\"><v>3.14159</v></c>"
        "<c r=\"G2\" s=\"7\"><v>45657.5</v></c><c r=\"H2\"><v>0.30000000000000004</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c><c r=\"B3\"><f>SUM(A2:A2)</f><v>1</v></c>"
        "<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"e\"><v>#DIV/0!</v></c>"
        "<c r=\"E3\" t=\"inlineStr\"><is><t>Шууд</t></is></c><c r=\"F3\" s=\"8\"><v>24</v></c></row></sheetData>";
    const char *names[] = { "Хуудас1" };
    size_t size;
    unsigned char *z = workbook(names, &sheet, 1, STYLES, strings, NULL, &size);
    tl_doc *d = read_book(z, size, "formats.xlsx");
    cr_expect_str_eq(cell(d, 0, 0, 0), "Хувь");
    cr_expect_str_eq(cell(d, 0, 0, 1), "Хариуцах нэгж", "rich runs joined, the phonetic run left out");
    cr_expect_str_eq(cell(d, 0, 1, 0), "100%");
    cr_expect_str_eq(cell(d, 0, 1, 1), "92.5%");
    cr_expect_str_eq(cell(d, 0, 1, 2), "2024-12-31");
    cr_expect_str_eq(cell(d, 0, 1, 3), "2024-12-31");
    cr_expect_str_eq(cell(d, 0, 1, 4), "1,500,000 ₮", "literal text of the format kept");
    cr_expect_str_eq(cell(d, 0, 1, 5), "3.14");
    cr_expect_str_eq(cell(d, 0, 1, 6), "2024-12-31 12:00");
    cr_expect_str_eq(cell(d, 0, 1, 7), "0.3");
    cr_expect_str_eq(cell(d, 0, 2, 0), "ab", "a formula's cached value");
    cr_expect_str_eq(cell(d, 0, 2, 1), "1");
    cr_expect_str_eq(cell(d, 0, 2, 2), "TRUE");
    cr_expect_str_eq(cell(d, 0, 2, 3), "#DIV/0!");
    cr_expect_str_eq(cell(d, 0, 2, 4), "Шууд");
    cr_expect_str_eq(cell(d, 0, 2, 5), "24", "a custom \"General\" is no date");
    const tl_block *t = block_nth(d, TL_BLOCK_TABLE, 0);
    cr_expect_eq(t->table->rows[1].cells[0].prov.line, 2, "the row number is the line");
    cr_expect_eq(t->table->rows[1].cells[0].prov.page, 1, "the sheet is the page");
    tl_doc_free(d);
    free(z);
}

/* 1904 date system (old Mac workbooks): the same serial is four years later. */
Test(sheets, dates_1904)
{
    const char *sheet = "<sheetData><row r=\"1\"><c r=\"A1\" s=\"3\"><v>0</v></c><c r=\"B1\" s=\"3\"><v>44195</v></c></row></sheetData>";
    const char *names[] = { "S" };
    size_t size;
    unsigned char *z = workbook(names, &sheet, 1, STYLES, NULL, "<workbookPr date1904=\"1\"/>", &size);
    tl_doc *d = read_book(z, size, "mac.xlsx");
    cr_expect_str_eq(cell(d, 0, 0, 0), "1904-01-01");
    cr_expect_str_eq(cell(d, 0, 0, 1), "2024-12-31");
    tl_doc_free(d);
    free(z);
}

/* A title in A1 merged across, a merged header, empty rows and columns around,
 * sheets in the workbook's order whatever their parts are called. */
Test(sheets, layout_merges_order)
{
    const char *s1 =
        "<cols><col min=\"3\" max=\"3\" hidden=\"1\"/></cols><sheetData>"
        "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>ТӨЛӨВЛӨГӨӨ</t></is></c></row>"
        "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>№</t></is></c><c r=\"C4\" t=\"inlineStr\"><is><t>Хугацаа</t></is></c></row>"
        "<row r=\"5\"><c r=\"C5\" t=\"inlineStr\"><is><t>I</t></is></c><c r=\"D5\" t=\"inlineStr\"><is><t>II</t></is></c></row>"
        "<row r=\"6\" hidden=\"1\"><c r=\"B6\"><v>1</v></c><c r=\"C6\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"D6\" t=\"inlineStr\"><is><t>y</t></is></c></row>"
        "<row r=\"1048576\"><c r=\"B1048576\" t=\"inlineStr\"><is><t>Төгсгөл</t></is></c></row>"
        "</sheetData><mergeCells count=\"3\"><mergeCell ref=\"B2:D2\"/><mergeCell ref=\"B4:B5\"/><mergeCell ref=\"C4:D4\"/>"
        "<mergeCell ref=\"A1:XFD1048576\"/></mergeCells>";
    const char *s2 = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Хоёр</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>2</t></is></c></row></sheetData>";
    const char *sheets[] = { s1, s2 }, *names[] = { "Нэг", "Хоёр" };
    size_t size;
    unsigned char *z = workbook(names, sheets, 2, NULL, NULL, NULL, &size);
    tl_doc *d = read_book(z, size, "layout.xlsx");
    cr_assert_eq(d->npages, 2);
    const tl_block *title = block_nth(d, TL_BLOCK_PARA, 0), *end = block_nth(d, TL_BLOCK_PARA, 1);
    cr_assert(title && end);
    cr_expect_str_eq(title->para.text, "ТӨЛӨВЛӨГӨӨ");
    cr_expect_str_eq(end->para.text, "Төгсгөл");
    cr_expect_eq(end->para.prov.line, 1048576);
    const tl_block *t = block_nth(d, TL_BLOCK_TABLE, 0);
    cr_assert(t);
    cr_expect_str_eq(t->table->sheet, "Нэг");
    cr_expect_eq(t->table->ncols, 3, "columns B-D: the empty column A is not the table's");
    cr_expect_eq(t->table->nrows, 3);
    cr_expect_str_eq(cell(d, 0, 0, 0), "№");
    cr_expect_eq(t->table->rows[0].cells[0].rowspan, 2);
    cr_expect_eq(t->table->rows[0].cells[1].colspan, 2);
    cr_expect(t->table->rows[1].cells[0].covered);
    cr_expect(t->table->rows[2].hidden && !t->table->rows[1].hidden);
    cr_expect(t->table->rows[2].cells[1].hidden && !t->table->rows[2].cells[2].hidden);
    const tl_block *t2 = block_nth(d, TL_BLOCK_TABLE, 1);
    cr_assert(t2);
    cr_expect_str_eq(t2->table->sheet, "Хоёр");
    cr_expect_eq(t2->table->rows[0].cells[0].prov.page, 2);
    tl_doc_free(d);
    free(z);
}

/* ---- bad workbooks ------------------------------------------------------- */


Test(sheets_bad, truncated)
{
    unsigned char *data;
    size_t size;
    tl_error err;
    cr_assert_eq(tl_file_read(SHEETS "/seed004.xlsx", &data, &size, &err), TL_OK);
    expect_refused("cut.xlsx", data, size / 2, TL_E_CORRUPT, "zip");
    free(data);
    cr_assert_eq(tl_file_read(SHEETS "/seed004.ods", &data, &size, &err), TL_OK);
    expect_refused("cut.ods", data, size / 2, TL_E_CORRUPT, "zip");
    free(data);
}

Test(sheets_bad, broken_parts)
{
    const char *names[] = { "S" };
    size_t size;
    const char *bad_xml = "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData>";
    unsigned char *z = workbook(names, &bad_xml, 1, NULL, NULL, NULL, &size);
    expect_refused("bad.xlsx", z, size, TL_E_CORRUPT, "malformed xl/worksheets/sheet1.xml");
    free(z);
    const char *no_string = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData>";
    z = workbook(names, &no_string, 1, NULL, NULL, NULL, &size);
    expect_refused("nostring.xlsx", z, size, TL_E_CORRUPT, "shared string \"7\"");
    free(z);
    const char *outside = "<sheetData><row r=\"1048577\"><c><v>1</v></c></row></sheetData>";
    z = workbook(names, &outside, 1, NULL, NULL, NULL, &size);
    expect_refused("outside.xlsx", z, size, TL_E_CORRUPT, "row 1048577, outside the sheet");
    free(z);
    zipgen_part only[] = { { "xl/styles.xml", "<x/>", 4, 0 } };
    z = zipgen(only, 1, &size);
    expect_refused("noworkbook.xlsx", z, size, TL_E_CORRUPT, "xl/workbook.xml");
    free(z);
    const char *empty = "<sheetData/>";
    z = workbook(names, &empty, 1, NULL, NULL, NULL, &size);
    expect_refused("empty.xlsx", z, size, TL_E_EMPTY, "the workbook has no text");
    free(z);
}

/* 20 MB of one byte in a sheet deflates about a thousand times: a bomb's shape. */
Test(sheets_bad, zip_bomb)
{
    size_t n = 20u << 20, size;
    char *xml = malloc(n + 1);
    cr_assert(xml);
    memset(xml, ' ', n);
    xml[n] = 0;
    const char *names[] = { "S" };
    const char *sheet = xml;
    unsigned char *z = workbook(names, &sheet, 1, NULL, NULL, NULL, &size);
    free(xml);
    cr_expect_lt(size, n / 500);
    expect_refused("bomb.xlsx", z, size, TL_E_LIMIT, "zip bomb");
    free(z);
}

/* Past the cell limit: refused whole, with the limit named. */
Test(sheets_bad, over_the_cell_limit)
{
    GString *g = g_string_new("<sheetData>");
    for (int r = 1; r <= 600; r++)
        g_string_append_printf(g, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c><c r=\"B%d\"><v>1</v></c></row>", r, r, r, r);
    g_string_append(g, "</sheetData>");
    const char *names[] = { "S" };
    const char *sheet = g->str;
    size_t size;
    unsigned char *z = workbook(names, &sheet, 1, NULL, NULL, NULL, &size);
    g_string_free(g, TRUE);
    tl_limits saved = *tl_limits_get(), l = saved;
    l.max_cells = 1000;
    tl_limits_set(&l);
    expect_refused("big.xlsx", z, size, TL_E_LIMIT, "over 1000 filled cells");
    tl_limits_set(&saved);
    free(z);
}

/* A thousand sheets read, each its own page and table. */
Test(sheets, thousand_sheets)
{
    enum { N = 1000 };
    GString *content = g_string_new("<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                                    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
                                    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>");
    for (int i = 0; i < N; i++)
        g_string_append_printf(content, "<table:table table:name=\"S%d\"><table:table-row><table:table-cell><text:p>%d</text:p>"
                                        "</table:table-cell><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>"
                                        "<table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell "
                                        "table:number-columns-repeated=\"1024\"/></table:table-row></table:table>", i + 1, i + 1);
    g_string_append(content, "</office:spreadsheet></office:body></office:document-content>");
    static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    zipgen_part p[] = { { "mimetype", mime, sizeof mime - 1, 1 }, { "content.xml", content->str, content->len, 0 } };
    size_t size;
    unsigned char *z = zipgen(p, 2, &size);
    g_string_free(content, TRUE);
    cr_assert(z);
    tl_doc *d = read_book(z, size, "many.ods");
    cr_expect_eq(d->npages, N);
    size_t tables = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        tables += d->blocks[i].kind == TL_BLOCK_TABLE;
    cr_expect_eq(tables, N);
    cr_expect_str_eq(cell(d, N - 1, 0, 0), "1000");
    tl_doc_free(d);
    free(z);
}
