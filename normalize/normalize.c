/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rule-based repairs (see normalize.h).  The text is read once into words (runs of
 * letters) and white-space-separated chunks; each rule proposes edits on them, and
 * the repaired text is spliced from the edits, which never overlap: space and
 * soft-hyphen edits lie between letters, word edits inside one word, address edits
 * in a chunk no other rule touches. */
#include "private.h"

#include "../model/model.h"
#include "tl_data.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#define CAPS_RUN_MIN 3      /* capital words in a row before they are a run to lower */
#define CAPS_PAIR 2         /* ... or this many, when the documents use each lower-case */
#define CAPS_PAIR_SEEN 5    /* ... this often */
#define SENTENCE_CASE 0.3   /* share of lower-case letters that makes text sentence case */
#define LATIN_WORD_MAX 6    /* longer Latin words among Cyrillic are real Latin */
#define WORD_MAX_BYTES 64   /* longer runs of letters are not words to repair */
#define SPLIT_TAIL_MAX 5     /* letters of a word's tail OCR set apart ("байгууллаг уудын") */
#define MIN_SEEN 2          /* a repair must be a word the documents use this often */

/* ---- data ------------------------------------------------------------------ */

static const char *lat2cyr[128], *ocr2cyr[128];
#define GLYPH_READS 3
static const char *glyph_reads[128][GLYPH_READS]; /* script.tsv ocrglyph rows */
static struct {
    uint32_t from;
    char to;
} cyr2lat[64];
static size_t ncyr2lat;
static char **latin, **abbr, **romanctx, **quarterctx, **tlds, **numsuffix, **verb_forms;
static size_t nlatin, nabbr, nromanctx, nquarterctx, ntlds, nnumsuffix, nverb_forms;
static struct {
    uint32_t from;
    const char *to;
} roman[32], romanocr[32];
static size_t nroman, nromanocr;
static int lexicon_ok;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The code point at s (NUL-terminated) and its length in bytes; what is not UTF-8
 * is U+FFFD, one byte or ICU's maximal ill-formed part long, kept as it is. */
static uint32_t decode(const unsigned char *s, size_t *len)
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

/* script.tsv's rows, kept: the tables point into them */
static char **script_rows;

static void load(void)
{
    size_t n = tl_tsv_rows(tl_data_norm_script, tl_data_norm_script_len, 3, &script_rows);
    char **rows = script_rows;
    latin = calloc(n + 1, sizeof *latin);
    abbr = calloc(n + 1, sizeof *abbr);
    romanctx = calloc(n + 1, sizeof *romanctx);
    quarterctx = calloc(n + 1, sizeof *quarterctx);
    tlds = calloc(n + 1, sizeof *tlds);
    numsuffix = calloc(n + 1, sizeof *numsuffix);
    verb_forms = calloc(n + 1, sizeof *verb_forms);
    if (!rows || !latin || !abbr || !romanctx || !quarterctx || !tlds || !numsuffix || !verb_forms)
        return;
    for (size_t i = 0; i < n; i++) {
        const char *kind = rows[3 * i], *a = rows[3 * i + 1], *b = rows[3 * i + 2];
        if (!a)
            continue;
        if (!strcmp(kind, "latin"))
            latin[nlatin++] = (char *)a;
        else if (!strcmp(kind, "romanctx"))
            romanctx[nromanctx++] = (char *)a;
        else if (!strcmp(kind, "quarterctx"))
            quarterctx[nquarterctx++] = (char *)a;
        else if (!strcmp(kind, "tld"))
            tlds[ntlds++] = (char *)a;
        else if (!strcmp(kind, "numsuffix"))
            numsuffix[nnumsuffix++] = (char *)a;
        else if (!strcmp(kind, "verbform"))
            verb_forms[nverb_forms++] = (char *)a;
        else if (!strcmp(kind, "abbr"))
            abbr[nabbr++] = (char *)a;
        else if (b && !strcmp(kind, "roman") && nroman < sizeof roman / sizeof *roman) {
            size_t l;
            roman[nroman].from = decode((const unsigned char *)a, &l);
            roman[nroman++].to = b;
        } else if (b && !strcmp(kind, "romanocr") && nromanocr < sizeof romanocr / sizeof *romanocr) {
            size_t l;
            romanocr[nromanocr].from = decode((const unsigned char *)a, &l);
            romanocr[nromanocr++].to = b;
        } else if (b && !strcmp(kind, "lat2cyr") && (unsigned char)a[0] < 128)
            lat2cyr[(unsigned char)a[0]] = b;
        else if (b && !strcmp(kind, "ocr2cyr") && (unsigned char)a[0] < 128)
            ocr2cyr[(unsigned char)a[0]] = b;
        else if (b && !strcmp(kind, "ocrglyph") && (unsigned char)a[0] < 128) {
            const char **r = glyph_reads[(unsigned char)a[0]];
            for (int k = 0; k < GLYPH_READS; k++)
                if (!r[k]) {
                    r[k] = b;
                    break;
                }
        }
        else if (b && !strcmp(kind, "cyr2lat") && ncyr2lat < 64) {
            size_t l;
            cyr2lat[ncyr2lat].from = decode((const unsigned char *)a, &l);
            cyr2lat[ncyr2lat++].to = b[0];
        }
    }
    lexicon_ok = tl_lexicon_load() == 0;
    tl_nearest_load(MIN_SEEN);
}

static char to_latin(uint32_t c)
{
    for (size_t i = 0; i < ncyr2lat; i++)
        if (cyr2lat[i].from == c)
            return cyr2lat[i].to;
    return 0;
}

static int in_list(char **list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !memcmp(list[i], s, len))
            return 1;
    return 0;
}

/* ---- edits ------------------------------------------------------------------- */

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

/* A repair with its score (see tl_edit); the rules that decide by a measure give
 * theirs, the others propose() at 1. */
static void propose_scored(edits *e, size_t pos, size_t len, const char *repl, size_t rlen, const char *rule,
                           double score)
{
    if (e->oom)
        return;
    if (tl_grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v)) {
        e->oom = 1;
        return;
    }
    char *r = tl_strndup(repl, rlen);
    if (!r) {
        e->oom = 1;
        return;
    }
    e->v[e->n++] = (pending){ pos, len, r, rule, score };
}

static void propose(edits *e, size_t pos, size_t len, const char *repl, size_t rlen, const char *rule)
{
    propose_scored(e, pos, len, repl, rlen, rule, 1.0);
}

static int by_pos(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

void tl_edits_free(tl_edits *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].orig);
        free(e->v[i].repl);
    }
    free(e->v);
    memset(e, 0, sizeof *e);
}

/* ---- words ------------------------------------------------------------------- */

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

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A no-break space (U+00A0) ends a chunk as a space does ("\u00A0www.site.mn"). */
static int nbsp(const unsigned char *t, size_t left)
{
    return left >= 2 && t[0] == 0xC2 && t[1] == 0xA0;
}

static int is_cyr(uint32_t c)
{
    return c >= 0x0400 && c <= 0x04FF;
}

