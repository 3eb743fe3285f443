/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Zip parts with libzip, read from memory under size and ratio limits.  The sizes a
 * zip's directory states are not trusted: reading stops at the limit whatever they
 * say. */
#include "zip.h"

#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libzip is opened at the first package read, not linked (model/dynlib.c): with it
 * comes libcrypto, whose loading is 5 ms of every start (a third of a short PDF's
 * whole cost against pdftotext) that only packages need. */
#ifndef TL_LIBZIP_SONAME
#define TL_LIBZIP_SONAME "libzip.so.4"
#endif
#define ZIP_FUNCS(X)                                                                               \
    X(zip_discard) X(zip_error_fini) X(zip_error_init) X(zip_error_strerror) X(zip_fclose)         \
    X(zip_file_strerror) X(zip_fopen) X(zip_fread) X(zip_get_name) X(zip_get_num_entries)          \
    X(zip_open_from_source) X(zip_source_buffer_create) X(zip_source_free) X(zip_stat)              \
    X(zip_stat_index) X(zip_stat_init) X(zip_strerror)

static struct {
#define FIELD(f) __typeof__(f) *f;
    ZIP_FUNCS(FIELD)
#undef FIELD
} lz;
static char lz_why[256];
static pthread_once_t lz_once = PTHREAD_ONCE_INIT;

static void lz_load(void)
{
    int ok;
    TL_LIB_BIND(ok, lz, ZIP_FUNCS, TL_LIBZIP_SONAME, lz_why, sizeof lz_why);
    (void)ok; /* lz_why says it */
}

/* From here on every libzip call goes through the table (declared by zip.h above). */
#define zip_discard lz.zip_discard
#define zip_error_fini lz.zip_error_fini
#define zip_error_init lz.zip_error_init
#define zip_error_strerror lz.zip_error_strerror
#define zip_fclose lz.zip_fclose
#define zip_file_strerror lz.zip_file_strerror
#define zip_fopen lz.zip_fopen
#define zip_fread lz.zip_fread
#define zip_get_name lz.zip_get_name
#define zip_get_num_entries lz.zip_get_num_entries
#define zip_open_from_source lz.zip_open_from_source
#define zip_source_buffer_create lz.zip_source_buffer_create
#define zip_source_free lz.zip_source_free
#define zip_stat lz.zip_stat
#define zip_stat_index lz.zip_stat_index
#define zip_stat_init lz.zip_stat_init
#define zip_strerror lz.zip_strerror

int tl_zip_sig(const tl_source *src)
{
    return src->size >= 4 && memcmp(src->data, "PK\3\4", 4) == 0;
}

int tl_zip_odf_type(const tl_source *src, const char *mime)
{
    size_t n = strlen(mime);
    return tl_zip_sig(src) && src->size >= 38 + n && memcmp(src->data + 30, "mimetype", 8) == 0 &&
           memcmp(src->data + 38, mime, n) == 0;
}

/* Limits on each part do not bound a package of many parts (300 headers of 1.4 MB
 * each inflate to 420 MB): the directory's count and stated sizes are summed first,
 * so such a package is refused before anything is inflated.  A directory that
 * understates a part's size is caught by tl_zip_part's ratio cap and the model's
 * text limit. */
