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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Stitching to mapping: all that follows extraction but the XML. */
static tl_code finish_model(tl_result *res, const tl_convert_opts *opts, tl_error *err)
{
    tl_code rc = TL_OK;
    if (!(opts && opts->no_stitch))
        rc = tl_doc_stitch(res->doc, err);
    if (rc == TL_OK && !(opts && opts->no_stitch))
        rc = tl_schema_join(res->doc, err);
    /* After stitching: a page-split cell is repaired whole, and stitching compares
     * texts as extracted. */
    if (rc == TL_OK && !(opts && opts->no_normalize))
        rc = tl_doc_normalize(res->doc, NULL, err);
    if (rc == TL_OK)
        rc = tl_schema_map(res->doc, &res->mapped, err);
    if (rc != TL_OK)
        tl_result_free(res);
    return rc;
}

/* Extraction to mapping, and the source's digest, from bytes in memory. */
static tl_code convert_model(const tl_source *src, const tl_convert_opts *opts, tl_result *res, tl_error *err)
{
    memset(res, 0, sizeof *res);
    tl_sha256_hex(src->data, src->size, res->sha256);
    tl_code rc = tl_extract_mem(src, &res->doc, err);
    return rc == TL_OK ? finish_model(res, opts, err) : rc;
}

static void digest_update(void *ctx, const unsigned char *data, size_t n)
{
    g_checksum_update(ctx, data, (gssize)n);
}

/* The same from a file, read where its extractor can read it (a PDF is never all in
 * memory) and otherwise freed once extracted. */
static tl_code convert_model_file(const char *in, const tl_convert_opts *opts, tl_result *res, size_t *size,
                                  tl_error *err)
{
    memset(res, 0, sizeof *res);
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    tl_code rc = tl_extract_file(in, digest_update, ck, size, &res->doc, err);
    snprintf(res->sha256, sizeof res->sha256, "%s", g_checksum_get_string(ck));
    g_checksum_free(ck);
    return rc == TL_OK ? finish_model(res, opts, err) : rc;
}

