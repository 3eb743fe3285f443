/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The OCR confusion model and the search for the words OCR may have misread.
 *
 * normalize/data/confusions.tsv gives what each misreading costs: a letter read as
 * another, a letter dropped, a letter added, two letters exchanged; specific pairs
 * (у read for ү) cost less than the wildcard rows (any letter for any other).  The
 * candidates for an observed word are the lexicon words whose misreading as it costs
 * little, by a weighted Damerau-Levenshtein distance to every word the documents use
 * often enough; normalize.c weighs them (noisy channel: frequency or context against
 * the misreading's cost).  The words are few (thousands, from clean plans and
 * reports): scanning those of a near length is faster and more general than
 * generating every string two edits away (tens of thousands of lookups). */
#include "private.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl_data.h"

#define LETTERS 256       /* costs are kept for U+0400..U+04FF; other letters index 255 */
#define OTHER 255
#define MAX_LETTERS 32    /* longer words are not searched */


typedef struct entry {
    const char *word; /* into the lexicon, not terminated */
    size_t bytes;
    int count;
    uint8_t n;
    uint32_t cp[MAX_LETTERS];
} entry;

#define MAX_LENGTH_CHANGE 1 /* letters a misreading adds or drops */
#define TAIL 2            /* a word's last letters, its case ending: see distance() */

/* listed confusions (INFINITY where none is listed) and the wildcard rows' costs */
static float sub[LETTERS][LETTERS], ins[LETTERS], del[LETTERS];
static float any_sub = 2.0f, any_ins = 2.0f, any_del = 2.0f, swap_cost = 2.0f, min_indel = 2.0f;
/* the cheapest listed insertion or deletion */
static float listed_indel = INFINITY;
static entry *entries;
static size_t nentries;
/* letters_mask of each entry, apart: the scan reads these first, and 8 bytes an
 * entry stay in the cache where the entries' 150 do not */
static uint64_t *masks;
/* Letters a listed confusion can produce (in a word c seen as o): from[x] those some
 * substitution turns x into; born those an insertion makes.  Letters of o a listed
 * confusion can account for (o's letter read for another, or added): removable. */
static uint64_t from_mask[LETTERS], born_mask, removable_mask;
/* The masks sliced: bit r of has[64 * b + l] is whether entry 64 * b + r has letter
 * bit l.  A block's 64 words are one 512-byte run, so the scan reads, for each letter
 * a candidate must lack or have, one word for 64 candidates. */
static uint64_t *has;
/* What making a letter of each bit costs at least (meant, OCR read another for it or
 * dropped it), and unmaking one (read for another, or added), without wildcards and
 * with [1]: [w][0][b] where a listed edit may apply, [w][1][0] where none does. */
static float make_cost[2][2][64], unmake_cost[2][2][64];
/* entries sorted by length: those of n letters start at by_len[n] */
static size_t by_len[MAX_LETTERS + 2];

static int idx(uint32_t c)
{
    return c >= 0x400 && c < 0x4FF ? (int)(c - 0x400) : OTHER;
}

/* The letters of a word (bytes, not terminated) into cp: 0 unless each is a two-byte
 * letter, as the lexicon's Cyrillic words are. */
static size_t letters_of(const char *w, size_t bytes, uint32_t *cp)
{
    char buf[2 * MAX_LETTERS + 1];
    if (!bytes || bytes > 2 * MAX_LETTERS)
        return 0;
    memcpy(buf, w, bytes);
    buf[bytes] = '\0';
    size_t n = tl_utf8_decode(buf, cp, MAX_LETTERS);
    return 2 * n == bytes ? n : 0;
}

/* Which letters a word has, a bit for each lower-case Russian-alphabet letter and
 * one shared by every 32nd of the rest: letters one word has and the other lacks
 * are at least the bits set in one mask and not the other (shared bits only
 * undercount), which bounds the cost of a misreading from below in two
 * instructions. */
static uint64_t letters_mask(const uint32_t *cp, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ULL << (cp[i] >= 0x430 && cp[i] <= 0x44F ? cp[i] - 0x430 : 32 + (uint32_t)idx(cp[i]) % 32);
    return m;
}

/* Whether the costs of x's bits sum to more than limit: cost[0][b] for the bits
 * in listed, cost[1][0] for the rest. */
static int over(uint64_t x, uint64_t listed, const float cost[2][64], float limit)
{
    float sum = 0;
    for (; x; x &= x - 1) {
        int b = __builtin_ctzll(x);
        if ((sum += listed >> b & 1 ? cost[0][b] : cost[1][0]) > limit)
            return 1;
    }
    return 0;
}

