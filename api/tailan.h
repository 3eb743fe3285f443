/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan: anti-corruption plans and reports (PDF, scans, DOCX, ODT, XLSX, ODS, legacy
 * office files, HTML, text) read into one plan schema, as a C library.
 *
 * This header is the whole public API of libtailan; nothing else is exported.  A
 * document is converted once (tailan_convert_file or _buffer) and then read: its
 * metadata and plan actions through accessors, or whole as plan XML, JSON or CSV.
 * The types are opaque except tailan_error, whose layout is stable.
 *
 * Ownership: a tailan_doc is the caller's (tailan_doc_free); strings a document hands
 * out live as long as it; strings returned as char * are the caller's (free).
 * Thread safety: documents are independent; the limits (tailan_set_limit) are
 * process-wide and are set before converting. */
#ifndef TAILAN_H
#define TAILAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TAILAN_BUILDING) && defined(__GNUC__)
#define TAILAN_API __attribute__((visibility("default")))
#else
#define TAILAN_API
#endif

/* Error codes: the command line's exit codes (tailan(1), EXIT STATUS). */
enum {
    TAILAN_OK = 0,
    TAILAN_E_INTERNAL = 1,
    TAILAN_E_USAGE = 2,
    TAILAN_E_IO = 3,       /* the input cannot be read */
    TAILAN_E_EMPTY = 4,
    TAILAN_E_FORMAT = 5,   /* not a format tailan reads */
    TAILAN_E_ENCODING = 6,
    TAILAN_E_LIMIT = 7,    /* over a size limit (tailan_set_limit) */
    TAILAN_E_CORRUPT = 8,
    TAILAN_E_INVALID = 9,  /* the output fails the schema */
    TAILAN_E_OUTPUT = 10,
    TAILAN_E_MISSING = 12, /* a component the input needs is not installed */
    TAILAN_E_MEMORY = 13
};

/* What went wrong, in one line naming the reason ("damaged PDF: ...").  Stable layout. */
typedef struct tailan_error {
    int code;
    char message[1024];
} tailan_error;

typedef struct tailan_doc tailan_doc;

typedef enum tailan_format {
    TAILAN_XML = 0,  /* plan XML, namespace urn:tailan:plan:1, valid against tailan-plan.xsd */
    TAILAN_JSON = 1, /* schema/tailan-export.schema.json */
    TAILAN_CSV = 2   /* one row per action, RFC 4180 (docs/export.md) */
} tailan_format;

/* Conversion flags. */
enum {
    TAILAN_NO_STITCH = 1,   /* keep tables split over pages apart */
    TAILAN_NO_NORMALIZE = 2 /* leave OCR errors unrepaired */
};

/* "0.1.0" */
TAILAN_API const char *tailan_version(void);

/* Raises (or lowers) what one input may cost, by the command line's names and values
 * ("pages", "10000"; "input", "512M"): 0, or -1 when the name or value is not one. */
TAILAN_API int tailan_set_limit(const char *name, const char *value);

/* Where the normalizer's data comes from, set before the first conversion: lexicon a
 * lexicon file in place of the one built in, hunspell_dir a folder holding
 * mn_MN.aff and mn_MN.dic in place of /usr/share/hunspell; NULL keeps either
 * default.  The library reads no environment for them (the command line passes
 * TL_NORM_LEXICON and TL_HUNSPELL_DIR here). */
TAILAN_API void tailan_set_data(const char *lexicon, const char *hunspell_dir);

/* Reads, extracts, repairs, maps and validates a document.  NULL on failure, with
 * *err filled (err may be NULL). */
TAILAN_API tailan_doc *tailan_convert_file(const char *path, unsigned flags, tailan_error *err);
/* The same for bytes in memory; name (a file name, for its extension and messages) may
 * be NULL. */
TAILAN_API tailan_doc *tailan_convert_buffer(const void *data, size_t size, const char *name, unsigned flags,
                                             tailan_error *err);
TAILAN_API void tailan_doc_free(tailan_doc *doc);

/* The document whole, NUL-terminated, *len bytes (len may be NULL); free() it.  NULL
 * with *err on failure. */
TAILAN_API char *tailan_doc_write(const tailan_doc *doc, tailan_format format, size_t *len, tailan_error *err);

/* What the document says of itself: NULL (0 for the year) when it does not say. */
TAILAN_API const char *tailan_doc_title(const tailan_doc *doc);
TAILAN_API const char *tailan_doc_kind(const tailan_doc *doc);
TAILAN_API const char *tailan_doc_organization(const tailan_doc *doc);
TAILAN_API int tailan_doc_year(const tailan_doc *doc);

/* Its plans, and each plan's actions in document order. */
TAILAN_API size_t tailan_doc_plan_count(const tailan_doc *doc);
TAILAN_API size_t tailan_plan_action_count(const tailan_doc *doc, size_t plan);
/* An action's dotted number ("2.4"), or NULL. */
TAILAN_API const char *tailan_action_number(const tailan_doc *doc, size_t plan, size_t action);
/* An action's value of a field ("action", "indicator", "baseline", "target",
 * "deadline", "responsible", "budget", "implementation", "percent", "score"), of a
 * period ("half-year", "year") or any when period is NULL; the first one, as written;
 * NULL when it has none. */
TAILAN_API const char *tailan_action_value(const tailan_doc *doc, size_t plan, size_t action, const char *field,
                                           const char *period);

/* Validates plan XML against tailan-plan.xsd: TAILAN_OK, or TAILAN_E_INVALID with the
 * first error in *err. */
TAILAN_API int tailan_validate(const char *xml, size_t len, tailan_error *err);

/* Repairs OCR-damaged Mongolian text (look-alike letters, capitals runs, misread
 * words); a new string (free), or NULL out of memory. */
TAILAN_API char *tailan_normalize(const char *text);

#ifdef __cplusplus
}
#endif
#endif
