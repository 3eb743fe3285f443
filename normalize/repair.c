/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The word rule: a word the documents never use, and hunspell-mn does not know,
 * repaired to the likeliest word they do use that OCR's confusions explain, by its
 * neighbours or alone (nearest.c finds the candidates). */
#include "rules.h"

#define MAX_COST 3.0          /* at most this much confusion in one word */
#define RARE_COST 1.5         /* ... in a word the documents use themselves (one confusion) */
#define RARE_RATIO 50         /* a word used once is a misreading of one used this many times more */
#define MARGIN 1.0            /* the repair's score beats the next candidate's by this much */
#define WILD_MIN 5            /* shorter words are repaired by listed confusions only: "акт",
                               * "топ", pieces of words ("наас") have too many neighbours */
#define WILD_COST 2.0         /* one wildcard edit, no more: two edits in a word no confusion
                               * explains turn real words into others ("сурталын" ->
                               * "сургалтын", "үүдийн" -> "үүргийн") */
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
int tl_norm_in_context(const char *prev, const char *next, const char *w, size_t n)
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
    int c = tl_norm_in_context(j->prev, j->next, w, bytes);
    if (c >= CONTEXT_MIN)
        weigh(&j->context, w, bytes, count, cost, log((double)c) - COST_WEIGHT * cost);
    return 0;
}

/* The lower-cased word next to word k (dir -1 or +1) when only spaces stand between
 * them on one line; NULL otherwise. */
char *tl_norm_neighbour(const unsigned char *t, const words *w, size_t k, int dir)
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
        x[nx++] = tl_norm_decode((const unsigned char *)a + i, &l);
    for (size_t i = 0; i < bn && ny < WORD_MAX_BYTES; i += l)
        y[ny++] = tl_norm_decode((const unsigned char *)b + i, &l);
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
    for (size_t r = 0; r < tl_script.nverb_forms; r++) {
        size_t sl = strlen(tl_script.verb_forms[r]);
        if (n < sl + 2 * VERB_STEM_LETTERS || strcmp(low + n - sl, tl_script.verb_forms[r]) != 0)
            continue;
        /* a stem ending in a vowel takes "х" ("тусла-ж": "тусла-х"), one ending in a
         * consonant a vowel and "х" ("ав-ч": "ав-ах"); "тэж" is then no form of
         * "тээх" */
        int32_t at = (int32_t)(n - sl);
        U8_BACK_1((const uint8_t *)low, 0, at);
        size_t l;
        int vowel_stem = is_vowel(tl_norm_decode((const unsigned char *)low + at, &l));
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
char *tl_norm_capitalised(const char *low)
{
    char *orig = tl_strdup(low);
    if (!orig)
        return NULL;
    size_t l;
    uint32_t c = tl_norm_decode((const unsigned char *)orig, &l);
    UChar32 up = u_toupper((UChar32)c);
    if (up < 0x800 && up >= 0x80 && l == 2) {
        orig[0] = (char)(0xC0 | (up >> 6));
        orig[1] = (char)(0x80 | (up & 0x3F));
    } else if (up < 0x80 && l == 1) {
        orig[0] = (char)up;
    }
    return orig;
}

/* Whether the word rule can read this text at all: rules.h, READABLE_MIN, says why. */
void tl_norm_tally(const unsigned char *t, const words *w, size_t *all, size_t *known)
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

int tl_norm_readable(size_t all, size_t known)
{
    return all < READABLE_MIN || known * READABLE_PART >= all;
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
void tl_norm_repair_words(const unsigned char *t, words *w, edits *e)
{
    size_t all = 0, known = 0;
    if (tl_script.lexicon_ok)
        tl_norm_tally(t, w, &all, &known);
    if (!tl_script.lexicon_ok || !tl_norm_readable(all, known))
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
            (up > 1 && !(caps && x->cyr >= CAPS_WORD_MIN && !tl_norm_in_list(tl_script.abbr, tl_script.nabbr, (const char *)t + x->pos, x->len))) ||
            (up == 1 && !u_isupper((UChar32)tl_norm_decode(t + x->pos, &(size_t){ 0 }))) || tl_norm_after_initial(t, x))
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
            j.prev = prev = tl_norm_neighbour(t, w, k, -1);
            j.next = next = tl_norm_neighbour(t, w, k, +1);
        }
        const choice *pick = NULL;
        const char *rule = NULL;
        if (n == x->len && seen < KNOWN && !(seen >= 1 && tl_norm_in_context(prev, next, low, n))) {
            pick = settle(&j, low, n, seen, x->cyr, &rule);
            /* a capitalised word: hunspell-mn may know it as written */
            if (pick && pick == &j.word && up && !caps && tl_spell_known(orig) != 0)
                pick = NULL;
            /* A word hunspell-mn knows only capitalised is a name ("Орхон", "СҮХБОЛД") */
            if (pick && x->upper && tl_norm_name_only(low))
                pick = NULL;
        }
        if (pick) {
            char *found = tl_strndup(pick->w, pick->bytes);
            char *rep = !found ? NULL : caps ? tl_upper(found) : up ? tl_norm_capitalised(found) : tl_strdup(found);
            pending *p = NULL;
            for (size_t i = 0; lowered && i < e->n; i++)
                if (e->v[i].pos == x->pos && e->v[i].len == x->len)
                    p = &e->v[i];
            if (rep && p && u_isupper((UChar32)tl_norm_decode((const unsigned char *)p->repl, &(size_t){ 0 }))) {
                char *cap = tl_norm_capitalised(rep); /* the run kept this one's capital */
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
                tl_norm_propose_scored(e, x->pos, x->len, rep, strlen(rep), rule, edge(pick->score - pick->second));
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
int tl_norm_is_word(const char *w)
{
    return tl_lexicon_count(w, strlen(w)) >= 1 || tl_spell_known(w) == 1;
}

/* The word rule's repair of a lower-case word the documents do not use, without
 * context: a copy of the lexicon word, or NULL (none, or no memory). */
char *tl_norm_unknown_word_repair(const char *low, size_t n, int letters)
{
    if (tl_lexicon_count(low, n) >= 1)
        return NULL;
    judge j = { NULL, NULL, MAX_COST, NO_CHOICE, NO_CHOICE };
    const char *rule;
    const choice *c = settle(&j, low, n, -1, letters, &rule);
    return c ? tl_strndup(c->w, c->bytes) : NULL;
}

