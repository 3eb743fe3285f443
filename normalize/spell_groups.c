/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hunspell-mn's word list cut into groups by the first letters of each word
 * (KEY_LETTERS), so that the spelling guard loads the few groups a word can reach (a
 * few hundred entries, a millisecond) instead of all 574,000 entries (0.5 s, 70 MB).
 *
 * Which entries can a check of the word w reach?  hunspell-mn has suffixes only, so
 * every stem hunspell looks up begins at w's first letter: w less a suffix, plus the
 * letters that suffix stripped (FULLSTRIP: possibly all of them).  A stem that keeps
 * KEY_LETTERS letters of w or more begins with w's first ones (in any case, since
 * hunspell also tries w in lower case and capitalised): the group of w.  One that
 * keeps fewer is an entry whose own suffixes strip all but those few letters
 * (counting what a second suffix, allowed by the first, strips in turn), or one
 * shorter than KEY_LETTERS: such entries are in group 0.  A compound's later parts
 * begin anywhere in w, so
 * entries that may be a compound's part (a compound flag of their own, or through a
 * suffix that grants one) are in group 0 too, and group 0 is always loaded.  hunspell
 * looks a word up in the first of its dictionaries that has it, so all entries of
 * one word stay in one group.
 *
 * A dictionary this reasoning does not cover (prefixes, flag aliases, numeric or
 * UTF-8 flags) is not cut: tl_spell_groups_open returns NULL and the caller loads
 * all of it.  The equivalence is tested word for word against the whole dictionary
 * (tests/test_spell.c). */
#define _GNU_SOURCE /* memmem */
#include "private.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* Flags are one byte, or two ("FLAG long"); the other kinds are not cut. */
typedef struct flagset {
    uint8_t bit[65536 / 8];
} flagset;

struct tl_spell_groups {
    const char *dic; /* mapped */
    size_t dic_len;
    const uint32_t *line;  /* line starts, by group: group g is line[first[g] .. first[g + 1]) */
    const uint32_t *first; /* ngroups + 2 */
    const uint64_t *keys;  /* open addressing: a word's key (0 empty) ... */
    const uint32_t *gids;  /* ... and its group */
    size_t nkeys;          /* power of two */
    uint32_t ngroups, nlines;
    /* the same, when cut here rather than found in the build's index */
    uint32_t *own_line, *own_first;
    uint64_t *own_keys;
    uint32_t *own_gids;
    char *aff; /* the .aff less what only suggestions use */
    size_t aff_len;
    char *aff_words; /* and less the affix rules: all a word list's reader needs */
    size_t aff_words_len;
};

/* The index of the dictionary the build found (tailan-spell-index, below), linked in
 * whole with .incbin: opening it costs no parsing.  It holds the dictionary's size
 * and a hash of samples of it, and serves only a dictionary that matches both. */
/* The build's index (tailan-spell-index, spell_index_data.c) holds the dictionary's
 * size and a hash of samples of it, and serves only a dictionary that matches both. */
typedef struct index_header {
    char magic[8];
    uint64_t dic_size, dic_hash;
    uint32_t ngroups, nkeys, nlines, zero;
} index_header;
static const char index_magic[8] = "TLSPGI2";

/* Words are grouped by their first three letters: hunspell-mn's 574,441 entries
 * fall in 3,300 groups of 175 entries on average (4,228 at most), against 2,118 on
 * average and 24,218 at most by two letters.  The OCR-garbled seed 000 asks about
 * words in 34 groups: 20,000 entries by three letters, 179,000 by two. */
#define KEY_LETTERS 3

static void flag_set(flagset *s, unsigned f) { s->bit[f >> 3] |= (uint8_t)(1u << (f & 7)); }
static int flag_has(const flagset *s, unsigned f) { return s->bit[f >> 3] >> (f & 7) & 1; }

