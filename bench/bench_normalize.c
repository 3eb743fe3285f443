/* Normalizer speed on one core: MB/s over the given texts (repeated), the time of
 * the first call (its data loaded), the load of hunspell-mn's dictionary, and peak
 * resident memory.
 * Run: build/tailan-bench-normalize samples/NNN.txt ...   (goal: >= 5 MB/s, <= 100 MB) */
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
    double a = now();
    free(tl_norm_text("", NULL));
    double load = now() - a;
    a = now();
    tl_norm_load_all();
    double spell = now() - a;
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
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%d texts, %.2f MB, %d runs: %.1f MB/s, %zu edits a run; first call (data loaded) %.1f ms; "
           "hunspell-mn loaded %.1f ms; peak RSS %.1f MB\n",
           argc - 1, (double)bytes / 1e6, reps, (double)bytes * reps / 1e6 / t, edits / (size_t)reps,
           load * 1e3, spell * 1e3, (double)ru.ru_maxrss / 1024);
    for (int i = 1; i < argc; i++)
        free(texts[i]);
    free(texts);
    return 0;
}
