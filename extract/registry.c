/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one table of extractors.  Cheap, certain signatures first; plain text last,
 * since it bids on anything that is not binary. */
#include "extract.h"
#include <limits.h>
#include <errno.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

extern const tl_extractor tl_extractor_pdf;
extern const tl_extractor tl_extractor_docx;
extern const tl_extractor tl_extractor_odt;
extern const tl_extractor tl_extractor_xlsx;
extern const tl_extractor tl_extractor_ods;
extern const tl_extractor tl_extractor_doc;
extern const tl_extractor tl_extractor_xls;
extern const tl_extractor tl_extractor_rtf;
extern const tl_extractor tl_extractor_html;
extern const tl_extractor tl_extractor_image;
extern const tl_extractor tl_extractor_text;

const tl_extractor *const tl_extractors[] = {
    &tl_extractor_pdf,
    &tl_extractor_docx,
    &tl_extractor_odt,
    &tl_extractor_xlsx,
    &tl_extractor_ods,
    &tl_extractor_doc,
    &tl_extractor_xls,
    &tl_extractor_rtf,
    &tl_extractor_html,
    &tl_extractor_image,
    &tl_extractor_text,
    NULL,
};

/* 120 million pixels is an A0 sheet at about 280 dpi: larger is refused before it is
 * decoded (a 30000 x 30000 image header would need 900 MB of pixels before
 * recognition starts).  Below 150 dpi Tesseract reads little of 9-pt text. */
static tl_limits limits = {
    .max_pages = 10000,
    .ocr_dpi = 300,
    .min_ocr_dpi = 150,
    .max_pixels = 120000000LL,
    .max_input_bytes = (size_t)512 << 20,
    .max_zip_bytes = (size_t)256 << 20,
    .max_zip_parts = 10000,
    .max_text_bytes = (size_t)64 << 20,
    .max_cells = 2000000,
    .ocr_threads = 0,
};

void tl_limits_set(const tl_limits *l)
{
    limits = *l;
}

int tl_limits_parse(const char *spec)
{
    static const struct {
        const char *name;
        int bytes; /* a size: K/M/G allowed */
    } names[] = { { "input", 1 }, { "text", 1 }, { "zip", 1 }, { "cells", 0 },
                  { "pages", 0 }, { "pixels", 0 }, { "zip-parts", 0 }, { "threads", 0 } };
    const char *eq = strchr(spec, '=');
    if (!eq)
        return -1;
    size_t k = 0, nl = (size_t)(eq - spec);
    while (k < sizeof names / sizeof *names && (strlen(names[k].name) != nl || strncmp(spec, names[k].name, nl)))
        k++;
    if (k == sizeof names / sizeof *names)
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(eq + 1, &end, 10);
    int shift = !names[k].bytes ? 0 : *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if (shift)
        end++;
    if (errno || end == eq + 1 || *end || v == 0 || v > (1ULL << (62 - shift)) || eq[1] == '-')
        return -1;
    v <<= shift;
    tl_limits l = limits;
    switch (k) {
    case 0: l.max_input_bytes = (size_t)v; break;
    case 1: l.max_text_bytes = (size_t)v; break;
    case 2: l.max_zip_bytes = (size_t)v; break;
    case 3: l.max_cells = v > LONG_MAX ? LONG_MAX : (long)v; break;
    case 4: l.max_pages = v > INT_MAX ? INT_MAX : (int)v; break;
    case 5: l.max_pixels = v > LLONG_MAX ? LLONG_MAX : (long long)v; break;
    case 6: l.max_zip_parts = v > LONG_MAX ? LONG_MAX : (long)v; break;
    default: l.ocr_threads = v > 64 ? 64 : (int)v; break;
    }
    limits = l;
    return 0;
}

const tl_limits *tl_limits_get(void)
{
    return &limits;
}

int tl_limits_threads(void)
{
    int t = limits.ocr_threads;
    if (t <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        t = cores > 0 ? (int)cores : 1;
    }
    return t > TL_MOST_THREADS ? TL_MOST_THREADS : t;
}

int tl_source_named(const tl_source *src, const char *ext)
{
    size_t n = src->path ? strlen(src->path) : 0, k = strlen(ext);
    return n >= k && strcasecmp(src->path + n - k, ext) == 0;
}

const unsigned char *tl_source_find(const tl_source *src, const char *needle, size_t within)
{
    size_t n = src->size < within ? src->size : within, k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(src->data + i, needle, k) == 0)
            return src->data + i;
    return NULL;
}

const tl_extractor *tl_extractor_choose(const tl_source *src)
{
    const tl_extractor *best = NULL;
    int best_bid = 0;
    for (size_t i = 0; tl_extractors[i]; i++) {
        int b = tl_extractors[i]->bid(src);
        if (b > best_bid) {
            best_bid = b;
            best = tl_extractors[i];
        }
    }
    return best;
}

tl_code tl_extract_mem(const tl_source *src, tl_doc **out, tl_error *err)
{
    *out = NULL;
    if (src->size == 0)
        return tl_error_set(err, TL_E_EMPTY, "empty file (0 bytes)");
    if (src->size > limits.max_input_bytes)
        return tl_error_set(err, TL_E_LIMIT, "%zu bytes, over the %zu-byte input limit (--limit input raises it)",
                            src->size, limits.max_input_bytes);
    const tl_extractor *x = tl_extractor_choose(src);
    if (!x) {
        size_t nul = 0;
        while (nul < src->size && src->data[nul])
            nul++;
        if (nul < src->size)
            return tl_error_set(err, TL_E_FORMAT,
                                "unsupported format: binary data (NUL byte at offset %zu) "
                                "and no extractor recognises its signature", nul);
        return tl_error_set(err, TL_E_FORMAT, "unsupported format: no extractor recognises it");
    }
    tl_doc *doc = tl_doc_new(src->path, x->name);
    if (!doc)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    doc->max_text_bytes = limits.max_text_bytes;
    doc->max_cells = (size_t)limits.max_cells;
    tl_code rc = x->extract(src, doc, err);
    /* Extractors see a refused block as out of memory; the model knows better. */
    if (doc->over_limit && doc->max_cells && doc->ncells > doc->max_cells)
        rc = tl_error_set(err, TL_E_LIMIT, "over %ld table cells in one document (--limit cells raises it)",
                          limits.max_cells);
    else if (doc->over_limit)
        rc = tl_error_set(err, TL_E_LIMIT, "over %zu bytes of text in one document (--limit text raises it)",
                          limits.max_text_bytes);
    if (rc != TL_OK) {
        tl_doc_free(doc);
        return rc;
    }
    *out = doc;
    return TL_OK;
}
