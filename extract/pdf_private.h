/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the PDF extractor's files share: pdf_page.c reads one page (its text with a
 * box per character, a rendering without the text, the rules and grids in it) on
 * any thread; pdf_readers.c reads the pages of a document ahead on several threads;
 * pdf.c places pages in the document in page order, which only it touches.
 * Internal to them.
 * Ownership: a tl_pdf_page owns all it holds (tl_pdf_page_free); its glyphs' texts
 * point into its text.  A canvas belongs to one thread. */
#ifndef TL_EXTRACT_PDF_PRIVATE_H
#define TL_EXTRACT_PDF_PRIVATE_H

#include "extract.h"
#include "layout.h"

#include <cairo.h>
#include <poppler.h>

/* One drawing surface and ink buffer kept across the pages a thread reads: pages are
 * mostly the same size, and a fresh 2 MB surface per page costs more in page faults
 * than drawing on it. */
typedef struct tl_pdf_canvas {
    cairo_surface_t *surface; /* drawn into mem */
    unsigned char *mem;       /* the surface's pixels, then the ink (px); mem_cap bytes */
    unsigned char *px;
    size_t mem_cap;
    int w, h;
} tl_pdf_canvas;

void tl_pdf_canvas_free(tl_pdf_canvas *c);

typedef enum tl_pdf_read {
    TL_PDF_READ,        /* text and boxes read (and rules, unless not rendered) */
    TL_PDF_NO_TEXT,     /* no text layer: blank tells whether anything is drawn */
    TL_PDF_UNREAD,      /* not read here: the caller reads it (a reader could not) */
    TL_PDF_NO_MEMORY,   /* out of memory reading its text */
    TL_PDF_NO_MEMORY_RULES /* out of memory finding its rules */
} tl_pdf_read;

typedef struct tl_pdf_page {
    tl_pdf_read state;
    int number;          /* 1-based */
    double w, h;         /* as displayed (points) */
    double uw, uh;       /* where the text reads left to right */
    int turn;            /* degrees from one to the other */
    int blank;           /* TL_PDF_NO_TEXT: nothing drawn either */
    char *text;          /* g_free */
    tl_glyph *g;         /* in the upright space */
    size_t n;
    tl_box *words;       /* letters that touch on one line, as one box */
    size_t nwords;
    int rendered;        /* rules, plot and grids are there */
    tl_rules rules;
    tl_plot plot;        /* ink off the rules (bits NULL on a page without rules) */
    tl_grid *grids;      /* what the rules draw (tl_grids_build) */
    size_t ngrids;
} tl_pdf_page;

/* Reads page (numbered `number`) into *out with canvas cv; touches no document
 * model, so any thread may, one canvas each.  out->state says how it went. */
void tl_pdf_page_read(PopplerPage *page, int number, tl_pdf_canvas *cv, tl_pdf_page *out);
void tl_pdf_page_free(tl_pdf_page *p);

/* src's PDF in memory, or read from the open file fd when fd >= 0 (Poppler gets a
 * descriptor of its own); NULL with *gerr set when Poppler cannot open it. */
PopplerDocument *tl_pdf_open(const tl_source *src, int fd, GError **gerr);

/* Pages [from, n) of a PDF read ahead on `threads` threads besides the caller's
 * (which reads too rather than wait), each with a PopplerDocument of its own over
 * the same input (tl_pdf_open; src's bytes or fd borrowed: they must outlive the
 * readers), at most 3 x threads + 3 pages read
 * and not yet taken.  Poppler builds some process-wide colour state lazily,
 * unguarded, on a page's first rendering: a page must have been rendered on the
 * caller's thread before readers start.  NULL when threads < 1 or none can be
 * started: the caller reads the pages itself. */
typedef struct tl_pdf_readers tl_pdf_readers;
/* warm: the pages are in Cyrillic, whose layout asks the normalizer's dictionary
 * whether two pieces of a cell's lines are one word (lines.c): a reader loads it
 * first, off the thread that lays pages out. */
tl_pdf_readers *tl_pdf_readers_start(const tl_source *src, int fd, int from, int n, int threads, int warm);
/* Moves page index i (from, from + 1, ... in turn) into *out; while it is not
 * read, the caller reads pages no reader has taken up, with its own pd and cv. */
void tl_pdf_readers_take(tl_pdf_readers *r, int i, PopplerDocument *pd, tl_pdf_canvas *cv, tl_pdf_page *out);
/* Stops the readers, waits for them and drops the pages not taken. */
void tl_pdf_readers_stop(tl_pdf_readers *r);

#endif