static int is_lat(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* An address: e-mail, web address or domain name, mostly Latin ("tender.gov.mn",
 * "еoffice.baiahongor.gov.mп"). */
static int address_chunk(const unsigned char *s, size_t n)
{
    int lat = 0, cyr = 0, dot_between = 0, at = 0;
    for (size_t i = 0; i < n;) {
        size_t l;
        uint32_t c = decode(s + i, &l);
        lat += is_lat(c);
        cyr += is_cyr(c) && u_isalpha((UChar32)c);
        at |= c == '@';
        if (c == '.' && i > 0 && i + 1 < n) {
            size_t pl, nl;
            uint32_t p = decode(s + i - 1, &pl), q = decode(s + i + 1, &nl);
            (void)pl;
            dot_between |= (is_lat(p) || is_cyr(p)) && (is_lat(q) || is_cyr(q));
        }
        i += l;
    }
    if (n >= 4 && (!memcmp(s, "http", 4) || !memcmp(s, "www.", 4)))
        return 1;
    return (at || dot_between) && lat > 0 && lat >= 2 * cyr;
}

static void scan_words(const unsigned char *t, size_t n, words *w, edits *e)
{
    size_t line = 0;
    for (size_t i = 0; i < n && !e->oom;) {
        while (i < n && (is_space(t[i]) || nbsp(t + i, n - i))) {
            line += t[i] == '\n';
            i += nbsp(t + i, n - i) ? 2 : 1;
        }
        size_t start = i;
        while (i < n && !is_space(t[i]) && !nbsp(t + i, n - i))
            i++;
        int url = i > start && address_chunk(t + start, i - start);
        if (url) {
            /* Cyrillic look-alikes in an address are its Latin letters. */
            char *fixed = malloc(i - start + 1);
            size_t k = 0;
            int changed = 0;
            int whole = 1;
            for (size_t j = start; fixed && j < i;) {
                size_t l;
                uint32_t c = decode(t + j, &l);
                char to = is_cyr(c) ? to_latin(c) : 0;
                if (is_cyr(c) && !to)
                    whole = 0; /* a letter with no Latin twin: the address is not understood */
                if (to) {
                    fixed[k++] = to;
                    changed = 1;
                } else {
                    memcpy(fixed + k, t + j, l);
                    k += l;
                }
                j += l;
            }
            /* A soft hyphen in the address is the space rule's edit, inside this
             * one: the address is left as it is rather than edited twice. */
            int soft = 0;
            for (size_t j = start; j + 1 < i; j++)
                soft |= t[j] == 0xC2 && t[j + 1] == 0xAD;
            if (!fixed)
                e->oom = 1;
            else if (changed && whole && !soft)
                propose(e, start, i - start, fixed, k, "url-letters");
            free(fixed);
        }
        for (size_t j = start; j < i && !e->oom;) {
            size_t l;
            uint32_t c = decode(t + j, &l);
            if (!u_isalpha((UChar32)c)) {
                j += l;
                continue;
            }
            word x = { j, 0, 0, 0, 0, 0, url, 0, line, 0 };
            while (j < i) {
                c = decode(t + j, &l);
                if (!u_isalpha((UChar32)c))
                    break;
                x.cyr += is_cyr(c);
                x.lat += is_lat(c);
                x.upper += u_isupper((UChar32)c) != 0;
                x.lower += u_islower((UChar32)c) != 0;
                j += l;
            }
            x.len = j - x.pos;
            if (tl_grow((void **)&w->v, &w->cap, w->n + 1, sizeof *w->v)) {
                e->oom = 1;
                return;
            }
            w->v[w->n++] = x;
        }
    }
}

/* ---- rules ------------------------------------------------------------------- */

/* Whether the chunk at t (n bytes) is Latin address text ending in a dot
 * ("baaahongog.", "eoffice.baiahongor.", "\"shilen.gov."). */
static int address_head(const unsigned char *t, size_t n)
{
    size_t letters = 0, i = 0;
    if (n < 3 || t[n - 1] != '.')
        return 0;
    while (i < n && !isalnum(t[i]) && t[i] < 0x80)
        i++; /* an opening quote or bracket */
    for (; i < n; i++) {
        if (isalpha(t[i]))
            letters++;
        else if (!isdigit(t[i]) && t[i] != '.' && t[i] != '-' && t[i] != '/' && t[i] != ':')
            return 0;
    }
    return letters >= 2;
}

/* Whether the chunk at t starts with an address's last label ("gov.", "mn"). */
static int address_tail(const unsigned char *t, size_t n)
{
    for (size_t k = 0; k < ntlds; k++) {
        size_t l = strlen(tlds[k]);
        if (n >= l && !strncasecmp((const char *)t, tlds[k], l) && (n == l || (t[l] < 0x80 && ispunct(t[l]))))
            return 1;
    }
    return 0;
}

/* An address OCR broke with a space after a dot ("baaahongog.gov. mn",
 * "bayanhongog. gov. mn"): the space goes when the next piece is an address's last
 * label. */
static void address_spaces(const unsigned char *t, size_t n, edits *e)
{
    for (size_t i = 0; i < n;) {
        while (i < n && is_space(t[i]))
            i++;
        size_t a = i;
        while (i < n && !is_space(t[i]))
            i++;
        if (i + 1 < n && t[i] == ' ' && !is_space(t[i + 1]) && address_head(t + a, i - a)) {
            size_t b = i + 1, j = b;
            while (j < n && !is_space(t[j]))
                j++;
            if (address_tail(t + b, j - b))
                propose(e, i, 1, "", 0, "address-space");
        }
    }
}

/* Runs of spaces and tabs become one space; at a line's end or the text's ends,
 * none.  A soft hyphen is the typesetter's, never text. */
static void spaces(const unsigned char *t, size_t n, edits *e)
{
    for (size_t i = 0; i < n && !e->oom;) {
        if (t[i] == 0xC2 && i + 1 < n && t[i + 1] == 0xAD) {
            propose(e, i, 2, "", 0, "soft-hyphen");
            i += 2;
            continue;
        }
        if (t[i] != ' ' && t[i] != '\t') {
            i++;
            continue;
        }
        size_t s = i;
        while (i < n && (t[i] == ' ' || t[i] == '\t'))
            i++;
        int edge = s == 0 || i == n || t[i] == '\n' || t[i] == '\r' || (s > 0 && t[s - 1] == '\n');
        if (edge)
            propose(e, s, i - s, "", 0, "space");
        else if (i - s > 1 || t[s] == '\t')
            propose(e, s, i - s, " ", 1, "space");
    }
}

/* A number's case ending OCR read in digits and Latin letters ("2-00C доошгүй" for
 * "2-оос", "5-aac" for "5-аас"): after digits and a hyphen, a piece of letters and
 * zeros with some that are not Cyrillic, which read as Cyrillic (0 and O as о, a
 * Latin look-alike as its Cyrillic letter, in lower case) is one of the endings a
 * number takes (script.tsv's numsuffix rows). */
static void number_suffixes(const unsigned char *t, size_t n, words *w, edits *e)
{
    for (size_t i = 1; i + 1 < n && !e->oom; i++) {
        if (t[i] != '-' || t[i - 1] < '0' || t[i - 1] > '9')
            continue;
        size_t j = i + 1, k = j, o = 0;
        char buf[32];
        int foreign = 0, ok = 1;
        while (k < n && ok && !is_space(t[k]) && !strchr(",.;:)/", t[k])) {
            size_t l;
            uint32_t c = decode(t + k, &l);
            const char *to = c == '0' ? "О" : is_lat(c) ? lat2cyr[c] : NULL;
            if (to)
                foreign = 1;
            else if (is_cyr(c))
                to = NULL;
            else
                ok = 0;
            size_t tl = to ? strlen(to) : l;
            if (!ok || o + tl >= sizeof buf) {
                ok = 0;
                break;
            }
            memcpy(buf + o, to ? to : (const char *)t + k, tl);
            o += tl;
            k += l;
        }
        if (!ok || !foreign || k == j)
            continue;
        buf[o] = '\0';
        char *low = tl_lower(buf);
        int known = low && in_list(numsuffix, nnumsuffix, low, strlen(low));
        if (known) {
            propose(e, j, k - j, low, strlen(low), "number-suffix");
            for (size_t q = 0; q < w->n; q++)
                if (w->v[q].pos < k && w->v[q].pos + w->v[q].len > j)
                    w->v[q].edited = 1;
        } else if (!low) {
            e->oom = 1;
        }
        free(low);
        i = k;
    }
}

/* s[0..n) with each Latin look-alike as its Cyrillic letter, into out (cap bytes,
 * two for each of s's at most); a Latin letter with no Cyrillic twin stays and is
 * counted in *untwinned.  Returns the length written. */
static size_t fold_lookalikes(const unsigned char *s, size_t n, char *out, int *untwinned)
{
    size_t o = 0;
    *untwinned = 0;
    for (size_t j = 0; j < n;) {
        size_t l;
        uint32_t c = decode(s + j, &l);
        const char *to = is_lat(c) ? lat2cyr[c] : NULL;
        *untwinned += is_lat(c) && !to;
        memcpy(out + o, to ? to : (const char *)s + j, to ? strlen(to) : l);
        o += to ? strlen(to) : l;
        j += l;
    }
    return o;
}

/* A Cyrillic word with Latin look-alike letters in it: they are its Cyrillic ones
 * (a Latin letter with no Cyrillic twin: not a look-alike). */
static void lookalikes(const unsigned char *t, words *w, edits *e)
{
    for (size_t k = 0; k < w->n && !e->oom; k++) {
        word *x = &w->v[k];
        if (x->edited || x->in_url || !x->lat || !x->cyr || x->lat > x->cyr)
            continue;
        char buf[512];
        int untwinned;
        if (x->len * 2 >= sizeof buf)
            continue;
        size_t o = fold_lookalikes(t + x->pos, x->len, buf, &untwinned);
        if (!untwinned) {
            propose(e, x->pos, x->len, buf, o, "latin-lookalike");
            x->edited = 1;
        }
    }
}

static int cyrillic_word(const words *w, size_t k)
{
    return k < w->n && !w->v[k].in_url && w->v[k].cyr > w->v[k].lat;
}

static int is_word(const char *w);

/* A short lower-case Latin word among Cyrillic words that spells a Cyrillic one
 * letter for letter in OCR's confusions ("хяналт/too" for "тоо"). */
static void latin_words(const unsigned char *t, words *w, edits *e)
{
    for (size_t k = 0; k < w->n && !e->oom; k++) {
        word *x = &w->v[k];
        if (x->in_url || x->cyr || x->lat < 2 || x->lat > LATIN_WORD_MAX || (x->upper && x->lower))
            continue;
        int before = k > 0, after = k + 1 < w->n;
        if ((!before && !after) || (before && !cyrillic_word(w, k - 1)) || (after && !cyrillic_word(w, k + 1)))
            continue;
        /* A word's bytes may hold more than its Latin letters (other scripts, bytes
         * that are not UTF-8): too long for these buffers is not a short word. */
        char low[16];
        if (x->len >= sizeof low)
            continue;
        for (size_t j = 0; j < x->len; j++)
            low[j] = (char)(t[x->pos + j] | (x->upper ? 0x20 : 0)); /* ASCII lower */
        if (in_list(latin, nlatin, low, x->len))
            continue;
        char buf[64];
        size_t o = 0;
        int ok = 1;
        for (size_t j = 0; j < x->len && ok; j++) {
            unsigned char c = t[x->pos + j];
            /* Latin letters beyond ASCII ("ǆ") have no look-alike here. */
            const char *to = c >= 128 ? NULL : lat2cyr[c] ? lat2cyr[c] : ocr2cyr[c];
            if (!to)
                ok = 0;
            else {
                memcpy(buf + o, to, strlen(to));
                o += strlen(to);
            }
        }
        /* A word in capitals ("TOO") is taken only when the documents use what it
         * spells, and is written as they write it, in lower case. */
        if (ok && x->upper) {
            buf[o] = 0;
            char *l = tl_lower(buf);
            ok = l && lexicon_ok && tl_lexicon_count(l, strlen(l)) >= MIN_SEEN;
            if (ok) {
                memcpy(buf, l, strlen(l));
                o = strlen(l);
            }
            free(l);
        } else if (ok) {
            /* In lower case, only when what it spells is a word (the documents use it,
             * or hunspell-mn knows it in some form), or a case ending on a number
             * ("49-eec" -> "49-еес"): "common" spells "соттоп", which is nothing (seed
             * 002's scan, where the paper says "сошиол"). */
            buf[o] = 0;
            int on_number = x->pos >= 2 && t[x->pos - 1] == '-' && t[x->pos - 2] >= '0' && t[x->pos - 2] <= '9';
            ok = on_number || is_word(buf);
        }
        if (ok) {
            propose(e, x->pos, x->len, buf, o, "latin-word");
            x->edited = 1;
        }
    }
}

/* ---- words OCR read in Latin letters and digits ----------------------------- */

#define MIXED_MAX 8       /* characters of such a word, at most */
#define MIXED_READINGS 64 /* readings of one word tried, at most */
#define SUFFIX_MAX 3      /* letters of a case ending after a hyphen */

/* The Cyrillic letters the character c may have been (lat2cyr, ocr2cyr, ocrglyph;
 * a capital also as its small letter): up to cap, returns how many. */
static size_t glyph_readings(unsigned char c, const char **out, size_t cap)
{
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        unsigned char k = pass ? (unsigned char)(c | 0x20) : c;
        if (pass && (c < 'A' || c > 'Z'))
            break;
        const char *cand[2 + GLYPH_READS] = { lat2cyr[k], ocr2cyr[k] };
        memcpy(cand + 2, glyph_reads[k], sizeof glyph_reads[k]);
        for (size_t i = 0; i < 2 + GLYPH_READS; i++) {
            int dup = !cand[i];
            for (size_t j = 0; j < n && !dup; j++)
                dup = !strcmp(out[j], cand[i]);
            if (!dup && n < cap)
                out[n++] = cand[i];
        }
    }
    return n;
}

