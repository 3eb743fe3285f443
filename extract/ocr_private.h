/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OCR internals shared by ocr.c (a page read and placed), ocr_lines.c (its ruling
 * lines), ocr_words.c (the words Tesseract read) and ocr_reread.c (what is read
 * again); not installed.  Words and grids are the caller's, as in ocr.h. */
#ifndef TL_OCR_PRIVATE_H
#define TL_OCR_PRIVATE_H

#include "extract.h"
#include "ocr.h"

#include "lept.h"
#include <tesseract/capi.h>

/* The Tesseract C API, resolved from libtesseract at first use. */
#define TESS_FUNCS(X)                                                                               \
    X(TessBaseAPICreate) X(TessBaseAPISetVariable) X(TessBaseAPIInit3) X(TessBaseAPIEnd)            \
    X(TessBaseAPIDelete) X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage2)                      \
    X(TessBaseAPISetSourceResolution) X(TessBaseAPIRecognize) X(TessBaseAPIClear)                  \
    X(TessBaseAPIGetIterator) X(TessResultIteratorGetUTF8Text) X(TessResultIteratorGetPageIteratorConst) \
    X(TessPageIteratorBoundingBox) X(TessResultIteratorConfidence) X(TessResultIteratorNext)        \
    X(TessResultIteratorDelete) X(TessDeleteText) X(TessBaseAPISetRectangle)                      \
    X(TessPageIteratorIsAtBeginningOf) X(TessPageIteratorBaseline)

typedef struct tl_tess_api {
#define FIELD(f) __typeof__(f) *f;
    TESS_FUNCS(FIELD)
#undef FIELD
} tl_tess_api;
extern tl_tess_api tl_tess; /* bound by tl_ocr_open's first call */
#define T(f) (tl_tess.f)

/* Tesseract's parallel loops on the calling thread alone (ocr.c says why). */
void tl_ocr_one_core(void);

#define MIN_CELL_INK 40        /* black pixels: less is specks, not text */

/* The words Tesseract read, as layout glyphs in points.  Texts are owned by the
 * returned array's words (freed with tl_ocr_words_free). */
typedef struct tl_ocr_words {
    tl_glyph *g;
    char **text;
    size_t n, cap;
} tl_ocr_words;
void tl_ocr_words_free(tl_ocr_words *w);
/* Appends a word; takes t on success (-1: out of memory). */
int tl_ocr_words_push(tl_ocr_words *w, char *t, tl_glyph g);
/* The value a share q of v[0..n) lies under (sorted in place; 0.5: the median), or 0. */
int tl_ocr_quantile(int *v, size_t n, double q);
/* Appends the words of api's last recognition, boxes in points; -1 on OOM. */
int tl_ocr_read_words(TessBaseAPI *api, double pt_per_px, tl_ocr_words *w);

/* The binarised page's ruling lines, as an image (to take out of the text) and as
 * rules; -1 when none could be made. */
int tl_ocr_find_lines(PIX *bin, double px_per_pt, float rad, PIX **lines, tl_rules *rules);

/* Read again (ocr_reread.c): grid cells Tesseract left empty or unsure, number
 * columns read as letters, and ink no word covers.  Each returns -1 on OOM. */
int tl_ocr_reread_cells(TessBaseAPI *api, PIX *text, const tl_grid *grids, size_t ngrids, double px_per_pt,
                        tl_ocr_words *w);
int tl_ocr_reread_numbers(TessBaseAPI *api, const tl_grid *grids, size_t ngrids, double px_per_pt, tl_ocr_words *w);
int tl_ocr_reread_uncovered(TessBaseAPI *api, PIX *text, int dpi, tl_ocr_words *w);

#endif
