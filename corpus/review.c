/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan review: a document converted, its pages drawn and its review page written
 * into a folder (schema/review.c says what the page shows). */
#define _GNU_SOURCE
#include "corpus.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Pages are drawn at 1.5 pixels a point (108 dpi): a page of A4 is 893 pixels wide,
 * a laptop screen's half at 100 % zoom, and small print is still legible. */
#define REVIEW_SCALE 1.5

tl_code tl_review_dir(const tl_source *src, const tl_result *res, const char *dir, tl_error *err)
{
    if (g_mkdir_with_parents(dir, 0777) != 0)
        return tl_error_set(err, TL_E_OUTPUT, "cannot create %s: %s", dir, strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return tl_error_set(err, TL_E_OUTPUT, "%s is not a folder", dir);
    int npages = 0;
    tl_code rc = tl_render_pages(src, res->doc->format, REVIEW_SCALE, dir, &npages, err);
    char *page = NULL;
    if (rc == TL_OK && asprintf(&page, "%s/index.html", dir) < 0)
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
    tl_save *sv = NULL;
    if (rc == TL_OK)
        rc = tl_save_begin(page, &sv, err);
    if (rc == TL_OK) {
        tl_source_info info = { src->path, res->sha256, src->size };
        rc = tl_review_write(res->doc, res->mapped, &info, npages, REVIEW_SCALE, tl_save_file(sv), err);
        tl_code end = tl_save_end(sv, rc == TL_OK, rc == TL_OK ? err : NULL);
        rc = rc == TL_OK ? end : rc;
    }
    free(page);
    return rc;
}

tl_code tl_review_file(const char *in, const char *dir, const tl_convert_opts *opts, tl_error *err)
{
    unsigned char *data;
    size_t size;
    tl_code rc = tl_file_read(in, &data, &size, err);
    if (rc != TL_OK)
        return rc;
    tl_source src = { in, data, size };
    tl_result res;
    rc = tl_convert_mem(&src, opts, &res, err);
    if (rc == TL_OK) {
        rc = tl_review_dir(&src, &res, dir, err);
        tl_result_free(&res);
    }
    free(data);
    return rc;
}
