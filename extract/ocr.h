/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Optical character recognition of page images, shared by the image extractor
 * (image.c: PNG, JPEG, TIFF) and the PDF extractor (pages without a text layer).
 *
 *   page image --binarise, measure skew--> lines by morphology, turned upright
 *     lines --connected pieces as rules, tl_grids_build (grid.c)--> cell grids
 *     page without its lines --Tesseract--> words with boxes and confidences
 *     words + grids --tl_layout_page (layout.c)--> blocks, cells with confidences
 *     (the schema marks those under TL_REVIEW_CONF, model.h, for review)
 *
 * Internal to the extract stage.  Ownership: tl_ocr_open's handle is the caller's,
 * released with tl_ocr_close; pages passed to tl_ocr_page are borrowed, pages passed
 * to a queue are the queue's. */
#ifndef TL_EXTRACT_OCR_H
#define TL_EXTRACT_OCR_H

#include "../model/model.h"
#include "layout.h"

struct Pix;

typedef struct tl_ocr tl_ocr;

/* A recogniser for Mongolian and English (Debian's tesseract-ocr-mon and
 * tesseract-ocr-eng).  TL_E_UNSUPPORTED with the package to install when the
 * language data is missing. */
tl_code tl_ocr_open(tl_ocr **out, tl_error *err);
void tl_ocr_close(tl_ocr *o);

/* The resolution a page image is taken at: dpi as stated, unless missing (300) or
 * too coarse for a page that large (a scanner's default written by mistake). */
int tl_ocr_dpi(struct Pix *pix, int dpi);

/* Recognises one page image scanned at dpi (0: unknown, taken as 300) and adds its
 * blocks to doc as page `number`, whose page record the caller has added (in
 * points: pixels * 72 / dpi).  Any depth; colour is made grey. */
tl_code tl_ocr_page(tl_ocr *o, struct Pix *pix, int dpi, tl_doc *doc, int number, tl_layout_carry *carry,
                    tl_error *err);

/* The same in two steps, so that pages are read on several threads and placed in
 * order: reading touches no document (one recogniser per thread); placing adds the
 * page's diagnostics and blocks to doc and frees the read (NULL, from a failed
 * allocation, is an error). */
typedef struct tl_ocr_read tl_ocr_read;
tl_ocr_read *tl_ocr_read_page(tl_ocr *o, struct Pix *pix, int dpi, int number);
tl_code tl_ocr_place(tl_ocr_read *r, tl_doc *doc, tl_layout_carry *carry, tl_error *err);
void tl_ocr_read_free(tl_ocr_read *r);

/* Pages of one document read on several threads (tl_limits ocr_threads; 1 reads
 * them on the caller's thread, as tl_ocr_page) and placed in the order given.  The
 * queue owns the images handed to it.  Placing happens in the caller's thread, in
 * tl_ocr_queue_add (the pages read so far, when too many wait) and
 * tl_ocr_queue_flush (all of them): between the two, doc is the caller's. */
typedef struct tl_ocr_queue tl_ocr_queue;
tl_code tl_ocr_queue_open(tl_ocr_queue **q, tl_error *err);
tl_code tl_ocr_queue_add(tl_ocr_queue *q, struct Pix *pix, int dpi, int number, tl_doc *doc,
                         tl_layout_carry *carry, tl_error *err);
tl_code tl_ocr_queue_flush(tl_ocr_queue *q, tl_doc *doc, tl_layout_carry *carry, tl_error *err);
/* Waits for the pages being read and drops them and the threads */
void tl_ocr_queue_close(tl_ocr_queue *q);

#endif
