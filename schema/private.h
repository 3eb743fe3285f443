/* Schema stage internals shared by its files; not installed. */
#ifndef TL_SCHEMA_PRIVATE_H
#define TL_SCHEMA_PRIVATE_H

#include "schema.h"

/* markers.tsv entries of a category, in file order. */
typedef struct tl_marker {
    const char *category, *value, *pattern;
} tl_marker;
size_t tl_markers(const char *category, const tl_marker **out);
/* The first marker of category whose pattern occurs in lowered text (at its start
 * when at_start), or NULL. */
const tl_marker *tl_marker_find(const char *category, const char *lowered, int at_start);

/* Reads a leading item number: "1.", "2.3", "4.1 .", "1.1.1.Text".  Requires a dot
 * unless bare digits are allowed (a number column).  Returns the normalised number
 * ("4.1") and sets *rest past it, or NULL. */
char *tl_number_lead(const char *s, int allow_bare, const char **rest);

void tl_meta_extract(const tl_doc *doc, tl_meta *meta, unsigned char *consumed);
void tl_meta_free(tl_meta *meta);

#endif