tl_code tl_convert_mem(const tl_source *src, const tl_convert_opts *opts, tl_result *res,
                       tl_error *err)
{
    tl_code rc = convert_model(src, opts, res, err);
    if (rc == TL_OK) {
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
static tl_code save_export(const char *xml, size_t len, const char *in, const char *out,
                           const tl_convert_opts *opts, tl_error *err)
{
    tl_save *sv = NULL;
    tl_code rc = tl_save_begin(out ? out : "-", &sv, err);
    if (rc != TL_OK)
        return rc;
    tl_export *e = tl_export_new(tl_save_file(sv), opts->out_format == TL_OUT_CSV ? TL_EXPORT_CSV : TL_EXPORT_JSON,
                                 opts->out_flags & ~(unsigned)TL_EXPORT_MANY);
    rc = e ? tl_export_add(e, xml, len, in, err) : tl_error_set(err, TL_E_INTERNAL, "out of memory");
    if (e) {
        tl_code end = tl_export_end(e, rc == TL_OK ? err : NULL);
        rc = rc == TL_OK ? end : rc;
    }
    tl_code end = tl_save_end(sv, rc == TL_OK, rc == TL_OK ? err : NULL);
    return rc == TL_OK ? end : rc;
}

/* An unlinked file for XML on its way to standard output or an export: nothing of it
 * is left whatever stops the run. */
static FILE *scratch_file(tl_error *err)
{
    char *path = NULL;
    if (asprintf(&path, "%s/tailan-xml-XXXXXX", g_get_tmp_dir()) < 0) {
        tl_error_set(err, TL_E_INTERNAL, "out of memory");
        return NULL;
    }
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
    if (!f) {
        tl_error_set(err, TL_E_OUTPUT, "cannot create a temporary file in %s: %s", g_get_tmp_dir(),
                     strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    free(path);
    return f;
}

/* The XML written to f, mapped for reading (munmap *xml, *len after). */
static tl_code map_back(FILE *f, char **xml, size_t *len, tl_error *err)
{
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    if (p == MAP_FAILED)
        return tl_error_set(err, TL_E_OUTPUT, "cannot read the XML back: %s", strerror(errno));
    *xml = p;
    *len = (size_t)st.st_size;
    return TL_OK;
}

/* The mapping as XML: written to a file as it is made (to out's temporary file, or a
 * scratch file on the way to standard output or an export), the document freed,
 * the file validated and only then shown.  Memory holds the model or the XML's
 * validation, never the two with the XML's text. */
static tl_code write_out(tl_result *res, const char *in, size_t bytes, const char *out,
                         const tl_convert_opts *opts, char **keep, size_t *keep_len, tl_error *err)
{
    int exported = opts && opts->out_format != TL_OUT_XML;
    int direct = !exported && out && strcmp(out, "-") != 0;
    tl_save *sv = NULL;
    FILE *f = NULL;
    tl_code rc = direct ? tl_save_begin(out, &sv, err) : TL_OK;
    if (rc == TL_OK)
        f = direct ? tl_save_file(sv) : scratch_file(err);
    if (!f) {
        tl_result_free(res);
        return rc != TL_OK ? rc : err->code;
    }
    tl_source_info info = { in, res->sha256, bytes };
    size_t longest = 0;
    rc = tl_xml_write(res->doc, res->mapped, &info, f, &longest, err);
    tl_result_free(res);
    if (rc == TL_OK)
        rc = tl_xml_validate_fd(fileno(f), longest, err);
    char *xml = NULL;
    size_t len = 0;
    if (rc == TL_OK && (keep || !direct))
        rc = map_back(f, &xml, &len, err);
    if (rc == TL_OK && keep) {
        *keep = malloc(len + 1);
        if (*keep) {
            memcpy(*keep, xml, len);
            (*keep)[len] = '\0';
            *keep_len = len;
        } else {
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        }
    }
    if (rc == TL_OK && !direct)
        rc = exported ? save_export(xml, len, in, out, opts, err) : tl_save_mem(xml, len, "-", err);
    if (xml)
        munmap(xml, len);
    if (direct) {
        tl_code end = tl_save_end(sv, rc == TL_OK, rc == TL_OK ? err : NULL);
        rc = rc == TL_OK ? end : rc;
    } else {
        fclose(f);
    }
    if (rc != TL_OK && keep) {
        free(*keep);
        *keep = NULL;
    }
    return rc;
}

tl_code tl_convert_file_keep(const char *in, const char *out, const tl_convert_opts *opts, char **xml,
                             size_t *len, tl_error *err)
{
    return tl_convert_file_review(in, out, NULL, opts, xml, len, err);
}

tl_code tl_convert_file_review(const char *in, const char *out, const char *review_dir, const tl_convert_opts *opts,
                               char **xml, size_t *len, tl_error *err)
{
    tl_code rc = check_target(in, out, opts && opts->force, err);
    if (rc != TL_OK)
        return rc;
    tl_result res;
    size_t size = 0;
    if (!review_dir) {
        rc = convert_model_file(in, opts, &res, &size, err);
        return rc == TL_OK ? write_out(&res, in, size, out, opts, xml, len, err) : rc;
    }
    /* the review draws the pages again from the bytes */
    unsigned char *data;
    rc = tl_file_read(in, &data, &size, err);
    if (rc != TL_OK)
        return rc;
    tl_source src = { in, data, size };
    rc = convert_model(&src, opts, &res, err);
    if (rc == TL_OK) {
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
    return rc == TL_OK ? write_out(&res, in, size, out, opts, xml, len, err) : rc;
}

tl_code tl_convert_file(const char *in, const char *out, const tl_convert_opts *opts, tl_error *err)
{
    return tl_convert_file_keep(in, out, opts, NULL, NULL, err);
}
