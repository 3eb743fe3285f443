/* Normalize stage internals shared by its files; not installed. */
#ifndef TL_NORMALIZE_PRIVATE_H
#define TL_NORMALIZE_PRIVATE_H

#include "normalize.h"

#include <stddef.h>

/* Loads the lexicon once (not thread-safe: called under the stage's pthread_once).
 * Returns -1 when it cannot be read. */
int tl_lexicon_load(void);
/* How often the clean documents use the lower-case word, or the pair "word word",
 * or -1 when the lexicon does not have it. */
int tl_lexicon_count(const char *w, size_t n);
/* Calls fn for every entry (word or pair) the clean documents use at least min_count
 * times (w points into the lexicon, not terminated); stops at fn's first nonzero
 * return, returned. */
int tl_lexicon_each(int min_count, int (*fn)(const char *w, size_t n, int count, void *ctx), void *ctx);

/* The words OCR may have misread (nearest.c). */
/* Reads the confusion costs and indexes the words used at least min_count times
 * (called once, after the lexicon is loaded). */
int tl_nearest_load(int min_count);
/* One candidate: a lexicon word (w, not terminated), its count, and what its
 * misreading costs in confusions.tsv's units.  A nonzero return stops the search. */
typedef int (*tl_nearest_fn)(const char *w, size_t bytes, int count, double cost, void *ctx);
/* Calls fn for every lexicon word other than the lower-case UTF-8 word w (and other
 * than its forms with another ending) whose misreading as w costs at most limit.
 * wild: also the wildcard rows of confusions.tsv (any letter for any other), not only
 * its listed confusions.  Returns fn's nonzero return, or 0. */
int tl_nearest_each(const char *w, size_t bytes, double limit, int wild, tl_nearest_fn fn, void *ctx);

/* Loads hunspell-mn's dictionary once (thread-safe); -1 when it is not installed. */
int tl_spell_load(void);
/* Whether hunspell-mn accepts the NUL-terminated UTF-8 word: 1 yes, 0 no, -1 no
 * dictionary. */
int tl_spell_known(const char *w);

#endif
