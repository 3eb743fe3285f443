/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the zip-package extractors (DOCX, ODT, XLSX, ODS) and the
 * pipeline behind them.  Mutated zip bytes mostly fail the zip's own checks (CRC),
 * so the first byte chooses, modulo 5: 1, the rest is a package as it is; 0, the
 * rest is word/document.xml, 2 an ODT's content.xml, 3 an XLSX's only sheet (with
 * a workbook and styles of number formats around it) and 4 an ODS's content.xml,
 * packed into a zip here, which is where the XML readers, tables, numbering and
 * sheets get exercised. */
#include "corpus/corpus.h"
#include "views.h"
#include "tests/zipgen.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A package can hold no legacy file, but a mutated one can start "{\rtf": with no
 * soffice on PATH it fails at once instead of starting LibreOffice. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("PATH", "/nonexistent", 1);
    return 0;
}

static void run(const char *name, const unsigned char *bytes, size_t n)
{
    tl_source src = { name, bytes, n };
    tl_result res;
    tl_error err;
    if (tl_convert_mem(&src, NULL, &res, &err) == TL_OK) {
        fuzz_views(&res);
        tl_result_free(&res);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    static const char mime[] = "application/vnd.oasis.opendocument.text";
    static const char ods_mime[] = "application/vnd.oasis.opendocument.spreadsheet";
    static const char workbook[] =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static const char rels[] = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                               "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    static const char styles[] =
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts>"
        "<numFmt numFmtId=\"164\" formatCode=\"#,##0&quot; ₮&quot;\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
        "<xf numFmtId=\"9\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
    size_t n;
    unsigned char *z = NULL;
    switch (data[0] % 5) {
    case 1:
        run("fuzz.docx", data + 1, size - 1);
        return 0;
    case 0: {
        zipgen_part p[] = { { "word/document.xml", data + 1, size - 1, 1 } };
        z = zipgen(p, 1, &n);
        if (z)
            run("fuzz.docx", z, n);
        break;
    }
    case 3: {
        zipgen_part p[] = { { "xl/workbook.xml", workbook, sizeof workbook - 1, 1 },
                            { "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1, 1 },
                            { "xl/styles.xml", styles, sizeof styles - 1, 1 },
                            { "xl/worksheets/sheet1.xml", data + 1, size - 1, 1 } };
        z = zipgen(p, 4, &n);
        if (z)
            run("fuzz.xlsx", z, n);
        break;
    }
    case 4: {
        zipgen_part p[] = { { "mimetype", ods_mime, sizeof ods_mime - 1, 1 }, { "content.xml", data + 1, size - 1, 1 } };
        z = zipgen(p, 2, &n);
        if (z)
            run("fuzz.ods", z, n);
        break;
    }
    default: {
        zipgen_part p[] = { { "mimetype", mime, sizeof mime - 1, 1 }, { "content.xml", data + 1, size - 1, 1 } };
        z = zipgen(p, 2, &n);
        if (z)
            run("fuzz.odt", z, n);
    }
    }
    free(z);
    return 0;
}
