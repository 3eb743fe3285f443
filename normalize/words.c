/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text read once into words (runs of letters, with their scripts and case)
 * and the edits the rules propose on them. */
#include "rules.h"

/* A repair with its score (see tl_edit); the rules that decide by a measure give
 * theirs, the others propose() at 1. */
void tl_norm_propose_scored(edits *e, size_t pos, size_t len, const char *repl, size_t rlen, const char *rule,
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

void tl_norm_propose(edits *e, size_t pos, size_t len, const char *repl, size_t rlen, const char *rule)
{
    tl_norm_propose_scored(e, pos, len, repl, rlen, rule, 1.0);
}

int tl_norm_by_pos(const void *a, const void *b)
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

/* An address: e-mail, web address or domain name, mostly Latin ("tender.gov.mn",
 * "еoffice.baiahongor.gov.mп"). */
static int address_chunk(const unsigned char *s, size_t n)
{
    int lat = 0, cyr = 0, dot_between = 0, at = 0;
    for (size_t i = 0; i < n;) {
        size_t l;
        uint32_t c = tl_norm_decode(s + i, &l);
        lat += tl_norm_is_lat(c);
        cyr += tl_norm_is_cyr(c) && u_isalpha((UChar32)c);
        at |= c == '@';
        if (c == '.' && i > 0 && i + 1 < n) {
            size_t pl, nl;
            uint32_t p = tl_norm_decode(s + i - 1, &pl), q = tl_norm_decode(s + i + 1, &nl);
            (void)pl;
            dot_between |= (tl_norm_is_lat(p) || tl_norm_is_cyr(p)) && (tl_norm_is_lat(q) || tl_norm_is_cyr(q));
        }
        i += l;
    }
    if (n >= 4 && (!memcmp(s, "http", 4) || !memcmp(s, "www.", 4)))
        return 1;
    return (at || dot_between) && lat > 0 && lat >= 2 * cyr;
}

void tl_norm_scan_words(const unsigned char *t, size_t n, words *w, edits *e)
{
    size_t line = 0;
    for (size_t i = 0; i < n && !e->oom;) {
        while (i < n && (tl_norm_is_space(t[i]) || tl_norm_nbsp(t + i, n - i))) {
            line += t[i] == '\n';
            i += tl_norm_nbsp(t + i, n - i) ? 2 : 1;
        }
        size_t start = i;
        while (i < n && !tl_norm_is_space(t[i]) && !tl_norm_nbsp(t + i, n - i))
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
                uint32_t c = tl_norm_decode(t + j, &l);
                char to = tl_norm_is_cyr(c) ? tl_norm_to_latin(c) : 0;
                if (tl_norm_is_cyr(c) && !to)
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
                tl_norm_propose(e, start, i - start, fixed, k, "url-letters");
            free(fixed);
        }
        for (size_t j = start; j < i && !e->oom;) {
            size_t l;
            uint32_t c = tl_norm_decode(t + j, &l);
            if (!u_isalpha((UChar32)c)) {
                j += l;
                continue;
            }
            word x = { j, 0, 0, 0, 0, 0, url, 0, line, 0 };
            while (j < i) {
                c = tl_norm_decode(t + j, &l);
                if (!u_isalpha((UChar32)c))
                    break;
                x.cyr += tl_norm_is_cyr(c);
                x.lat += tl_norm_is_lat(c);
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