/* Whether any flag of flags[0..n) (two bytes each when long) is in s */
static int any_flag(const flagset *s, const char *flags, size_t n, int longflags)
{
    const unsigned char *p = (const unsigned char *)flags;
    if (longflags) {
        for (size_t i = 0; i + 1 < n; i += 2)
            if (flag_has(s, (unsigned)p[i] << 8 | p[i + 1]))
                return 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (flag_has(s, p[i]))
            return 1;
    return 0;
}

static void add_flags(flagset *s, const char *flags, size_t n, int longflags)
{
    const unsigned char *p = (const unsigned char *)flags;
    for (size_t i = 0; longflags ? i + 1 < n : i < n; i += longflags ? 2 : 1)
        flag_set(s, longflags ? (unsigned)p[i] << 8 | p[i + 1] : p[i]);
}

/* Every pair of neighbouring bytes too: a COMPOUNDRULE pattern mixes flags with
 * "()*?[],", and taking more flags than it names only puts more entries in group 0. */
static void add_pattern(flagset *s, const char *pat, size_t n, int longflags)
{
    add_flags(s, pat, n, 0);
    for (size_t i = 0; longflags && i + 1 < n; i++)
        add_flags(s, pat + i, 2, 1);
}

static size_t field(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t'))
        (*p)++;
    const char *s = *p;
    while (*p < end && **p != ' ' && **p != '\t' && **p != '\r')
        (*p)++;
    return (size_t)(*p - s);
}

static size_t letters(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* The lines of an .aff.  hunspell reads the count of lines an affix block's header
 * gives as that block's rules, whatever they begin with (hunspell-mn has one written
 * "SFT"), and so does this. */
typedef struct aff_iter {
    const char *p, *end;
    size_t left;      /* rule lines left in the block */
    const char *eol;  /* the line's end */
    const char *rest; /* after its first word */
    const char *key;  /* its first word */
    size_t kn;
    int header, rule; /* an affix block's header, or one of its rules */
} aff_iter;

static int aff_next(aff_iter *it)
{
    if (it->p >= it->end)
        return 0;
    const char *line = it->p, *nl = memchr(line, '\n', (size_t)(it->end - line));
    it->eol = nl ? nl : it->end;
    it->p = nl ? nl + 1 : it->end;
    const char *q = line;
    it->kn = field(&q, it->eol);
    it->key = q - it->kn;
    it->rest = q;
    it->header = it->rule = 0;
    if (it->left) {
        it->rule = 1;
        it->left--;
    } else if (it->kn == 3 && (!memcmp(it->key, "SFX", 3) || !memcmp(it->key, "PFX", 3))) {
        field(&q, it->eol); /* flag */
        field(&q, it->eol); /* cross product */
        size_t cn = field(&q, it->eol), count = 0;
        const char *c = q - cn;
        for (size_t k = 0; k < cn && c[k] >= '0' && c[k] <= '9' && count < 1000000; k++)
            count = count * 10 + (size_t)(c[k] - '0');
        if (cn && c[0] >= '0' && c[0] <= '9') {
            it->header = 1;
            it->left = count;
        }
    }
    return 1;
}

/* A suffix rule: its flag, what it strips from a stem, how many letters it adds,
 * the flags it passes on (a second suffix may follow), and the most letters of the
 * stem the two may strip together */
typedef struct rule {
    unsigned flag;
    const char *strip, *cont;
    size_t stripn, adds, contn, reach;
} rule;

typedef struct affinfo {
    int longflags;
    flagset compound;  /* flags that make an entry a possible compound part */
    rule *rules;       /* by flag: flag f's are rules[first[f] .. first[f + 1]) */
    size_t nrules;
    uint32_t *first;   /* 65537 */
} affinfo;

static void affinfo_free(affinfo *a)
{
    if (a) {
        free(a->rules);
        free(a->first);
    }
    free(a);
}

static unsigned flag_at(const char *f, int longflags)
{
    const unsigned char *u = (const unsigned char *)f;
    return longflags ? (unsigned)u[0] << 8 | u[1] : u[0];
}

static int by_flag(const void *x, const void *y)
{
    const rule *a = x, *b = y;
    return a->flag < b->flag ? -1 : a->flag > b->flag;
}

/* Indexes the rules by flag and works out each one's reach */
static int index_rules(affinfo *a)
{
    qsort(a->rules, a->nrules, sizeof *a->rules, by_flag);
    a->first = calloc(65537, sizeof *a->first);
    size_t *most = calloc(65536, sizeof *most); /* the longest strip of each flag */
    if (!a->first || !most) {
        free(most);
        return -1;
    }
    for (size_t i = 0; i < a->nrules; i++) {
        a->first[a->rules[i].flag + 1]++;
        size_t n = letters(a->rules[i].strip, a->rules[i].stripn);
        if (n > most[a->rules[i].flag])
            most[a->rules[i].flag] = n;
    }
    for (size_t f = 0; f < 65536; f++)
        a->first[f + 1] += a->first[f];
    for (size_t i = 0; i < a->nrules; i++) {
        rule *r = &a->rules[i];
        size_t then = 0, step = a->longflags ? 2 : 1;
        for (size_t k = 0; k + step <= r->contn; k += step)
            if (most[flag_at(r->cont + k, a->longflags)] > then)
                then = most[flag_at(r->cont + k, a->longflags)];
        /* a second suffix strips what the first added before any of the stem */
        r->reach = letters(r->strip, r->stripn) + (then > r->adds ? then - r->adds : 0);
    }
    free(most);
    return 0;
}

/* Reads what the cut needs from the .aff; -1 when the dictionary is not one it covers. */
static int read_aff(const char *aff, size_t len, affinfo *a)
{
    static const char *const compound_keys[] = { "COMPOUNDFLAG", "COMPOUNDBEGIN", "COMPOUNDMIDDLE",
                                                 "COMPOUNDLAST", "COMPOUNDEND", "ONLYINCOMPOUND",
                                                 "COMPOUNDPERMITFLAG", "COMPOUNDRULE" };
    size_t cap = 0;
    int bad = 0;
    aff_iter it = { aff, aff + len };
    while (!bad && aff_next(&it)) {
        const char *q = it.rest, *eol = it.eol;
        if ((it.header && !memcmp(it.key, "PFX", 3)) || (it.kn == 2 && !memcmp(it.key, "AF", 2) && !it.rule))
            bad = 1;
        else if (it.rule) {
            size_t fn = field(&q, eol);
            const char *flag = q - fn;
            size_t sn = field(&q, eol);
            const char *strip = q - sn;
            size_t an = field(&q, eol);
            const char *app = q - an;
            if (!an || fn < (size_t)(a->longflags ? 2 : 1))
                continue;
            if (a->nrules == cap) {
                cap = cap ? 2 * cap : 1024;
                rule *r = realloc(a->rules, cap * sizeof *r);
                if (!r) {
                    bad = 1;
                    break;
                }
                a->rules = r;
            }
            const char *slash = memchr(app, '/', an);
            int none = sn == 1 && strip[0] == '0';
            size_t body = slash ? (size_t)(slash - app) : an;
            size_t adds = body == 1 && app[0] == '0' ? 0 : letters(app, body);
            a->rules[a->nrules++] = (rule){ flag_at(flag, a->longflags), strip, slash ? slash + 1 : "",
                                            none ? 0 : sn, adds, slash ? (size_t)(app + an - slash - 1) : 0, 0 };
        } else if (it.kn == 4 && !memcmp(it.key, "FLAG", 4)) {
            size_t vn = field(&q, eol);
            if (vn == 4 && !memcmp(q - 4, "long", 4))
                a->longflags = 1;
            else
                bad = 1; /* "num" or "UTF-8" */
        } else if (!it.header) {
            for (size_t i = 0; i < sizeof compound_keys / sizeof *compound_keys; i++)
                if (it.kn == strlen(compound_keys[i]) && !memcmp(it.key, compound_keys[i], it.kn)) {
                    size_t vn = field(&q, eol);
                    add_pattern(&a->compound, q - vn, vn, a->longflags);
                }
        }
    }
    /* a suffix whose continuation holds a compound flag makes its own flag one */
    for (int changed = 1; changed && !bad;) {
        changed = 0;
        for (size_t i = 0; i < a->nrules; i++)
            if (!flag_has(&a->compound, a->rules[i].flag) &&
                any_flag(&a->compound, a->rules[i].cont, a->rules[i].contn, a->longflags)) {
                flag_set(&a->compound, a->rules[i].flag);
                changed = 1;
            }
    }
    return bad || index_rules(a) ? -1 : 0;
}

/* Whether checking a word can reach the entry w[0..wn) with flags f[0..fn) keeping
 * fewer than KEY_LETTERS of the word's letters: a suffix of its own strips its
 * ending, and with what a second suffix may strip in turn, so many letters go */
static int reached_short(const affinfo *a, const char *w, size_t wn, const char *f, size_t fn)
{
    size_t n = letters(w, wn), step = a->longflags ? 2 : 1;
    if (n < KEY_LETTERS)
        return 1;
    for (size_t k = 0; k + step <= fn; k += step) {
        unsigned flag = flag_at(f + k, a->longflags);
        for (uint32_t i = a->first[flag]; i < a->first[flag + 1]; i++) {
            const rule *r = &a->rules[i];
            if (r->reach + KEY_LETTERS > n && r->stripn <= wn && !memcmp(w + wn - r->stripn, r->strip, r->stripn))
                return 1;
        }
    }
    return 0;
}

/* The .aff for checking only: REP, MAP, KEY and TRY serve suggestions (REP also
 * compounds, under CHECKCOMPOUNDREP), and parsing them is two thirds of its 25 ms.
 * words: less the affix rules too, for reading a word list (hunspell reads the .aff
 * again for each word list added to a handle: 2 ms with them, 0.1 ms without). */
static char *aff_for_checking(const char *aff, size_t len, int words, size_t *out_len)
{
    int keep_rep = memmem(aff, len, "CHECKCOMPOUNDREP", 16) != NULL;
    char *out = malloc(len + 1);
    size_t n = 0;
    aff_iter it = { aff, aff + len };
    for (const char *line = aff; out && aff_next(&it); line = it.p) {
        int affix = it.header || it.rule;
        int drop = (words && affix) ||
                   (!affix && it.kn == 3 &&
                    (!memcmp(it.key, "MAP", 3) || !memcmp(it.key, "KEY", 3) || !memcmp(it.key, "TRY", 3) ||
                     (!keep_rep && !memcmp(it.key, "REP", 3))));
        if (!drop) {
            memcpy(out + n, line, (size_t)(it.p - line));
            n += (size_t)(it.p - line);
        }
    }
    *out_len = n;
    return out;
}

/* The lower-case first KEY_LETTERS letters of s[0..n) as one number (21 bits a
 * letter); 0 when s has fewer */
static uint64_t word_key(const char *s, size_t n)
{
    int32_t i = 0, len = n > INT32_MAX ? INT32_MAX : (int32_t)n;
    while (i < len && s[i] == ' ')
        i++;
    uint64_t key = 0;
    for (int k = 0; k < KEY_LETTERS; k++) {
        UChar32 c;
        if (i >= len)
            return 0;
        U8_NEXT((const uint8_t *)s, i, len, c);
        if (c < 0)
            return 0;
        key = key << 21 | (uint64_t)u_tolower(c);
    }
    return key;
}

static size_t key_slot(uint64_t key, size_t mask)
{
    return (size_t)(key * 0x9E3779B97F4A7C15u >> 40) & mask;
}

/* The group of a key in g's table, a new one when it has none */
static uint32_t group_of(tl_spell_groups *g, uint64_t key)
{
    size_t mask = g->nkeys - 1;
    for (size_t i = key_slot(key, mask);; i = (i + 1) & mask) {
        if (!g->own_keys[i]) {
            g->own_keys[i] = key;
            return g->own_gids[i] = ++g->ngroups;
        }
        if (g->own_keys[i] == key)
            return g->own_gids[i];
    }
}

static int grow_keys(tl_spell_groups *g)
{
    size_t n = g->nkeys ? 2 * g->nkeys : 4096;
    uint64_t *old = g->own_keys, *keys = calloc(n, sizeof *keys);
    uint32_t *oldg = g->own_gids, *gids = calloc(n, sizeof *gids);
    if (!keys || !gids) {
        free(keys);
        free(gids);
        return -1;
    }
    for (size_t i = 0; i < g->nkeys; i++)
        if (old[i]) {
            size_t j = key_slot(old[i], n - 1);
            while (keys[j])
                j = (j + 1) & (n - 1);
            keys[j] = old[i];
            gids[j] = oldg[i];
        }
    g->keys = g->own_keys = keys;
    g->gids = g->own_gids = gids;
    g->nkeys = n;
    free(old);
    free(oldg);
    return 0;
}

static uint32_t fnv(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The words with an entry that may be a compound's part, by hash */
typedef struct wordset {
    uint32_t *slot; /* line index + 1 */
    size_t n;       /* power of two */
    uint8_t bit[1 << 17];
} wordset;

typedef struct line_info {
    uint32_t at, group, hash, wlen;
} line_info;

static int wordset_has(const wordset *w, const char *dic, const line_info *li, const line_info *x)
{
    if (!(w->bit[(x->hash >> 3) & 0x1FFFF] >> (x->hash & 7) & 1))
        return 0;
    for (size_t i = x->hash & (w->n - 1); w->slot[i]; i = (i + 1) & (w->n - 1)) {
        const line_info *y = &li[w->slot[i] - 1];
        if (y->hash == x->hash && y->wlen == x->wlen && !memcmp(dic + y->at, dic + x->at, x->wlen))
            return 1;
    }
    return 0;
}

/* Assigns every line its group; compound parts' lines and short words' to 0 */
static int assign(tl_spell_groups *g, const affinfo *a, line_info *li, size_t nl, wordset *w)
{
    size_t ncompound = 0;
    for (size_t k = 0; k < nl; k++) {
        const char *s = g->dic + li[k].at, *e = g->dic + g->dic_len;
        const char *nl_at = memchr(s, '\n', (size_t)(e - s));
        if (nl_at)
            e = nl_at;
        const char *p = s;
        while (p < e && *p != '/' && *p != '\t' && *p != ' ' && *p != '\r')
            p++;
        li[k].wlen = (uint32_t)(p - s);
        li[k].hash = fnv(s, li[k].wlen);
        const char *f = p < e && *p == '/' ? p + 1 : p, *fe = f;
        while (fe < e && *fe != '\t' && *fe != ' ' && *fe != '\r')
            fe++;
        uint64_t key = word_key(s, li[k].wlen);
        if (!key || reached_short(a, s, li[k].wlen, f, (size_t)(fe - f))) {
            li[k].group = 0;
        } else if (f < fe && any_flag(&a->compound, f, (size_t)(fe - f), a->longflags)) {
            li[k].group = 0;
            w->bit[(li[k].hash >> 3) & 0x1FFFF] |= (uint8_t)(1u << (li[k].hash & 7));
            ncompound++;
        } else {
            if (2 * (size_t)g->ngroups + 2 >= g->nkeys && grow_keys(g))
                return -1;
            li[k].group = group_of(g, key);
        }
    }
    /* the other entries of the compound parts' words join them */
    for (w->n = 64; w->n < 2 * ncompound; w->n *= 2)
        ;
    w->slot = calloc(w->n, sizeof *w->slot);
    if (!w->slot)
        return -1;
    for (size_t k = 0; k < nl; k++)
        if (li[k].group == 0 && (w->bit[(li[k].hash >> 3) & 0x1FFFF] >> (li[k].hash & 7) & 1)) {
            size_t i = li[k].hash & (w->n - 1);
            while (w->slot[i])
                i = (i + 1) & (w->n - 1);
            w->slot[i] = (uint32_t)k + 1;
        }
    for (size_t k = 0; k < nl; k++)
        if (li[k].group && wordset_has(w, g->dic, li, &li[k]))
            li[k].group = 0;
    return 0;
}

/* A file mapped read-only (it stays in the page cache, shared); NULL when it
 * cannot be, or is empty or over 4 GB (offsets are 32-bit) */
static const char *map_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size >= UINT32_MAX) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return NULL;
    *len = (size_t)st.st_size;
    return m;
}

