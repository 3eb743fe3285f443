/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan schema stage: a stitched tl_doc -> the standard plan schema -> XML.
 *
 * Mapping reads each table's header rows, maps its columns to plan fields by the
 * synonyms in schema/data/fields.tsv, and turns body rows into objectives and actions
 * nested by their numbering.  Tables that are not plans (evaluation sheets,
 * summaries) stay tables; paragraphs become metadata, sections or plain paragraphs;
 * rows nothing claims go to `unmapped`.
 *
 * The XML keeps one rule so that nothing is lost or duplicated: every text node is
 * source text, written exactly once; every attribute is derived (numbers, parsed
 * values, field names, provenance).
 *
 * Ownership: tl_mapped borrows cells and blocks from the tl_doc it was built from, so
 * free it (tl_mapped_free) before the doc.  Other returned memory is the caller's.
 */
#ifndef TL_SCHEMA_H
#define TL_SCHEMA_H

#include "../model/model.h"

#include <stdio.h>


#ifdef __cplusplus
extern "C" {
#endif

typedef enum tl_field {
    TL_F_NONE = 0,
    TL_F_NUMBER,
    TL_F_OBJECTIVE,
    TL_F_ACTION,
    TL_F_INDICATOR,
    TL_F_BASELINE,
    TL_F_TARGET,
    TL_F_DEADLINE,
    TL_F_RESPONSIBLE,
    TL_F_BUDGET,
    TL_F_IMPLEMENTATION,
    TL_F_PERCENT,
    TL_F_SCORE,
    TL_F_COUNT
} tl_field;

/* Field name as used in fields.tsv and in the XML ("indicator", ...); static. */
const char *tl_field_name(tl_field f);
/* The field a header text names, by the first matching synonym, or TL_F_NONE. */
tl_field tl_field_match(const char *header);
/* A sub-header naming a period ("Хагас жил" -> "half-year"), or NULL; static. */
const char *tl_period_match(const char *header);

typedef struct tl_column {
    tl_field field;
    const char *period;   /* static, or NULL */
    char *header;         /* the header cells of this column joined by " / " */
    int inferred;         /* the field was guessed from the cells: the table had no header */
} tl_column;

/* One mapped cell of an action.  text is owned: it is the cell's text, or several
 * cells' joined when a continuation row was folded in. */
typedef struct tl_value {
    tl_field field;
    const char *period;
    size_t column;
    char *text;
    float conf;           /* lowest recognition confidence of its cells (0..1), or -1 */
} tl_value;

typedef enum tl_item_kind { TL_ITEM_OBJECTIVE, TL_ITEM_ACTION } tl_item_kind;

typedef struct tl_item {
    tl_item_kind kind;
    char *number;             /* derived ("2.4"), or NULL */
    char *label;              /* the number cell as written, or NULL */
    char *title;              /* objective: its title text as written, or NULL */
    tl_value *values;
    size_t nvalues, capvalues;
    struct tl_item **children;
    size_t nchildren, capchildren;
    struct tl_item *parent;
    size_t row;               /* row index in the stitched table */
    /* An action split off another's cell ("2.3.1 ... 2.3.2, ... 2.3.3 ..." in one
     * cell, seed 001): the first action of that cell, which holds the row's other
     * values for all of them.  Borrowed; NULL otherwise. */
    const struct tl_item *shares;
    tl_prov prov;
} tl_item;

typedef struct tl_unmapped {
    char *reason;             /* static text would do, but owned keeps it simple */
    char *text;
    size_t column;            /* SIZE_MAX when not a table cell */
    tl_prov prov;
} tl_unmapped;

typedef enum tl_node_kind { TL_NODE_P, TL_NODE_SECTION, TL_NODE_PLAN, TL_NODE_TABLE } tl_node_kind;

typedef struct tl_node {
    tl_node_kind kind;
    const tl_block *block;    /* P: the paragraph; PLAN, TABLE: the table block */
    /* SECTION */
    char *number;
    const tl_block *title;
    struct tl_node **children;
    size_t nchildren, capchildren;
    /* PLAN */
    /* PLAN: "plan", "implementation-report", "performance-report",
     * "national-programme-report"; TABLE: "evaluation", "summary", "other".  Static. */
    const char *plan_kind;
    tl_column *columns;
    size_t ncolumns;
    tl_item root;             /* top-level objectives and actions are its children */
    size_t nactions, nobjectives;
} tl_node;

typedef struct tl_signatory {
    char *role, *position, *name;  /* source text pieces; each may be NULL */
    tl_prov prov;
    const tl_block *block;         /* the paragraph holding the name */
} tl_signatory;

typedef struct tl_meta {
    const tl_block *title;    /* the title's first paragraph */
    char *title_text;         /* the title when it runs over more paragraphs (joined
                                 with newlines), or NULL: see tl_meta_title_written */
    char *title_clean;        /* the title without the page furniture on its line
                                 ("... • 13:17 • 2842", "Нүүр > Мэдээ > ..."), or NULL
                                 when there is none: see tl_meta_title */
    const char *kind;         /* "decree", "plan", "report", "implementation-report" ... or NULL */
    int year;                 /* 0 when unknown */
    char *organization;       /* derived from the title, or NULL */
    const tl_block *date;
    char *date_iso;           /* "2024-11-15", or NULL */
    char *date_month_day;     /* "--03-10" when the year is unreadable, or NULL */
    char *date_place;         /* the place written on the date's line ("2018.12.13
                                 Багахангай дүүрэг"), or NULL */
    const tl_block *number;
    char *number_value;
    const tl_block *place;
    /* A decree's subject when it approves a document ("... 2024 оны төлөвлөгөө
     * батлах тухай"), and the note that heads the approved annex ("... захирамжийн
     * хавсралт") with the date it gives. */
    const tl_block *approves;
    const char *approves_kind;  /* "plan", "report" ...: static, or NULL */
    int approves_year;
    const tl_block *annex;    /* the note's first paragraph */
    char *annex_text;         /* the note when it runs over more paragraphs (joined
                                 with newlines), or NULL: the paragraph's text */
    char *annex_date_iso;
    tl_signatory *signatories;
    size_t nsignatories;
} tl_meta;

/* A total the document states about itself, compared with the mapped rows. */
typedef struct tl_check {
    const char *what;         /* "actions", "percent-level", "overall-percent"; static */
    int level;                /* percent-level: the level (100, 70 ...); else -1 */
    double stated, found;
    int agrees;
    tl_prov prov;             /* the cell that states it */
} tl_check;

typedef struct tl_mapped {
    tl_meta meta;
    tl_check *checks;
    size_t nchecks;
    tl_node body;             /* a SECTION-like root: children in reading order */
    tl_unmapped *unmapped;
    size_t nunmapped, capunmapped;
} tl_mapped;

/* Joins to a plan table the tables laid out on later pages that carry it on: no
 * header of their own, their columns under the plan's columns, a few short
 * paragraphs between (an objective's title).  Runs after tl_doc_stitch, which
 * cannot tell a plan's header from any first row.  Returns TL_OK or TL_E_INTERNAL. */
tl_code tl_schema_join(tl_doc *doc, tl_error *err);

/* Maps a stitched document.  Returns TL_OK and *out, or an error code. */
tl_code tl_schema_map(const tl_doc *doc, tl_mapped **out, tl_error *err);
/* The document's title, all its lines, without the page furniture on them, or NULL. */
const char *tl_meta_title(const tl_meta *m);
/* The title's paragraphs as written, furniture and all (the XML's title text). */
const char *tl_meta_title_written(const tl_meta *m);
void tl_mapped_free(tl_mapped *m);

/* The plans of a mapping in order; index i < count. */
size_t tl_mapped_plan_count(const tl_mapped *m);
const tl_node *tl_mapped_plan(const tl_mapped *m, size_t i);
/* Finds the action or objective with this number in a plan, depth first; borrowed. */
const tl_item *tl_plan_find(const tl_node *plan, tl_item_kind kind, const char *number);
/* The text of an item's first value of field f (and period, if not NULL); borrowed. */
const char *tl_item_value(const tl_item *it, tl_field f, const char *period);
/* Calls fn on every action of a plan, depth first. */
void tl_plan_each_action(const tl_node *plan, void (*fn)(const tl_item *, void *), void *ctx);
/* A percent or amount read from text ("99,3%" -> 99.3); returns 0 when none. */
int tl_parse_number(const char *text, double *value);

/* Source facts written to <source>. */
typedef struct tl_source_info {
    const char *path;
    const char *sha256;       /* hex */
    size_t bytes;
} tl_source_info;

/* Writes the mapping as plan XML into memory (libxml2's text writer, no tree: a
 * tree costs about ten times the text it holds).  *out is NUL-terminated UTF-8 of
 * *len bytes, the caller's to free(). */
tl_code tl_xml_build(const tl_doc *doc, const tl_mapped *m, const tl_source_info *src,
                     char **out, size_t *len, tl_error *err);
/* Validates XML in memory against the compiled-in schema/tailan-plan.xsd, streaming
 * (no tree is built); TL_E_INVALID names the first error's line and message. */
tl_code tl_xml_validate(const char *xml, size_t len, tl_error *err);
/* Writes the same XML to f as it goes (nothing of it held in memory), flushed; f
 * stays the caller's.  *longest gets its longest text between two tags, which
 * tl_xml_validate_fd asks: validate the file with it before showing it. */
tl_code tl_xml_write(const tl_doc *doc, const tl_mapped *m, const tl_source_info *src, FILE *f,
                     size_t *longest, tl_error *err);
/* Validates the XML in an open file whose longest text is longest bytes, read from
 * its start by offset (the caller's position and descriptor are left as they are). */
tl_code tl_xml_validate_fd(int fd, size_t longest, tl_error *err);
/* Validates an XML file on disk; a FIFO or device is refused before reading. */
tl_code tl_xml_validate_file(const char *path, tl_error *err);

/* ---- review (schema/review.c): the page a person checks a conversion with ---- */

/* Writes the review page of a mapped document to f: the page images DIR/page-N.png
 * (npages of them, drawn at scale pixels a point; tl_render_pages) with a box over
 * every cell a plan value came from, or with no pages the source's text; the plan
 * beside it, repairs with their originals, values under the OCR review mark flagged,
 * unmapped items and warnings with their reasons. */
tl_code tl_review_write(const tl_doc *doc, const tl_mapped *m, const tl_source_info *src, int npages, double scale,
                        FILE *f, tl_error *err);

/* ---- export (schema/export.c): plan XML as CSV or JSON for importers ---- */

typedef enum tl_export_format { TL_EXPORT_CSV, TL_EXPORT_JSON } tl_export_format;
enum {
    TL_EXPORT_EXCEL = 1, /* CSV: a UTF-8 byte-order mark first, so Excel reads Cyrillic */
    TL_EXPORT_MANY = 2   /* JSON: a list of documents rather than one */
};
/* A writer of CSV (RFC 4180, UTF-8, CRLF, a header line, one row per action with its
 * document's, plan's and objective's facts; docs/export.md) or JSON
 * (schema/tailan-export.schema.json).  Borrows out until tl_export_end, which frees
 * the writer. */
typedef struct tl_export tl_export;
tl_export *tl_export_new(FILE *out, tl_export_format format, unsigned flags);
/* Adds one document's plan XML; name is for errors.  TL_E_CORRUPT when it is not
 * tailan plan XML (nothing written then). */
tl_code tl_export_add(tl_export *e, const char *xml, size_t len, const char *name, tl_error *err);
/* The CSV's columns: how many, and each one's name (and whether it is a fact of the
 * whole document: source, title, year ...); static. */
size_t tl_export_ncolumns(void);
const char *tl_export_column_name(size_t i, int *of_document);
/* The CSV's rows of one document handed to fn instead of written: values[i] is column
 * i's text or NULL, borrowed for the call.  xml is the plan XML already parsed by
 * libxml2 (an xmlDoc), for a caller that reads it for more than its rows. */
typedef void (*tl_export_row_fn)(const char *const *values, void *ctx);
struct _xmlDoc;
tl_code tl_export_each_row(const struct _xmlDoc *xml, const char *name, tl_export_row_fn fn, void *ctx,
                           tl_error *err);
/* CSV rows written so far. */
size_t tl_export_rows(const tl_export *e);
/* Closes the output's structure, flushes, frees e; TL_E_OUTPUT if any write failed. */
tl_code tl_export_end(tl_export *e, tl_error *err);

#ifdef __cplusplus
}
#endif
#endif
