/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Normalize stage internals shared by its files; not installed. */
#ifndef TL_NORMALIZE_PRIVATE_H
#define TL_NORMALIZE_PRIVATE_H

#include "normalize.h"

#include <stddef.h>
#include <stdio.h>

/* Loads the lexicon once (not thread-safe: called under the stage's pthread_once).
 * Returns -1 when it cannot be read. */
int tl_lexicon_load(void);
/* The lexicon file and hunspell folder tl_norm_set_data names (copied; NULL: default). */
void tl_lexicon_set_file(const char *path);
void tl_spell_set_dir(const char *dir);
/* How often the clean documents use the lower-case word, or the pair "word word",
 * or -1 when the lexicon does not have it. */
int tl_lexicon_count(const char *w, size_t n);
/* Calls fn for every entry (word or pair) the clean documents use at least min_count
 * times (w points into the lexicon, not terminated); stops at fn's first nonzero
 * return, returned. */
int tl_lexicon_each(int min_count, int (*fn)(const char *w, size_t n, int count, void *ctx), void *ctx);

/* The words OCR may have misread (nearest.c). */
/* Sets the words tl_nearest_each searches: those used at least min_count times
 * (called once, after the lexicon is loaded).  The confusion costs are read and the
 * words indexed at the first search; a search finds nothing if that fails. */
void tl_nearest_load(int min_count);
/* One candidate: a lexicon word (w, not terminated), its count, and what its
 * misreading costs in confusions.tsv's units.  A nonzero return stops the search. */
typedef int (*tl_nearest_fn)(const char *w, size_t bytes, int count, double cost, void *ctx);
/* Calls fn for every lexicon word other than the lower-case UTF-8 word w (and other
 * than its forms with another ending) whose misreading as w costs at most limit.
 * wild: also the wildcard rows of confusions.tsv (any letter for any other), not only
 * its listed confusions.  Returns fn's nonzero return, or 0. */
int tl_nearest_each(const char *w, size_t bytes, double limit, int wild, tl_nearest_fn fn, void *ctx);
/* The same by the full distance of every word of a near length, none ruled out on
 * its letters first: what tl_nearest_each must equal (tests). */
int tl_nearest_each_unfiltered(const char *w, size_t bytes, double limit, int wild, tl_nearest_fn fn, void *ctx);

/* hunspell-mn's word list in groups by the first letters (spell_groups.c):
 * tl_spell_groups_open returns NULL when the files cannot be read or the dictionary
 * is not one the grouping covers.  The caller owns the groups and what _dic returns. */
typedef struct tl_spell_groups tl_spell_groups;
tl_spell_groups *tl_spell_groups_open(const char *dic_path, const char *aff_path);
/* The same, cutting the word list here even when the build's index matches it */
tl_spell_groups *tl_spell_groups_cut(const char *dic_path, const char *aff_path);
void tl_spell_groups_free(tl_spell_groups *g);
/* Groups, the always-loaded group 0 included */
size_t tl_spell_groups_count(const tl_spell_groups *g);
/* The group holding the entries a check of the word can reach besides group 0's
 * (0 when none) */
size_t tl_spell_groups_of(const tl_spell_groups *g, const char *word);
size_t tl_spell_groups_entries(const tl_spell_groups *g, size_t group);
/* Entries in all groups: the word list's lines but the count */
size_t tl_spell_groups_total(const tl_spell_groups *g);
/* Groups as one .dic file's text (its count line first) */
char *tl_spell_groups_dic(const tl_spell_groups *g, const size_t *groups, size_t ngroups, size_t *len);
/* The build's index linked in (spell_index_data.c), NULL when there is none */
const char *tl_spell_index_data(size_t *len);
/* Writes the groups as the index the build links in (tailan-spell-index); -1 on a
 * write error */
int tl_spell_groups_write(const tl_spell_groups *g, FILE *out);
/* The .aff's text less what only suggestions read (points into g); words: less
 * the affix rules too, all that reading a word list needs */
const char *tl_spell_groups_aff(const tl_spell_groups *g, int words, size_t *len);

/* A hunspell handle fed group by group: group 0 at open, a word's own group before
 * it is checked (every MERGE_AT groups, all it has loaded made one word list again,
 * since each is one more table every lookup visits).  Not thread-safe; the caller
 * owns it and keeps g alive. */
typedef struct tl_spell_lazy tl_spell_lazy;
tl_spell_lazy *tl_spell_lazy_open(const tl_spell_groups *g);
void tl_spell_lazy_free(tl_spell_lazy *s);
/* Whether hunspell accepts w: 1 yes, 0 no, -1 when its group could not be loaded */
int tl_spell_lazy_check(tl_spell_lazy *s, const char *w);
/* Groups loaded beside group 0, and their entries with group 0's */
size_t tl_spell_lazy_groups(const tl_spell_lazy *s);
size_t tl_spell_lazy_entries(const tl_spell_lazy *s);
/* Whether checking w would load a group, and how many entries it holds */
size_t tl_spell_lazy_would_load(const tl_spell_lazy *s, const char *w);

/* Loads hunspell-mn's dictionary once (thread-safe); -1 when it is not installed. */
int tl_spell_load(void);
/* Whether hunspell-mn accepts the NUL-terminated UTF-8 word: 1 yes, 0 no, -1 no
 * dictionary. */
int tl_spell_known(const char *w);

#endif
