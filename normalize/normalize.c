/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rule-based repairs (see normalize.h): the rules (rules.h says where each lives)
 * run in order over the text's words, and the repaired text is spliced from their
 * edits; the space rules are here, with the stage's public calls. */
#include "rules.h"

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

static pthread_once_t once = PTHREAD_ONCE_INIT;

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
    for (size_t k = 0; k < tl_script.ntlds; k++) {
        size_t l = strlen(tl_script.tlds[k]);
        if (n >= l && !strncasecmp((const char *)t, tl_script.tlds[k], l) && (n == l || (t[l] < 0x80 && ispunct(t[l]))))
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
        while (i < n && tl_norm_is_space(t[i]))
            i++;
        size_t a = i;
        while (i < n && !tl_norm_is_space(t[i]))
            i++;
        if (i + 1 < n && t[i] == ' ' && !tl_norm_is_space(t[i + 1]) && address_head(t + a, i - a)) {
            size_t b = i + 1, j = b;
            while (j < n && !tl_norm_is_space(t[j]))
                j++;
            if (address_tail(t + b, j - b))
                tl_norm_propose(e, i, 1, "", 0, "address-space");
        }
    }
}

/* Runs of spaces and tabs become one space; at a line's end or the text's ends,
 * none.  A soft hyphen is the typesetter's, never text. */
static void spaces(const unsigned char *t, size_t n, edits *e)
{
    for (size_t i = 0; i < n && !e->oom;) {
        if (t[i] == 0xC2 && i + 1 < n && t[i + 1] == 0xAD) {
            tl_norm_propose(e, i, 2, "", 0, "soft-hyphen");
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
            tl_norm_propose(e, s, i - s, "", 0, "space");
        else if (i - s > 1 || t[s] == '\t')
            tl_norm_propose(e, s, i - s, " ", 1, "space");
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
    pthread_once(&once, tl_script_load);
    return tl_script.latin && tl_script.abbr && tl_script.romanctx && tl_script.tlds ? 0 : -1;
}

/* w[0..n) in lower case as the lookalikes rule reads it: in a word with Cyrillic
 * letters, a Latin look-alike is its Cyrillic letter ("дaa" with Latin a's is "даа").
 * NULL when out of memory. */
static char *cyrillic_reading(const char *w, size_t n)
{
    int cyr = 0, untwinned;
    for (size_t i = 0; i < n;) {
        size_t l;
        cyr |= tl_norm_is_cyr(tl_norm_decode((const unsigned char *)w + i, &l));
        i += l;
    }
    char *copy = malloc(2 * n + 1);
    if (!copy)
        return NULL;
    size_t o = cyr ? tl_norm_fold_lookalikes((const unsigned char *)w, n, copy, &untwinned) : n;
    if (!cyr)
        memcpy(copy, w, n);
    copy[o] = '\0';
    char *low = tl_lower(copy);
    free(copy);
    return low;
}

int tl_norm_lexicon_count(const char *w, size_t n)
{
    if (tl_norm_load() || !tl_script.lexicon_ok)
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
    tl_norm_scan_words(t, n, &w, &e);
    tl_norm_mark_sentence_case(&w);
    tl_norm_number_suffixes(t, n, &w, &e);
    tl_norm_lookalikes(t, &w, &e);
    tl_norm_latin_mixed(t, n, &w, &e);
    tl_norm_latin_words(t, &w, &e);
    tl_norm_caps_runs(t, &w, &e);
    tl_norm_quarter_ranges(t, &w, &e);
    tl_norm_roman_numerals(t, &w, &e);
    tl_norm_hyphen_breaks(t, &w, &e);
    tl_norm_split_words(t, &w, &e);
    tl_norm_caps_words(t, &w, &e);
    if (words_rule)
        tl_norm_repair_words(t, &w, &e);
    tl_norm_percent_cell(t, n, &e);
    free(w.v);
    char *res = NULL;
    if (!e.oom) {
        if (e.n > 1)
            qsort(e.v, e.n, sizeof *e.v, tl_norm_by_pos);
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
    tl_norm_scan_words((const unsigned char *)c->text, strlen(c->text), &w, &e);
    tl_norm_tally((const unsigned char *)c->text, &w, &k->all, &k->known);
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
    if (tl_norm_load() == 0 && tl_script.lexicon_ok) {
        each_cell(doc, add_bytes, &k);
        words_rule = each_cell(doc, tally_cell, &k) || tl_norm_readable(k.all, k.known);
    }
    pass p = { words_rule, 0 };
    if (each_cell(doc, normalize_each, &p))
        return tl_error_set(err, TL_E_INTERNAL, "out of memory normalizing the text");
    if (changed)
        *changed = p.changed;
    return TL_OK;
}

