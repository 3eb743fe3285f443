/* Normalize stage internals shared by its files; not installed. */
#ifndef TL_NORMALIZE_PRIVATE_H
#define TL_NORMALIZE_PRIVATE_H

#include "normalize.h"

#include <stddef.h>

/* Loads the lexicon once (not thread-safe: called under the stage's pthread_once).
 * Returns -1 when it cannot be read. */
int tl_lexicon_load(void);
/* How often the clean documents use the lower-case word (0: only the spell list
 * knows it), or -1 when the lexicon does not have it. */
int tl_lexicon_count(const char *w, size_t n);

#endif
