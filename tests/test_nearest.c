/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The nearest-word search rules candidates out on their letters before it weighs a
 * misreading (normalize/nearest.c); that must never lose one.  Checked against the
 * same search by the full distance of every word of a near length, on the words OCR
 * garbled in seed 000 and in the normalizer's dev and train sets, on every lexicon
 * word with one and two random edits (letters of the Mongolian alphabet, listed
 * confusions among them), and on random words, at each limit the normalizer uses. */
#include "helpers.h"
#include "normalize/normalize.h"
#include "normalize/private.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

static const char *const alphabet[] = { "а", "б", "в", "г", "д", "е", "ё", "ж", "з", "и", "й", "к", "л", "м",
                                        "н", "о", "ө", "п", "р", "с", "т", "у", "ү", "ф", "х", "ц", "ч", "ш",
                                        "щ", "ъ", "ы", "ь", "э", "ю", "я" };
#define NLETTERS (sizeof alphabet / sizeof *alphabet)

static int collect(const char *w, size_t bytes, int count, double cost, void *ctx)
{
    g_ptr_array_add(ctx, g_strdup_printf("%.*s %d %.4f", (int)bytes, w, count, cost));
    return 0;
}

static int by_text(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t found;

/* Both searches of w at limit: the same candidates at the same costs */
static void expect_same(const char *w, double limit, int wild)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free), *b = g_ptr_array_new_with_free_func(g_free);
    tl_nearest_each(w, strlen(w), limit, wild, collect, a);
    tl_nearest_each_unfiltered(w, strlen(w), limit, wild, collect, b);
    g_ptr_array_sort(a, by_text);
    g_ptr_array_sort(b, by_text);
    cr_expect_eq(a->len, b->len, "\"%s\" (limit %.1f, wild %d): %u candidates, %u by full distance", w, limit,
                 wild, a->len, b->len);
    for (guint i = 0; i < a->len && i < b->len; i++)
        cr_expect_str_eq(a->pdata[i], b->pdata[i], "\"%s\" (limit %.1f, wild %d)", w, limit, wild);
    found += a->len;
    g_ptr_array_free(a, TRUE);
    g_ptr_array_free(b, TRUE);
}

static void expect_same_all(const char *w)
{
    expect_same(w, 3.0, 0); /* repair.c: MAX_COST, RARE_COST, WILD_COST */
    expect_same(w, 1.5, 0);
    expect_same(w, 2.0, 1);
}

/* The lower-case words (letters only) of a text */
static void words_of(GHashTable *set, const char *text)
{
    char *low = g_utf8_strdown(text, -1);
    for (const char *p = low; *p;) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isalpha(c)) {
            p = g_utf8_next_char(p);
            continue;
        }
        const char *s = p;
        while (*p && g_unichar_isalpha(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        g_hash_table_add(set, g_strndup(s, (gsize)(p - s)));
    }
    g_free(low);
}

static void add_file(GHashTable *set, const char *path)
{
    char *text;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "%s", path);
    words_of(set, text);
    g_free(text);
}

/* One random edit of w: a letter changed, dropped, added, or two exchanged */
static char *edited(const char *w, GRand *r)
{
    glong n = g_utf8_strlen(w, -1);
    if (n < 2)
        return g_strdup(w);
    GString *s = g_string_new(NULL);
    int kind = g_rand_int_range(r, 0, 4);
    glong at = g_rand_int_range(r, 0, (gint32)n - 1);
    const char *p = w;
    for (glong i = 0; i < n; i++, p = g_utf8_next_char(p)) {
        const char *next = g_utf8_next_char(p);
        if (i == at && kind == 0)
            g_string_append(s, alphabet[g_rand_int_range(r, 0, NLETTERS)]);
        else if (i == at && kind == 1)
            ;
        else if (i == at && kind == 2) {
            g_string_append(s, alphabet[g_rand_int_range(r, 0, NLETTERS)]);
            g_string_append_len(s, p, next - p);
        } else if (i == at && kind == 3) {
            const char *after = g_utf8_next_char(next);
            g_string_append_len(s, next, after - next);
            g_string_append_len(s, p, next - p);
            p = next, i++;
        } else
            g_string_append_len(s, p, next - p);
    }
    return g_string_free(s, FALSE);
}

static int add_lexicon_word(const char *w, size_t n, int count, void *ctx)
{
    (void)count;
    if (!memchr(w, ' ', n))
        g_hash_table_add(ctx, g_strndup(w, n));
    return 0;
}

Test(nearest, filter_answers_as_the_full_distance, .timeout = 600)
{
    /* the normalizer's data, loaded as a conversion loads it */
    char *out = tl_norm_text("Тамын газар", NULL);
    cr_assert_str_eq(out, "Тамгын газар");
    free(out);

    GHashTable *words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    add_file(words, SEED000);
    add_file(words, TL_FIXTURES "/normalize-dev.tsv");
    add_file(words, TL_FIXTURES "/normalize-train.tsv");
    size_t garbled = g_hash_table_size(words);
    cr_assert_gt(garbled, 500);

    GHashTable *lexicon = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    tl_lexicon_each(1, add_lexicon_word, lexicon);
    cr_assert_gt(g_hash_table_size(lexicon), 2000);
    GRand *r = g_rand_new_with_seed(2026);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, lexicon);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        char *once = edited(key, r), *twice = edited(once, r);
        g_hash_table_add(words, once);
        g_hash_table_add(words, twice);
    }
    for (int i = 0; i < 2000; i++) {
        GString *s = g_string_new(NULL);
        for (int k = g_rand_int_range(r, 3, 13); k > 0; k--)
            g_string_append(s, alphabet[g_rand_int_range(r, 0, NLETTERS)]);
        g_hash_table_add(words, g_string_free(s, FALSE));
    }
    g_rand_free(r);

    g_hash_table_iter_init(&it, words);
    while (g_hash_table_iter_next(&it, &key, NULL))
        expect_same_all(key);
    /* not vacuous: a word edited once is mostly found again (not at its ending,
     * where only listed confusions apply) */
    cr_expect_gt(found, 1500, "%zu candidates for %u words", found, g_hash_table_size(words));
    g_hash_table_destroy(words);
    g_hash_table_destroy(lexicon);
}
