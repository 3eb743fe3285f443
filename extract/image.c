/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The image extractor: PNG, JPEG and TIFF scans, each page through OCR (ocr.c).
 *
 * Recognition reads grey, so images are decoded straight to 8-bit grey where the
 * format allows: a PNG row by row through libpng (Leptonica would hold the whole
 * image as libpng's rows and then as 32-bit pixels: 10000 x 10000 RGBA at 16 bits
 * is 800 MB before the first pixel is grey), a JPEG as its luminance.  Sizes are
 * checked on the header before anything is decoded. */
#define _GNU_SOURCE
#include "extract.h"
#include "ocr.h"

#include "lept.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpng refuses taller or wider images (its user limit) and says so on stderr:
 * such an image is refused here first, as a size, in one line. */
#define PNG_MAX_SIDE 1000000

static int image_bid(const tl_source *src)
{
    const unsigned char *d = src->data;
    size_t n = src->size;
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
        return 100;
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return 100;
    if (n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4)))
        return 100;
    return 0;
}

static int image_header(const tl_source *src, int tiff, int k, int *w, int *h, int *res)
{
    l_int32 fmt, bps, spp, cmap, r = 0;
    *res = 0;
    if (tiff)
        return readHeaderMemTiff(src->data, src->size, k, w, h, &bps, &spp, &r, &cmap, &fmt) ? -1 : (*res = r, 0);
    return pixReadHeaderMem(src->data, src->size, &fmt, w, h, &bps, &spp, &cmap) ? -1 : 0;
}

/* ---- PNG, row by row to grey ---------------------------------------------- */

typedef struct png_mem {
    const unsigned char *at;
    size_t left;
} png_mem;

static void png_mem_read(png_structp p, png_bytep out, size_t n)
{
    png_mem *m = png_get_io_ptr(p);
    if (n > m->left)
        png_error(p, "truncated");
    memcpy(out, m->at, n);
    m->at += n;
    m->left -= n;
}

static void png_quiet(png_structp p, png_const_charp msg)
{
    (void)p;
    (void)msg;
}

static void png_fail(png_structp p, png_const_charp msg)
{
    (void)msg;
    png_longjmp(p, 1);
}

