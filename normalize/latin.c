/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Latin letters and digits OCR put for Cyrillic ones: a number's case ending
 * ("2-00C"), look-alikes inside a Cyrillic word, a Latin word among Cyrillic ones
 * ("too"), and one in mixed case or with digits ("3acar"). */
#include "rules.h"

/* A number's case ending OCR read in digits and Latin letters ("2-00C доошгүй" for
 * "2-оос", "5-aac" for "5-аас"): after digits and a hyphen, a piece of letters and
 * zeros with some that are not Cyrillic, which read as Cyrillic (0 and O as о, a
 * Latin look-alike as its Cyrillic letter, in lower case) is one of the endings a
 * number takes (script.tsv's numsuffix rows). */
void tl_norm_number_suffixes(const unsigned char *t, size_t n, words *w, edits *e)
{
    for (size_t i = 1; i + 1 < n && !e->oom; i++) {
        if (t[i] != '-' || t[i - 1] < '0' || t[i - 1] > '9')
            continue;
        size_t j = i + 1, k = j, o = 0;
        char buf[32];
        int foreign = 0, ok = 1;
        while (k < n && ok && !tl_norm_is_space(t[k]) && !strchr(",.;:)/", t[k])) {
            size_t l;
            uint32_t c = tl_norm_decode(t + k, &l);
            const char *to = c == '0' ? "О" : tl_norm_is_lat(c) ? tl_script.lat2cyr[c] : NULL;
            if (to)
                foreign = 1;
            else if (tl_norm_is_cyr(c))
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
        int known = low && tl_norm_in_list(tl_script.numsuffix, tl_script.nnumsuffix, low, strlen(low));
        if (known) {
            tl_norm_propose(e, j, k - j, low, strlen(low), "number-suffix");
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
size_t tl_norm_fold_lookalikes(const unsigned char *s, size_t n, char *out, int *untwinned)
{
    size_t o = 0;
    *untwinned = 0;
    for (size_t j = 0; j < n;) {
        size_t l;
        uint32_t c = tl_norm_decode(s + j, &l);
        const char *to = tl_norm_is_lat(c) ? tl_script.lat2cyr[c] : NULL;
        *untwinned += tl_norm_is_lat(c) && !to;
        memcpy(out + o, to ? to : (const char *)s + j, to ? strlen(to) : l);
        o += to ? strlen(to) : l;
        j += l;
    }
    return o;
}

/* A Cyrillic word with Latin look-alike letters in it: they are its Cyrillic ones
 * (a Latin letter with no Cyrillic twin: not a look-alike). */
void tl_norm_lookalikes(const unsigned char *t, words *w, edits *e)
{
    for (size_t k = 0; k < w->n && !e->oom; k++) {
        word *x = &w->v[k];
        if (x->edited || x->in_url || !x->lat || !x->cyr || x->lat > x->cyr)
            continue;
        char buf[512];
        int untwinned;
        if (x->len * 2 >= sizeof buf)
            continue;
        size_t o = tl_norm_fold_lookalikes(t + x->pos, x->len, buf, &untwinned);
        if (!untwinned) {
            tl_norm_propose(e, x->pos, x->len, buf, o, "latin-lookalike");
            x->edited = 1;
        }
    }
}

static int cyrillic_word(const words *w, size_t k)
{
    return k < w->n && !w->v[k].in_url && w->v[k].cyr > w->v[k].lat;
}


/* A short lower-case Latin word among Cyrillic words that spells a Cyrillic one
 * letter for letter in OCR's confusions ("хяналт/too" for "тоо"). */
void tl_norm_latin_words(const unsigned char *t, words *w, edits *e)
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
        if (tl_norm_in_list(tl_script.latin, tl_script.nlatin, low, x->len))
            continue;
        char buf[64];
        size_t o = 0;
        int ok = 1;
        for (size_t j = 0; j < x->len && ok; j++) {
            unsigned char c = t[x->pos + j];
            /* Latin letters beyond ASCII ("ǆ") have no look-alike here. */
            const char *to = c >= 128 ? NULL : tl_script.lat2cyr[c] ? tl_script.lat2cyr[c] : tl_script.ocr2cyr[c];
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
            ok = l && tl_script.lexicon_ok && tl_lexicon_count(l, strlen(l)) >= MIN_SEEN;
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
            ok = on_number || tl_norm_is_word(buf);
        }
        if (ok) {
            tl_norm_propose(e, x->pos, x->len, buf, o, "latin-word");
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
        const char *cand[2 + GLYPH_READS] = { tl_script.lat2cyr[k], tl_script.ocr2cyr[k] };
        memcpy(cand + 2, tl_script.glyph_reads[k], sizeof tl_script.glyph_reads[k]);
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
    const char *r = isdigit(c) ? tl_script.glyph_reads[c][0] : NULL;
    return r && u_isupper((UChar32)tl_norm_decode((const unsigned char *)r, &l));
}


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
void tl_norm_latin_mixed(const unsigned char *t, size_t n, words *w, edits *e)
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
            other_digit |= isdigit(t[end]) && !tl_script.glyph_reads[t[end]][0];
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
            while (tail < n && isalpha(t[tail]) && tl_script.lat2cyr[t[tail]])
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
                    : looks_upper(t[start]) && sentence_start(t, start) ? tl_norm_capitalised(low)
                                                                        : tl_strdup(low);
        /* the ending's letters all have Cyrillic twins (read above) */
        char whole[8 * MIXED_MAX + 4 * SUFFIX_MAX + 8];
        int untwinned;
        size_t o = rep ? (size_t)snprintf(whole, sizeof whole, "%s", rep) : 0;
        if (rep)
            o += tl_norm_fold_lookalikes(t + end, tail - end, whole + o, &untwinned);
        if (!rep)
            e->oom = 1;
        else
            tl_norm_propose(e, start, tail - start, whole, o, "latin-mixed");
        for (size_t j = k; j <= last; j++)
            w->v[j].edited = 1;
        free(rep);
        free(low);
    }
}

