/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lexicon the normalizer repairs words against: built at build time by
 * normalize/lexicon.sh (words of the clean seeds and the pairs of words they write
 * twice, with their counts) and linked in whole with .incbin, so it costs no data path and
 * no copy: the hash table points into it.  TL_NORM_LEXICON names another file to use
 * instead (an evaluation holds a document's own words out). */
#include "private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__asm__(".section .rodata\n"
        ".global tl_lexicon_data\n"
        ".hidden tl_lexicon_data\n" /* not part of libtailan.so's interface */
        "tl_lexicon_data:\n"
        ".incbin \"" TL_LEXICON_PATH "\"\n"
        ".byte 0\n"
        ".global tl_lexicon_end\n"
        ".hidden tl_lexicon_end\n" /* not part of libtailan.so's interface */
        "tl_lexicon_end:\n"
        ".previous\n");
extern const char tl_lexicon_data[], tl_lexicon_end[];

typedef struct slot {
    const char *word; /* into the data, not terminated */
    uint32_t len;
    int32_t count;
} slot;

static slot *table;
static size_t mask;
static char *override; /* the lexicon file's contents, kept for the process */
static char *override_path; /* tl_norm_set_data's lexicon file, or NULL */

void tl_lexicon_set_file(const char *path)
{
    free(override_path);
    override_path = path && *path ? strdup(path) : NULL;
}

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static const char *read_override(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    override = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (override && fread(override, 1, (size_t)n, f) == (size_t)n)
        override[n] = 0;
    else {
        free(override);
        override = NULL;
    }
    fclose(f);
    return override;
}

int tl_lexicon_load(void)
{
    const char *d = override_path ? read_override(override_path) : tl_lexicon_data;
    if (!d)
        return -1;
    size_t lines = 0;
    for (const char *p = d; *p; p++)
        lines += *p == '\n';
    size_t cap = 1;
    while (cap < 2 * lines + 2)
        cap <<= 1;
    table = calloc(cap, sizeof *table);
    if (!table)
        return -1;
    mask = cap - 1;
    for (const char *p = d; *p;) {
        const char *nl = strchr(p, '\n');
        const char *tab = memchr(p, '\t', nl ? (size_t)(nl - p) : strlen(p));
        if (tab && tab > p) {
            size_t n = (size_t)(tab - p);
            for (size_t h = hash(p, n) & mask;; h = (h + 1) & mask)
                if (!table[h].word) {
                    table[h] = (slot){ p, (uint32_t)n, (int32_t)atoi(tab + 1) };
                    break;
                }
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

int tl_lexicon_count(const char *w, size_t n)
{
    if (!table)
        return -1;
    for (size_t h = hash(w, n) & mask; table[h].word; h = (h + 1) & mask)
        if (table[h].len == n && !memcmp(table[h].word, w, n))
            return table[h].count;
    return -1;
}

int tl_lexicon_each(int min_count, int (*fn)(const char *w, size_t n, int count, void *ctx), void *ctx)
{
    for (size_t h = 0; table && h <= mask; h++)
        if (table[h].word && table[h].count >= min_count) {
            int r = fn(table[h].word, table[h].len, table[h].count, ctx);
            if (r)
                return r;
        }
    return 0;
}
