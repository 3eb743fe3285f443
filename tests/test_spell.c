/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The spelling guard reads hunspell-mn's word list in groups (normalize/spell_groups.c)
 * and must answer exactly as the whole dictionary does.  Checked word for word on the
 * seeds' words (the OCR-garbled seed 000 among them), the normalizer's dev and train
 * sets, their capitalised, upper-case and shortened forms, words joined in pairs
 * (compounds), every 40th entry of the dictionary itself and the forms its suffix
 * rules (one, or two in a row) make of its short words. */
#include "normalize/private.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <hunspell.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#define DIC "/usr/share/hunspell/mn_MN.dic"
#define AFF "/usr/share/hunspell/mn_MN.aff"

static void add(GHashTable *set, const char *w, size_t n)
{
    if (n && n < 200)
        g_hash_table_add(set, g_strndup(w, n));
}

/* Upper-cased (whole, or the first letter only) with ICU */
static char *recase(const char *w, int first_only)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar u[256], v[256];
    int32_t n, m;
    u_strFromUTF8(u, 256, &n, w, -1, &st);
    if (U_FAILURE(st) || n >= 256)
        return NULL;
    if (first_only) {
        memcpy(v, u, (size_t)n * sizeof *u);
        m = n;
        if (n && !U16_IS_SURROGATE(u[0]))
            v[0] = (UChar)u_toupper(u[0]);
    } else {
        m = u_strToUpper(v, 256, u, n, "", &st);
    }
    char *out = malloc(1024);
    u_strToUTF8(out, 1024, NULL, v, m, &st);
    if (U_FAILURE(st)) {
        free(out);
        return NULL;
    }
    return out;
}

/* The words of a text (letters and inner hyphens), their other cases, their first
 * letters less one or two, and each joined to the next */
static void words_of(GHashTable *set, const char *text)
{
    const char *prev = NULL;
    size_t prevn = 0;
    int32_t i = 0, len = (int32_t)strlen(text);
    while (i < len) {
        int32_t start = i, end = i, prev_i = i;
        UChar32 c;
        U8_NEXT((const uint8_t *)text, i, len, c);
        if (c < 0 || !u_isalpha(c))
            continue;
        end = i;
        while (i < len) {
            prev_i = i;
            U8_NEXT((const uint8_t *)text, i, len, c);
            if (c >= 0 && (u_isalpha(c) || c == '-'))
                end = i;
            else {
                i = prev_i;
                break;
            }
        }
        const char *w = text + start;
        size_t n = (size_t)(end - start);
        while (n && w[n - 1] == '-')
            n--;
        char *copy = g_strndup(w, n);
        add(set, w, n);
        for (int k = 0; k < 2; k++) {
            char *r = recase(copy, k);
            if (r)
                add(set, r, strlen(r));
            free(r);
        }
        char *low = g_utf8_strdown(copy, -1);
        add(set, low, strlen(low));
        /* its stem-like beginnings */
        glong letters = g_utf8_strlen(low, -1);
        for (glong cut = 1; cut <= 3 && letters - cut >= 2; cut++) {
            const char *e = g_utf8_offset_to_pointer(low, letters - cut);
            add(set, low, (size_t)(e - low));
        }
        if (prev) {
            char *pair = g_strdup_printf("%.*s%s", (int)prevn, prev, low);
            add(set, pair, strlen(pair));
            g_free(pair);
        }
        prev = text + start;
        prevn = n;
        g_free(low);
        g_free(copy);
    }
}

typedef struct sfx {
    char *strip, *app, *cont;
} sfx;

/* The lines of text, cut in place (g_strsplit searches the rest of the text for
 * each line: under AddressSanitizer, whose strstr measures it every time, that is
 * quadratic on a 17 MB dictionary).  NULL-terminated; free the array only. */
static char **lines_of(char *text)
{
    GPtrArray *a = g_ptr_array_new();
    char *end = text + strlen(text);
    for (char *p = text; p;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl)
            *nl = 0;
        g_ptr_array_add(a, p);
        p = nl ? nl + 1 : NULL;
    }
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

static void sfx_free(gpointer p)
{
    sfx *r = p;
    g_free(r->strip);
    g_free(r->app);
    g_free(r->cont);
    g_free(r);
}

/* hunspell-mn's suffix rules by flag (conditions left out: forms no rule allows
 * are made too, and must be refused by both) */
