/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pieces of a corpus run (stage-internal to corpus/): the walk over the sources
 * (walk.c) and the worker pool (pool.c).
 *
 * Ownership: a tl_paths owns its strings (tl_paths_free); a tl_pool owns its workers'
 * processes and pipes until tl_pool_free, which stops any still running. */
#ifndef TL_CORPUS_RUN_H
#define TL_CORPUS_RUN_H

#include "catalog.h"

#include <stddef.h>
#include <sys/types.h>

typedef struct tl_paths {
    char **v;
    size_t n, cap;
} tl_paths;

int tl_paths_add(tl_paths *p, const char *s);
void tl_paths_free(tl_paths *p);
/* Sorts and drops repeats (a folder and a file in it both named). */
void tl_paths_sort_unique(tl_paths *p);

/* What a walk found: regular files to convert; entries that are neither files nor
 * folders (symbolic links, FIFOs, sockets, devices), skipped and listed; folders that
 * could not be read, whose catalogued documents must stay as they are. */
typedef struct tl_walk {
    tl_paths files, skipped, unreadable;
    /* --include / --exclude globs (fnmatch, '*' crossing '/'), matched against a file's
     * path under its source and against its name; borrowed. */
    const char *const *include, *const *exclude;
    size_t ninclude, nexclude;
    size_t excluded;          /* files the globs left out */
} tl_walk;

/* Adds what is under src (a file or a folder; hidden names and the folder `skip` left
 * out; links never followed, so no cycles).  A src that cannot be stat'ed or opened,
 * or is neither a file nor a folder, is TL_E_IO: the caller must not take its
 * documents for removed.  Folders deeper down that cannot be read go to w->unreadable. */
tl_code tl_walk_source(const char *src, const char *skip, tl_walk *w, tl_error *err);
void tl_walk_free(tl_walk *w);

/* ---- what the catalog keeps of a document (harvest.c) --------------------- */

typedef struct tl_harvest {
    char *format, *title, *org, *kind, *date;
    int pages, tables, year, plans, sections;
    int unmapped, review, repairs;  /* unmapped items, values marked for review, OCR repairs */
    int ocr;                        /* texts read by OCR (with a confidence) */
    size_t ncols;                   /* tl_export_ncolumns(): each action's cols */
    tl_catalog_action *actions;
    size_t nactions, cap;
    tl_catalog_text *texts;         /* passages for the search index */
    size_t ntexts, captexts;
    char xml_sha256[65];
} tl_harvest;
/* Reads an XML's text: its metadata, counts and actions, and the SHA-256 of its
 * bytes.  -1 when it cannot be parsed.  The caller frees h. */
int tl_harvest_xml(const char *xml, size_t len, tl_harvest *h);
/* tl_convert_file, handing back the XML text it wrote (the caller's to free) */
tl_code tl_convert_file_keep(const char *in, const char *out, const tl_convert_opts *opts, char **xml,
                             size_t *len, tl_error *err);
/* ... and, when review_dir is not NULL, the document's review page there (replacing
 * what was). */
/* out/review/<id>: the review page's folder of the document whose XML is
 * [...]/xml/<id>.xml; a new string, or NULL. */
char *tl_corpus_review_dir(const char *out, const char *xml);
tl_code tl_convert_file_review(const char *in, const char *out, const char *review_dir, const tl_convert_opts *opts,
                               char **xml, size_t *len, tl_error *err);
void tl_harvest_free(tl_harvest *h);
/* h as bytes, for the pipe from a worker (*buf the caller's to free), and back;
 * -1 on damaged bytes (h left empty) or no memory. */
int tl_harvest_pack(const tl_harvest *h, char **buf, size_t *len);
int tl_harvest_unpack(const char *buf, size_t len, tl_harvest *h);

/* ---- worker pool -------------------------------------------------------- */

/* Seconds on the monotonic clock (deadlines, run time). */
double tl_run_clock(void);

/* What a worker reports when it finishes on its own. */
typedef struct tl_worker_msg {
    int code;
    long vm_peak_kb;    /* the worker's peak address space, to tell out-of-memory failures */
    long rss_kb;        /* its resident memory after the document, to retire it */
    size_t payload_len; /* the packed tl_harvest that follows, when code is TL_OK */
    char msg[512];
} tl_worker_msg;

/* How one job ended. */
typedef struct tl_job_end {
    size_t idx;       /* the caller's index, as given to tl_pool_start */
    int code;         /* tl_code of the document */
    char msg[600];    /* why it failed; "" when it did not */
    char *log;        /* what the worker printed (stdout and stderr), at most ~4 KB; owned */
    double seconds;
    tl_harvest harvest; /* what the catalog keeps of its XML, when code is TL_OK; owned */
} tl_job_end;

typedef struct tl_pool tl_pool;

/* A pool of at most jobs long-lived workers, each converting files one after
 * another, one file to one XML under o's limits, forked at their first document (so
 * after what the caller loaded before) and replaced when one fails or retires.  keep_fd is closed in every worker (the run's lock: a worker left behind
 * by a killed build must not hold it).  Workers die with the process that started
 * them (PR_SET_PDEATHSIG) and stop themselves past o->timeout_s as well. */
tl_pool *tl_pool_new(int jobs, const tl_corpus_opts *o, int keep_fd);
int tl_pool_free_slot(const tl_pool *p);
int tl_pool_running(const tl_pool *p);
/* Worker processes started so far */
size_t tl_pool_started(const tl_pool *p);
/* Starts a worker converting in to xml; idx comes back in its tl_job_end. */
tl_code tl_pool_start(tl_pool *p, const char *in, const char *xml, size_t idx, tl_error *err);
/* Waits (at most until the nearest deadline, and never over 200 ms) and returns the
 * number of jobs that ended, filled into ends (room for jobs entries).  Each end's
 * log is the caller's to free. */
size_t tl_pool_wait(tl_pool *p, tl_job_end *ends);
void tl_pool_free(tl_pool *p);

/* ---- the report (report.c) ---------------------------------------------- */

/* What a run saw besides the catalog: removed this run, skipped, unreadable. */
typedef struct tl_run_lists {
    const tl_paths *removed, *skipped, *unreadable;
} tl_run_lists;

/* Writes DIR/report.json and DIR/report.html from the catalog (and lists, which may
 * be NULL), fills the totals of st and names its failed documents.  Paths are shown
 * as valid UTF-8 whatever bytes they are made of. */
tl_code tl_corpus_report(sqlite3 *db, const char *dir, int shard_k, int shard_n, const tl_run_lists *lists,
                         tl_corpus_stats *st, tl_error *err);
/* A file name as valid UTF-8 (invalid bytes shown as U+FFFD), for reports; owned. */
char *tl_display_name(const char *path);

#endif
