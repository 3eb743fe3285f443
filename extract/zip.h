/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading parts of a zip package (DOCX, ODT) from memory, with the limits an
 * untrusted archive needs.  Stage-internal: only extractors include it.
 *
 * Ownership: tl_zip_open's archive is closed with tl_zip_close; a part read with
 * tl_zip_part is the caller's to free.  Nothing is ever written to disk. */
#ifndef TL_EXTRACT_ZIP_H
#define TL_EXTRACT_ZIP_H

#include "extract.h"

#include <libxml/xmlreader.h>
#include <zip.h>

/* A part larger than this uncompressed is refused. */
#define TL_ZIP_MAX_PART ((size_t)128 << 20)
/* Nor may a part inflate more than this many times its stored size: deflate's own
 * ceiling is about 1030, which bombs reach; document.xml compresses 5-15 times, very
 * repetitive tables a few hundred. */
#define TL_ZIP_MAX_RATIO 500

/* Whether the bytes start with a zip local file header. */
int tl_zip_sig(const tl_source *src);
/* Whether they are an OpenDocument package of type mime: its first entry is
 * "mimetype", stored, holding the type. */
int tl_zip_odf_type(const tl_source *src, const char *mime);

/* Opens the archive in src (not copied: src must outlive it); ext names what the
 * caller reads (".docx"), for the error when the bytes are not a zip at all. */
tl_code tl_zip_open(const tl_source *src, const char *ext, zip_t **z, tl_error *err);
void tl_zip_close(zip_t *z);
/* The number of entries of an open archive, and the name of entry i (NULL if none). */
size_t tl_zip_count(zip_t *z);
const char *tl_zip_name(zip_t *z, size_t i);

/* Reads part `name` into a NUL-terminated buffer.  A missing part is TL_E_CORRUPT
 * when required, else TL_OK with *out NULL. */
tl_code tl_zip_part(zip_t *z, const char *name, int required, char **out, size_t *len,
                    tl_error *err);

/* What the package readers (DOCX, ODT) share beyond the zip. */

/* Attribute ns:name of the reader's current element into out (cut at cap); 0 when
 * absent (out is then ""). */
int tl_zip_attr(xmlTextReaderPtr x, const char *ns, const char *name, char *out, size_t cap);

/* The one-line error for a part libxml2's reader gave up on. */
tl_code tl_zip_xml_error(const char *part, tl_error *err);

/* A finished table into doc, laid on its own columns; an empty one is dropped.  Takes
 * t in every case. */
tl_code tl_zip_add_table(tl_doc *doc, tl_table *t, tl_error *err);

/* An OpenDocument package (odt.c): text (ODT), or a spreadsheet (ODS) whose tables
 * are sheets; ext names what the caller reads, for errors. */
tl_code tl_odf_read(const tl_source *src, const char *ext, int spreadsheet, tl_doc *doc, tl_error *err);

#endif