/* Whether c is a capital, or a digit OCR gives for one ("3" for "З"). */
static int looks_upper(unsigned char c)
{
    if (isupper(c))
        return 1;
    size_t l;
    const char *r = isdigit(c) ? glyph_reads[c][0] : NULL;
    return r && u_isupper((UChar32)decode((const unsigned char *)r, &l));
}

static char *capitalised(const char *low);

/* Whether a word at pos starts a sentence, a line or a numbered item ("1.3. "):
 * where a capital is written.  Elsewhere OCR's capital is no evidence: Cyrillic т,
 * н, к, м, в are small capitals in shape, and "/тоо" is read "/Too". */
static int sentence_start(const unsigned char *t, size_t pos)
{
    while (pos > 0 && (t[pos - 1] == ' ' || t[pos - 1] == '\t'))
        pos--;
    return pos == 0 || t[pos - 1] == '\n' || t[pos - 1] == '.' || t[pos - 1] == '!' || t[pos - 1] == '?';
}

/* The one reading of the ASCII word s (n characters) that the documents use
 * (MIN_SEEN times, in lower case), tried over every combination of its characters'
 * readings: a new string, or NULL when none or more than one is such a word. */
static char *mixed_reading(const unsigned char *s, size_t n, int *oom)
{
    const char *reads[MIXED_MAX][2 + 2 * GLYPH_READS];
    size_t nreads[MIXED_MAX], combos = 1;
    for (size_t i = 0; i < n; i++) {
        nreads[i] = glyph_readings(s[i], reads[i], sizeof reads[i] / sizeof *reads[i]);
        if (!nreads[i] || (combos *= nreads[i]) > MIXED_READINGS)
            return NULL;
    }
    char *found = NULL;
    for (size_t combo = 0; combo < combos; combo++) {
        char buf[4 * MIXED_MAX + 1];
        size_t o = 0;
        for (size_t i = 0, rest = combo; i < n; i++, rest /= nreads[i - 1]) {
            const char *r = reads[i][rest % nreads[i]];
            memcpy(buf + o, r, strlen(r));
            o += strlen(r);
        }
        buf[o] = 0;
        char *low = tl_lower(buf);
        if (!low) {
            *oom = 1;
            break;
        }
        if (tl_lexicon_count(low, strlen(low)) >= MIN_SEEN && (!found || strcmp(found, low))) {
            if (found) { /* two words: which one is not clear */
                free(low);
                free(found);
                return NULL;
            }
            found = low;
        } else {
            free(low);
        }
    }
    if (*oom) {
        free(found);
        return NULL;
    }
    return found;
}

/* A word OCR read wholly in Latin letters and digits among Cyrillic words, in mixed
 * case or with a digit for a letter ("3acar" for "Засаг", "An6aH" for "Албан",
 * "TAC3" for "ТАСЗ", "/Too" for "/тоо"): each character read as a Cyrillic letter it
 * looks like (script.tsv), taken only when exactly one reading is a word the
 * documents use.  Capitals with a digit among them stay capitals (an abbreviation);
 * otherwise a first capital stays only where a sentence starts, the rest is lower
 * case. */
static void latin_mixed(const unsigned char *t, size_t n, words *w, edits *e)
{
    size_t k = 0; /* the first word not before the run */
    for (size_t i = 0; i < n && !e->oom;) {
        if (!isalnum(t[i]) || (i > 0 && (t[i - 1] >= 0x80 || isalnum(t[i - 1])))) {
            i++;
            continue;
        }
        size_t end = i;
        int letters = 0, upper = 0, lower = 0, digits = 0, other_digit = 0;
        for (; end < n && isalnum(t[end]); end++) {
            letters += isalpha(t[end]) != 0;
            upper += isupper(t[end]) != 0;
            lower += islower(t[end]) != 0;
            digits += isdigit(t[end]) != 0;
            other_digit |= isdigit(t[end]) && !glyph_reads[t[end]][0];
        }
        size_t start = i;
        i = end;
        /* a letter of another script right after it: part of a longer word */
        if ((end < n && t[end] >= 0x80) || end - start > MIXED_MAX || letters < 2 || other_digit)
            continue;
        /* a case ending after a hyphen, in Latin look-alikes too ("TAC3-a"): read
         * letter for letter, as part of the word */
        size_t tail = end;
        if (end + 1 < n && t[end] == '-' && isalpha(t[end + 1])) {
            tail = end + 1;
            while (tail < n && isalpha(t[tail]) && lat2cyr[t[tail]])
                tail++;
            if (tail - end > 1 + SUFFIX_MAX || (tail < n && (isalnum(t[tail]) || t[tail] >= 0x80)))
                tail = end;
            i = tail;
        }
        /* plain lower case or capitals are latin_words' */
        if (!digits && !(upper && lower))
            continue;
        while (k < w->n && w->v[k].pos + w->v[k].len <= start)
            k++;
        size_t last = k;
        while (last + 1 < w->n && w->v[last + 1].pos < tail)
            last++;
        if (k >= w->n || w->v[k].pos >= end)
            continue;
        int skip = 0;
        for (size_t j = k; j <= last; j++)
            skip |= w->v[j].edited || w->v[j].in_url || w->v[j].cyr;
        int before = k > 0, after = last + 1 < w->n;
        if (skip || (!before && !after) || (before && !cyrillic_word(w, k - 1)) ||
            (after && !cyrillic_word(w, last + 1)))
            continue;
        char *low = mixed_reading(t + start, end - start, &e->oom);
        if (!low)
            continue;
        char *rep = digits && !lower                                  ? tl_upper(low)
                    : looks_upper(t[start]) && sentence_start(t, start) ? capitalised(low)
                                                                        : tl_strdup(low);
        char whole[8 * MIXED_MAX + 4 * SUFFIX_MAX + 8];
        size_t o = rep ? (size_t)snprintf(whole, sizeof whole, "%s", rep) : 0;
        for (size_t j = end; rep && j < tail && o + 4 < sizeof whole; j++) {
            const char *c = j == end ? "-" : lat2cyr[t[j]];
            memcpy(whole + o, c, strlen(c));
            o += strlen(c);
        }
        if (!rep)
            e->oom = 1;
        else
            propose(e, start, tail - start, whole, o, "latin-mixed");
        for (size_t j = k; j <= last; j++)
            w->v[j].edited = 1;
        free(rep);
        free(low);
    }
}

/* Whether the word is a name's surname after its initial ("Н.ЦЭНДМАА"). */
static int after_initial(const unsigned char *t, const word *x)
{
    if (x->pos < 3 || t[x->pos - 1] != '.')
        return 0;
    size_t p = x->pos - 1;
    /* one letter (one or two bytes) before the dot, at a word start */
    size_t q = p >= 2 && (t[p - 2] & 0xE0) == 0xC0 ? p - 2 : p - 1;
    return q == 0 || is_space(t[q - 1]) || t[q - 1] == '/' || t[q - 1] == '(';
}

static int caps_word(const unsigned char *t, const word *x)
{
    return !x->in_url && x->cyr >= 2 && !x->lat && !x->lower && x->upper >= 2 &&
           !in_list(abbr, nabbr, (const char *)t + x->pos, x->len) && !after_initial(t, x);
}

/* Only spaces, commas, quotes, brackets, hyphens and digits between two words of a
 * run: no sentence ends. */
static int run_gap(const unsigned char *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (t[i] == '.' || t[i] == '!' || t[i] == '?' || t[i] == ':' || t[i] == ';')
            return 0;
    return 1;
}

/* Marks the words of each line written in sentence case (enough lower-case letters):
 * a line mostly in capitals is a heading, whose capitals stay.  Judged by line, not
 * over the whole text: a text of many paragraphs (one per line) has headings in
 * capitals between sentence-case paragraphs. */