static tl_code check_totals(zip_t **z, tl_error *err)
{
    const tl_limits *lim = tl_limits_get();
    zip_int64_t n = zip_get_num_entries(*z, 0);
    tl_code rc = TL_OK;
    if (n > lim->max_zip_parts) {
        rc = tl_error_set(err, TL_E_LIMIT,
                          "zip package of %lld parts, over the %ld-part limit (--limit zip-parts raises it)",
                          (long long)n, lim->max_zip_parts);
    } else {
        unsigned long long sum = 0;
        for (zip_int64_t i = 0; i < n; i++) {
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(*z, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
                sum += st.size;
        }
        if (sum > lim->max_zip_bytes)
            rc = tl_error_set(err, TL_E_LIMIT,
                              "zip package inflates to %llu bytes in all, over the %zu-byte limit "
                              "(--limit zip raises it)",
                              sum, lim->max_zip_bytes);
    }
    if (rc != TL_OK) {
        zip_discard(*z);
        *z = NULL;
    }
    return rc;
}

tl_code tl_zip_open(const tl_source *src, const char *ext, zip_t **z, tl_error *err)
{
    *z = NULL;
    if (!tl_zip_sig(src))
        return tl_error_set(err, TL_E_FORMAT, "named %s but not a zip package (no PK signature)", ext);
    pthread_once(&lz_once, lz_load);
    if (lz_why[0])
        return tl_error_set(err, TL_E_MISSING, "libzip is needed to read %s packages and cannot be loaded "
                                               "(%s; Debian: apt-get install libzip4)", ext, lz_why);
    zip_error_t ze;
    zip_error_init(&ze);
    *z = NULL;
    zip_source_t *zs = zip_source_buffer_create(src->data, src->size, 0, &ze);
    if (!zs) {
        zip_error_fini(&ze);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory opening the zip");
    }
    *z = zip_open_from_source(zs, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!*z) {
        zip_source_free(zs);
        tl_code rc = tl_error_set(err, TL_E_CORRUPT, "damaged zip package: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    return check_totals(z, err);
}

void tl_zip_close(zip_t *z)
{
    if (z)
        zip_discard(z);
}

size_t tl_zip_count(zip_t *z)
{
    zip_int64_t n = zip_get_num_entries(z, 0);
    return n > 0 ? (size_t)n : 0;
}

const char *tl_zip_name(zip_t *z, size_t i)
{
    return zip_get_name(z, (zip_uint64_t)i, 0);
}

tl_code tl_zip_part(zip_t *z, const char *name, int required, char **out, size_t *len,
                    tl_error *err)
{
    *out = NULL;
    *len = 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0)
        return required ? tl_error_set(err, TL_E_CORRUPT, "not a complete package: no %s in the zip", name)
                        : TL_OK;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > TL_ZIP_MAX_PART)
        return tl_error_set(err, TL_E_LIMIT, "%s is %llu MB uncompressed, over the %zu MB limit", name,
                            (unsigned long long)(st.size >> 20), TL_ZIP_MAX_PART >> 20);
    /* What inflating may produce at most: the ratio cap on the stored size. */
    size_t cap = TL_ZIP_MAX_PART;
    if ((st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size < TL_ZIP_MAX_PART / TL_ZIP_MAX_RATIO)
        cap = (size_t)st.comp_size * TL_ZIP_MAX_RATIO + 4096;
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return tl_error_set(err, TL_E_CORRUPT, "cannot read %s in the zip: %s", name, zip_strerror(z));
    size_t n = 0, alloc = 65536;
    char *buf = malloc(alloc + 1);
    tl_code rc = TL_OK;
    while (buf) {
        if (n == alloc) {
            if (alloc > cap) {
                rc = tl_error_set(err, TL_E_LIMIT,
                                  "%s inflates over %d times its stored size (a zip bomb?)", name,
                                  TL_ZIP_MAX_RATIO);
                break;
            }
            size_t grow = alloc * 2;
            char *nb = realloc(buf, grow + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            alloc = grow;
        }
        zip_int64_t got = zip_fread(f, buf + n, alloc - n);
        if (got < 0) {
            rc = tl_error_set(err, TL_E_CORRUPT, "damaged zip: %s cannot be inflated (%s)", name,
                              zip_file_strerror(f));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > cap) {
            rc = tl_error_set(err, TL_E_LIMIT, "%s inflates over %d times its stored size (a zip bomb?)",
                              name, TL_ZIP_MAX_RATIO);
            break;
        }
    }
    zip_fclose(f);
    if (!buf)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading %s", name);
    if (rc != TL_OK) {
        free(buf);
        return rc;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return TL_OK;
}

tl_code tl_zip_xml_error(const char *part, tl_error *err)
{
    const xmlError *e = xmlGetLastError();
    tl_code rc = tl_error_set(err, TL_E_CORRUPT, "malformed %s (line %d): %s", part, e ? e->line : 0,
                              e && e->message ? e->message : "XML error");
    /* libxml2's messages end in a newline: the error is one line. */
    size_t n = err ? strlen(err->msg) : 0;
    while (n && (err->msg[n - 1] == '\n' || err->msg[n - 1] == ' '))
        err->msg[--n] = 0;
    return rc;
}

tl_code tl_zip_add_table(tl_doc *doc, tl_table *t, tl_error *err)
{
    tl_table_collapse_grid(t);
    if (!t->nrows) {
        tl_table_free(t);
        return TL_OK;
    }
    if (!tl_doc_add_table(doc, t)) {
        tl_table_free(t);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading a table");
    }
    return TL_OK;
}

int tl_zip_attr(xmlTextReaderPtr x, const char *ns, const char *name, char *out, size_t cap)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(x, (const xmlChar *)name, (const xmlChar *)ns);
    out[0] = 0;
    if (!v)
        return 0;
    snprintf(out, cap, "%s", (const char *)v);
    xmlFree(v);
    return 1;
}