static uint32_t one_letter(const char *s)
{
    uint32_t cp[MAX_LETTERS];
    return letters_of(s, strlen(s), cp) == 1 ? cp[0] : 0;
}

/* confusions.tsv: observed<TAB>meant<TAB>cost.  "*" is any letter; an empty field
 * is no letter (empty observed: OCR dropped the letter; empty meant: OCR added it);
 * "**" both sides: two neighbouring letters exchanged.  Wildcard rows set the
 * any_* costs, listed rows the tables. */
static void load_costs(void)
{
    for (int a = 0; a < LETTERS; a++) {
        for (int b = 0; b < LETTERS; b++)
            sub[a][b] = a == b ? 0.0f : INFINITY;
        ins[a] = del[a] = INFINITY;
    }
    char **rows;
    size_t n = tl_tsv_rows(tl_data_norm_confusions, tl_data_norm_confusions_len, 3, &rows);
    for (size_t i = 0; rows && i < n; i++) {
        const char *from = rows[3 * i], *to = rows[3 * i + 1], *c = rows[3 * i + 2];
        if (!to || !c)
            continue;
        float cost = (float)strtod(c, NULL);
        if (!strcmp(from, "**"))
            swap_cost = cost;
        else if (!strcmp(from, "*") && !strcmp(to, "*"))
            any_sub = cost;
        else if (!*from && !strcmp(to, "*"))
            any_ins = cost;
        else if (!strcmp(from, "*") && !*to)
            any_del = cost;
        else if (strcmp(from, "*") && strcmp(to, "*")) {
            uint32_t f = *from ? one_letter(from) : 0, t = *to ? one_letter(to) : 0;
            if (f && t)
                sub[idx(f)][idx(t)] = cost;
            else if (!*from && t)
                ins[idx(t)] = cost;
            else if (f && !*to)
                del[idx(f)] = cost;
        }
    }
    free(rows);
    for (int a = 0; a < LETTERS; a++)
        listed_indel = fminf(listed_indel, fminf(ins[a], del[a]));
    min_indel = fminf(fminf(any_ins, any_del), listed_indel);
    for (int a = 0; a < LETTERS; a++) {
        uint32_t ca = 0x400 + (uint32_t)a;
        if (isfinite(ins[a]))
            born_mask |= letters_mask(&ca, 1);
        for (int b = 0; b < LETTERS; b++) {
            uint32_t cb = 0x400 + (uint32_t)b;
            if (a != b && isfinite(sub[a][b]))
                from_mask[a] |= letters_mask(&cb, 1);
        }
    }
    float make_min[64], unmake_min[64];
    for (int b = 0; b < 64; b++)
        make_min[b] = unmake_min[b] = INFINITY;
    for (int a = 0; a < LETTERS; a++) {
        uint32_t ca = 0x400 + (uint32_t)a;
        int bit = __builtin_ctzll(letters_mask(&ca, 1));
        make_min[bit] = fminf(make_min[bit], ins[a]);
        unmake_min[bit] = fminf(unmake_min[bit], del[a]);
        for (int b = 0; b < LETTERS; b++)
            if (a != b) {
                unmake_min[bit] = fminf(unmake_min[bit], sub[a][b]);
                make_min[bit] = fminf(make_min[bit], sub[b][a]);
            }
    }
    for (int b = 0; b < 64; b++)
        if (isfinite(unmake_min[b]))
            removable_mask |= 1ULL << b;
    for (int w = 0; w < 2; w++) {
        float wild_make = w ? fminf(any_sub, any_ins) : INFINITY, wild_unmake = w ? fminf(any_sub, any_del) : INFINITY;
        make_cost[w][1][0] = wild_make, unmake_cost[w][1][0] = wild_unmake;
        for (int b = 0; b < 64; b++) {
            make_cost[w][0][b] = fminf(make_min[b], wild_make);
            unmake_cost[w][0][b] = fminf(unmake_min[b], wild_unmake);
        }
    }
    /* the bits letters outside the Russian alphabet share: never ruled out */
    born_mask |= 0xFFFFFFFFULL << 32;
    removable_mask |= 0xFFFFFFFFULL << 32;
}

static int add_entry(const char *w, size_t bytes, int count, void *ctx)
{
    size_t *cap = ctx;
    if (nentries == *cap) {
        size_t nc = *cap ? 2 * *cap : 1024;
        entry *v = realloc(entries, nc * sizeof *v);
        if (!v)
            return -1;
        entries = v, *cap = nc;
    }
    if (memchr(w, ' ', bytes))
        return 0; /* a pair of words: context, not a word to repair towards */
    entry *e = &entries[nentries];
    e->n = (uint8_t)letters_of(w, bytes, e->cp);
    if (!e->n)
        return 0;
    e->word = w, e->bytes = bytes, e->count = count;
    nentries++;
    return 0;
}

