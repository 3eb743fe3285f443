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

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tl_convert_opts {
    int no_stitch;   /* keep page fragments as separate tables (for inspection) */
    int no_normalize; /* keep the extracted text as it is (no OCR repair) */
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

/* ---- corpus runs (corpus/build.c, search.c, merge.c) ---- */

typedef struct tl_corpus_opts {
    const char *out;          /* output folder: xml/, catalog.sqlite, report.* */
    int jobs;                 /* worker processes at once */
    int shard_k, shard_n;     /* this machine's share: k of n (1-based); n 0 or 1: all */
    int quiet;                /* no progress bar */
    int timeout_s;            /* per document; 0: none */
    long mem_mb;              /* address-space limit of a worker; 0: none */
    tl_convert_opts convert;
} tl_corpus_opts;

typedef struct tl_corpus_stats {
    size_t seen, unchanged, converted, ok, failed, removed; /* this run */
    size_t total_ok, total_failed, total_removed;           /* the catalog after it */
    double seconds;
} tl_corpus_stats;

/* Converts every file under srcs (files or folders) into o->out, incrementally.
 * TL_OK when the run itself worked: documents that failed are in st and the report. */
tl_code tl_corpus_build(const char *const *srcs, size_t nsrc, const tl_corpus_opts *o, tl_corpus_stats *st,
                        tl_error *err);
/* Prints every action of the corpus in dir whose text matches query (words or a
 * phrase), optionally only of a year (0: any) and of organisations containing org. */
tl_code tl_corpus_search(const char *dir, const char *query, int year, const char *org, FILE *out,
                         size_t *hits, tl_error *err);
/* Joins the shard outputs into out (catalog rows, actions, XML files, report). */
tl_code tl_corpus_merge(const char *out, const char *const *shards, size_t n, tl_corpus_stats *st,
                        tl_error *err);

/* Lower-case hex SHA-256 of data into hex[65] (GLib's GChecksum). */
void tl_sha256_hex(const unsigned char *data, size_t size, char hex[65]);

#ifdef __cplusplus
}
#endif
#endif