static void mark_sentence_case(words *w)
{
    for (size_t a = 0, b; a < w->n; a = b) {
        size_t up = 0, low = 0;
        for (b = a; b < w->n && w->v[b].line == w->v[a].line; b++)
            up += (size_t)w->v[b].upper, low += (size_t)w->v[b].lower;
        int sc = low && (double)low >= SENTENCE_CASE * (double)(up + low);
        for (size_t k = a; k < b; k++)
            w->v[k].sentence_case = sc;
    }
}

static int only_spaces(const unsigned char *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!is_space(t[i]))
            return 0;
    return 1;
}

/* Whether an opening quote stands right before pos: a quoted title in capitals
 * ("“АВИЛГА АШИГ СОНИРХЛЫН ЗӨРЧИЛГҮЙ ХАМТ ОЛОН” гэсэн") is written so. */
static int quoted(const unsigned char *t, size_t pos)
{
    return (pos >= 1 && (t[pos - 1] == '"' || t[pos - 1] == '\'')) ||
           (pos >= 3 && (!memcmp(t + pos - 3, "\xE2\x80\x9C", 3) || !memcmp(t + pos - 3, "\xE2\x80\x9E", 3))) ||
           (pos >= 2 && !memcmp(t + pos - 2, "\xC2\xAB", 2));
}

/* Whether the documents use the word, lower-cased, often (a word, not a name). */
static int known_lower(const unsigned char *t, const word *x)
{
    char *o = tl_strndup((const char *)t + x->pos, x->len);
    char *l = o ? tl_lower(o) : NULL;
    int known = l && tl_lexicon_count(l, strlen(l)) >= CAPS_PAIR_SEEN;
    free(o);
    free(l);
    return known;
}

static int name_only(const char *low);

/* Capitals in a row inside sentence-case text ("Байгууллагын УЙЛ АЖИЛЛАГААНД ОЛОН
 * НИЙТИЙН ...") are lowered; text mostly in capitals is a heading and stays. */
static void caps_runs(const unsigned char *t, words *w, edits *e)
{
    for (size_t k = 0; k < w->n && !e->oom;) {
        if (!caps_word(t, &w->v[k])) {
            k++;
            continue;
        }
        /* The run, and its longest stretch of words with nothing but spaces between:
         * a list of names in capitals ("ЗУУНЫ МЭДЭЭ, ӨНӨӨДӨР") has none of three. */
        size_t s = k, streak = 1, best = 1;
        while (k + 1 < w->n && caps_word(t, &w->v[k + 1]) &&
               run_gap(t, w->v[k].pos + w->v[k].len, w->v[k + 1].pos)) {
            streak = only_spaces(t, w->v[k].pos + w->v[k].len, w->v[k + 1].pos) ? streak + 1 : 1;
            if (streak > best)
                best = streak;
            k++;
        }
        size_t end = ++k;
        /* Two words in a row are a run too when the documents use both in lower case
         * ("ЖИЛИЙН ЭЦСЭЭС", "ЗӨВЛӨГӨӨ ӨГЧ"): names and titles they write in capitals
         * are not in the lexicon lower-cased that often. */
        size_t need = end - s == CAPS_PAIR && best == CAPS_PAIR && lexicon_ok && known_lower(t, &w->v[s]) &&
                              known_lower(t, &w->v[s + 1])
                          ? CAPS_PAIR
                          : CAPS_RUN_MIN;
        if (end - s < need || best < need || quoted(t, w->v[s].pos) ||
            !w->v[s].sentence_case || !w->v[end - 1].sentence_case)
            continue;
        for (size_t j = s; j < end && !e->oom; j++) {
            word *x = &w->v[j];
            x->edited = LOWERED;
            char *orig = tl_strndup((const char *)t + x->pos, x->len);
            char *lowered = orig ? tl_lower(orig) : NULL;
            if (!lowered) {
                e->oom = 1;
            } else if (strcmp(orig, lowered)) {
                /* A run that starts the text keeps its first capital, and so does a
                 * name ("БАЯНХОНГОР АЙМГИЙН" -> "Баянхонгор аймгийн"). */
                if ((j == s && x->pos == 0) || name_only(lowered)) {
                    size_t l;
                    decode((const unsigned char *)orig, &l);
                    memcpy(lowered, orig, l);
                }
                propose(e, x->pos, x->len, lowered, strlen(lowered), "caps-run");
            }
            free(orig);
            free(lowered);
        }
    }
}

/* ---- words the documents never use ---------------------------------------------- */

#define MAX_COST 3.0          /* at most this much confusion in one word */
#define RARE_COST 1.5         /* ... in a word the documents use themselves (one confusion) */
#define CAPS_WORD_MIN 6       /* a word in capitals this long is no abbreviation (БНХАУ is five) */
#define RARE_RATIO 50         /* a word used once is a misreading of one used this many times more */
#define MARGIN 1.0            /* the repair's score beats the next candidate's by this much */
#define WILD_MIN 5            /* shorter words are repaired by listed confusions only: "акт",
                               * "топ", pieces of words ("наас") have too many neighbours */
#define WILD_COST 2.0         /* one wildcard edit, no more: two edits in a word no confusion
                               * explains turn real words into others ("сурталын" ->
                               * "сургалтын", "үүдийн" -> "үүргийн") */
#define CONTEXT_MIN 3         /* a pair of words seen this often is context to repair towards */
#define KNOWN 2               /* a word the documents use this often is never repaired: twice
                               * is a spelling ("веб" beside "вэб"), not a misreading */
/* confusions.tsv's units in nats (natural log of a probability): a listed confusion
 * (cost 1) is about one misreading in twenty, a wildcard one (2) one in four hundred;
 * without the weight a frequent word two unlikely edits away outbids a rarer one a
 * likely edit away ("ёөрийн" is "өөрийн", not "төрийн") */
#define COST_WEIGHT 3.0

/* The best candidate by one measure, and the next best other word's score. */
typedef struct choice {
    const char *w; /* into the lexicon; NULL: none */
    size_t bytes;
    int count;
    double cost, score, second;
} choice;

static void weigh(choice *c, const char *w, size_t bytes, int count, double cost, double score)
{
    if (score > c->score) {
        c->second = c->score;
        *c = (choice){ w, bytes, count, cost, score, c->second };
    } else if (score > c->second) {
        c->second = score;
    }
}

/* A word's candidates weighed two ways: by how often the documents use them
 * (unigram), and by how often they use them beside the word's neighbours. */
typedef struct judge {
    const char *prev, *next; /* lower-case neighbours, or NULL */
    double word_limit;       /* the unigram measure takes candidates up to this cost */
    choice word, context;
} judge;

/* How often the documents write a and b one after the other. */
static int pair_count(const char *a, size_t al, const char *b, size_t bl)
{
    char buf[2 * WORD_MAX_BYTES + 2];
    if (!a || !b || al + bl + 1 > sizeof buf)
        return 0;
    memcpy(buf, a, al);
    buf[al] = ' ';
    memcpy(buf + al + 1, b, bl);
    int c = tl_lexicon_count(buf, al + bl + 1);
    return c > 0 ? c : 0;
}

/* How often the documents write w beside prev or next (either may be NULL). */
static int in_context(const char *prev, const char *next, const char *w, size_t n)
{
    int a = prev ? pair_count(prev, strlen(prev), w, n) : 0;
    int b = next ? pair_count(w, n, next, strlen(next)) : 0;
    return a > b ? a : b;
}

static int judge_candidate(const char *w, size_t bytes, int count, double cost, void *ctx)
{
    judge *j = ctx;
    if (cost <= j->word_limit)
        weigh(&j->word, w, bytes, count, cost, log((double)count) - COST_WEIGHT * cost);
    int c = in_context(j->prev, j->next, w, bytes);
    if (c >= CONTEXT_MIN)
        weigh(&j->context, w, bytes, count, cost, log((double)c) - COST_WEIGHT * cost);
    return 0;
}

/* The lower-cased word next to word k (dir -1 or +1) when only spaces stand between
 * them on one line; NULL otherwise. */
static char *neighbour(const unsigned char *t, const words *w, size_t k, int dir)
{
    if ((dir < 0 && k == 0) || (dir > 0 && k + 1 >= w->n))
        return NULL;
    const word *x = &w->v[k], *y = &w->v[dir < 0 ? k - 1 : k + 1];
    const word *a = dir < 0 ? y : x, *b = dir < 0 ? x : y;
    for (size_t i = a->pos + a->len; i < b->pos; i++)
        if (t[i] != ' ')
            return NULL;
    if (y->lat || y->len > WORD_MAX_BYTES)
        return NULL;
    char *o = tl_strndup((const char *)t + y->pos, y->len);
    char *l = o ? tl_lower(o) : NULL;
    free(o);
    return l;
}

/* An edit's score from how far the repair's log-likelihood beats the next
 * candidate's: the repair's odds against it, as a probability (margin 1: 0.73). */
static double edge(double margin)
{
    return isfinite(margin) ? 1.0 / (1.0 + exp(-margin)) : 1.0;
}

#define NO_CHOICE ((choice){ NULL, 0, 0, 0, -INFINITY, -INFINITY })

/* Vowels Mongolian drops from a stem's last syllable before a suffix that opens with
 * a vowel ("эрсдэл" + "ийг": "эрсдлийг", and "эрсдэлийг" is in use too). */
static int is_fleeting(uint32_t c)
{
    return c == 0x430 /* а */ || c == 0x44D /* э */ || c == 0x43E /* о */ || c == 0x4E9 /* ө */ ||
           c == 0x443 /* у */ || c == 0x4AF /* ү */ || c == 0x438 /* и */;
}