/* 64 samples of 256 bytes spread over the file, and its size: another version of the
 * dictionary differs in one of them */
static uint64_t sample_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u ^ n;
    for (size_t k = 0; k < 64; k++) {
        size_t at = n <= 256 ? 0 : (n - 256) / 63 * k, end = at + 256 < n ? at + 256 : n;
        for (size_t i = at; i < end; i++)
            h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    }
    return h;
}

/* Points g at the build's index when it was made from this very .dic */
static int use_index(tl_spell_groups *g)
{
    size_t n = 0;
    const char *index = tl_spell_index_data(&n);
    index_header h;
    if (!index || n < sizeof h)
        return -1;
    memcpy(&h, index, sizeof h);
    size_t need = sizeof h + (size_t)h.nkeys * 12 + ((size_t)h.ngroups + 2) * 4 + (size_t)h.nlines * 4;
    if (memcmp(h.magic, index_magic, 8) || h.dic_size != g->dic_len || need != n || !h.nkeys ||
        (h.nkeys & (h.nkeys - 1)) || h.dic_hash != sample_hash(g->dic, g->dic_len))
        return -1;
    const char *p = index + sizeof h;
    g->keys = (const uint64_t *)(const void *)p;
    g->gids = (const uint32_t *)(const void *)(p + (size_t)h.nkeys * 8);
    g->first = g->gids + h.nkeys;
    g->line = g->first + h.ngroups + 2;
    g->nkeys = h.nkeys;
    g->ngroups = h.ngroups;
    g->nlines = h.nlines;
    return 0;
}

