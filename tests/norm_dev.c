/* SPDX-License-Identifier: GPL-3.0-or-later */
/* norm-dev [DEV.tsv]: the normalizer on its dev set (tests/fixtures/normalize-dev.tsv):
 * character error rate of the garbled text against the correct one, before and after,
 * for the part used while writing the rules ("tune") and the part held out ("held").
 * A development aid and the measure; prints one line per part and every
 * held-out line that is still wrong. */
#include "extract/extract.h"
#include "normalize/normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    tl_norm_set_data(getenv("TL_NORM_LEXICON"), getenv("TL_HUNSPELL_DIR")); /* see normalize.h */
    const char *path = argc > 1 ? argv[1] : TL_FIXTURES "/normalize-dev.tsv";
    unsigned char *data;
    size_t size;
    tl_error err;
    if (tl_file_read(path, &data, &size, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        return 1;
    }
    char **rows;
    size_t nrows = tl_tsv_rows(data, size, 3, &rows);
    free(data);
    const char *parts[2] = { "tune", "held" };
    size_t chars[2] = { 0 }, before[2] = { 0 }, after[2] = { 0 }, lines[2] = { 0 };
    for (size_t r = 0; rows && r < nrows; r++) {
        const char *garbled = rows[3 * r + 1], *correct = rows[3 * r + 2];
        if (!correct)
            continue;
        int p = strcmp(rows[3 * r], "held") == 0;
        char *fixed = tl_norm_text(garbled, NULL);
        if (!fixed)
            return 1;
        size_t n = strlen(correct) + 1;
        uint32_t *tmp = malloc(n * sizeof *tmp);
        chars[p] += tl_utf8_decode(correct, tmp, n);
        free(tmp);
        before[p] += tl_str_distance(garbled, correct, SIZE_MAX);
        size_t d = tl_str_distance(fixed, correct, SIZE_MAX);
        after[p] += d;
        lines[p]++;
        if (p && d)
            printf("  still: %s\n   want: %s\n", fixed, correct);
        free(fixed);
    }
    free(rows);
    for (int p = 0; p < 2; p++)
        printf("%s: %zu lines, %zu characters: character error rate %.4f -> %.4f (%.0f %% of the errors left)\n",
               parts[p], lines[p], chars[p], (double)before[p] / (double)chars[p],
               (double)after[p] / (double)chars[p], before[p] ? 100.0 * (double)after[p] / (double)before[p] : 0.0);
    return 0;
}
