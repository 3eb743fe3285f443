/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One document through the whole pipeline. */
#define _GNU_SOURCE
#include "corpus.h"
#include "run.h"
#include "normalize/normalize.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void tl_sha256_hex(const unsigned char *data, size_t size, char hex[65])
{
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(ck, data, (gssize)size);
    snprintf(hex, 65, "%s", g_checksum_get_string(ck));
    g_checksum_free(ck);
}

void tl_result_free(tl_result *res)
{
    tl_mapped_free(res->mapped);
    tl_doc_free(res->doc);
    free(res->xml);
    memset(res, 0, sizeof *res);
}

tl_code tl_convert_mem(const tl_source *src, const tl_convert_opts *opts, tl_result *res,
                       tl_error *err)
{
    memset(res, 0, sizeof *res);
    tl_code rc = tl_extract_mem(src, &res->doc, err);
    if (rc == TL_OK && !(opts && opts->no_stitch))
        rc = tl_doc_stitch(res->doc, err);
    if (rc == TL_OK && !(opts && opts->no_stitch))
        rc = tl_schema_join(res->doc, err);
    /* After stitching: a page-split cell is repaired whole, and stitching compares
     * texts as extracted. */
    if (rc == TL_OK && !(opts && opts->no_normalize))
        rc = tl_doc_normalize(res->doc, NULL, err);
    if (rc == TL_OK)
        rc = tl_schema_map(res->doc, &res->mapped, err);
    if (rc == TL_OK) {
        tl_sha256_hex(src->data, src->size, res->sha256);
        tl_source_info info = { src->path, res->sha256, src->size };
        rc = tl_xml_build(res->doc, res->mapped, &info, &res->xml, &res->xml_len, err);
    }
    if (rc == TL_OK)
        rc = tl_xml_validate(res->xml, res->xml_len, err);
    if (rc != TL_OK)
        tl_result_free(res);
    return rc;
}

/* The output is renamed over its target: whatever the target is, it is gone after.
 * So only a regular file that is not the input may be replaced. */
static tl_code check_target(const char *in, const char *out, int force, tl_error *err)
{
    struct stat to, from, link;
    if (!out || !strcmp(out, "-"))
        return TL_OK;
    if (lstat(out, &link) != 0)
        return errno == ENOENT ? TL_OK
                               : tl_error_set(err, TL_E_OUTPUT, "cannot write %s: %s", out, strerror(errno));
    if (S_ISLNK(link.st_mode) && !force)
        return tl_error_set(err, TL_E_OUTPUT,
                            "%s is a symbolic link: writing would replace the link (--force to do so)", out);
    if (stat(out, &to) == 0 && stat(in, &from) == 0 && to.st_dev == from.st_dev && to.st_ino == from.st_ino)
        return tl_error_set(err, TL_E_OUTPUT, "%s is the input itself: refusing to write over it", out);
    if (!S_ISREG(link.st_mode) && !S_ISLNK(link.st_mode))
        return tl_error_set(err, TL_E_OUTPUT, "%s is not a regular file (%s): refusing to replace it", out,
                            S_ISDIR(link.st_mode)    ? "a folder"
                            : S_ISFIFO(link.st_mode) ? "a FIFO"
                            : S_ISSOCK(link.st_mode) ? "a socket"
                                                     : "a device");
    return TL_OK;
}

/* The validated XML as CSV or JSON, written as atomically as the XML would be. */
static tl_code save_export(const tl_result *res, const char *in, const char *out, const tl_convert_opts *opts,
                           tl_error *err)
{
    tl_save *sv = NULL;
    tl_code rc = tl_save_begin(out ? out : "-", &sv, err);
    if (rc != TL_OK)
        return rc;
    tl_export *e = tl_export_new(tl_save_file(sv), opts->out_format == TL_OUT_CSV ? TL_EXPORT_CSV : TL_EXPORT_JSON,
                                 opts->out_flags & ~(unsigned)TL_EXPORT_MANY);
    rc = e ? tl_export_add(e, res->xml, res->xml_len, in, err) : tl_error_set(err, TL_E_INTERNAL, "out of memory");
    if (e) {
        tl_code end = tl_export_end(e, rc == TL_OK ? err : NULL);
        rc = rc == TL_OK ? end : rc;
    }
    tl_code end = tl_save_end(sv, rc == TL_OK, rc == TL_OK ? err : NULL);
    return rc == TL_OK ? end : rc;
}

tl_code tl_convert_file_keep(const char *in, const char *out, const tl_convert_opts *opts, char **xml,
                             size_t *len, tl_error *err)
{
    return tl_convert_file_review(in, out, NULL, opts, xml, len, err);
}

tl_code tl_convert_file_review(const char *in, const char *out, const char *review_dir, const tl_convert_opts *opts,
                               char **xml, size_t *len, tl_error *err)
{
    unsigned char *data;
    size_t size;
    tl_code rc = check_target(in, out, opts && opts->force, err);
    if (rc != TL_OK)
        return rc;
    rc = tl_file_read(in, &data, &size, err);
    if (rc != TL_OK)
        return rc;
    tl_source src = { in, data, size };
    tl_result res;
    rc = tl_convert_mem(&src, opts, &res, err);
    if (rc == TL_OK && review_dir) {
        /* The review is a view of the conversion: when it cannot be made (a page too
         * large to draw), the document is still converted; the reason goes to stderr,
         * which a corpus run keeps in the catalog's log. */
        tl_error rerr = { 0 };
        tl_remove_tree(review_dir);
        if (tl_review_dir(&src, &res, review_dir, &rerr) != TL_OK) {
            fprintf(stderr, "%s: no review page: %s\n", in, rerr.msg);
            tl_remove_tree(review_dir);
        }
    }
    free(data);
    if (rc != TL_OK)
        return rc;
    if (opts && opts->out_format != TL_OUT_XML)
        rc = save_export(&res, in, out, opts, err);
    else
        rc = tl_save_mem(res.xml, res.xml_len, out ? out : "-", err);
    if (rc == TL_OK && xml) {
        *xml = res.xml;
        *len = res.xml_len;
        res.xml = NULL;
    }
    tl_result_free(&res);
    return rc;
}

tl_code tl_convert_file(const char *in, const char *out, const tl_convert_opts *opts, tl_error *err)
{
    return tl_convert_file_keep(in, out, opts, NULL, NULL, err);
}
