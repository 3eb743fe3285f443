/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ODS (OpenDocument spreadsheet, what LibreOffice Calc saves): the ODT reader in
 * its spreadsheet mode (odt.c), each sheet a table of its own (sheet.c). */
#include "extract.h"
#include "zip.h"

#define MIME "application/vnd.oasis.opendocument.spreadsheet"

static int ods_bid(const tl_source *src)
{
    if (tl_zip_odf_type(src, MIME))
        return 100;
    if (tl_source_named(src, ".ods"))
        return tl_zip_sig(src) ? 60 : 2;
    return 0;
}

static tl_code ods_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    return tl_odf_read(src, ".ods", 1, doc, err);
}

const tl_extractor tl_extractor_ods = { "ods", ods_bid, ods_extract };