/* Cuts the mapped .dic into groups here (what the build's index saves) */
static int cut(tl_spell_groups *g, const char *aff, size_t aff_len)
{
    affinfo *a = calloc(1, sizeof *a);
    wordset *w = calloc(1, sizeof *w);
    line_info *li = NULL;
    size_t nl = 0;
    int ok = a && w && !read_aff(aff, aff_len, a) && !grow_keys(g);
    if (ok) {
        /* the first line is the entry count */
        const char *s = memchr(g->dic, '\n', g->dic_len), *end = g->dic + g->dic_len;
        for (const char *p = s; p && p + 1 < end; p = memchr(p + 1, '\n', (size_t)(end - p - 1)))
            nl++;
        li = malloc((nl ? nl : 1) * sizeof *li);
        ok = li != NULL;
        size_t k = 0;
        for (const char *p = s; ok && p && p + 1 < end; p = memchr(p + 1, '\n', (size_t)(end - p - 1)))
            li[k++].at = (uint32_t)(p + 1 - g->dic);
        ok = ok && !assign(g, a, li, nl, w);
    }
    if (ok) {
        g->own_first = calloc((size_t)g->ngroups + 2, sizeof *g->own_first);
        g->own_line = malloc((nl ? nl : 1) * sizeof *g->own_line);
        ok = g->own_first && g->own_line;
    }
    if (ok) {
        uint32_t *first = g->own_first;
        for (size_t k = 0; k < nl; k++)
            first[li[k].group + 1]++;
        for (uint32_t i = 0; i < g->ngroups; i++)
            first[i + 1] += first[i];
        /* first[i] is now where group i starts; fill, then shift back */
        for (size_t k = 0; k < nl; k++)
            g->own_line[first[li[k].group]++] = li[k].at;
        for (uint32_t i = g->ngroups + 1; i > 0; i--)
            first[i] = first[i - 1];
        first[0] = 0;
        g->first = first;
        g->line = g->own_line;
        g->nlines = (uint32_t)nl;
    }
    free(li);
    if (w)
        free(w->slot);
    free(w);
    affinfo_free(a);
    return ok ? 0 : -1;
}