static int by_length(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return (int)x->n - (int)y->n;
}

/* The index is built at the first word searched, not with the lexicon: a digital
 * document (and every extraction, whose line joining asks the lexicon only) never
 * searches, and the index is 1.5 MB of a short conversion's memory to fault in. */
static int index_min_count;
static int index_ok;
static pthread_once_t indexed = PTHREAD_ONCE_INIT;

static void build_index(void)
{
    load_costs();
    size_t cap = 0;
    if (tl_lexicon_each(index_min_count, add_entry, &cap))
        return;
    if (nentries)
        qsort(entries, nentries, sizeof *entries, by_length);
    masks = malloc((nentries ? nentries : 1) * sizeof *masks);
    if (!masks)
        return;
    has = calloc((nentries + 63) / 64 * 64, sizeof *has);
    if (!has)
        return;
    for (size_t i = 0; i < nentries; i++) {
        masks[i] = letters_mask(entries[i].cp, entries[i].n);
        for (uint64_t m = masks[i]; m; m &= m - 1)
            has[i / 64 * 64 + (size_t)__builtin_ctzll(m)] |= 1ULL << (i % 64);
    }
    size_t k = 0;
    for (size_t n = 0; n <= MAX_LETTERS + 1; n++) {
        while (k < nentries && entries[k].n < n)
            k++;
        by_len[n] = k;
    }
    index_ok = 1;
}

void tl_nearest_load(int min_count)
{
    index_min_count = min_count;
}

/* The cheapest misreading of word c as the observed o (restricted Damerau-
 * Levenshtein, weighted), or more than limit when it costs more.  Wildcard edits
 * only with wild set.  In either word's last TAIL letters only a listed letter-for-
 * letter confusion ("доошгий"): a different ending is another form of the word
 * ("эрхлэж"/"эрхлэх", "нийтийг"/"нийтийн"), not a misreading. */
static float distance(const uint32_t *o, size_t n, const uint32_t *c, size_t m, float limit, int wild)
{
    float d[MAX_LETTERS + 1][MAX_LETTERS + 1];
    d[0][0] = 0;
    for (size_t j = 1; j <= m; j++) {
        float w = wild && j + TAIL <= m ? any_ins : INFINITY;
        float l = j + TAIL <= m ? ins[idx(c[j - 1])] : INFINITY;
        d[0][j] = d[0][j - 1] + (l < w ? l : w);
    }
    for (size_t i = 1; i <= n; i++) {
        int oi = idx(o[i - 1]);
        int body_o = i + TAIL <= n;
        int open_o = wild && body_o; /* wildcards may touch o[i - 1] */
        float dl = body_o ? del[oi] : INFINITY, dw = open_o ? any_del : INFINITY;
        float dc = dl < dw ? dl : dw;
        d[i][0] = d[i - 1][0] + dc;
        float row_min = d[i][0];
        for (size_t j = 1; j <= m; j++) {
            int cj = idx(c[j - 1]);
            int open = open_o && j + TAIL <= m;
            float sc = o[i - 1] == c[j - 1] ? 0.0f : sub[oi][cj];
            if (open && any_sub < sc)
                sc = any_sub;
            float ic = body_o && j + TAIL <= m ? ins[cj] : INFINITY;
            if (open && any_ins < ic)
                ic = any_ins;
            float v = d[i - 1][j - 1] + sc;
            float a = d[i - 1][j] + dc;
            float b = d[i][j - 1] + ic;
            if (a < v)
                v = a;
            if (b < v)
                v = b;
            if (open && i > 1 && j > 1 && o[i - 1] == c[j - 2] && o[i - 2] == c[j - 1] && o[i - 1] != o[i - 2] &&
                d[i - 2][j - 2] + swap_cost < v)
                v = d[i - 2][j - 2] + swap_cost;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > limit)
            return limit + 1;
    }
    return d[n][m];
}

/* Which of a block's 64 candidates (has + 64 * block) keep no more than wildcards
 * (0 or 1) of the letter bits they must lack and as many of those they must have,
 * each count apart (a wildcard makes one letter and unmakes one). */
