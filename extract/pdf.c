/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PDF with a text layer, through Poppler glib: the document, its pages in order.
 * pdf_page.c reads a page (text with boxes, the rules of a rendering without the
 * text), pdf_readers.c reads pages ahead on the other cores; here each page is
 * placed in the document in turn (layout.c: tables and paragraphs; what a table
 * carries over to the next page), and pages without a text layer go to OCR.  Pages
 * are taken a few at a time and released, so memory does not grow with the page
 * count beyond the extracted text. */
#include "extract.h"
#include "layout.h"
#include "ocr.h"
#include "pdf_private.h"

#include "lept.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The signature may follow some junk, as readers allow. */
static const unsigned char *find_sig(const tl_source *src)
{
    return tl_source_find(src, "%PDF-", 1024);
}

static int pdf_bid(const tl_source *src)
{
    if (find_sig(src))
        return 100;
    /* Claimed only to say clearly that it is not a PDF (see pdf_extract). */
    return tl_source_named(src, ".pdf") ? 2 : 0;
}

/* The page rendered in grey at the limits' OCR resolution for the recogniser, or NULL. */
static PIX *render_grey(PopplerPage *page, double w, double h)
{
    const tl_limits *lim = tl_limits_get();
    double scale = lim->ocr_dpi / 72.0;
    if (w * h * scale * scale > (double)lim->max_pixels)
        scale = sqrt((double)lim->max_pixels / (w * h));
    int pw = (int)ceil(w * scale), ph = (int)ceil(h * scale);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    PIX *pix = NULL;
    if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(surf);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
        poppler_page_render_for_printing(page, cr); /* images at full resolution */
        int bad = cairo_status(cr) != CAIRO_STATUS_SUCCESS;
        cairo_destroy(cr);
        cairo_surface_flush(surf);
        pix = bad ? NULL : pixCreate(pw, ph, 8);
        if (pix) {
            const unsigned char *d = cairo_image_surface_get_data(surf);
            int stride = cairo_image_surface_get_stride(surf), wpl = pixGetWpl(pix);
            l_uint32 *out = pixGetData(pix);
            for (int y = 0; y < ph; y++) {
                const uint32_t *row = (const uint32_t *)(d + (size_t)y * (size_t)stride);
                l_uint32 *line = out + (size_t)y * (size_t)wpl;
                for (int x = 0; x < pw; x++) {
                    uint32_t c = row[x];
                    unsigned lum = (((c >> 16) & 0xFF) * 77 + ((c >> 8) & 0xFF) * 150 + (c & 0xFF) * 29) >> 8;
                    SET_DATA_BYTE(line, x, (l_uint8)lum);
                }
            }
            pixSetResolution(pix, (l_int32)lround(scale * 72), (l_int32)lround(scale * 72));
        }
    }
    cairo_surface_destroy(surf);
    return pix;
}

/* A page with no text layer but with ink: a scan, read by OCR (the page record is
 * added already).  The recognisers are started on the first such page; when they
 * cannot be, the page says why.  Scanned pages are read on several threads and
 * placed in page order: anything else that adds to the document or the carry waits
 * for the pages before it (ocr_flush). */
typedef struct ocr_state {
    tl_ocr_queue *q;
    int failed;
    tl_error why;
} ocr_state;

static tl_code ocr_flush(ocr_state *st, tl_doc *doc, tl_layout_carry *carry, tl_error *err)
{
    return tl_ocr_queue_flush(st->q, doc, carry, err);
}

static tl_code ocr_page(tl_doc *doc, ocr_state *st, tl_layout_carry *carry, PopplerPage *page, double w,
                        double h, int number, tl_error *err)
{
    tl_prov where = { number, 0, { 0, 0, w, h } };
    /* Rendering is bounded by pixels: a larger page is rendered coarser, down to the
     * resolution at which text can still be read; past that the page is refused
     * before anything is allocated. */
    const tl_limits *lim = tl_limits_get();
    double dpi = lim->ocr_dpi, px = w * h * (dpi / 72.0) * (dpi / 72.0);
    if (px > (double)lim->max_pixels)
        dpi = 72.0 * sqrt((double)lim->max_pixels / (w * h));
    if (dpi < lim->min_ocr_dpi)
        return tl_error_set(err, TL_E_LIMIT,
                            "page %d is %.0f x %.0f pt: within the %.0f-million-pixel limit it renders at %.0f dpi, "
                            "below the %d dpi OCR needs",
                            number, w, h, (double)lim->max_pixels / 1e6, dpi, lim->min_ocr_dpi);
    if (!st->q && !st->failed && tl_ocr_queue_open(&st->q, &st->why))
        st->failed = 1;
    PIX *pix = st->failed ? NULL : render_grey(page, w, h);
    if (!pix) {
        tl_code rc = ocr_flush(st, doc, carry, err);
        if (rc == TL_OK && st->failed)
            tl_doc_diag(doc, TL_FAILED, where, "page %d has no text layer and cannot be read: %s", number,
                        st->why.msg);
        else if (rc == TL_OK)
            tl_doc_diag(doc, TL_FAILED, where, "page %d has no text layer and could not be rendered for OCR",
                        number);
        return rc;
    }
    return tl_ocr_queue_add(st->q, pix, pixGetXRes(pix), number, doc, carry, err);
}