static tl_spell_groups *groups_open(const char *dic_path, const char *aff_path, int indexed)
{
    tl_spell_groups *g = calloc(1, sizeof *g);
    size_t aff_len = 0;
    const char *aff = g ? map_file(aff_path, &aff_len) : NULL;
    int ok = aff && (g->dic = map_file(dic_path, &g->dic_len)) != NULL &&
             ((indexed && !use_index(g)) || !cut(g, aff, aff_len)) &&
             (g->aff = aff_for_checking(aff, aff_len, 0, &g->aff_len)) != NULL &&
             (g->aff_words = aff_for_checking(aff, aff_len, 1, &g->aff_words_len)) != NULL;
    if (aff)
        munmap((void *)aff, aff_len);
    if (!ok) {
        tl_spell_groups_free(g);
        return NULL;
    }
    return g;
}

tl_spell_groups *tl_spell_groups_open(const char *dic_path, const char *aff_path)
{
    return groups_open(dic_path, aff_path, 1);
}

tl_spell_groups *tl_spell_groups_cut(const char *dic_path, const char *aff_path)
{
    return groups_open(dic_path, aff_path, 0);
}

int tl_spell_groups_write(const tl_spell_groups *g, FILE *out)
{
    index_header h = { .dic_size = g->dic_len, .dic_hash = sample_hash(g->dic, g->dic_len),
                       .ngroups = g->ngroups, .nkeys = (uint32_t)g->nkeys, .nlines = g->nlines };
    memcpy(h.magic, index_magic, 8);
    return fwrite(&h, sizeof h, 1, out) == 1 && fwrite(g->keys, 8, g->nkeys, out) == g->nkeys &&
                   fwrite(g->gids, 4, g->nkeys, out) == g->nkeys &&
                   fwrite(g->first, 4, (size_t)g->ngroups + 2, out) == (size_t)g->ngroups + 2 &&
                   fwrite(g->line, 4, g->nlines, out) == g->nlines
               ? 0
               : -1;
}

