/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one table of extractors.  Cheap, certain signatures first; plain text last,
 * since it bids on anything that is not binary. */
#include "extract.h"
#include <limits.h>
#include <errno.h>

#include <stdio.h>
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

/* The refusals every input gets before its extractor is chosen. */
static tl_code check_size(size_t size, tl_error *err)
{
    if (size == 0)
        return tl_error_set(err, TL_E_EMPTY, "empty file (0 bytes)");
    if (size > limits.max_input_bytes)
        return tl_error_set(err, TL_E_LIMIT, "%zu bytes, over the %zu-byte input limit (--limit input raises it)",
                            size, limits.max_input_bytes);
    return TL_OK;
}

static tl_code no_extractor(const tl_source *src, tl_error *err)
{
    size_t nul = 0;
    while (nul < src->size && src->data[nul])
        nul++;
    if (nul < src->size)
        return tl_error_set(err, TL_E_FORMAT,
                            "unsupported format: binary data (NUL byte at offset %zu) "
                            "and no extractor recognises its signature", nul);
    return tl_error_set(err, TL_E_FORMAT, "unsupported format: no extractor recognises it");
}

/* x on src in memory, or on the open file fd when fd >= 0. */
static tl_code run(const tl_extractor *x, const tl_source *src, int fd, tl_doc **out, tl_error *err)
{
    tl_doc *doc = tl_doc_new(src->path, x->name);
    if (!doc)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    doc->max_text_bytes = limits.max_text_bytes;
    doc->max_cells = (size_t)limits.max_cells;
    tl_code rc = fd >= 0 ? x->extract_fd(src, fd, doc, err) : x->extract(src, doc, err);
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

tl_code tl_extract_mem(const tl_source *src, tl_doc **out, tl_error *err)
{
    *out = NULL;
    tl_code rc = check_size(src->size, err);
    if (rc != TL_OK)
        return rc;
    const tl_extractor *x = tl_extractor_choose(src);
    return x ? run(x, src, -1, out, err) : no_extractor(src, err);
}

/* Reads exactly n bytes at off unless the file ends first; -1 on an error. */
static ssize_t read_at(int fd, unsigned char *buf, size_t n, off_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* The whole file through digest, a piece at a time; -1 when it cannot be read or
 * is no longer size bytes long. */
static int digest_fd(int fd, size_t size, tl_digest_fn digest, void *ctx)
{
    enum { PIECE = 1 << 20 };
    unsigned char *buf = malloc(PIECE);
    size_t at = 0;
    while (buf && at < size) {
        ssize_t r = read_at(fd, buf, size - at < PIECE ? size - at : PIECE, (off_t)at);
        if (r <= 0)
            break;
        digest(ctx, buf, (size_t)r);
        at += (size_t)r;
    }
    free(buf);
    return at == size ? 0 : -1;
}

tl_code tl_extract_file(const char *path, tl_digest_fn digest, void *ctx, size_t *size, tl_doc **out,
                        tl_error *err)
{
    *out = NULL;
    int fd;
    tl_code rc = tl_file_open(path, &fd, size, err);
    if (rc == TL_OK)
        rc = check_size(*size, err);
    if (rc != TL_OK) {
        if (fd >= 0)
            close(fd);
        return rc;
    }
    /* The head chooses the extractor; a file no longer than it is read whole here. */
    unsigned char head[TL_BID_BYTES];
    ssize_t nh = read_at(fd, head, *size < sizeof head ? *size : sizeof head, 0);
    tl_source src = { path, head, nh < 0 ? 0 : (size_t)nh };
    const tl_extractor *x = nh < 0 ? NULL : tl_extractor_choose(&src);
    if (nh < 0) {
        rc = tl_error_set(err, TL_E_IO, "read error: %s", strerror(errno));
    } else if ((size_t)nh == *size) {
        if (digest)
            digest(ctx, head, src.size);
        rc = x ? run(x, &src, -1, out, err) : no_extractor(&src, err);
    } else if (x && x->extract_fd) {
        /* a file cut short since its size was taken is refused, not half read */
        rc = digest && digest_fd(fd, *size, digest, ctx)
                 ? tl_error_set(err, TL_E_IO, "read error: the file changed or could not be read to its end")
                 : run(x, &src, fd, out, err);
    } else {
        unsigned char *data;
        size_t n;
        rc = tl_fd_read(fd, *size, &data, &n, err);
        if (rc == TL_OK) {
            tl_source whole = { path, data, n };
            if (digest)
                digest(ctx, data, n);
            *size = n;
            rc = tl_extract_mem(&whole, out, err);
            free(data);
        }
    }
    close(fd);
    return rc;
}
