/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page images for a person to check what was read against (tailan review): each page
 * of a PDF rendered by Poppler at a screen scale, with its text (unlike the OCR
 * rendering, which leaves text out), or a scan's image as it is. */
#define _GNU_SOURCE
#include "extract.h"

#include <cairo.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cairo_status_t to_file(void *f, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, f) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Writes a PNG atomically (tl_save), so a file at path is whole. */
static tl_code save_png(cairo_surface_t *s, const char *path, tl_error *err)
{
    tl_save *sv;
    tl_code rc = tl_save_begin(path, &sv, err);
    if (rc != TL_OK)
        return rc;
    int ok = cairo_surface_write_to_png_stream(s, to_file, tl_save_file(sv)) == CAIRO_STATUS_SUCCESS;
    rc = tl_save_end(sv, ok, err);
    return rc == TL_OK && !ok ? tl_error_set(err, TL_E_OUTPUT, "cannot write %s", path) : rc;
}

static tl_code render_pdf(const tl_source *src, double scale, const char *dir, int *npages, tl_error *err)
{
    GBytes *bytes = g_bytes_new_static(src->data, src->size);
    GError *gerr = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);
    if (!pd) {
        tl_code rc = tl_error_set(err, TL_E_CORRUPT, "damaged PDF: %s", gerr ? gerr->message : "unreadable");
        g_clear_error(&gerr);
        return rc;
    }
    int n = poppler_document_get_n_pages(pd);
    tl_code rc = TL_OK;
    if (n > tl_limits_get()->max_pages)
        rc = tl_error_set(err, TL_E_LIMIT, "PDF has %d pages, over the %d-page limit", n, tl_limits_get()->max_pages);
    for (int i = 0; rc == TL_OK && i < n; i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        double w = 0, h = 0;
        if (page)
            poppler_page_get_size(page, &w, &h);
        double pw = w * scale, ph = h * scale;
        if (!page || pw < 1 || ph < 1 || pw * ph > (double)tl_limits_get()->max_pixels) {
            rc = page ? tl_error_set(err, TL_E_LIMIT, "page %d of %.0f x %.0f points is too large to show", i + 1, w, h)
                      : tl_error_set(err, TL_E_CORRUPT, "page %d cannot be read", i + 1);
            if (page)
                g_object_unref(page);
            break;
        }
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(pw + 0.5), (int)(ph + 0.5));
        cairo_t *cr = cairo_create(s);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
        poppler_page_render(page, cr);
        cairo_destroy(cr);
        char *path = NULL;
        if (asprintf(&path, "%s/page-%d.png", dir, i + 1) < 0)
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        else
            rc = save_png(s, path, err);
        free(path);
        cairo_surface_destroy(s);
        g_object_unref(page);
        *npages = i + 1;
    }
    g_object_unref(pd);
    return rc;
}

tl_code tl_render_pages(const tl_source *src, const char *format, double scale, const char *dir, int *npages,
                        tl_error *err)
{
    *npages = 0;
    if (format && !strcmp(format, "pdf"))
        return render_pdf(src, scale, dir, npages, err);
    if (format && !strcmp(format, "image"))
        return tl_image_write_pages(src, dir, npages, err);
    return TL_OK; /* no pages to show: the review shows the source's text */
}
