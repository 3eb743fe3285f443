/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Words OCR or a layout broke: hyphenated at a line's end, or split by a space
 * ("байгууллаг ын"). */
#include "rules.h"

/* A word hyphenated at a line's end: "сурталчил-" then, after the break (or the
 * space a layout left of it), "ах".  Joined when the whole is a word (the documents'
 * or hunspell-mn's), or one the word rule repairs ("сурталчилах" -> "сурталчлах");
 * two words that stay words apart keep their hyphen ("хяналт- шинжилгээ" is
 * "хяналт-шинжилгээ"). */
void tl_norm_hyphen_breaks(const unsigned char *t, words *w, edits *e)
{
    if (!tl_script.lexicon_ok)
        return;
    for (size_t k = 0; k + 1 < w->n && !e->oom; k++) {
        word *x = &w->v[k], *y = &w->v[k + 1];
        size_t h = x->pos + x->len;
        if (x->edited || y->edited || x->in_url || y->in_url || x->lat || y->lat || x->cyr < 2 || y->upper ||
            x->len + y->len > WORD_MAX_BYTES || t[h] != '-' || h + 1 >= y->pos)
            continue;
        int gap = 1;
        for (size_t i = h + 1; i < y->pos; i++)
            gap &= tl_norm_is_space(t[i]);
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
        } else if (tl_norm_is_word(low)) {
            rep = tl_strdup(joined);
        } else if ((rep = tl_norm_unknown_word_repair(low, strlen(low), x->cyr + y->cyr)) != NULL) {
            if (x->upper) {
                char *cap = tl_norm_capitalised(rep);
                free(rep);
                rep = cap;
            }
        } else {
            /* two words: the hyphen stays, the break goes */
            char *l2 = tl_strndup((const char *)t + y->pos, y->len);
            if (l2 && tl_norm_is_word(llx) && tl_norm_is_word(l2)) {
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
            tl_norm_propose(e, x->pos, y->pos + y->len - x->pos, rep, strlen(rep), "hyphen-break");
            x->edited = y->edited = 1;
        }
        free(rep);
        free(low);
        free(lx);
        free(llx);
    }
}

/* A word OCR split with a space ("байгууллаг ын", "мэдээллий н", "Хэрэгжилт ийн"):
 * the two halves joined make a word the documents use, and one half is no word
 * alone.  The tail may be one Latin look-alike ("мэдээллий H", "нэмэгдүүлэ x") or in
 * capitals ("тогтоомжи ЙГ"): it is joined as the lower-case Cyrillic letters. */
void tl_norm_split_words(const unsigned char *t, words *w, edits *e)
{
    if (!tl_script.lexicon_ok)
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
            const char *to = y->len == 1 && c < 128 ? (tl_script.lat2cyr[c] ? tl_script.lat2cyr[c] : tl_script.ocr2cyr[c]) : NULL;
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
                   (!tl_norm_is_word(low_head) || (strlen(low_tail) <= 2 && tl_lexicon_count(low_tail, strlen(low_tail)) < MIN_SEEN) ||
                    !tl_norm_is_word(low_tail))) {
            tl_norm_propose(e, x->pos, x->len + 1 + y->len, joined, strlen(joined), "split-word");
            x->edited = y->edited = 1;
        }
        free(lt);
        free(low_head);
        free(low);
        free(low_tail);
    }
}

