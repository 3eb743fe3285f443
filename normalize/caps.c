/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Capitals: runs of capitals inside sentence-case text lowered, a word in
 * capitals the documents write in lower case, and the questions those rules ask
 * (a name, an initial, a quoted title). */
#include "rules.h"

/* Whether the word is a name's surname after its initial ("Н.ЦЭНДМАА"). */
int tl_norm_after_initial(const unsigned char *t, const word *x)
{
    if (x->pos < 3 || t[x->pos - 1] != '.')
        return 0;
    size_t p = x->pos - 1;
    /* one letter (one or two bytes) before the dot, at a word start */
    size_t q = p >= 2 && (t[p - 2] & 0xE0) == 0xC0 ? p - 2 : p - 1;
    return q == 0 || tl_norm_is_space(t[q - 1]) || t[q - 1] == '/' || t[q - 1] == '(';
}

static int caps_word(const unsigned char *t, const word *x)
{
    return !x->in_url && x->cyr >= 2 && !x->lat && !x->lower && x->upper >= 2 &&
           !tl_norm_in_list(tl_script.abbr, tl_script.nabbr, (const char *)t + x->pos, x->len) && !tl_norm_after_initial(t, x);
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
void tl_norm_mark_sentence_case(words *w)
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
        if (!tl_norm_is_space(t[i]))
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


/* Capitals in a row inside sentence-case text ("Байгууллагын УЙЛ АЖИЛЛАГААНД ОЛОН
 * НИЙТИЙН ...") are lowered; text mostly in capitals is a heading and stays. */
void tl_norm_caps_runs(const unsigned char *t, words *w, edits *e)
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
        size_t need = end - s == CAPS_PAIR && best == CAPS_PAIR && tl_script.lexicon_ok && known_lower(t, &w->v[s]) &&
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
                if ((j == s && x->pos == 0) || tl_norm_name_only(lowered)) {
                    size_t l;
                    tl_norm_decode((const unsigned char *)orig, &l);
                    memcpy(lowered, orig, l);
                }
                tl_norm_propose(e, x->pos, x->len, lowered, strlen(lowered), "caps-run");
            }
            free(orig);
            free(lowered);
        }
    }
}

/* Whether hunspell-mn knows the lower-case word only capitalised: a name
 * ("Баянхонгор"), which the lexicon, lower-cased, cannot tell. */
int tl_norm_name_only(const char *low)
{
    if (tl_spell_known(low) != 0)
        return 0;
    char *cap = tl_norm_capitalised(low);
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
void tl_norm_caps_words(const unsigned char *t, words *w, edits *e)
{
    if (!tl_script.lexicon_ok)
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
        char *prev = before ? tl_norm_neighbour(t, w, k, -1) : NULL, *next = after ? tl_norm_neighbour(t, w, k, +1) : NULL;
        if (!l) {
            e->oom = 1;
        } else if ((alone && (tl_lexicon_count(l, strlen(l)) >= MIN_SEEN || tl_spell_known(l) == 1) &&
                    !tl_norm_name_only(l)) ||
                   (tl_norm_in_context(prev, next, l, strlen(l)) >= CONTEXT_MIN && tl_spell_known(l) == 1)) {
            tl_norm_propose(e, x->pos, x->len, l, strlen(l), "caps-word");
            x->edited = 1;
        }
        free(prev);
        free(next);
        free(orig);
        free(l);
    }
}

