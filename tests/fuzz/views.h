/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What users take away from a conversion, fuzzed with it: the plan XML exported as CSV
 * and JSON (schema/export.c parses it again) and the review page (without page
 * images), all into memory.  For the harnesses after a conversion that worked. */
#ifndef TL_FUZZ_VIEWS_H
#define TL_FUZZ_VIEWS_H

#include "corpus/corpus.h"

#include <stdio.h>
#include <stdlib.h>

static void fuzz_views(const tl_result *res)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return;
    tl_error err;
    for (int f = 0; f < 2; f++) {
        tl_export *e = tl_export_new(mem, f ? TL_EXPORT_JSON : TL_EXPORT_CSV, f ? 0 : TL_EXPORT_EXCEL);
        if (e) {
            tl_export_add(e, res->xml, res->xml_len, "fuzz", &err);
            tl_export_end(e, &err);
        }
    }
    tl_source_info info = { "fuzz", res->sha256, res->xml_len };
    tl_review_write(res->doc, res->mapped, &info, 0, 1.5, mem, &err);
    fclose(mem);
    free(buf);
}

#endif
