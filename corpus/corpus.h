/* tailan corpus stage: whole conversions, one document or many.
 *
 * tl_convert_* run the pipeline extract -> stitch -> schema -> validate -> write for
 * one input.  Ownership: returned documents and mappings are the caller's
 * (tl_doc_free, tl_mapped_free, xmlFreeDoc); free the mapping before the document.
 */
#ifndef TL_CORPUS_H
#define TL_CORPUS_H

#include "../extract/extract.h"
#include "../schema/schema.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tl_convert_opts {
    int no_stitch;   /* keep page fragments as separate tables (for inspection) */
} tl_convert_opts;

/* Everything one conversion produced, for callers that want more than the file. */
typedef struct tl_result {
    tl_doc *doc;
    tl_mapped *mapped;
    xmlDocPtr xml;         /* validated */
    char sha256[65];
} tl_result;

/* Converts bytes in memory.  On success fills res (free with tl_result_free). */
tl_code tl_convert_mem(const tl_source *src, const tl_convert_opts *opts, tl_result *res,
                       tl_error *err);
/* Reads in, converts, validates and writes out atomically ("-" = stdout).  Nothing is
 * written unless the XML validates. */
tl_code tl_convert_file(const char *in, const char *out, const tl_convert_opts *opts,
                        tl_error *err);
void tl_result_free(tl_result *res);

/* Lower-case hex SHA-256 of data into hex[65] (GLib's GChecksum). */
void tl_sha256_hex(const unsigned char *data, size_t size, char hex[65]);

#ifdef __cplusplus
}
#endif
#endif
