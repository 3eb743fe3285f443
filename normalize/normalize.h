/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan normalize stage: conservative repair of OCR-damaged Mongolian Cyrillic,
 * every change recorded.
 *
 * Rules repair the Unicode form (NFC), white space, soft hyphens and words hyphenated
 * at a line's end; Latin look-alike letters inside Cyrillic words ("ажиллагаандaa"),
 * whole Latin words among Cyrillic ones ("too" for "тоо"), Cyrillic letters inside
 * Latin addresses ("gov.mп"); runs of capitals inside sentence-case text; and words
 * OCR misread, against a lexicon of the clean documents' words and word pairs, an OCR
 * confusion model and hunspell-mn ("Тамын газар" -> "Тамгын газар").  Real Latin
 * (addresses, e-mails, ISO 9001, ERP, facebook), numbers, names written "Н.ЦЭНДМАА",
 * headings in capitals, words hunspell-mn knows and the abbreviations in
 * normalize/data/script.tsv are left alone.  The data files are compiled in; the
 * lexicon is built at build time (normalize/lexicon.sh).
 *
 * Ownership: tl_norm_text returns a string the caller frees; edits are appended to
 * the caller's list, whose strings tl_edits_free releases. */
#ifndef TL_NORMALIZE_H
#define TL_NORMALIZE_H

#include "../model/model.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tl_edit {
    size_t pos;        /* byte offset of the original in the text the rules read (the
                          input, after NFC when an "nfc" edit comes first) */
    char *orig, *repl; /* owned */
    const char *rule;  /* static: "nfc", "space", "soft-hyphen", "hyphen-break",
                          "latin-lookalike", "latin-word", "url-letters", "caps-run",
                          "caps-word", "word", "context", "split-word", "percent-sign",
                          "roman", "address-space", "number-suffix" */
    double score;      /* how sure (0.73-1): for "word" and "context" the repair's odds
                          against the next candidate as a probability, 1/(1+e^-margin)
                          (1 when there is none); 1 for rules that weigh no candidates */
} tl_edit;

typedef struct tl_edits {
    tl_edit *v;
    size_t n, cap;
} tl_edits;

void tl_edits_free(tl_edits *e);

/* Where the data comes from, set before the first normalization (later calls are
 * ignored once loaded): lexicon a file of the built-in lexicon's form in place of
 * the one compiled in, hunspell_dir a folder holding mn_MN.aff and mn_MN.dic in place
 * of /usr/share/hunspell.  NULL or "" keeps the default; the strings are copied.  The
 * library reads no environment: the command line passes TL_NORM_LEXICON and
 * TL_HUNSPELL_DIR here. */
void tl_norm_set_data(const char *lexicon, const char *hunspell_dir);

/* Loads the normalizer's own data (its tables and the lexicon: a few ms) if it is not
 * yet; tl_norm_text calls it.  -1 when out of memory. */
int tl_norm_load(void);
/* The same and hunspell-mn's dictionary (0.7 s, 70 MB), which is otherwise loaded at
 * the first word that needs it.  A process that forks a worker per document calls it
 * first, so that the workers share the loaded data instead of each loading it.  -1
 * when out of memory; a missing dictionary is no error (words are then not repaired
 * against it). */
int tl_norm_load_all(void);

/* Whether w[0..n) (any case) is a word, for the extractors' question whether two
 * pieces of a cell's lines are one word broken at the cell's edge, in two halves so
 * that a caller asks hunspell-mn (whose load is most of a single conversion's time)
 * only when its answer matters: how often the clean documents use it (0 when they
 * do not, -1 when the lexicon cannot be read), and whether hunspell-mn knows it
 * (a Cyrillic word; 0 for any other).  A word with Cyrillic letters is read with
 * its Latin look-alikes as their Cyrillic letters, as the normalizer repairs them. */
int tl_norm_lexicon_count(const char *w, size_t n);
int tl_norm_spell_knows(const char *w, size_t n);
/* A lower-case word of n bytes in the documents' official spelling when it starts with
 * one of hunspell-mn's variants (normalize/data/spellings.tsv: "авилгын" ->
 * "авлигын"), for search to fold both ways: a new string, or NULL when it is spelt
 * the official way already. */
char *tl_norm_fold_spelling(const char *w, size_t n);

/* The repaired text of in (UTF-8; bytes that are not UTF-8 are kept as they are).
 * Edits, when e is not NULL, are appended in text order.  NULL when out of memory. */
char *tl_norm_text(const char *in, tl_edits *e);

/* Repairs every paragraph and cell of a document in place, the text it replaces
 * kept in the cell's `orig` (model.h).  *changed, when not NULL, counts the texts
 * changed.  TL_E_INTERNAL when out of memory. */
tl_code tl_doc_normalize(tl_doc *doc, size_t *changed, tl_error *err);

#ifdef __cplusplus
}
#endif
#endif
