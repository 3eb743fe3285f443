/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The normalizer's rules and what they share (not installed): script.tsv's tables
 * (script.c), the text read into words and the edits rules propose on them
 * (words.c), and each family of rules in a file of its own - Latin letters and
 * digits OCR put for Cyrillic ones (latin.c), capitals (caps.c), the word rule for
 * words the documents never use (repair.c), words OCR split or a line's end
 * hyphenated (joins.c), numerals, quarters and percents (numbers.c) - called in
 * order by normalize.c, which splices the repaired text from the edits.  Edits never
 * overlap: space and soft-hyphen edits lie between letters, word edits inside one
 * word, address edits in a chunk no other rule touches.  Nothing here is
 * thread-safe before tl_norm_load has run; after it the tables are read only. */
#ifndef TL_NORMALIZE_RULES_H
#define TL_NORMALIZE_RULES_H

#include "private.h"

#include "../model/model.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define CAPS_RUN_MIN 3      /* capital words in a row before they are a run to lower */
#define CAPS_PAIR 2         /* ... or this many, when the documents use each lower-case */
#define CAPS_PAIR_SEEN 5    /* ... this often */
#define SENTENCE_CASE 0.3   /* share of lower-case letters that makes text sentence case */
#define LATIN_WORD_MAX 6    /* longer Latin words among Cyrillic are real Latin */
#define WORD_MAX_BYTES 64   /* longer runs of letters are not words to repair */
#define SPLIT_TAIL_MAX 5    /* letters of a word's tail OCR set apart ("байгууллаг уудын") */
#define MIN_SEEN 2          /* a repair must be a word the documents use this often */
#define CAPS_WORD_MIN 6     /* a word in capitals this long is no abbreviation (БНХАУ is five) */
#define CONTEXT_MIN 3       /* a pair of words seen this often is context to repair towards */

/* Whether the word rule can read a text at all.  It repairs sparse misreadings of
 * words the documents use; a passage of READABLE_MIN words or more in which fewer
 * than one in READABLE_PART is such a word is not that (another language, a dump, a
 * page OCR read as noise), and searching near words for each of its words would
 * cost the most where it can do least.  Measured: none of 700 lines of the samples
 * and the fixtures' PDFs and scans falls under it; all of 2 MB of random Cyrillic
 * words does. */
#define READABLE_MIN 8
#define READABLE_PART 10

/* ---- script.tsv (script.c) ----------------------------------------------------- */

#define GLYPH_READS 3
typedef struct tl_script_tables {
    const char *lat2cyr[128], *ocr2cyr[128];
    const char *glyph_reads[128][GLYPH_READS]; /* ocrglyph rows */
    struct {
        uint32_t from;
        char to;
    } cyr2lat[64];
    size_t ncyr2lat;
    char **latin, **abbr, **romanctx, **quarterctx, **tlds, **numsuffix, **verb_forms;
    size_t nlatin, nabbr, nromanctx, nquarterctx, ntlds, nnumsuffix, nverb_forms;
    struct {
        uint32_t from;
        const char *to;
    } roman[32], romanocr[32];
    size_t nroman, nromanocr;
    int lexicon_ok; /* the lexicon loaded */
} tl_script_tables;
extern tl_script_tables tl_script;

/* Reads script.tsv into tl_script and loads the lexicon (once: tl_norm_load). */
void tl_script_load(void);
char tl_norm_to_latin(uint32_t c);
int tl_norm_in_list(char **list, size_t n, const char *s, size_t len);

/* The code point at s (NUL-terminated) and its length in bytes; what is not UTF-8
 * is U+FFFD, one byte or ICU's maximal ill-formed part long, kept as it is. */
static inline uint32_t tl_norm_decode(const unsigned char *s, size_t *len)
{
    int32_t i = 0, n = (int32_t)strnlen((const char *)s, 4);
    UChar32 c;
    if (!n) {
        *len = 1;
        return 0;
    }
    U8_NEXT_OR_FFFD(s, i, n, c);
    *len = (size_t)i;
    return (uint32_t)c;
}

static inline int tl_norm_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A no-break space (U+00A0) ends a chunk as a space does ("\u00A0www.site.mn"). */
static inline int tl_norm_nbsp(const unsigned char *t, size_t left)
{
    return left >= 2 && t[0] == 0xC2 && t[1] == 0xA0;
}

