/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan corpus stage: whole conversions, one document or many.
 *
 * tl_convert_* run the pipeline extract -> stitch -> schema -> validate -> write for
 * one input.  Ownership: returned documents and mappings are the caller's
 * (tl_doc_free, tl_mapped_free, free); free the mapping before the document.
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
    int force;        /* tl_convert_file may replace a symbolic link named as the output */
    /* What tl_convert_file writes: the plan XML (TL_OUT_XML, 0), or that XML exported
     * as CSV or JSON (schema.h, tl_export_new; out_flags TL_EXPORT_EXCEL). */
    enum { TL_OUT_XML = 0, TL_OUT_CSV, TL_OUT_JSON } out_format;
    unsigned out_flags;
} tl_convert_opts;

/* Everything one conversion produced, for callers that want more than the file. */
typedef struct tl_result {
    tl_doc *doc;
    tl_mapped *mapped;
    char *xml;             /* validated plan XML, NUL-terminated */
    size_t xml_len;
    char sha256[65];
} tl_result;

/* Converts bytes in memory.  On success fills res (free with tl_result_free). */
tl_code tl_convert_mem(const tl_source *src, const tl_convert_opts *opts, tl_result *res,
                       tl_error *err);
/* Reads in, converts, validates and writes out atomically ("-" = stdout).  Nothing is
 * written unless the XML validates.  An out that is the input itself (the same file by
 * any path), or not a regular file (a folder, FIFO, device; a symbolic link unless
 * opts->force), is refused before anything is read (TL_E_OUTPUT). */
tl_code tl_convert_file(const char *in, const char *out, const tl_convert_opts *opts,
                        tl_error *err);
void tl_result_free(tl_result *res);
/* Converts in and writes its review page into the folder dir (made if need be):
 * dir/index.html, written last and atomically, and the page images dir/page-N.png. */
tl_code tl_review_file(const char *in, const char *dir, const tl_convert_opts *opts, tl_error *err);
/* The same for a document converted already (src its bytes, res what came of them). */
tl_code tl_review_dir(const tl_source *src, const tl_result *res, const char *dir, tl_error *err);

/* ---- corpus runs (corpus/build.c, search.c, merge.c) ---- */

/* Which failed documents a run converts again though their bytes did not change. */
typedef enum tl_retry {
    TL_RETRY_HEALABLE = 0, /* those whose cause can go away: a missing component, a
                              permission, a limit or timeout, out of memory, a crash */
    TL_RETRY_ALL,          /* every failed document (--retry-failed) */
    TL_RETRY_NONE          /* none (--no-retry) */
} tl_retry;

typedef struct tl_corpus_opts {
    const char *out;          /* output folder: xml/, catalog.sqlite, report.* */
    int jobs;                 /* worker processes at once */
    int shard_k, shard_n;     /* this machine's share: k of n (1-based); n 0 or 1: all */
    int quiet;                /* no progress bar */
    int timeout_s;            /* per document; 0: none */
    long mem_mb;              /* address-space limit of a worker; 0: none */
    tl_convert_opts convert;
    tl_retry retry;
    int allow_removals;       /* remove however many documents have gone */
    int max_removal_pct;      /* else refuse a run removing more than this share of the
                                 catalog (0: 10 %) */
    int review;               /* also a review page per document: out/review/<id>/ */
    /* Globs (fnmatch; '*' crosses '/') against a file's path under its source and its
     * name: with includes, only files matching one; never files matching an exclude.
     * A catalogued file left out counts as gone (removed, under the removal guard). */
    const char *const *include, *const *exclude;
    size_t ninclude, nexclude;
} tl_corpus_opts;

typedef struct tl_corpus_stats {
    size_t seen, unchanged, converted, ok, failed, removed; /* this run */
    size_t retried;           /* failed documents converted again */
    size_t skipped;           /* entries neither files nor folders (links, FIFOs) */
    size_t unreadable;        /* folders and files that could not be read: kept as they were */
    size_t excluded;          /* files --include / --exclude left out */
    size_t total_ok, total_failed, total_removed;           /* the catalog after it */
    size_t total_review, total_not_plan; /* of the ok: values or items to check; no plan nor kind */
    double seconds;
    size_t workers;           /* worker processes started (each takes documents until it fails or retires) */
    double parent_cpu;        /* CPU seconds the run's own process spent converting (children not counted) */
    char failed_names[2048];  /* the catalog's failed documents: the first paths, ", "-joined */
    size_t failed_named;      /* how many failed_names holds (at most 20) */
} tl_corpus_stats;

/* Converts every file under srcs (files or folders) into o->out, incrementally.
 * TL_OK when the run itself worked: documents that failed are in st and the report.
 * A source that cannot be read is TL_E_IO and changes nothing; a run that would mark
 * more than o->max_removal_pct of the catalog removed is refused (TL_E_IO) unless
 * o->allow_removals. */
tl_code tl_corpus_build(const char *const *srcs, size_t nsrc, const tl_corpus_opts *o, tl_corpus_stats *st,
                        tl_error *err);
/* Prints every action of the corpus in dir whose text matches query (words or a
 * phrase), optionally only of a year (0: any) and of organisations containing org. */
tl_code tl_corpus_search(const char *dir, const char *query, int year, const char *org, FILE *out,
                         size_t *hits, tl_error *err);
/* What tl_corpus_export writes: every converted document of a corpus, in path order,
 * optionally only of a year (0: any) and of organisations containing org. */
typedef struct tl_corpus_export_opts {
    tl_export_format format;  /* CSV: one row per action; JSON: a list of documents */
    unsigned flags;           /* TL_EXPORT_EXCEL */
    int year;
    const char *org;
    const char *out;          /* file written atomically; NULL or "-": standard output */
} tl_corpus_export_opts;

typedef struct tl_corpus_export_stats {
    size_t documents, rows;   /* exported; rows: CSV only */
    size_t skipped;           /* XML files unreadable or changed since their run: one line each on warn */
} tl_corpus_export_stats;

tl_code tl_corpus_export(const char *dir, const tl_corpus_export_opts *o, FILE *warn, tl_corpus_export_stats *st,
                         tl_error *err);
/* Joins the shard outputs into out (catalog rows, actions, XML files, report). */
tl_code tl_corpus_merge(const char *out, const char *const *shards, size_t n, tl_corpus_stats *st,
                        tl_error *err);

/* Lower-case hex SHA-256 of data into hex[65] (GLib's GChecksum). */
void tl_sha256_hex(const unsigned char *data, size_t size, char hex[65]);

#ifdef __cplusplus
}
#endif
#endif