/* Places page p, read, in the document; pages without text go to OCR (read again
 * from pd).  Everything that adds to the document or the carry happens here, in
 * page order. */
static tl_code place_page(tl_doc *doc, PopplerDocument *pd, ocr_state *ocr, tl_layout_carry *carry,
                          tl_pdf_page *p, int *has_text, tl_error *err)
{
    int number = p->number;
    tl_prov where = { number, 0, { 0, 0, p->w, p->h } };
    if (p->state == TL_PDF_NO_MEMORY) {
        tl_doc_add_page(doc, p->g ? p->uw : p->w, p->g ? p->uh : p->h, p->g ? p->turn : 0);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading page %d", number);
    }
    tl_doc_add_page(doc, p->uw, p->uh, p->turn);
    PopplerPage *scan = p->state == TL_PDF_NO_TEXT && !p->blank ? poppler_document_get_page(pd, number - 1) : NULL;
    if (scan) {
        /* queued, and placed in order by the OCR queue */
        tl_code rc = ocr_page(doc, ocr, carry, scan, p->uw, p->uh, number, err);
        g_object_unref(scan);
        return rc;
    }
    tl_code rc = ocr_flush(ocr, doc, carry, err);
    if (rc != TL_OK)
        return rc;
    if (p->state == TL_PDF_NO_TEXT && !p->blank) {
        tl_doc_diag(doc, TL_FAILED, where, "page %d cannot be read", number);
        return TL_OK;
    }
    if (p->state == TL_PDF_NO_TEXT) {
        /* a blank page ends a table; a scanned one may go on with it */
        carry->n = carry->gutters.n = 0;
        tl_doc_diag(doc, TL_WARN, where, "page %d is blank", number);
        return TL_OK;
    }
    *has_text = 1;
    if (p->state == TL_PDF_NO_MEMORY_RULES)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory finding rules on page %d", number);
    if (p->rendered) {
        const tl_gutters *before = carry->gutters.page == number - 1 ? &carry->gutters : NULL;
        if (tl_grids_add_open(&p->rules, p->words, p->nwords, before, &p->grids, &p->ngrids))
            return tl_error_set(err, TL_E_INTERNAL, "out of memory finding rules on page %d", number);
        tl_grids_drop_charts(&p->plot, p->grids, &p->ngrids);
    } else {
        tl_doc_diag(doc, TL_WARN, where, "page %d could not be rendered; tables read by alignment only",
                    number);
    }
    tl_layout_opts opts = { 0, 1, carry };
    return tl_layout_page(doc, number, p->g, p->n, p->grids, p->ngrids, &opts, err);
}

/* A reader loads the dictionary the layout may ask (about 40 ms of a core) before
 * its first page only where that many pages are left: in a shorter document the
 * last page is placed before the load ends, and the document waits for it
 * (interleaved medians of 15: seed001.pdf, 8 pages, 96 -> 64 ms and seed002.pdf, 4
 * pages, 97 -> 56 ms without it; seed004.pdf, 61 pages, 173 ms with it, 185 without). */
#define WARM_PAGES 16

/* Whether most of a page's letters are Cyrillic (two-byte UTF-8 from 0xD0 to 0xD4). */
static int mostly_cyrillic(const tl_pdf_page *p)
{
    size_t cyr = 0, other = 0;
    for (size_t i = 0; i < p->n; i++) {
        unsigned char c = (unsigned char)p->g[i].text[0];
        if (c >= 0xD0 && c <= 0xD4)
            cyr++;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            other++;
    }
    return cyr > other;
}

