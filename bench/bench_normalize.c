/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Normalizer speed on one core: the time and resident memory of a first call that
 * repairs a word ("Тамын газар": the lexicon, the confusion index and the spelling
 * guard's groups loaded on the way), then MB/s over the given texts (repeated) and
 * peak resident memory.
 * Run: build/tailan-bench-normalize samples/NNN.txt ...
 * (goals, issue 19: first call <= 20 ms, <= 30 MB; >= 5 MB/s) */
#include "extract/extract.h"
#include "normalize/normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    tl_norm_set_data(getenv("TL_NORM_LEXICON"), getenv("TL_HUNSPELL_DIR")); /* see normalize.h */
    int reps = 50;
    char **texts = calloc((size_t)argc, sizeof *texts);
    size_t bytes = 0;
    for (int i = 1; i < argc; i++) {
        unsigned char *data;
        size_t size;
        tl_error err;
        if (tl_file_read(argv[i], &data, &size, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.msg);
            return 1;
        }
        texts[i] = realloc(data, size + 1);
        texts[i][size] = 0;
        bytes += size;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long before = ru.ru_maxrss;
    double a = now();
    char *first = tl_norm_text("Тамын газар", NULL);
    double load = now() - a;
    getrusage(RUSAGE_SELF, &ru);
    long after = ru.ru_maxrss;
    free(first);
    size_t edits = 0;
    a = now();
    for (int r = 0; r < reps; r++)
        for (int i = 1; i < argc; i++) {
            tl_edits e = { 0 };
            free(tl_norm_text(texts[i], &e));
            edits += e.n;
            tl_edits_free(&e);
        }
    double t = now() - a;
    getrusage(RUSAGE_SELF, &ru);
    printf("first call %.1f ms, +%.1f MB resident (%.1f MB in all); %d texts, %.2f MB, %d runs: %.1f MB/s, "
           "%zu edits a run; peak RSS %.1f MB\n",
           load * 1e3, (double)(after - before) / 1024, (double)after / 1024, argc - 1, (double)bytes / 1e6, reps,
           (double)bytes * reps / 1e6 / t, edits / (size_t)reps, (double)ru.ru_maxrss / 1024);
    for (int i = 1; i < argc; i++)
        free(texts[i]);
    free(texts);
    return 0;
}