static GHashTable *read_rules(void)
{
    char *aff = NULL;
    cr_assert(g_file_get_contents(AFF, &aff, NULL, NULL));
    char **lines = lines_of(aff);
    GHashTable *rules = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    for (size_t k = 0; lines[k]; k++) {
        char **f = g_strsplit_set(lines[k], " \t", -1);
        if (g_strv_length(f) >= 5 && !strncmp(f[0], "SF", 2)) {
            GPtrArray *list = g_hash_table_lookup(rules, f[1]);
            if (!list) {
                list = g_ptr_array_new_with_free_func(sfx_free);
                g_hash_table_insert(rules, g_strdup(f[1]), list);
            }
            char *slash = strchr(f[3], '/');
            sfx *r = g_new0(sfx, 1);
            r->cont = g_strdup(slash ? slash + 1 : "");
            if (slash)
                *slash = 0;
            r->strip = g_strdup(strcmp(f[2], "0") ? f[2] : "");
            r->app = g_strdup(strcmp(f[3], "0") ? f[3] : "");
            g_ptr_array_add(list, r);
        }
        g_strfreev(f);
    }
    g_free(lines);
    g_free(aff);
    return rules;
}

static int ends_with(const char *w, size_t wn, const char *end)
{
    size_t n = strlen(end);
    return n <= wn && !memcmp(w + wn - n, end, n);
}

/* Forms the suffix rules make of the dictionary's short words that strip some of the
 * word: one suffix (words of up to six letters), or a second one allowed by the
 * first that strips more than the first added (up to five).  Where a stem keeps fewer than three letters of
 * the word checked is the case the grouping keeps in group 0. */
static void short_forms(GHashTable *set, char **dic_lines)
{
    GHashTable *rules = read_rules();
    for (size_t k = 1; dic_lines[k]; k++) {
        char *slash = strchr(dic_lines[k], '/');
        glong letters = slash ? g_utf8_strlen(dic_lines[k], slash - dic_lines[k]) : 99;
        if (letters > 6)
            continue;
        size_t wn = (size_t)(slash - dic_lines[k]);
        for (const char *fl = slash + 1; fl[0] && fl[1] && fl[0] != ' ' && fl[0] != '\t'; fl += 2) {
            char flag[3] = { fl[0], fl[1], 0 };
            GPtrArray *list = g_hash_table_lookup(rules, flag);
            for (guint r = 0; list && r < list->len; r++) {
                const sfx *r1 = g_ptr_array_index(list, r);
                if (!ends_with(dic_lines[k], wn, r1->strip))
                    continue;
                char *form = g_strdup_printf("%.*s%s", (int)(wn - strlen(r1->strip)), dic_lines[k], r1->app);
                if (*r1->strip)
                    add(set, form, strlen(form));
                for (const char *c = letters <= 5 ? r1->cont : ""; c[0] && c[1]; c += 2) {
                    char cflag[3] = { c[0], c[1], 0 };
                    GPtrArray *then = g_hash_table_lookup(rules, cflag);
                    for (guint t = 0; then && t < then->len; t++) {
                        const sfx *r2 = g_ptr_array_index(then, t);
                        if (strlen(r2->strip) > strlen(r1->app) && ends_with(form, strlen(form), r2->strip)) {
                            char *two = g_strdup_printf("%.*s%s", (int)(strlen(form) - strlen(r2->strip)), form,
                                                        r2->app);
                            add(set, two, strlen(two));
                            g_free(two);
                        }
                    }
                }
                g_free(form);
            }
        }
    }
    g_hash_table_destroy(rules);
}

static GHashTable *test_words(void)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const char *files[] = { TL_SAMPLES "/000_e832cc1684c01e82.txt", TL_SAMPLES "/001_1fb14d448e6d2ac5.txt",
                            TL_SAMPLES "/002_829daa7892635b35.txt", TL_SAMPLES "/003_9969067fe9d7e0c9.txt",
                            TL_SAMPLES "/004_0e8ace6dce33d16c.txt", TL_FIXTURES "/normalize-dev.tsv",
                            TL_FIXTURES "/normalize-train.tsv" };
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char *text = NULL;
        cr_assert(g_file_get_contents(files[f], &text, NULL, NULL), "%s", files[f]);
        words_of(set, text);
        g_free(text);
    }
    char *dic = NULL;
    cr_assert(g_file_get_contents(DIC, &dic, NULL, NULL), "hunspell-mn is not installed");
    char **lines = lines_of(dic);
    short_forms(set, lines);
    for (size_t k = 1; lines[k]; k += 40) {
        char *slash = strchr(lines[k], '/');
        if (slash)
            *slash = 0;
        words_of(set, lines[k]);
    }
    g_free(lines);
    g_free(dic);
    return set;
}

static int cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