static int is_vowel(uint32_t c)
{
    return is_fleeting(c) || c == 0x44B /* ы */ || c == 0x435 /* е */ || c == 0x451 /* ё */ || c == 0x44E /* ю */ ||
           c == 0x44F /* я */;
}

/* Whether a and b are the two spellings of a stem with a fleeting vowel: the longer
 * has one vowel more, between two consonants, the second of them followed by the
 * suffix's vowel ("эрсдэлийг" / "эрсдлийг").  Both are in use: neither is a
 * misreading of the other. */
static int fleeting_variants(const char *a, size_t an, const char *b, size_t bn)
{
    uint32_t x[WORD_MAX_BYTES], y[WORD_MAX_BYTES];
    size_t nx = 0, ny = 0, l;
    for (size_t i = 0; i < an && nx < WORD_MAX_BYTES; i += l)
        x[nx++] = decode((const unsigned char *)a + i, &l);
    for (size_t i = 0; i < bn && ny < WORD_MAX_BYTES; i += l)
        y[ny++] = decode((const unsigned char *)b + i, &l);
    const uint32_t *lo = nx > ny ? x : y, *sh = nx > ny ? y : x;
    size_t nl = nx > ny ? nx : ny, ns = nx > ny ? ny : nx;
    if (nl != ns + 1)
        return 0;
    size_t i = 0;
    while (i < ns && lo[i] == sh[i])
        i++;
    if (memcmp(lo + i + 1, sh + i, (ns - i) * sizeof *lo) != 0)
        return 0;
    return i > 0 && i + 2 < nl && is_fleeting(lo[i]) && !is_vowel(lo[i - 1]) && !is_vowel(lo[i + 1]) &&
           is_vowel(lo[i + 2]);
}

#define VERB_STEM_LETTERS 3 /* a verb's stem before its ending, at least */

/* Whether low is a form of a verb hunspell-mn knows by its infinitive ("туслаж",
 * "тусласан" of "туслах"; "авч" of "авах"): the verb endings of script.tsv's
 * `verbform` rows put back to "х" or "ах", "эх", "ох", "өх".  hunspell-mn lacks many
 * converbs, and such a word is no misreading. */
static int verb_form_known(const char *low)
{
    static const char *const inf[] = { "х", "ах", "эх", "ох", "өх" };
    size_t n = strlen(low);
    for (size_t r = 0; r < nverb_forms; r++) {
        size_t sl = strlen(verb_forms[r]);
        if (n < sl + 2 * VERB_STEM_LETTERS || strcmp(low + n - sl, verb_forms[r]) != 0)
            continue;
        /* a stem ending in a vowel takes "х" ("тусла-ж": "тусла-х"), one ending in a
         * consonant a vowel and "х" ("ав-ч": "ав-ах"); "тэж" is then no form of
         * "тээх" */
        int32_t at = (int32_t)(n - sl);
        U8_BACK_1((const uint8_t *)low, 0, at);
        size_t l;
        int vowel_stem = is_vowel(decode((const unsigned char *)low + at, &l));
        for (size_t k = vowel_stem ? 0 : 1; k < (vowel_stem ? 1 : sizeof inf / sizeof *inf); k++) {
            char buf[WORD_MAX_BYTES + 8];
            if (n - sl + strlen(inf[k]) >= sizeof buf)
                continue;
            snprintf(buf, sizeof buf, "%.*s%s", (int)(n - sl), low, inf[k]);
            if (tl_spell_known(buf) == 1)
                return 1;
        }
    }
    return 0;
}

/* The repair the candidates of the lower-case word low (used seen times, of so many
 * letters) settle on, with its rule: a word the neighbours in j call for (listed
 * confusions only: context overrules a real word, "төрлийн" beside "төрийн"'s
 * neighbours is still "of the kind"); else the likeliest word, one wildcard edit
 * allowed in an unknown word of WILD_MIN letters, when hunspell-mn does not know low
 * (asked last: it is loaded at the first word that needs it).  NULL: none clearly. */
static const choice *settle(judge *j, const char *low, size_t n, int seen, int letters, const char **rule)
{
    tl_nearest_each(low, n, MAX_COST, 0, judge_candidate, j);
    if (j->context.w && j->context.score - j->context.second >= MARGIN) {
        *rule = "context";
        return &j->context;
    }
    if (seen < 1 && letters >= WILD_MIN) {
        j->word = NO_CHOICE;
        j->prev = j->next = NULL;
        tl_nearest_each(low, n, WILD_COST, 1, judge_candidate, j);
    }
    if (j->word.w && j->word.score - j->word.second >= MARGIN && (seen < 1 || j->word.count >= RARE_RATIO * seen) &&
        !fleeting_variants(low, n, j->word.w, j->word.bytes) && tl_spell_known(low) == 0 && !verb_form_known(low)) {
        *rule = "word";
        return &j->word;
    }
    return NULL;
}

/* The first letter upper-cased (the repair of a capitalised word). */
static char *capitalised(const char *low)
{
    char *orig = tl_strdup(low);
    if (!orig)
        return NULL;
    size_t l;
    uint32_t c = decode((const unsigned char *)orig, &l);
    UChar32 up = u_toupper((UChar32)c);
    if (up < 0x800 && up >= 0x80 && l == 2) {
        orig[0] = (char)(0xC0 | (up >> 6));
        orig[1] = (char)(0x80 | (up & 0x3F));
    } else if (up < 0x80 && l == 1) {
        orig[0] = (char)up;
    }
    return orig;
}

/* A Cyrillic word the documents never use, and hunspell-mn does not know either, is
 * repaired to the likeliest word they do use that OCR's confusions explain ("Тамын"
 * -> "Тамгын", "доошгий" -> "доошгүй", "санап" -> "санал"); a word used once, to one
 * used far more one confusion away ("Терийн" once, "төрийн" 230 times).  A word with
 * no clear repair stays, and so does any word hunspell knows ("болох" is no misread
 * "болгох") unless its neighbours say otherwise: a word the documents never write
 * beside them, one listed confusion from a word they often do ("Тамын газар" ->
 * "Тамгын газар", although "тамын" is a word).  Capitals, names and words other rules
 * changed are left. */
/* Whether the word rule can read this text at all.  It repairs sparse misreadings
 * of words the documents use; a passage of READABLE_MIN words or more in which
 * fewer than one in READABLE_PART is such a word is not that (another language, a
 * dump, a page OCR read as noise), and searching near words for each of its words
 * would cost the most where it can do least.  Measured: none of 700 lines of the
 * samples and the fixtures' PDFs and scans falls under it; all of 2 MB of random
 * Cyrillic words does. */
#define READABLE_MIN 8
#define READABLE_PART 10
static void tally(const unsigned char *t, const words *w, size_t *all, size_t *known)
{
    for (size_t k = 0; k < w->n; k++) {
        const word *x = &w->v[k];
        if (x->lat || x->in_url || x->cyr < 3 || x->len > WORD_MAX_BYTES)
            continue;
        char *orig = tl_strndup((const char *)t + x->pos, x->len);
        char *low = orig ? tl_lower(orig) : NULL;
        free(orig);
        (*all)++;
        *known += !low || tl_lexicon_count(low, strlen(low)) >= 1; /* no memory: taken as known */
        free(low);
    }
}

static int readable(size_t all, size_t known)
{
    return all < READABLE_MIN || known * READABLE_PART >= all;
}

static void repair_words(const unsigned char *t, words *w, edits *e)
{
    size_t all = 0, known = 0;
    if (lexicon_ok)
        tally(t, w, &all, &known);
    if (!lexicon_ok || !readable(all, known))
        return;
    for (size_t k = 0; k < w->n && !e->oom; k++) {
        word *x = &w->v[k];
        /* A word in capitals (a heading's, "ХОЛБОСТОЙ") is repaired as its lower case
         * and given back in capitals; not a short one (an abbreviation, listed or
         * not), nor mixed case ("ЗДТГ-ын" apart, "МУ" ...). */
        /* A word a run of capitals lowered ("УЙЛ АЖИЛЛАГААНД" -> "уйл ажиллагаанд") is
         * repaired as the lower-case word it became, its edit taking the repair. */
        int lowered = x->edited == LOWERED;
        int up = lowered ? 0 : x->upper;
        int caps = !lowered && x->upper > 1 && !x->lower;
        if ((x->edited && !lowered) || x->in_url || x->lat || x->cyr < 3 || x->len > WORD_MAX_BYTES ||
            (up > 1 && !(caps && x->cyr >= CAPS_WORD_MIN && !in_list(abbr, nabbr, (const char *)t + x->pos, x->len))) ||
            (up == 1 && !u_isupper((UChar32)decode(t + x->pos, &(size_t){ 0 }))) || after_initial(t, x))
            continue;
        char *orig = tl_strndup((const char *)t + x->pos, x->len);
        char *low = orig ? tl_lower(orig) : NULL;
        if (!low) {
            free(orig);
            e->oom = 1;
            return;
        }
        size_t n = strlen(low);
        int seen = tl_lexicon_count(low, n);
        judge j = { NULL, NULL, seen >= 1 ? RARE_COST : MAX_COST, NO_CHOICE, NO_CHOICE };
        char *prev = NULL, *next = NULL;
        if (n == x->len && seen < KNOWN) {
            j.prev = prev = neighbour(t, w, k, -1);
            j.next = next = neighbour(t, w, k, +1);
        }
        const choice *pick = NULL;
        const char *rule = NULL;
        if (n == x->len && seen < KNOWN && !(seen >= 1 && in_context(prev, next, low, n))) {
            pick = settle(&j, low, n, seen, x->cyr, &rule);
            /* a capitalised word: hunspell-mn may know it as written */
            if (pick && pick == &j.word && up && !caps && tl_spell_known(orig) != 0)
                pick = NULL;
            /* A word hunspell-mn knows only capitalised is a name ("Орхон", "СҮХБОЛД") */
            if (pick && x->upper && name_only(low))
                pick = NULL;
        }
        if (pick) {
            char *found = tl_strndup(pick->w, pick->bytes);
            char *rep = !found ? NULL : caps ? tl_upper(found) : up ? capitalised(found) : tl_strdup(found);
            pending *p = NULL;
            for (size_t i = 0; lowered && i < e->n; i++)
                if (e->v[i].pos == x->pos && e->v[i].len == x->len)
                    p = &e->v[i];
            if (rep && p && u_isupper((UChar32)decode((const unsigned char *)p->repl, &(size_t){ 0 }))) {
                char *cap = capitalised(rep); /* the run kept this one's capital */
                free(rep);
                rep = cap;
            }
            if (!rep) {
                e->oom = 1;
            } else if (p) {
                free(p->repl);
                *p = (pending){ x->pos, x->len, rep, rule, edge(pick->score - pick->second) };
                rep = NULL;
            } else {
                propose_scored(e, x->pos, x->len, rep, strlen(rep), rule, edge(pick->score - pick->second));
            }
            x->edited = 1;
            free(found);
            free(rep);
        }
        free(prev);
        free(next);
        free(orig);
        free(low);
    }
}