static uint64_t letters_allow(const uint64_t *h, const int *lack, int nlack, const int *want, int nwant, int wildcards)
{
    uint64_t lack1 = 0, lack2 = 0, want1 = 0, want2 = 0;
    for (int l = 0; l < nlack; l++) {
        lack2 |= lack1 & h[lack[l]];
        lack1 |= h[lack[l]];
    }
    for (int l = 0; l < nwant; l++) {
        want2 |= want1 & ~h[want[l]];
        want1 |= ~h[want[l]];
    }
    return wildcards == 0 ? ~(lack1 | want1) : ~(lack2 | want2);
}

/* tl_nearest_each, and unfiltered: by distance() alone (for tests) */
static int search(const char *w, size_t bytes, double limit, int wild, tl_nearest_fn fn, void *ctx, int filtered)
{
    uint32_t o[MAX_LETTERS];
    size_t n = letters_of(w, bytes, o);
    if (!n)
        return 0;
    pthread_once(&indexed, build_index);
    if (!index_ok || !nentries)
        return 0;
    float indel = wild ? min_indel : listed_indel;
    size_t span = indel > 0 && isfinite(indel) ? (size_t)(limit / indel) : 0;
    /* OCR drops or adds a letter, rarely two: "зар" is no "газар" */
    if (span > MAX_LENGTH_CHANGE)
        span = MAX_LENGTH_CHANGE;
    size_t lo = n > span ? n - span : 0, hi = n + span > MAX_LETTERS ? MAX_LETTERS : n + span;
    /* Every edit of an alignment makes at most one letter of the candidate and
     * unmakes at most one of o.  A letter of a candidate that o lacks is made by a
     * listed confusion of a letter of o, a listed insertion or a wildcard; a letter of
     * o the candidate lacks is unmade by a listed confusion of it or a wildcard.  So
     * the letters one word has and the other lacks cost at least the cheapest edit
     * that can make (or unmake) each, summed, and letters no listed edit can make or
     * unmake a wildcard each: most candidates are ruled out on their letters alone,
     * 64 at a time on the letters that need a wildcard, one by one on the sums. */
    uint64_t mo = letters_mask(o, n);
    uint64_t made = mo | born_mask;
    for (size_t i = 0; i < n; i++)
        made |= from_mask[idx(o[i])];
    uint64_t kept = mo & ~removable_mask;
    float wild_min = fminf(any_sub, any_ins);
    int wildcards = wild && wild_min > 0 ? (int)((float)limit / wild_min) : wild ? MAX_LETTERS : 0;
    float bound = (float)limit + 1e-4f; /* the sums add in another order than distance() */
    int lack[64], want[64], nlack = 0, nwant = 0;
    for (uint64_t x = ~made; x; x &= x - 1)
        lack[nlack++] = __builtin_ctzll(x);
    for (uint64_t x = kept; x; x &= x - 1)
        want[nwant++] = __builtin_ctzll(x);
    /* the slices count up to one wildcard letter; past that only the sums rule out */
    int sliced = filtered && wildcards < 2;
    size_t start = by_len[lo], end = by_len[hi + 1];
    for (size_t b = start / 64; b * 64 < end; b++) {
        uint64_t maybe = ~0ULL;
        if (b == start / 64)
            maybe &= ~0ULL << (start % 64);
        if (end - 64 * b < 64)
            maybe &= (1ULL << (end - 64 * b)) - 1;
        if (sliced)
            maybe &= letters_allow(has + 64 * b, lack, nlack, want, nwant, wildcards);
        for (; maybe; maybe &= maybe - 1) {
            size_t k = 64 * b + (size_t)__builtin_ctzll(maybe);
            uint64_t m = masks[k];
            if (filtered && (over(m & ~mo, made, make_cost[wild != 0], bound) ||
                             over(mo & ~m, removable_mask, unmake_cost[wild != 0], bound)))
                continue;
            const entry *e = &entries[k];
            size_t shorter = e->n < n ? e->n : n;
            if (!memcmp(e->cp, o, shorter * sizeof *o))
                continue; /* the word itself, or the same word with another ending: a
                           * form of it ("байгууллагас" is no misread "байгууллага") */
            float d = distance(o, n, e->cp, e->n, (float)limit, wild);
            if (d > limit)
                continue;
            int r = fn(e->word, e->bytes, e->count, d, ctx);
            if (r)
                return r;
        }
    }
    return 0;
}

int tl_nearest_each(const char *w, size_t bytes, double limit, int wild, tl_nearest_fn fn, void *ctx)
{
    return search(w, bytes, limit, wild, fn, ctx, 1);
}

int tl_nearest_each_unfiltered(const char *w, size_t bytes, double limit, int wild, tl_nearest_fn fn, void *ctx)
{
    return search(w, bytes, limit, wild, fn, ctx, 0);
}
