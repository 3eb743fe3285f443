/* SPDX-License-Identifier: GPL-3.0-or-later */
/* variant-report MANIFEST SAMPLES_DIR: for every file the manifest lists (a line
 * "file<TAB>seed<TAB>layout", files beside the manifest), the plan it gives against
 * the plan of the seed's text: actions found, under the same objectives, values
 * equal, words found.  One line per file; exit 1 when any file loses anything
 * (bench/variants.sh prints it; test_variants asserts the same). */
#include "plans.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: variant-report MANIFEST SAMPLES_DIR\n");
        return 2;
    }
    gchar *body = NULL;
    if (!g_file_get_contents(argv[1], &body, NULL, NULL)) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 2;
    }
    gchar *dir = g_path_get_dirname(argv[1]);
    gchar **lines = g_strsplit(body, "\n", -1);
    int bad = 0;
    printf("%-28s %-9s %-9s %-9s %-7s %s\n", "file", "actions", "parents", "values", "recall", "first loss");
    for (gchar **l = lines; *l; l++) {
        gchar **f = g_strsplit(*l, "\t", 3);
        if (**l && **l != '#' && f[0] && f[1]) {
            gchar *path = g_build_filename(dir, f[0], NULL);
            gchar *pattern = g_strdup_printf("%s_", f[1]), *text = NULL;
            GDir *d = g_dir_open(argv[2], 0, NULL);
            for (const char *n; d && (n = g_dir_read_name(d)) && !text;)
                if (g_str_has_prefix(n, pattern) && g_str_has_suffix(n, ".txt"))
                    text = g_build_filename(argv[2], n, NULL);
            if (d)
                g_dir_close(d);
            plan_score s;
            tl_error err = { 0 };
            if (!text || plan_compare(path, text, &s, &err)) {
                printf("%-28s failed: %s\n", f[0], text ? err.msg : "no seed text");
                bad++;
            } else {
                char a[32], p[32], v[32];
                snprintf(a, sizeof a, "%zu/%zu", s.actions_found, s.actions);
                snprintf(p, sizeof p, "%zu/%zu", s.parents_equal, s.actions);
                snprintf(v, sizeof v, "%zu/%zu", s.values_equal, s.values);
                printf("%-28s %-9s %-9s %-9s %.4f  %s\n", f[0], a, p, v,
                       s.words ? (double)s.words_found / (double)s.words : 0.0, s.first_loss);
                if (getenv("TL_VARIANT_WORDS") && s.words_lost[0])
                    printf("    words lost: %s\n", s.words_lost);
                bad += s.first_loss[0] != '\0';
            }
            g_free(path);
            g_free(pattern);
            g_free(text);
        }
        g_strfreev(f);
    }
    g_strfreev(lines);
    g_free(dir);
    g_free(body);
    return bad ? 1 : 0;
}