/* Whether the lower-case word w is one: the documents use it, or hunspell-mn knows it */
static int is_word(const char *w)
{
    return tl_lexicon_count(w, strlen(w)) >= 1 || tl_spell_known(w) == 1;
}

/* The word rule's repair of a lower-case word the documents do not use, without
 * context: a copy of the lexicon word, or NULL (none, or no memory). */
static char *unknown_word_repair(const char *low, size_t n, int letters)
{
    if (tl_lexicon_count(low, n) >= 1)
        return NULL;
    judge j = { NULL, NULL, MAX_COST, NO_CHOICE, NO_CHOICE };
    const char *rule;
    const choice *c = settle(&j, low, n, -1, letters, &rule);
    return c ? tl_strndup(c->w, c->bytes) : NULL;
}

/* A word hyphenated at a line's end: "сурталчил-" then, after the break (or the
 * space a layout left of it), "ах".  Joined when the whole is a word (the documents'
 * or hunspell-mn's), or one the word rule repairs ("сурталчилах" -> "сурталчлах");
 * two words that stay words apart keep their hyphen ("хяналт- шинжилгээ" is
 * "хяналт-шинжилгээ"). */
static void hyphen_breaks(const unsigned char *t, words *w, edits *e)
{
    if (!lexicon_ok)
        return;
    for (size_t k = 0; k + 1 < w->n && !e->oom; k++) {
        word *x = &w->v[k], *y = &w->v[k + 1];
        size_t h = x->pos + x->len;
        if (x->edited || y->edited || x->in_url || y->in_url || x->lat || y->lat || x->cyr < 2 || y->upper ||
            x->len + y->len > WORD_MAX_BYTES || t[h] != '-' || h + 1 >= y->pos)
            continue;
        int gap = 1;
        for (size_t i = h + 1; i < y->pos; i++)
            gap &= is_space(t[i]);
        if (!gap)
            continue;
        char joined[WORD_MAX_BYTES + 1];
        memcpy(joined, t + x->pos, x->len);
        memcpy(joined + x->len, t + y->pos, y->len);
        joined[x->len + y->len] = 0;
        char *low = tl_lower(joined);
        char *lx = tl_strndup((const char *)t + x->pos, x->len), *llx = lx ? tl_lower(lx) : NULL;
        char *rep = NULL;
        if (!low || !llx) {
            e->oom = 1;
        } else if (is_word(low)) {
            rep = tl_strdup(joined);
        } else if ((rep = unknown_word_repair(low, strlen(low), x->cyr + y->cyr)) != NULL) {
            if (x->upper) {
                char *cap = capitalised(rep);
                free(rep);
                rep = cap;
            }
        } else {
            /* two words: the hyphen stays, the break goes */
            char *l2 = tl_strndup((const char *)t + y->pos, y->len);
            if (l2 && is_word(llx) && is_word(l2)) {
                size_t n = x->len + 1 + y->len;
                rep = malloc(n + 1);
                if (rep) {
                    memcpy(rep, t + x->pos, x->len + 1);
                    memcpy(rep + x->len + 1, t + y->pos, y->len);
                    rep[n] = 0;
                }
            }
            free(l2);
        }
        if (rep) {
            propose(e, x->pos, y->pos + y->len - x->pos, rep, strlen(rep), "hyphen-break");
            x->edited = y->edited = 1;
        }
        free(rep);
        free(low);
        free(lx);
        free(llx);
    }
}

/* The Roman numeral the capitals of word x read as ("УП" -> "VII"), into out; 0 when
 * they are not one of I..XII or a letter is no numeral's. */