/* The PNG in src as an 8-bit grey PIX (transparency over white), or NULL. */
static PIX *png_grey(const tl_source *src)
{
    png_structp p = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
    png_infop info = p ? png_create_info_struct(p) : NULL;
    PIX *volatile pix = NULL;
    unsigned char *volatile line = NULL;
    if (!info) {
        png_destroy_read_struct(&p, NULL, NULL);
        return NULL;
    }
    png_mem m = { src->data, src->size };
    if (setjmp(png_jmpbuf(p))) {
        free(line);
        PIX *gone = pix;
        pixDestroy(&gone);
        png_destroy_read_struct(&p, &info, NULL);
        return NULL;
    }
    png_set_read_fn(p, &m, png_mem_read);
    png_set_user_limits(p, PNG_MAX_SIDE, PNG_MAX_SIDE);
    png_read_info(p, info);
    png_uint_32 w = png_get_image_width(p, info), h = png_get_image_height(p, info);
    int type = png_get_color_type(p, info);
    png_set_strip_16(p);
    png_set_packing(p);
    if (type == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(p);
    if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(p, info) < 8)
        png_set_expand_gray_1_2_4_to_8(p);
    if (png_get_valid(p, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(p);
    png_color_16 white = { 0, 255, 255, 255, 255 };
    png_set_background(p, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
    if (type & PNG_COLOR_MASK_COLOR || type == PNG_COLOR_TYPE_PALETTE)
        png_set_rgb_to_gray_fixed(p, 1, -1, -1);
    int passes = png_set_interlace_handling(p);
    png_read_update_info(p, info);
    if (png_get_rowbytes(p, info) != w) /* anything but one grey byte a pixel */
        png_longjmp(p, 1);
    pix = pixCreate((l_int32)w, (l_int32)h, 8);
    if (!pix)
        png_longjmp(p, 1);
    line = malloc(w);
    if (!line)
        png_longjmp(p, 1);
    l_uint32 *data = pixGetData(pix);
    l_int32 wpl = pixGetWpl(pix);
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < h; y++) {
            l_uint32 *dst = data + (size_t)y * (size_t)wpl;
            if (pass) /* interlaced: libpng combines with what the row holds */
                for (png_uint_32 x = 0; x < w; x++)
                    line[x] = (unsigned char)GET_DATA_BYTE(dst, x);
            png_read_row(p, line, NULL);
            for (png_uint_32 x = 0; x < w; x++)
                SET_DATA_BYTE(dst, x, line[x]);
        }
    free(line);
    line = NULL;
    png_uint_32 xres = png_get_x_pixels_per_meter(p, info);
    if (xres)
        pixSetResolution(pix, (l_int32)(xres * 0.0254 + 0.5), (l_int32)(xres * 0.0254 + 0.5));
    png_destroy_read_struct(&p, &info, NULL);
    return pix;
}

/* Page k of the image, grey where the format can be read so (see the top). */
static PIX *decode(const tl_source *src, int tiff, int k)
{
    if (tiff)
        return pixReadMemTiff(src->data, src->size, k);
    if (src->data[0] == 0x89)
        return png_grey(src);
    l_int32 warnings = 0;
    return pixReadMemJpeg(src->data, src->size, 0, 1, &warnings, L_JPEG_READ_LUMINANCE);
}

static tl_code image_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    tl_code lept = tl_lept_ready(err);
    if (lept != TL_OK)
        return lept;
    setMsgSeverity(L_SEVERITY_NONE);
    int tiff = src->data[0] == 'I' || src->data[0] == 'M';
    l_int32 pages = 1;
    if (tiff) {
        FILE *f = fmemopen((void *)src->data, src->size, "rb");
        if (!f || tiffGetCount(f, &pages) || pages < 1) {
            if (f)
                fclose(f);
            return tl_error_set(err, TL_E_CORRUPT, "damaged TIFF: its pages cannot be counted");
        }
        fclose(f);
    }
    if (pages > tl_limits_get()->max_pages)
        return tl_error_set(err, TL_E_LIMIT, "TIFF has %d pages, over the %d-page limit (--limit pages raises it)",
                            pages, tl_limits_get()->max_pages);
    tl_ocr_queue *o = NULL; /* a multi-page TIFF's pages are read on several threads */
    tl_code rc = TL_OK;
    tl_layout_carry carry = { 0 };
    for (int k = 0; k < pages && rc == TL_OK; k++) {
        int w = 0, h = 0, res = 0;
        const char *what = tiff ? "page" : "image";
        if (image_header(src, tiff, k, &w, &h, &res) || w <= 0 || h <= 0) {
            rc = tl_error_set(err, TL_E_CORRUPT, "damaged image: the header of %s %d cannot be read", what, k + 1);
            break;
        }
        if ((long long)w * h > tl_limits_get()->max_pixels) {
            rc = tl_error_set(err, TL_E_LIMIT,
                              "%s %d is %d x %d pixels, over the %.0f-million-pixel limit (--limit pixels raises it)",
                              what, k + 1, w, h, (double)tl_limits_get()->max_pixels / 1e6);
            break;
        }
        if (w > PNG_MAX_SIDE || h > PNG_MAX_SIDE) {
            rc = tl_error_set(err, TL_E_LIMIT, "%s %d is %d x %d pixels, a side over the %d-pixel limit", what,
                              k + 1, w, h, PNG_MAX_SIDE);
            break;
        }
        PIX *pix = decode(src, tiff, k);
        if (!pix) {
            rc = tl_error_set(err, TL_E_CORRUPT, "damaged image: %s %d cannot be decoded", what, k + 1);
            break;
        }
        if (!o)
            rc = tl_ocr_queue_open(&o, err);
        if (rc == TL_OK) {
            int dpi = tl_ocr_dpi(pix, res ? res : pixGetXRes(pix));
            double pt = 72.0 / dpi;
            if (tl_doc_add_page(doc, w * pt, h * pt, 0) < 0)
                rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
            else {
                rc = tl_ocr_queue_add(o, pix, dpi, k + 1, doc, &carry, err);
                pix = NULL; /* the queue's */
            }
        }
        pixDestroy(&pix);
    }
    if (rc == TL_OK)
        rc = tl_ocr_queue_flush(o, doc, &carry, err);
    tl_ocr_queue_close(o);
    if (rc == TL_OK && !doc->nblocks)
        rc = tl_error_set(err, TL_E_EMPTY, "no text recognised in the image");
    if (rc == TL_OK) {
        free(doc->format);
        doc->format = tl_strdup("image");
        if (!doc->format)
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    return rc;
}

tl_code tl_image_write_pages(const tl_source *src, const char *dir, int *npages, tl_error *err)
{
    *npages = 0;
    tl_code lept = tl_lept_ready(err);
    if (lept != TL_OK)
        return lept;
    setMsgSeverity(L_SEVERITY_NONE);
    int tiff = src->size > 4 && (src->data[0] == 'I' || src->data[0] == 'M');
    l_int32 pages = 1;
    if (tiff) {
        FILE *f = fmemopen((void *)src->data, src->size, "rb");
        if (!f || tiffGetCount(f, &pages) || pages < 1)
            pages = 0;
        if (f)
            fclose(f);
    }
    if (pages > tl_limits_get()->max_pages)
        return tl_error_set(err, TL_E_LIMIT, "TIFF has %d pages, over the %d-page limit", pages,
                            tl_limits_get()->max_pages);
    for (int k = 0; k < pages; k++) {
        PIX *pix = decode(src, tiff, k);
        if (!pix)
            return tl_error_set(err, TL_E_CORRUPT, "page %d of the image cannot be decoded", k + 1);
        char *path = NULL;
        tl_save *sv = NULL;
        tl_code rc = TL_OK;
        if (asprintf(&path, "%s/page-%d.png", dir, k + 1) < 0)
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        else if ((rc = tl_save_begin(path, &sv, err)) == TL_OK) {
            int ok = pixWriteStream(tl_save_file(sv), pix, IFF_PNG) == 0;
            rc = tl_save_end(sv, ok, err);
            if (rc == TL_OK && !ok)
                rc = tl_error_set(err, TL_E_OUTPUT, "cannot write %s", path);
        }
        free(path);
        pixDestroy(&pix);
        if (rc != TL_OK)
            return rc;
        *npages = k + 1;
    }
    return TL_OK;
}

const tl_extractor tl_extractor_image = { "image", image_bid, image_extract };
