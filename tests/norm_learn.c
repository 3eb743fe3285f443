/* SPDX-License-Identifier: GPL-3.0-or-later */
/* norm-learn PAIRS.tsv...: learns the OCR confusion costs of normalize/data/
 * confusions.tsv from hand-made (garbled, correct) pairs: "part<TAB>garbled<TAB>
 * correct" lines, as in tests/fixtures/normalize-dev.tsv; lines of part "held" are
 * skipped (they score the result).  Each pair is aligned word by word (letter by letter
 * when the word counts differ), lower-cased, and every letter read as another, dropped
 * or added is counted against how often the meant letter occurs.  Prints confusions.tsv
 * rows: observed<TAB>meant<TAB>cost<TAB># count/occurrences, for confusions of
 * Cyrillic letters seen twice or more.  P is the share of the meant letter's
 * occurrences in misread words that were read so (the pairs are misread words), and
 * cost = -ln(P) / 3 (the normalizer weighs a cost unit as 3 nats), kept within
 * 0.5..1.5 so that a handful of pairs never makes a confusion free or dearer than the
 * wildcard rows (2).
 *   build/tests/norm-learn tests/fixtures/normalize-dev.tsv */
#include "extract/extract.h"
#include "model/model.h"


#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXW 512

typedef struct count {
    uint32_t from, to; /* 0: no letter */
    int n;
} count;

static count counts[4096];
static size_t ncounts;
static int occ[0x500]; /* occurrences of each letter in the correct texts */
static int occ_garbled[0x500];

static void tally(uint32_t from, uint32_t to)
{
    for (size_t i = 0; i < ncounts; i++)
        if (counts[i].from == from && counts[i].to == to) {
            counts[i].n++;
            return;
        }
    if (ncounts < sizeof counts / sizeof *counts)
        counts[ncounts++] = (count){ from, to, 1 };
}

static size_t lower_cp(const char *s, size_t bytes, uint32_t *out)
{
    char *t = tl_strndup(s, bytes);
    char *l = t ? tl_lower(t) : NULL;
    size_t n = l ? tl_utf8_decode(l, out, MAXW) : 0;
    free(t);
    free(l);
    return n;
}

/* Levenshtein alignment of observed o with meant m; every edit on the path tallied */
static void align(const uint32_t *o, size_t n, const uint32_t *m, size_t k)
{
    static int d[MAXW + 1][MAXW + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= k; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= k; j++) {
            int v = d[i - 1][j - 1] + (o[i - 1] != m[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            d[i][j] = v;
        }
    for (size_t i = n, j = k; i || j;) {
        if (i && j && d[i][j] == d[i - 1][j - 1] + (o[i - 1] != m[j - 1])) {
            if (o[i - 1] != m[j - 1])
                tally(o[i - 1], m[j - 1]);
            i--, j--;
        } else if (i && d[i][j] == d[i - 1][j] + 1) {
            tally(o[i - 1], 0);
            i--;
        } else {
            tally(0, m[j - 1]);
            j--;
        }
    }
    for (size_t j = 0; j < k; j++)
        if (m[j] < 0x500)
            occ[m[j]]++;
    for (size_t i = 0; i < n; i++)
        if (o[i] < 0x500)
            occ_garbled[o[i]]++;
}

static size_t words(char *s, char **v)
{
    size_t n = 0;
    for (char *save = NULL, *w = strtok_r(s, " ", &save); w && n < MAXW; w = strtok_r(NULL, " ", &save))
        v[n++] = w;
    return n;
}

static void put(uint32_t c)
{
    char b[8];
    size_t n = 0;
    if (c < 0x80)
        b[n++] = (char)c;
    else {
        b[n++] = (char)(0xC0 | (c >> 6));
        b[n++] = (char)(0x80 | (c & 0x3F));
    }
    fwrite(b, 1, n, stdout);
}

static int by_count(const void *a, const void *b)
{
    return ((const count *)b)->n - ((const count *)a)->n;
}

int main(int argc, char **argv)
{
    static uint32_t o[MAXW], m[MAXW];
    for (int f = 1; f < argc; f++) {
        unsigned char *data;
        size_t size;
        tl_error err;
        if (tl_file_read(argv[f], &data, &size, &err)) {
            fprintf(stderr, "%s: %s\n", argv[f], err.msg);
            return 1;
        }
        char **rows;
        size_t nrows = tl_tsv_rows(data, size, 3, &rows);
        free(data);
        for (size_t r = 0; rows && r < nrows; r++) {
            const char *garbled = rows[3 * r + 1], *correct = rows[3 * r + 2];
            if (!correct || !strcmp(rows[3 * r], "held"))
                continue;
            char *g = tl_strdup(garbled), *c = tl_strdup(correct);
            char *gw[MAXW], *cw[MAXW];
            size_t ng = g ? words(g, gw) : 0, nc = c ? words(c, cw) : 0;
            if (ng == nc) {
                for (size_t i = 0; i < ng; i++) {
                    size_t a = lower_cp(gw[i], strlen(gw[i]), o), b = lower_cp(cw[i], strlen(cw[i]), m);
                    align(o, a, m, b);
                }
            } else {
                align(o, lower_cp(garbled, strlen(garbled), o), m, lower_cp(correct, strlen(correct), m));
            }
            free(g);
            free(c);
        }
        free(rows);
    }
    if (ncounts)
        qsort(counts, ncounts, sizeof *counts, by_count);
    for (size_t i = 0; i < ncounts; i++) {
        count *c = &counts[i];
        /* Cyrillic letters only (Latin look-alikes and spaces are other rules'
         * business), seen twice at least: once is noise in so few pairs */
        if ((c->from && (c->from < 0x400 || c->from >= 0x500)) || (c->to && (c->to < 0x400 || c->to >= 0x500)) ||
            c->n < 2)
            continue;
        int base = c->to ? (c->to < 0x500 ? occ[c->to] : 0) : (c->from < 0x500 ? occ_garbled[c->from] : 0);
        if (base <= 0)
            continue;
        double cost = -log((double)c->n / (double)base) / 3.0;
        cost = cost < 0.5 ? 0.5 : cost > 1.5 ? 1.5 : cost;
        if (c->from)
            put(c->from);
        putchar('\t');
        if (c->to)
            put(c->to);
        printf("\t%.2f\t# %d/%d\n", cost, c->n, base);
    }
    return 0;
}