static int roman_of(const unsigned char *t, const word *x, char *out, size_t cap)
{
    static const char *valid[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII" };
    size_t o = 0;
    if (x->lower || x->len > 8)
        return 0;
    for (size_t i = x->pos; i < x->pos + x->len;) {
        size_t l;
        uint32_t c = decode(t + i, &l);
        size_t r = 0;
        while (r < nroman && roman[r].from != c)
            r++;
        if (r == nroman || o + strlen(roman[r].to) >= cap)
            return 0;
        memcpy(out + o, roman[r].to, strlen(roman[r].to));
        o += strlen(roman[r].to);
        i += l;
    }
    out[o] = 0;
    for (size_t v = 0; v < sizeof valid / sizeof *valid; v++)
        if (!strcmp(out, valid[v]))
            return 1;
    return 0;
}

/* Only spaces, commas and dashes between two words of a list ("I, II", "I-IV"). */
static int list_gap(const unsigned char *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (t[i] != ' ' && t[i] != ',' && t[i] != '-')
            return 0;
    return to > from;
}

/* Whether s is a quarter or a range of quarters: "I".."IV", "I-IV", "II-III". */
static int quarter_numerals(const char *s)
{
    static const char *q[] = { "I", "II", "III", "IV" };
    const char *dash = strchr(s, '-');
    int a = -1, b = -1;
    for (int i = 0; i < 4; i++) {
        size_t l = strlen(q[i]);
        if (dash ? (size_t)(dash - s) == l && !strncmp(s, q[i], l) : !strcmp(s, q[i]))
            a = i;
        if (dash && !strcmp(dash + 1, q[i]))
            b = i;
    }
    return dash ? a >= 0 && b > a : a >= 0;
}

/* Every reading of the token t[0..n) through script.tsv's romanocr rows (a row's
 * alternatives parted by "|"), from character k on, appended to out[0..o); the
 * readings that are quarters are counted in *found, the last kept in best. */
static void quarter_readings(const unsigned char *t, size_t n, size_t k, char *out, size_t o, int *found,
                             char best[32], int *tries)
{
    if (++*tries > 256 || *found > 1)
        return;
    if (k == n) {
        out[o] = '\0';
        if (quarter_numerals(out) && (!*found || strcmp(best, out) != 0)) {
            (*found)++;
            snprintf(best, 32, "%s", out);
        }
        return;
    }
    size_t l;
    uint32_t c = decode(t + k, &l);
    const char *to = NULL;
    for (size_t r = 0; r < nromanocr && !to; r++)
        if (romanocr[r].from == c)
            to = romanocr[r].to;
    if (!to) {
        if (c != 'I' && c != 'V' && c != '-')
            return;
        if (o + 1 < 31) {
            out[o] = (char)c;
            quarter_readings(t, n, k + l, out, o + 1, found, best, tries);
        }
        return;
    }
    for (const char *alt = to; *alt;) {
        size_t al = strcspn(alt, "|");
        if (o + al < 31) {
            memcpy(out + o, alt, al);
            quarter_readings(t, n, k + l, out, o + al, found, best, tries);
        }
        alt += al + (alt[al] == '|');
    }
}

/* A quarter's Roman numerals as OCR garbles them in Tesseract's Mongolian model
 * ("14М", "1-М", "LIV", "{-IV", "114М" before "улирал"): the token before a quarter
 * word (script.tsv's quarterctx rows), read through the confusions in script.tsv (1 l | { as I, М as IV, L as
 * I-, 4 as a dash or an I), is one quarter or one range of quarters, and only one
 * reading is.  A token of digits and dashes alone is Arabic numerals, left as it is. */
static void quarter_ranges(const unsigned char *t, words *w, edits *e)
{
    for (size_t k = 0; k + 1 < w->n && !e->oom; k++) {
        const word *y = &w->v[k + 1];
        /* the first letter compared before the word is lowered: most words are no
         * quarter word, and lowering costs */
        size_t l0;
        UChar32 first = u_tolower((UChar32)decode(t + y->pos, &l0));
        int maybe = 0;
        for (size_t c = 0; c < nquarterctx && !maybe; c++)
            maybe = (UChar32)decode((const unsigned char *)quarterctx[c], &l0) == first;
        if (!maybe)
            continue;
        char *o = tl_strndup((const char *)t + y->pos, y->len), *l = o ? tl_lower(o) : NULL;
        int quarter = 0;
        for (size_t c = 0; l && c < nquarterctx && !quarter; c++)
            quarter = !strncmp(l, quarterctx[c], strlen(quarterctx[c]));
        free(o);
        free(l);
        if (!quarter || y->pos < 2 || t[y->pos - 1] != ' ')
            continue;
        size_t b = y->pos - 1, a = b;
        while (a > 0 && !is_space(t[a - 1]))
            a--;
        /* digits and dashes are Arabic quarters ("1 улирал", "1-4", "14"), not OCR's */
        size_t arabic = a;
        while (arabic < b && ((t[arabic] >= '0' && t[arabic] <= '9') || t[arabic] == '-'))
            arabic++;
        if (b - a > 12 || a == b || arabic == b)
            continue;
        char out[32], best[32];
        int found = 0, tries = 0;
        quarter_readings(t + a, b - a, 0, out, 0, &found, best, &tries);
        if (found != 1 || (strlen(best) == b - a && !memcmp(best, t + a, b - a)))
            continue;
        propose(e, a, b - a, best, strlen(best), "roman");
        for (size_t q = 0; q < w->n; q++)
            if (w->v[q].pos < b && w->v[q].pos + w->v[q].len > a)
                w->v[q].edited = 1;
    }
}

/* Roman numerals OCR read as Cyrillic capitals before a quarter or a month ("Ш
 * улирлын" -> "III улирлын", "УП сарын" -> "VII сарын"), or before another numeral
 * that stands so ("1, П дугаар улирлаар" -> "1, II ..."). */
static void roman_numerals(const unsigned char *t, words *w, edits *e)
{
    int stands = 0; /* the word after the current one is such a numeral, or the context */
    for (size_t k = w->n; k-- > 0 && !e->oom;) {
        word *x = &w->v[k];
        char r[16];
        int is = !x->edited && roman_of(t, x, r, sizeof r) && t[x->pos + x->len] != '.';
        int before_ctx = 0;
        if (is && k + 1 < w->n && t[x->pos + x->len] == ' ' && w->v[k + 1].pos == x->pos + x->len + 1) {
            char *o = tl_strndup((const char *)t + w->v[k + 1].pos, w->v[k + 1].len);
            char *l = o ? tl_lower(o) : NULL;
            for (size_t c = 0; l && c < nromanctx; c++)
                before_ctx |= !strncmp(l, romanctx[c], strlen(romanctx[c]));
            free(o);
            free(l);
        }
        int before_numeral = k + 1 < w->n && stands && list_gap(t, x->pos + x->len, w->v[k + 1].pos);
        if (is && (before_ctx || before_numeral)) {
            if (memcmp(t + x->pos, r, x->len) || strlen(r) != x->len) {
                propose(e, x->pos, x->len, r, strlen(r), "roman");
                x->edited = 1;
            }
            stands = 1;
        } else {
            stands = 0;
        }
    }
}

/* A cell that is only a number ending in "96" where a percent sign was ("10096",
 * "99,396": Tesseract reads % as 96), when the number before it is a share. */
static void percent_cell(const unsigned char *t, size_t n, edits *e)
{
    size_t a = 0, b = n;
    while (a < b && is_space(t[a]))
        a++;
    while (b > a && is_space(t[b - 1]))
        b--;
    if (b - a < 3 || t[b - 1] != '6' || t[b - 2] != '9')
        return;
    size_t digits = 0, seps = 0;
    for (size_t i = a; i < b - 2; i++) {
        if (t[i] >= '0' && t[i] <= '9')
            digits++;
        else if ((t[i] == ',' || t[i] == '.') && i > a && i + 1 < b - 2)
            seps++;
        else
            return;
    }
    if (!digits || seps > 1)
        return;
    char num[32];
    size_t k = b - 2 - a;
    if (k >= sizeof num)
        return;
    memcpy(num, t + a, k);
    num[k] = 0;
    for (char *p = num; *p; p++)
        if (*p == ',')
            *p = '.';
    double v = strtod(num, NULL);
    /* "1996" is a year, not 19 %: four digits that read as a year stay */
    if (v > 100 || (!seps && b - a == 4 && v >= 19 && v <= 20))
        return;
    propose(e, b - 2, 2, "%", 1, "percent-sign");
}

/* A word OCR split with a space ("байгууллаг ын", "мэдээллий н", "Хэрэгжилт ийн"):
 * the two halves joined make a word the documents use, and one half is no word
 * alone.  The tail may be one Latin look-alike ("мэдээллий H", "нэмэгдүүлэ x") or in
 * capitals ("тогтоомжи ЙГ"): it is joined as the lower-case Cyrillic letters. */
static void split_words(const unsigned char *t, words *w, edits *e)
{
    if (!lexicon_ok)
        return;
    for (size_t k = 0; k + 1 < w->n && !e->oom; k++) {
        word *x = &w->v[k], *y = &w->v[k + 1];
        if (x->edited || y->edited || x->in_url || y->in_url || x->lat || x->cyr < 2 || y->len > 2 * SPLIT_TAIL_MAX ||
            y->pos != x->pos + x->len + 1 || t[x->pos + x->len] != ' ' || x->line != y->line)
            continue;
        char tail[2 * SPLIT_TAIL_MAX + 8];
        if (y->lat) {
            /* one Latin letter that looks like a Cyrillic one */
            unsigned char c = t[y->pos];
            const char *to = y->len == 1 && c < 128 ? (lat2cyr[c] ? lat2cyr[c] : ocr2cyr[c]) : NULL;
            if (!to || y->cyr)
                continue;
            snprintf(tail, sizeof tail, "%s", to);
        } else if (y->cyr <= SPLIT_TAIL_MAX && (!y->upper || !y->lower) && !(y->upper && y->cyr == 1) &&
                   t[y->pos + y->len] != '.') {
            /* not a capital letter alone, nor one before a dot: an initial ("дарга
             * Д.Ганбат") */
            memcpy(tail, t + y->pos, y->len);
            tail[y->len] = 0;
        } else {
            continue;
        }
        char joined[WORD_MAX_BYTES + 2 * SPLIT_TAIL_MAX + 8];
        if (x->len + strlen(tail) >= sizeof joined || x->len > WORD_MAX_BYTES)
            continue;
        memcpy(joined, t + x->pos, x->len);
        joined[x->len] = 0;
        /* the tail in the head's case: lower unless the head is all capitals */
        char *lt = x->lower || x->upper < 2 ? tl_lower(tail) : tl_strdup(tail);
        char *low_head = tl_lower(joined);
        if (!lt || !low_head) {
            free(lt);
            free(low_head);
            e->oom = 1;
            return;
        }
        strcat(joined, lt);
        char *low = tl_lower(joined);
        char *low_tail = tl_lower(lt);
        if (!low || !low_tail) {
            e->oom = 1;
        } else if (tl_lexicon_count(low, strlen(low)) >= MIN_SEEN &&
                   (!is_word(low_head) || (strlen(low_tail) <= 2 && tl_lexicon_count(low_tail, strlen(low_tail)) < MIN_SEEN) ||
                    !is_word(low_tail))) {
            propose(e, x->pos, x->len + 1 + y->len, joined, strlen(joined), "split-word");
            x->edited = y->edited = 1;
        }
        free(lt);
        free(low_head);
        free(low);
        free(low_tail);
    }
}

/* Whether hunspell-mn knows the lower-case word only capitalised: a name
 * ("Баянхонгор"), which the lexicon, lower-cased, cannot tell. */
static int name_only(const char *low)
{
    if (tl_spell_known(low) != 0)
        return 0;
    char *cap = capitalised(low);
    int known = cap && tl_spell_known(cap) == 1;
    free(cap);
    return known;
}

/* Whether x is a decree's operative word, in capitals by convention: "... үндэслэн
 * ЗАХИРАМЖЛАХ нь:", "ТОГТООХ нь:" (before "нь:" or a colon). */
static int operative(const unsigned char *t, const word *x)
{
    const char *after = (const char *)t + x->pos + x->len;
    return after[0] == ':' || !strncmp(after, " нь:", strlen(" нь:"));
}

/* A word in capitals alone inside sentence-case text that the documents use in lower
 * case, or hunspell-mn knows in lower case ("ТОГТОЛЦООГ", "ТӨЛӨӨЛӨГЧДИЙГ"; a name it
 * knows capitalised only, "БАЯНХОНГОР", stays); abbreviations (short, or listed)
 * stay.  A short one too when the documents write it in lower case beside its
 * neighbour ("ил ТОД" -> "ил тод": "ил тод" 68 times), and hunspell-mn knows it (an
 * abbreviation it does not). */
static void caps_words(const unsigned char *t, words *w, edits *e)
{
    if (!lexicon_ok)
        return;
    for (size_t k = 0; k < w->n && !e->oom; k++) {
        word *x = &w->v[k];
        /* among lower-case words, not quoted: "хяналтын ТОГТОЛЦООГ сайжруулах", not
         * "ЗУУНЫ МЭДЭЭ, ӨНӨӨДӨР" nor "“АВИЛГА АШИГ ...”" */
        if (x->edited || !caps_word(t, x) || quoted(t, x->pos) || !x->sentence_case || operative(t, x))
            continue;
        int before = k > 0 && w->v[k - 1].lower && w->v[k - 1].upper <= 1;
        int after = k + 1 < w->n && w->v[k + 1].lower && w->v[k + 1].upper <= 1;
        int alone = x->cyr >= CAPS_WORD_MIN && before && after;
        if (!alone && !(before || after))
            continue;
        char *orig = tl_strndup((const char *)t + x->pos, x->len);
        char *l = orig ? tl_lower(orig) : NULL;
        char *prev = before ? neighbour(t, w, k, -1) : NULL, *next = after ? neighbour(t, w, k, +1) : NULL;
        if (!l) {
            e->oom = 1;
        } else if ((alone && (tl_lexicon_count(l, strlen(l)) >= MIN_SEEN || tl_spell_known(l) == 1) &&
                    !name_only(l)) ||
                   (in_context(prev, next, l, strlen(l)) >= CONTEXT_MIN && tl_spell_known(l) == 1)) {
            propose(e, x->pos, x->len, l, strlen(l), "caps-word");
            x->edited = 1;
        }
        free(prev);
        free(next);
        free(orig);
        free(l);
    }
}

/* ---- the text ---------------------------------------------------------------- */

/* The text in NFC: only texts with combining marks (U+0300-036F, bytes CC/CD) can
 * change, so others are not converted at all. */
static char *nfc(const char *in, int *changed)
{
    *changed = 0;
    if (!strchr(in, '\xCC') && !strchr(in, '\xCD'))
        return tl_strdup(in);
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFCInstance(&st);
    int32_t ulen = 0;
    u_strFromUTF8Lenient(NULL, 0, &ulen, in, -1, &st);
    st = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)ulen + 1) * sizeof *u), *v = malloc(((size_t)ulen + 1) * sizeof *v);
    char *out = NULL;
    if (u && v) {
        u_strFromUTF8Lenient(u, ulen + 1, NULL, in, -1, &st);
        int32_t vlen = unorm2_normalize(n2, u, ulen, v, ulen + 1, &st);
        int32_t olen = 0;
        if (U_SUCCESS(st)) {
            u_strToUTF8(NULL, 0, &olen, v, vlen, &st);
            st = U_ZERO_ERROR;
            out = malloc((size_t)olen + 1);
            if (out)
                u_strToUTF8(out, olen + 1, NULL, v, vlen, &st);
            if (out && U_FAILURE(st)) {
                free(out);
                out = NULL;
            }
        }
    }
    free(u);
    free(v);
    if (!out)
        return tl_strdup(in); /* not normalisable (bad UTF-8): kept */
    *changed = strcmp(out, in) != 0;
    return out;
}

