/* Legacy binary Word (.doc, OLE2 compound file): recognised and refused with what to
 * do, rather than read as garbage text.  Reading it would mean a second Word parser;
 * LibreOffice converts it faithfully, and the corpus run can call that itself. */
#include "extract.h"

#include <string.h>

static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

static int doc_bid(const tl_source *src)
{
    return src->size >= 8 && memcmp(src->data, ole2, 8) == 0 ? 100 : 0;
}

static tl_code doc_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    (void)src;
    (void)doc;
    return tl_error_set(err, TL_E_FORMAT,
                        "a legacy Word .doc (OLE2) file: convert it to DOCX first, e.g. "
                        "libreoffice --headless --convert-to docx FILE");
}

const tl_extractor tl_extractor_doc = { "doc", doc_bid, doc_extract };
