/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan extract stage: input bytes -> tl_doc.
 *
 * Extractors bid on an input the way libarchive's format readers do: each looks at
 * the first bytes and the file name and says how sure it is (0 = not mine).  The
 * registry (registry.c) lists them, cheap checks first; the highest bid wins.  Adding
 * a format is one file with a const tl_extractor and one line in that table.
 *
 * Ownership: tl_extract_* return a tl_doc the caller frees with tl_doc_free().
 */
#ifndef TL_EXTRACT_H
#define TL_EXTRACT_H

#include "../model/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A text line longer than this is not a document line but damage or a dump. */
#define TL_MAX_LINE_BYTES ((size_t)4 << 20)

/* What one input may cost, process-wide.  The defaults suit archives; a caller with
 * a small budget (a fuzzer, a preview) lowers them before extracting.  Past a limit
 * the input is refused with TL_E_LIMIT, never read partly. */
typedef struct tl_limits {
    int max_pages;        /* pages of a PDF (default 10,000) */
    int ocr_dpi;          /* resolution scanned pages are rendered at for OCR (300) */
    int min_ocr_dpi;      /* a page that would render coarser within max_pixels is
                             refused (150) */
    long long max_pixels; /* a page rendered for OCR, an image (120 million) */
    size_t max_input_bytes; /* the input file, refused before it is read (512 MiB) */
    size_t max_zip_bytes; /* a zip package's parts inflated, summed (256 MiB) */
    long max_zip_parts;   /* entries in a zip package's directory (10,000) */
    size_t max_text_bytes; /* text in one document's model, summed over blocks and
                              cells (64 MiB) */
    long max_cells;       /* table cells in one document (2 million) */
    int ocr_threads;      /* pages of one document read at once, scanned or with a
                             text layer (0: one per core, at most 4; a corpus worker
                             reads one: its run has a worker per core already) */
} tl_limits;

/* Replaces the limits (not thread-safe: set them before extracting). */
void tl_limits_set(const tl_limits *l);
const tl_limits *tl_limits_get(void);
/* Sets one limit by the command line's "NAME=VALUE" (input=512M, text, zip: sizes with
 * K/M/G; cells, pages, pixels, zip-parts, threads: counts): 0, or -1 when the name or
 * value is not one. */
int tl_limits_parse(const char *spec);
#define TL_MOST_THREADS 4
/* The threads ocr_threads asks for: the cores when 0, at most TL_MOST_THREADS. */
int tl_limits_threads(void);

/* The input as extractors see it: the whole file in memory (read-only). */
typedef struct tl_source {
    const char *path;           /* for messages and name-based bids; may be "-" */
    const unsigned char *data;
    size_t size;
} tl_source;

typedef struct tl_extractor {
    const char *name;
    /* How sure the extractor is that it can read src: 0 no, 1 fallback, up to 100
     * for a verified signature.  Must only look, never fail. */
    int (*bid)(const tl_source *src);
    /* Fills doc (already created with the path) or returns an error code with err
     * set; on error the caller frees doc. */
    tl_code (*extract)(const tl_source *src, tl_doc *doc, tl_error *err);
    /* Optional: the same read from fd, an open regular file, with src holding only
     * its first TL_BID_BYTES: for a format whose library seeks in a file (Poppler),
     * so a long document is never all in memory.  fd stays the caller's. */
    tl_code (*extract_fd)(const tl_source *src, int fd, tl_doc *doc, tl_error *err);
} tl_extractor;

/* The most a bid looks at: the first bytes of an input, so a file's head chooses its
 * extractor as the whole file would. */
#define TL_BID_BYTES 65536

/* NULL-terminated, in bidding order. */
extern const tl_extractor *const tl_extractors[];

/* For bids: whether src's name ends in ext (".pdf"), in any case. */
int tl_source_named(const tl_source *src, const char *ext);
/* For bids: where needle first occurs in the first `within` bytes, or NULL. */
const unsigned char *tl_source_find(const tl_source *src, const char *needle, size_t within);

/* The best bidder for src, or NULL when none bids. */
const tl_extractor *tl_extractor_choose(const tl_source *src);

/* Runs the chosen extractor on bytes already in memory.  Returns TL_OK and *out, or
 * an error code with err set (TL_E_EMPTY, TL_E_FORMAT, TL_E_ENCODING, ...). */
tl_code tl_extract_mem(const tl_source *src, tl_doc **out, tl_error *err);

/* Sees the bytes of an input once, in order (a digest's update). */
typedef void (*tl_digest_fn)(void *ctx, const unsigned char *data, size_t n);
/* Extracts the file at path, refused as tl_file_read refuses: read from the open file
 * where the chosen extractor can (extract_fd), else read into memory first.  digest,
 * when not NULL, sees every byte before extraction starts; *size gets the input's
 * size.  Returns as tl_extract_mem. */
tl_code tl_extract_file(const char *path, tl_digest_fn digest, void *ctx, size_t *size, tl_doc **out,
                        tl_error *err);

/* Reads path into memory; the caller frees *data.  Only a regular file is read
 * (a FIFO, device or socket is refused before any read, TL_E_IO), and one over
 * max_input_bytes is refused by its size (TL_E_LIMIT). */
tl_code tl_file_read(const char *path, unsigned char **data, size_t *size, tl_error *err);
/* The same checks, leaving path open (*fd, the caller's to close) instead of read. */
tl_code tl_file_open(const char *path, int *fd, size_t *size, tl_error *err);
/* Reads fd to its end (standard input), stopping one byte past max_input_bytes;
 * hint is the expected size or 0.  The caller frees *data. */
tl_code tl_fd_read(int fd, size_t hint, unsigned char **data, size_t *size, tl_error *err);

/* Removes a folder and everything in it, links not followed (temporary folders of
 * conversions); what cannot be removed is left. */
void tl_remove_tree(const char *dir);

/* The folder conversions keep their temporary files in (LibreOffice's copy of a
 * legacy file, its profile and its own temporary files): by default $TMPDIR, or /tmp.
 * A corpus worker names a folder of its own, removed once the worker is gone.  The
 * setting is the process's (dir copied; NULL goes back to the default); set it before
 * converting, not while another thread converts. */
void tl_extract_set_scratch(const char *dir);
const char *tl_extract_scratch(void);

/* Makes UTF-8 of text input: checks UTF-8 (a BOM is dropped), transcodes UTF-16 with
 * a BOM and windows-1251 recognised by ICU's detector; refuses anything else with a
 * message naming the first bad byte.  *enc gets the source encoding's name
 * (static).  The caller frees *out. */
tl_code tl_text_decode(const unsigned char *data, size_t size, char **out, size_t *outlen,
                       const char **enc, tl_error *err);

/* Page images for review (extract/render.c): every page of a PDF rendered at scale
 * pixels a point, or of a scanned image as it was scanned, written as DIR/page-N.png
 * (N from 1); *npages says how many.  Formats without pages (DOCX, HTML, text) give
 * none.  A page past the pixel limit is TL_E_LIMIT. */
tl_code tl_render_pages(const tl_source *src, const char *format, double scale, const char *dir, int *npages,
                        tl_error *err);
/* The pages of an image file (PNG, JPEG, TIFF) as DIR/page-N.png (extract/image.c). */
tl_code tl_image_write_pages(const tl_source *src, const char *dir, int *npages, tl_error *err);

#ifdef __cplusplus
}
#endif
#endif