void tl_spell_groups_free(tl_spell_groups *g)
{
    if (!g)
        return;
    if (g->dic)
        munmap((void *)g->dic, g->dic_len);
    free(g->own_line);
    free(g->own_first);
    free(g->own_keys);
    free(g->own_gids);
    free(g->aff);
    free(g->aff_words);
    free(g);
}

size_t tl_spell_groups_count(const tl_spell_groups *g) { return (size_t)g->ngroups + 1; }

size_t tl_spell_groups_of(const tl_spell_groups *g, const char *word)
{
    uint64_t key = word_key(word, strlen(word));
    size_t mask = g->nkeys - 1;
    for (size_t i = key_slot(key, mask); key && g->keys[i]; i = (i + 1) & mask)
        if (g->keys[i] == key)
            return g->gids[i];
    return 0;
}

size_t tl_spell_groups_total(const tl_spell_groups *g) { return g->nlines; }

size_t tl_spell_groups_entries(const tl_spell_groups *g, size_t group)
{
    return group <= g->ngroups ? g->first[group + 1] - g->first[group] : 0;
}

const char *tl_spell_groups_aff(const tl_spell_groups *g, int words, size_t *len)
{
    *len = words ? g->aff_words_len : g->aff_len;
    return words ? g->aff_words : g->aff;
}

char *tl_spell_groups_dic(const tl_spell_groups *g, const size_t *groups, size_t ngroups, size_t *len)
{
    size_t n = 0, bytes = 32;
    const char *end = g->dic + g->dic_len;
    for (size_t i = 0; i < ngroups; i++)
        for (size_t k = 0; k < tl_spell_groups_entries(g, groups[i]); k++) {
            const char *s = g->dic + g->line[g->first[groups[i]] + k], *e = memchr(s, '\n', (size_t)(end - s));
            bytes += (size_t)((e ? e : end) - s) + 1;
            n++;
        }
    char *out = malloc(bytes);
    if (!out)
        return NULL;
    size_t o = (size_t)snprintf(out, 32, "%zu\n", n);
    for (size_t i = 0; i < ngroups; i++)
        for (size_t k = 0; k < tl_spell_groups_entries(g, groups[i]); k++) {
            const char *s = g->dic + g->line[g->first[groups[i]] + k], *e = memchr(s, '\n', (size_t)(end - s));
            size_t l = (size_t)((e ? e : end) - s);
            memcpy(out + o, s, l);
            o += l;
            out[o++] = '\n';
        }
    *len = o;
    return out;
}