static inline int tl_norm_is_cyr(uint32_t c)
{
    return c >= 0x0400 && c <= 0x04FF;
}

static inline int tl_norm_is_lat(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* ---- edits and words (words.c) ------------------------------------------------- */

typedef struct pending {
    size_t pos, len;
    char *repl; /* owned */
    const char *rule;
    double score;
} pending;

typedef struct edits {
    pending *v;
    size_t n, cap;
    int oom;
} edits;

#define LOWERED 2 /* word.edited: lowered as part of a run of capitals, open to repair */

typedef struct word {
    size_t pos, len;
    int cyr, lat, upper, lower;
    int in_url; /* part of an address chunk: no rule but url-letters touches it */
    int edited; /* a rule changed it already (LOWERED: a run of capitals lowered it) */
    size_t line; /* which line of the text it is on */
    int sentence_case; /* its line is written in sentence case */
} word;

typedef struct words {
    word *v;
    size_t n, cap;
} words;

/* A repair of t[pos..pos+len) to repl (copied), by rule, with its score (see
 * tl_edit; tl_norm_propose scores 1); out of memory sets e->oom. */
void tl_norm_propose_scored(edits *e, size_t pos, size_t len, const char *repl, size_t rlen, const char *rule,
                            double score);
void tl_norm_propose(edits *e, size_t pos, size_t len, const char *repl, size_t rlen, const char *rule);
/* qsort order of pending edits: by position */
int tl_norm_by_pos(const void *a, const void *b);
/* t (n bytes) into words; an address chunk's look-alike letters proposed at once */
void tl_norm_scan_words(const unsigned char *t, size_t n, words *w, edits *e);

/* ---- the rules ------------------------------------------------------------------ */
/* Each rule proposes its edits on t (the whole text) and marks the words it changed
 * edited, so that a later rule leaves them; normalize.c calls them in order. */

/* latin.c */
void tl_norm_number_suffixes(const unsigned char *t, size_t n, words *w, edits *e);
size_t tl_norm_fold_lookalikes(const unsigned char *s, size_t n, char *out, int *untwinned);
void tl_norm_lookalikes(const unsigned char *t, words *w, edits *e);
void tl_norm_latin_words(const unsigned char *t, words *w, edits *e);
void tl_norm_latin_mixed(const unsigned char *t, size_t n, words *w, edits *e);
/* caps.c */
/* whether x is a surname after its initial ("Н.ЦЭНДМАА") */
int tl_norm_after_initial(const unsigned char *t, const word *x);
void tl_norm_mark_sentence_case(words *w);
void tl_norm_caps_runs(const unsigned char *t, words *w, edits *e);
/* whether hunspell-mn knows the lower-case word only capitalised (a name) */
int tl_norm_name_only(const char *low);
void tl_norm_caps_words(const unsigned char *t, words *w, edits *e);
/* repair.c */
int tl_norm_in_context(const char *prev, const char *next, const char *w, size_t n);
char *tl_norm_neighbour(const unsigned char *t, const words *w, size_t k, int dir);
/* a copy of low with its first letter upper-cased */
char *tl_norm_capitalised(const char *low);
void tl_norm_tally(const unsigned char *t, const words *w, size_t *all, size_t *known);
int tl_norm_readable(size_t all, size_t known);
void tl_norm_repair_words(const unsigned char *t, words *w, edits *e);
/* whether the lower-case word is the documents' (lexicon) or hunspell-mn's */
int tl_norm_is_word(const char *w);
/* the word rule's repair of a word without context: a new string, or NULL */
char *tl_norm_unknown_word_repair(const char *low, size_t n, int letters);
/* joins.c */
void tl_norm_hyphen_breaks(const unsigned char *t, words *w, edits *e);
void tl_norm_split_words(const unsigned char *t, words *w, edits *e);
/* numbers.c */
void tl_norm_quarter_ranges(const unsigned char *t, words *w, edits *e);
void tl_norm_roman_numerals(const unsigned char *t, words *w, edits *e);
void tl_norm_percent_cell(const unsigned char *t, size_t n, edits *e);

#endif
