/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema stage internals shared by its files; not installed. */
#ifndef TL_SCHEMA_PRIVATE_H
#define TL_SCHEMA_PRIVATE_H

#include "schema.h"

/* markers.tsv entries of a category, in file order. */
typedef struct tl_marker {
    const char *category, *value, *pattern;
} tl_marker;
size_t tl_markers(const char *category, const tl_marker **out);

/* Quarters a deadline names (bit k-1 for quarter k: "I-IV улирал" is 0xF) and whether
 * it says "as needed" ("тухай бүр").  Returns whether it said either. */
int tl_parse_deadline(const char *text, int *quarters, int *as_needed);
/* A budget's amount in tögrög ("132,32 сая" is 132320000; given only when the number
 * is unambiguous) and its source code from markers.tsv ("ОНХС", "organization").
 * Returns whether either was found. */
int tl_parse_budget(const char *text, double *amount, int *has_amount, const char **source);
/* The first marker of category whose pattern occurs in lowered text (at its start
 * when at_start), or NULL. */
const tl_marker *tl_marker_find(const char *category, const char *lowered, int at_start);

/* Whether text is set in capitals: four capital letters at least, eight in ten of
 * its letters ("ТАЙЛАН БИЧСЭН", "УДИРДЛАГА ЗОХИОН БАЙГУУЛАЛТ"). */
int tl_text_capitals(const char *s);

/* Whether s starts with a letter, as text after an item number does ("1.2.Text"). */
int tl_starts_letter(const char *s);
/* Whether s's first character (after white space) is a lower-case letter. */
int tl_starts_lower(const char *s);

/* Reads a leading item number: "1.", "2.3", "4.1 .", "1.1.1.Text".  Requires a dot
 * unless bare digits are allowed (a number column).  Returns the normalised number
 * ("4.1") and sets *rest past it, or NULL. */
char *tl_number_lead(const char *s, int allow_bare, const char **rest);

/* Compares the totals a document states (summary tables) with its plans' rows and
 * records them in m->checks.  Returns -1 when out of memory. */
int tl_checks_run(tl_mapped *m);

/* A date found in a line: year (0 when the text does not give it), month, day, and
 * the bytes [from, to) it takes. */
typedef struct tl_date {
    int year, month, day;
    size_t from, to;
} tl_date;
/* The first date in s, in any of the forms dates.c lists; 1 when found. */
int tl_date_find(const char *s, tl_date *d);

/* The mapper's state over one document (map.c maps tables, tree.c walks the rest). */
typedef struct tl_mapper {
    const tl_doc *doc;
    tl_mapped *m;
    unsigned char *consumed;
    int oom;
} tl_mapper;

/* A node under parent (NULL and mp->oom on OOM). */
tl_node *tl_map_node_add(tl_mapper *mp, tl_node *parent, tl_node_kind kind);
/* Text the mapping could not place, kept with the reason. */
void tl_map_unmapped(tl_mapper *mp, const char *reason, const char *text, size_t column, tl_prov prov);
/* Marks the header rows of a table the extractor marked none in: the first of its
 * first rows that names fields, with the period row under it. */
void tl_map_find_header(tl_table *t);
/* Whether row names fields: two cells at least, none an item number. */
int tl_map_names_fields(const tl_row *row);
/* The plan, or the plain table, that block bi's table gives, under parent. */
void tl_map_table(tl_mapper *mp, tl_node *parent, size_t bi);
/* The item of kind numbered `number` under root, at any depth, or NULL. */
tl_item *tl_item_find(tl_item *root, tl_item_kind kind, const char *number);
/* Whether pre numbers an ancestor of num ("2" of "2.3"). */
int tl_number_is_prefix(const char *pre, const char *num);
void tl_mapped_free_node(tl_node *n);

/* Joins the columns of plan table t that a centred header cell set apart from its
 * body (apart.c).  0, or -1 on OOM. */
int tl_join_header_apart(const tl_doc *doc, tl_table *t);

/* Document metadata (meta.c): the paragraphs it takes are marked in consumed. */
void tl_meta_extract(const tl_doc *doc, tl_meta *meta, unsigned char *consumed);
void tl_meta_free(tl_meta *meta);
#define TL_META_SHORT_PARA 120 /* letters: a line of the heading block, a signatory's */

/* Its parts.  signing.c: the role a line opens with (markers.tsv role), or NULL; the
 * signature blocks (before tables_from, only a capitalised name alone); the decree's
 * subject line and the annex note, from before first_table. */
const tl_marker *tl_meta_role(const char *line);
void tl_meta_signatories(const tl_doc *doc, tl_meta *meta, unsigned char *consumed, size_t tables_from);
void tl_meta_approval(const tl_doc *doc, tl_meta *meta, unsigned char *consumed, size_t first_table);
/* bodies.c, each a new string or NULL: the body's name in text[0..len) (the year and
 * quotes left out, its last word in the dictionary form); the body a title names with
 * no subject word to end it; where the lowered title's year starts when the word
 * before it names a body (a pointer into low).  tl_body_own_line sets
 * meta->organization from a line of its own in the heading block, if one names it. */
char *tl_body_name(const char *text, size_t len);
char *tl_body_of_title(const char *sq);
const char *tl_body_before_year(const char *low, int year);
void tl_body_own_line(const tl_doc *doc, tl_meta *meta, size_t first_table);

/* A PCRE2 pattern (UTF-8, Unicode classes, caseless) with its match data (rx.c); the
 * caller owns it.  tl_rx_match returns the number of groups set, <= 0 for none;
 * start, end and int read group g of the last match. */
typedef struct tl_rx tl_rx;
tl_rx *tl_rx_new(const char *pattern);
void tl_rx_free(tl_rx *r);
int tl_rx_match(tl_rx *r, const char *s);
size_t tl_rx_start(const tl_rx *r, int g);
size_t tl_rx_end(const tl_rx *r, int g);
long tl_rx_int(const tl_rx *r, const char *s, int g);

/* The longest run of text between two tags of XML read a piece at a time (p, n):
 * *run counts the bytes since the last '>', *most the longest run a '<' ended;
 * both start at 0 (validate.c). */
void tl_xml_text_runs(const char *p, size_t n, size_t *run, size_t *most);

#endif