/* src's PDF in memory, or read from fd when fd >= 0 (Poppler takes a copy of it). */
PopplerDocument *tl_pdf_open(const tl_source *src, int fd, GError **gerr)
{
    if (fd >= 0) {
        int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (own < 0) {
            g_set_error_literal(gerr, G_FILE_ERROR, (gint)g_file_error_from_errno(errno), g_strerror(errno));
            return NULL;
        }
        return poppler_document_new_from_fd(own, NULL, gerr);
    }
    GBytes *bytes = g_bytes_new_static(src->data, src->size);
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, gerr);
    g_bytes_unref(bytes);
    return pd;
}

/* The PDF in src's bytes, or in the file fd (fd >= 0; src its first bytes). */
static tl_code pdf_read(const tl_source *src, int fd, tl_doc *doc, tl_error *err)
{
    const unsigned char *sig = find_sig(src);
    if (!sig)
        return tl_error_set(err, TL_E_FORMAT,
                            "named .pdf but not a PDF: no %%PDF- signature in the first 1024 bytes");
    GError *gerr = NULL;
    PopplerDocument *pd = tl_pdf_open(src, fd, &gerr);
    if (!pd) {
        tl_code rc;
        if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
            rc = tl_error_set(err, TL_E_CORRUPT, "encrypted PDF: it needs a password to be read");
        else
            rc = tl_error_set(err, TL_E_CORRUPT, "damaged PDF: %s",
                              gerr && gerr->message ? gerr->message : "Poppler cannot open it");
        g_clear_error(&gerr);
        return rc;
    }
    tl_code rc = TL_OK;
    int n = poppler_document_get_n_pages(pd);
    if (n <= 0) {
        rc = tl_error_set(err, TL_E_EMPTY, "PDF has no pages");
        goto out;
    }
    if (n > tl_limits_get()->max_pages) {
        rc = tl_error_set(err, TL_E_LIMIT, "PDF has %d pages, over the %d-page limit (--limit pages raises it)", n,
                          tl_limits_get()->max_pages);
        goto out;
    }
    int has_text = 0, rendered = 0, cyrillic = 0;
    tl_pdf_canvas cv = { 0 };
    ocr_state ocr = { 0 };
    tl_layout_carry carry = { 0 };
    tl_pdf_readers *readers = NULL;
    for (int i = 0; i < n && rc == TL_OK; i++) {
        tl_pdf_page p = { .state = TL_PDF_UNREAD };
        if (readers)
            tl_pdf_readers_take(readers, i, pd, &cv, &p);
        if (p.state == TL_PDF_UNREAD) {
            PopplerPage *page = poppler_document_get_page(pd, i);
            if (!page) {
                tl_doc_add_page(doc, 0, 0, 0);
                rc = ocr_flush(&ocr, doc, &carry, err);
                if (rc == TL_OK)
                    tl_doc_diag(doc, TL_FAILED, (tl_prov){ i + 1, 0, { 0, 0, 0, 0 } },
                                "page %d cannot be read", i + 1);
                continue;
            }
            tl_pdf_page_read(page, i + 1, &cv, &p);
            g_object_unref(page);
            rendered |= p.rendered;
            cyrillic |= mostly_cyrillic(&p);
        }
        /* Readers start once a page has been rendered here (see pdf_private.h),
         * where two pages or more are left to share out, and before that page is
         * placed: placing it may wait for the dictionary a reader loads first. */
        if (!readers && rendered && n - i > 2)
            readers = tl_pdf_readers_start(src, fd, i + 1, n, tl_limits_threads() - 1,
                                           cyrillic && n - i - 1 >= WARM_PAGES);
        rc = place_page(doc, pd, &ocr, &carry, &p, &has_text, err);
        tl_pdf_page_free(&p);
    }
    tl_pdf_readers_stop(readers);
    if (rc == TL_OK)
        rc = ocr_flush(&ocr, doc, &carry, err);
    if (rc == TL_OK && doc->nblocks) /* scanned pages read */
        has_text = 1;
    if (rc == TL_OK && !has_text && ocr.failed)
        rc = tl_error_set(err, ocr.why.code, "no text layer on any of its %d pages, and %s", n, ocr.why.msg);
    else if (rc == TL_OK && !has_text)
        rc = tl_error_set(err, TL_E_EMPTY, "no text on any of its %d pages, in a text layer or by OCR", n);
    tl_ocr_queue_close(ocr.q);
    tl_pdf_canvas_free(&cv);
out:
    g_object_unref(pd);
    return rc;
}

static tl_code pdf_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    return pdf_read(src, -1, doc, err);
}

/* pdf_read is the extract_fd too: Poppler reads the file by offset (pread) as it
 * needs it, so a long PDF's bytes are not held, and each reader thread's document
 * reads it on its own. */
const tl_extractor tl_extractor_pdf = { "pdf", pdf_bid, pdf_extract, pdf_read };