void tl_norm_set_data(const char *lexicon, const char *hunspell_dir)
{
    tl_lexicon_set_file(lexicon);
    tl_spell_set_dir(hunspell_dir);
}

int tl_norm_load(void)
{
    pthread_once(&once, load);
    return latin && abbr && romanctx && tlds ? 0 : -1;
}

/* w[0..n) in lower case as the lookalikes rule reads it: in a word with Cyrillic
 * letters, a Latin look-alike is its Cyrillic letter ("дaa" with Latin a's is "даа").
 * NULL when out of memory. */
static char *cyrillic_reading(const char *w, size_t n)
{
    int cyr = 0, untwinned;
    for (size_t i = 0; i < n;) {
        size_t l;
        cyr |= is_cyr(decode((const unsigned char *)w + i, &l));
        i += l;
    }
    char *copy = malloc(2 * n + 1);
    if (!copy)
        return NULL;
    size_t o = cyr ? fold_lookalikes((const unsigned char *)w, n, copy, &untwinned) : n;
    if (!cyr)
        memcpy(copy, w, n);
    copy[o] = '\0';
    char *low = tl_lower(copy);
    free(copy);
    return low;
}

int tl_norm_lexicon_count(const char *w, size_t n)
{
    if (tl_norm_load() || !lexicon_ok)
        return -1;
    char *low = cyrillic_reading(w, n);
    int c = low ? tl_lexicon_count(low, strlen(low)) : -1;
    if (low && c < 0)
        c = 0; /* read, and not there */
    free(low);
    return c;
}

int tl_norm_spell_knows(const char *w, size_t n)
{
    char *low = tl_norm_load() ? NULL : cyrillic_reading(w, n);
    int k = low && (unsigned char)low[0] >= 0xD0 && (unsigned char)low[0] <= 0xD4 && tl_spell_known(low) == 1;
    free(low);
    return k;
}

int tl_norm_load_all(void)
{
    if (tl_norm_load())
        return -1;
    tl_spell_load();
    return 0;
}

/* tl_norm_text, the word rule left out when words is 0 (a document it cannot read). */
static char *norm_text(const char *in, tl_edits *out, int words_rule)
{
    if (tl_norm_load())
        return NULL;
    int changed;
    char *text = nfc(in, &changed);
    if (!text)
        return NULL;
    if (changed && out) {
        if (tl_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v)) {
            free(text);
            return NULL;
        }
        out->v[out->n++] = (tl_edit){ 0, tl_strdup(in), tl_strdup(text), "nfc", 1.0 };
    }
    const unsigned char *t = (const unsigned char *)text;
    size_t n = strlen(text);
    edits e = { 0 };
    words w = { 0 };
    spaces(t, n, &e);
    address_spaces(t, n, &e);
    scan_words(t, n, &w, &e);
    mark_sentence_case(&w);
    number_suffixes(t, n, &w, &e);
    lookalikes(t, &w, &e);
    latin_mixed(t, n, &w, &e);
    latin_words(t, &w, &e);
    caps_runs(t, &w, &e);
    quarter_ranges(t, &w, &e);
    roman_numerals(t, &w, &e);
    hyphen_breaks(t, &w, &e);
    split_words(t, &w, &e);
    caps_words(t, &w, &e);
    if (words_rule)
        repair_words(t, &w, &e);
    percent_cell(t, n, &e);
    free(w.v);
    char *res = NULL;
    if (!e.oom) {
        if (e.n > 1)
            qsort(e.v, e.n, sizeof *e.v, by_pos);
        size_t rlen = 0, cap = n + 1;
        res = malloc(cap);
        size_t at = 0;
        for (size_t i = 0; res && i <= e.n; i++) {
            /* Rules are written never to overlap; an edit that would is dropped, not
             * spliced over the one before (a fuzzer found such a pair once). */
            if (i < e.n && e.v[i].pos < at)
                continue;
            size_t upto = i < e.n ? e.v[i].pos : n;
            if (tl_str_put(&res, &rlen, &cap, text + at, upto - at) ||
                (i < e.n && tl_str_put(&res, &rlen, &cap, e.v[i].repl, strlen(e.v[i].repl)))) {
                free(res);
                res = NULL;
                break;
            }
            if (i < e.n) {
                at = e.v[i].pos + e.v[i].len;
                if (out) {
                    if (tl_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v)) {
                        free(res);
                        res = NULL;
                        break;
                    }
                    out->v[out->n++] = (tl_edit){ e.v[i].pos, tl_strndup(text + e.v[i].pos, e.v[i].len),
                                                  e.v[i].repl, e.v[i].rule, e.v[i].score };
                    e.v[i].repl = NULL;
                }
            }
        }
    }
    for (size_t i = 0; i < e.n; i++)
        free(e.v[i].repl);
    free(e.v);
    free(text);
    return res;
}

char *tl_norm_text(const char *in, tl_edits *out)
{
    return norm_text(in, out, 1);
}

static int normalize_cell(tl_cell *c, int words_rule, size_t *changed)
{
    if (!c->text || !*c->text)
        return 0;
    char *n = norm_text(c->text, NULL, words_rule);
    if (!n)
        return -1;
    if (strcmp(n, c->text) == 0) {
        free(n);
        return 0;
    }
    tl_cell_replace(c, n);
    (*changed)++;
    return 0;
}

/* Calls fn on every paragraph and table cell of doc in order, until it returns
 * nonzero (returned). */
static int each_cell(tl_doc *doc, int (*fn)(tl_cell *c, void *ctx), void *ctx)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        tl_block *b = &doc->blocks[i];
        if (b->kind == TL_BLOCK_PARA) {
            int r = fn(&b->para, ctx);
            if (r)
                return r;
            continue;
        }
        for (size_t r = 0; r < b->table->nrows; r++)
            for (size_t c = 0; c < b->table->rows[r].ncells; c++) {
                int v = fn(&b->table->rows[r].cells[c], ctx);
                if (v)
                    return v;
            }
    }
    return 0;
}

/* A document's words as readable() counts them; most is how many it can have at
 * all (a counted word has three Cyrillic letters: 6 bytes), so counting stops once
 * the known ones alone make it readable, which is early in any real document. */
typedef struct count {
    size_t all, known, most;
} count;

static int add_bytes(tl_cell *c, void *ctx)
{
    ((count *)ctx)->most += c->text ? strlen(c->text) / 6 : 0;
    return 0;
}

static int tally_cell(tl_cell *c, void *ctx)
{
    count *k = ctx;
    if (!c->text || !*c->text)
        return 0;
    words w = { 0 };
    edits e = { 0 };
    scan_words((const unsigned char *)c->text, strlen(c->text), &w, &e);
    tally((const unsigned char *)c->text, &w, &k->all, &k->known);
    free(w.v);
    for (size_t i = 0; i < e.n; i++)
        free(e.v[i].repl);
    free(e.v);
    return k->known * READABLE_PART >= k->most;
}

typedef struct pass {
    int words_rule;
    size_t changed;
} pass;

static int normalize_each(tl_cell *c, void *ctx)
{
    pass *p = ctx;
    return normalize_cell(c, p->words_rule, &p->changed);
}

tl_code tl_doc_normalize(tl_doc *doc, size_t *changed, tl_error *err)
{
    /* A document of short cells is judged whole: each cell alone is too short. */
    count k = { 0 };
    int words_rule = 1;
    if (tl_norm_load() == 0 && lexicon_ok) {
        each_cell(doc, add_bytes, &k);
        words_rule = each_cell(doc, tally_cell, &k) || readable(k.all, k.known);
    }
    pass p = { words_rule, 0 };
    if (each_cell(doc, normalize_each, &p))
        return tl_error_set(err, TL_E_INTERNAL, "out of memory normalizing the text");
    if (changed)
        *changed = p.changed;
    return TL_OK;
}
