/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The same plan out of every layout of a document: each seed's text rendered by
 * tests/fixtures/src/variants.py in twelve layouts (orientation, font, column widths,
 * objectives merged, repeated or on rows of their own, header repeated or not, rules
 * full, across only or none, a place line above), as PDF and DOCX, a third also as
 * scans.  Every file must give the text's actions under the same objectives with the
 * same values, and keep its words (bench/variants.sh prints the table).
 *
 * Not all do yet.  variants/known-losses.tsv lists the files that lose something
 * today with what each still gives (actions, under the same objectives, values, word
 * recall, as measured): those may not give less; every other file must lose nothing.
 * A fix removes its files from the list; the issue (17) is done when it is empty. */
#include "helpers.h"
#include "plans.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define VARIANTS TL_FIXTURES "/variants"

/* OCR of a dozen scans takes minutes; under the sanitizers (CI's second run) the
 * scans are left to the plain build, and each layout is checked on one seed only
 * (layout number modulo 4 picks it): every layout's code paths still run under the
 * sanitizers at a quarter of the time, the plain build checks every file. */
#ifdef TL_SANITIZED
#define SCANS_OFF 1
#define ONE_SEED_A_LAYOUT 1
#else
#define SCANS_OFF 0
#define ONE_SEED_A_LAYOUT 0
#endif

/* Whether name ("seedSSS-vNN...") is the seed this run checks layout NN on. */
static int layout_sampled(const char *name)
{
    static const char *const seeds[] = { "000", "001", "002", "004" };
    char seed[4];
    int layout;
    if (!ONE_SEED_A_LAYOUT)
        return 1;
    if (sscanf(name, "seed%3s-v%d", seed, &layout) != 2)
        return 1;
    return strcmp(seed, seeds[layout % 4]) == 0;
}

typedef struct floor_ {
    size_t actions, parents, values;
    double recall;
} floor_;

/* file name -> its floor (g_free'd) */
static GHashTable *known_losses(void)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    gchar *body = NULL;
    cr_assert(g_file_get_contents(VARIANTS "/known-losses.tsv", &body, NULL, NULL), "no known-losses.tsv");
    gchar **lines = g_strsplit(body, "\n", -1);
    for (gchar **l = lines; *l; l++) {
        floor_ *f = g_new0(floor_, 1);
        char name[128];
        if (**l != '#' && sscanf(*l, "%127s %zu %zu %zu %lf", name, &f->actions, &f->parents, &f->values, &f->recall) == 5)
            g_hash_table_insert(h, g_strdup(name), f);
        else
            g_free(f);
    }
    g_strfreev(lines);
    g_free(body);
    return h;
}

/* Scores every file of seed whose name ends in suffix (and, for ".pdf", is not a
 * scan) against the seed's text; recall is the least share of words to keep. */
static void check(const char *seed, const char *text, const char *suffix, double recall)
{
    gchar *body = NULL;
    cr_assert(g_file_get_contents(VARIANTS "/variants.tsv", &body, NULL, NULL), "no manifest");
    gchar **lines = g_strsplit(body, "\n", -1);
    GHashTable *known = known_losses();
    int files = 0;
    for (gchar **l = lines; *l; l++) {
        gchar **f = g_strsplit(*l, "\t", 3);
        int scan = f[0] && g_str_has_suffix(f[0], ".scan.pdf");
        if (**l != '#' && f[0] && f[1] && strcmp(f[1], seed) == 0 && g_str_has_suffix(f[0], suffix) &&
            (scan || strcmp(suffix, ".scan.pdf") != 0) && !(scan && strcmp(suffix, ".pdf") == 0) &&
            layout_sampled(f[0])) {
            gchar *path = g_build_filename(VARIANTS, f[0], NULL);
            plan_score s;
            tl_error err = { 0 };
            cr_assert_eq(plan_compare(path, text, &s, &err), 0, "%s: %s", f[0], err.msg);
            double r = s.words ? (double)s.words_found / (double)s.words : 0;
            const floor_ *fl = g_hash_table_lookup(known, f[0]);
            if (fl)
                cr_expect(s.actions_found >= fl->actions && s.parents_equal >= fl->parents &&
                              s.values_equal >= fl->values && r >= fl->recall - 0.00005,
                          "%s (%s), a known loss, gives less than it did: actions %zu/%zu (was %zu), under the "
                          "same objectives %zu (was %zu), values %zu/%zu (was %zu), recall %.4f (was %.4f): %s",
                          f[0], f[2], s.actions_found, s.actions, fl->actions, s.parents_equal, fl->parents,
                          s.values_equal, s.values, fl->values, r, fl->recall, s.first_loss);
            else if (scan) /* OCR misreads a letter here and there: actions and words */
                cr_expect(s.actions && s.actions_found == s.actions && r >= recall,
                          "%s (%s): actions %zu/%zu, recall %.4f: %s", f[0], f[2], s.actions_found, s.actions, r,
                          s.first_loss);
            else
                cr_expect(s.actions && s.actions_found == s.actions && s.parents_equal == s.actions &&
                              s.values_equal == s.values && r >= recall,
                          "%s (%s): actions %zu/%zu, under the same objectives %zu, values %zu/%zu, recall %.4f: %s",
                          f[0], f[2], s.actions_found, s.actions, s.parents_equal, s.values_equal, s.values, r,
                          s.first_loss);
            files++;
            g_free(path);
        }
        g_strfreev(f);
    }
    cr_expect_geq(files, ONE_SEED_A_LAYOUT ? 1 : 4, "seed %s: only %d %s files", seed, files, suffix);
    g_hash_table_destroy(known);
    g_strfreev(lines);
    g_free(body);
}

Test(variants, seed000_pdf) { check("000", SEED000, ".pdf", 0.99); }
Test(variants, seed001_pdf) { check("001", SEED001, ".pdf", 0.99); }
Test(variants, seed002_pdf) { check("002", SEED002, ".pdf", 0.99); }
Test(variants, seed004_pdf) { check("004", SEED004, ".pdf", 0.99); }
Test(variants, seed000_docx) { check("000", SEED000, ".docx", 0.99); }
Test(variants, seed001_docx) { check("001", SEED001, ".docx", 0.99); }
Test(variants, seed002_docx) { check("002", SEED002, ".docx", 0.99); }
Test(variants, seed004_docx) { check("004", SEED004, ".docx", 0.99); }
Test(variants, seed000_scan, .timeout = 600, .disabled = SCANS_OFF) { check("000", SEED000, ".scan.pdf", 0.97); }
Test(variants, seed001_scan, .timeout = 600, .disabled = SCANS_OFF) { check("001", SEED001, ".scan.pdf", 0.97); }
Test(variants, seed002_scan, .timeout = 600, .disabled = SCANS_OFF) { check("002", SEED002, ".scan.pdf", 0.97); }