Test(spell, groups_answer_as_the_whole_dictionary, .timeout = 600)
{
    tl_spell_groups *g = tl_spell_groups_open(DIC, AFF);
    cr_assert_not_null(g);
    Hunhandle *whole = Hunspell_create(AFF, DIC);
    cr_assert_not_null(whole);
    GHashTable *set = test_words();
    guint n = 0;
    char **words = (char **)g_hash_table_get_keys_as_array(set, &n);
    cr_assert_gt(n, 20000, "only %u words to check", n);
    /* by group, a fresh handle every 40 groups (one made again at 32 on the way) */
    size_t *order = malloc(n * sizeof *order);
    for (guint i = 0; i < n; i++)
        order[i] = tl_spell_groups_of(g, words[i]) << 32 | i;
    qsort(order, n, sizeof *order, cmp);
    tl_spell_lazy *s = NULL;
    size_t known = 0, unknown = 0, differ = 0;
    /* Under the sanitizers every 16th word (hunspell's millions of small allocations
     * through their allocator take a minute per 15,000 words); all of them otherwise. */
#ifdef TL_SANITIZED
    const guint step = 16;
#else
    const guint step = 1;
#endif
    for (guint k = 0; k < n; k += step) {
        const char *w = words[order[k] & 0xFFFFFFFF];
        if (!s || tl_spell_lazy_groups(s) >= 40) {
            tl_spell_lazy_free(s);
            s = tl_spell_lazy_open(g);
            cr_assert_not_null(s);
        }
        int lazy = tl_spell_lazy_check(s, w), full = Hunspell_spell(whole, w) != 0;
        cr_assert_geq(lazy, 0, "%s: its group did not load", w);
        if (lazy != full && differ++ < 20)
            cr_log_error("%s: groups say %d, the whole dictionary %d", w, lazy, full);
        known += (size_t)full;
        unknown += !full;
    }
    cr_log_info("%u words: %zu known, %zu unknown, %zu answered otherwise", n, known, unknown, differ);
    cr_expect_eq(differ, 0, "%zu of %u words answered otherwise", differ, n);
    /* both answers are well represented, so the comparison means something */
    cr_expect_gt(known * step, 10000, "%zu known", known);
    cr_expect_gt(unknown * step, 5000, "%zu unknown", unknown);
    tl_spell_lazy_free(s);
    free(order);
    g_free(words);
    g_hash_table_destroy(set);
    Hunspell_destroy(whole);
    tl_spell_groups_free(g);
}

/* The build's index is what cutting the word list at run time gives */
Test(spell, build_index_is_the_cut)
{
    tl_spell_groups *indexed = tl_spell_groups_open(DIC, AFF), *cut = tl_spell_groups_cut(DIC, AFF);
    cr_assert_not_null(indexed);
    cr_assert_not_null(cut);
    size_t n = tl_spell_groups_count(indexed), entries = 0;
    cr_assert_eq(n, tl_spell_groups_count(cut));
    /* hunspell-mn 2022.07.28: 574,441 entries in 3,300 groups */
    cr_expect_gt(n, 2000);
    for (size_t i = 0; i < n; i++) {
        size_t a, b;
        char *x = tl_spell_groups_dic(indexed, &i, 1, &a), *y = tl_spell_groups_dic(cut, &i, 1, &b);
        cr_assert(a == b && !memcmp(x, y, a), "group %zu differs", i);
        entries += tl_spell_groups_entries(cut, i);
        free(x);
        free(y);
    }
    cr_expect_gt(entries, 500000);
    const char *w[] = { "хариуцлагын", "Тамгын", "ААН-ийн", "газар", "ёс" };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        cr_expect_eq(tl_spell_groups_of(indexed, w[i]), tl_spell_groups_of(cut, w[i]), "%s", w[i]);
    tl_spell_groups_free(indexed);
    tl_spell_groups_free(cut);
}

/* A check loads group 0 and its word's group: a small part of the word list */
Test(spell, a_check_loads_its_group_only)
{
    tl_spell_groups *g = tl_spell_groups_open(DIC, AFF);
    cr_assert_not_null(g);
    tl_spell_lazy *s = tl_spell_lazy_open(g);
    cr_assert_not_null(s);
    size_t all = 0;
    for (size_t i = 0; i < tl_spell_groups_count(g); i++)
        all += tl_spell_groups_entries(g, i);
    cr_expect_eq(tl_spell_lazy_check(s, "хариуцлагын"), 1);
    cr_expect_eq(tl_spell_lazy_check(s, "хариуцлага"), 1); /* the same group */
    cr_expect_eq(tl_spell_lazy_groups(s), 1);
    size_t loaded = tl_spell_groups_entries(g, 0) + tl_spell_groups_entries(g, tl_spell_groups_of(g, "хариуцлагын"));
    cr_expect_lt(loaded * 10, all, "%zu of %zu entries loaded", loaded, all);
    /* an OCR misreading of it is not a word */
    cr_expect_eq(tl_spell_lazy_check(s, "хариуцлагьн"), 0);
    /* a capitalised place name, and the lower-case form it does not allow */
    cr_expect_eq(tl_spell_lazy_check(s, "Орхон"), 1);
    cr_expect_eq(tl_spell_lazy_groups(s), 2);
    tl_spell_lazy_free(s);
    tl_spell_groups_free(g);
}
