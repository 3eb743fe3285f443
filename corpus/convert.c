/* One document through the whole pipeline. */
#include "corpus.h"
#include "normalize/normalize.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

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
    if (res->xml)
        xmlFreeDoc(res->xml);
    memset(res, 0, sizeof *res);
}

tl_code tl_convert_mem(const tl_source *src, const tl_convert_opts *opts, tl_result *res,
                       tl_error *err)
{
    memset(res, 0, sizeof *res);
    tl_code rc = tl_extract_mem(src, &res->doc, err);
    if (rc == TL_OK && !(opts && opts->no_stitch))
        rc = tl_doc_stitch(res->doc, err);
    /* After stitching: a page-split cell is repaired whole, and stitching compares
     * texts as extracted. */
    if (rc == TL_OK && !(opts && opts->no_normalize))
        rc = tl_doc_normalize(res->doc, NULL, err);
    if (rc == TL_OK)
        rc = tl_schema_map(res->doc, &res->mapped, err);
    if (rc == TL_OK) {
        tl_sha256_hex(src->data, src->size, res->sha256);
        tl_source_info info = { src->path, res->sha256, src->size };
        rc = tl_xml_build(res->doc, res->mapped, &info, &res->xml, err);
    }
    if (rc == TL_OK)
        rc = tl_xml_validate(res->xml, err);
    if (rc != TL_OK)
        tl_result_free(res);
    return rc;
}

tl_code tl_convert_file(const char *in, const char *out, const tl_convert_opts *opts, tl_error *err)
{
    unsigned char *data;
    size_t size;
    tl_code rc = tl_file_read(in, &data, &size, err);
    if (rc != TL_OK)
        return rc;
    tl_source src = { in, data, size };
    tl_result res;
    rc = tl_convert_mem(&src, opts, &res, err);
    free(data);
    if (rc != TL_OK)
        return rc;
    rc = tl_xml_save(res.xml, out ? out : "-", err);
    tl_result_free(&res);
    return rc;
}
