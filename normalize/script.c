/* SPDX-License-Identifier: GPL-3.0-or-later */
/* script.tsv read into the tables the rules share (rules.h): which Latin letters
 * and digits look like which Cyrillic ones, words and abbreviations to leave alone,
 * Roman numerals and the endings numbers and verbs take. */
#include "rules.h"
#include "tl_data.h"

tl_script_tables tl_script;

/* script.tsv's rows, kept: the tables point into them */
static char **script_rows;

void tl_script_load(void)
{
    size_t n = tl_tsv_rows(tl_data_norm_script, tl_data_norm_script_len, 3, &script_rows);
    char **rows = script_rows;
    tl_script.latin = calloc(n + 1, sizeof *tl_script.latin);
    tl_script.abbr = calloc(n + 1, sizeof *tl_script.abbr);
    tl_script.romanctx = calloc(n + 1, sizeof *tl_script.romanctx);
    tl_script.quarterctx = calloc(n + 1, sizeof *tl_script.quarterctx);
    tl_script.tlds = calloc(n + 1, sizeof *tl_script.tlds);
    tl_script.numsuffix = calloc(n + 1, sizeof *tl_script.numsuffix);
    tl_script.verb_forms = calloc(n + 1, sizeof *tl_script.verb_forms);
    if (!rows || !tl_script.latin || !tl_script.abbr || !tl_script.romanctx || !tl_script.quarterctx || !tl_script.tlds || !tl_script.numsuffix || !tl_script.verb_forms)
        return;
    for (size_t i = 0; i < n; i++) {
        const char *kind = rows[3 * i], *a = rows[3 * i + 1], *b = rows[3 * i + 2];
        if (!a)
            continue;
        if (!strcmp(kind, "latin"))
            tl_script.latin[tl_script.nlatin++] = (char *)a;
        else if (!strcmp(kind, "romanctx"))
            tl_script.romanctx[tl_script.nromanctx++] = (char *)a;
        else if (!strcmp(kind, "quarterctx"))
            tl_script.quarterctx[tl_script.nquarterctx++] = (char *)a;
        else if (!strcmp(kind, "tld"))
            tl_script.tlds[tl_script.ntlds++] = (char *)a;
        else if (!strcmp(kind, "numsuffix"))
            tl_script.numsuffix[tl_script.nnumsuffix++] = (char *)a;
        else if (!strcmp(kind, "verbform"))
            tl_script.verb_forms[tl_script.nverb_forms++] = (char *)a;
        else if (!strcmp(kind, "abbr"))
            tl_script.abbr[tl_script.nabbr++] = (char *)a;
        else if (b && !strcmp(kind, "roman") && tl_script.nroman < sizeof tl_script.roman / sizeof *tl_script.roman) {
            size_t l;
            tl_script.roman[tl_script.nroman].from = tl_norm_decode((const unsigned char *)a, &l);
            tl_script.roman[tl_script.nroman++].to = b;
        } else if (b && !strcmp(kind, "romanocr") && tl_script.nromanocr < sizeof tl_script.romanocr / sizeof *tl_script.romanocr) {
            size_t l;
            tl_script.romanocr[tl_script.nromanocr].from = tl_norm_decode((const unsigned char *)a, &l);
            tl_script.romanocr[tl_script.nromanocr++].to = b;
        } else if (b && !strcmp(kind, "lat2cyr") && (unsigned char)a[0] < 128)
            tl_script.lat2cyr[(unsigned char)a[0]] = b;
        else if (b && !strcmp(kind, "ocr2cyr") && (unsigned char)a[0] < 128)
            tl_script.ocr2cyr[(unsigned char)a[0]] = b;
        else if (b && !strcmp(kind, "ocrglyph") && (unsigned char)a[0] < 128) {
            const char **r = tl_script.glyph_reads[(unsigned char)a[0]];
            for (int k = 0; k < GLYPH_READS; k++)
                if (!r[k]) {
                    r[k] = b;
                    break;
                }
        }
        else if (b && !strcmp(kind, "cyr2lat") && tl_script.ncyr2lat < 64) {
            size_t l;
            tl_script.cyr2lat[tl_script.ncyr2lat].from = tl_norm_decode((const unsigned char *)a, &l);
            tl_script.cyr2lat[tl_script.ncyr2lat++].to = b[0];
        }
    }
    tl_script.lexicon_ok = tl_lexicon_load() == 0;
    tl_nearest_load(MIN_SEEN);
}

char tl_norm_to_latin(uint32_t c)
{
    for (size_t i = 0; i < tl_script.ncyr2lat; i++)
        if (tl_script.cyr2lat[i].from == c)
            return tl_script.cyr2lat[i].to;
    return 0;
}

int tl_norm_in_list(char **list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !memcmp(list[i], s, len))
            return 1;
    return 0;
}

