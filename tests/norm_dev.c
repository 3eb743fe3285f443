/* norm-dev [DEV.tsv]: the normalizer on its dev set (tests/fixtures/normalize-dev.tsv):
 * character error rate of the garbled text against the correct one, before and after,
 * for the part used while writing the rules ("tune") and the part held out ("held").
 * A development aid and the measure; prints one line per part and every
 * held-out line that is still wrong. */
#include "normalize/normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : TL_FIXTURES "/normalize-dev.tsv";
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return 1;
    }
    const char *parts[2] = { "tune", "held" };
    size_t chars[2] = { 0 }, before[2] = { 0 }, after[2] = { 0 }, lines[2] = { 0 };
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (line[0] == '#' || !t2)
            continue;
        *t1 = *t2 = 0;
        int p = strcmp(line, "held") == 0;
        const char *garbled = t1 + 1, *correct = t2 + 1;
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
    fclose(f);
    for (int p = 0; p < 2; p++)
        printf("%s: %zu lines, %zu characters: character error rate %.4f -> %.4f (%.0f %% of the errors left)\n",
               parts[p], lines[p], chars[p], (double)before[p] / (double)chars[p],
               (double)after[p] / (double)chars[p], before[p] ? 100.0 * (double)after[p] / (double)before[p] : 0.0);
    return 0;
}
