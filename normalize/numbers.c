/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Numerals: Roman numerals OCR read in Cyrillic capitals, quarter ranges
 * ("I-IV улирал"), and a cell that is a percent. */
#include "rules.h"

/* The Roman numeral the capitals of word x read as ("УП" -> "VII"), into out; 0 when
 * they are not one of I..XII or a letter is no numeral's. */
static int roman_of(const unsigned char *t, const word *x, char *out, size_t cap)
{
    static const char *valid[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII" };
    size_t o = 0;
    if (x->lower || x->len > 8)
        return 0;
    for (size_t i = x->pos; i < x->pos + x->len;) {
        size_t l;
        uint32_t c = tl_norm_decode(t + i, &l);
        size_t r = 0;
        while (r < tl_script.nroman && tl_script.roman[r].from != c)
            r++;
        if (r == tl_script.nroman || o + strlen(tl_script.roman[r].to) >= cap)
            return 0;
        memcpy(out + o, tl_script.roman[r].to, strlen(tl_script.roman[r].to));
        o += strlen(tl_script.roman[r].to);
        i += l;
    }
    out[o] = 0;
    for (size_t v = 0; v < sizeof valid / sizeof *valid; v++)
        if (!strcmp(out, valid[v]))
            return 1;
    return 0;
}

/* Only spaces, commas and dashes between two words of a list ("I, II", "I-IV"). */
static int list_gap(const unsigned char *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (t[i] != ' ' && t[i] != ',' && t[i] != '-')
            return 0;
    return to > from;
}

/* Whether s is a quarter or a range of quarters: "I".."IV", "I-IV", "II-III". */
static int quarter_numerals(const char *s)
{
    static const char *q[] = { "I", "II", "III", "IV" };
    const char *dash = strchr(s, '-');
    int a = -1, b = -1;
    for (int i = 0; i < 4; i++) {
        size_t l = strlen(q[i]);
        if (dash ? (size_t)(dash - s) == l && !strncmp(s, q[i], l) : !strcmp(s, q[i]))
            a = i;
        if (dash && !strcmp(dash + 1, q[i]))
            b = i;
    }
    return dash ? a >= 0 && b > a : a >= 0;
}

/* Every reading of the token t[0..n) through script.tsv's romanocr rows (a row's
 * alternatives parted by "|"), from character k on, appended to out[0..o); the
 * readings that are quarters are counted in *found, the last kept in best. */
static void quarter_readings(const unsigned char *t, size_t n, size_t k, char *out, size_t o, int *found,
                             char best[32], int *tries)
{
    if (++*tries > 256 || *found > 1)
        return;
    if (k == n) {
        out[o] = '\0';
        if (quarter_numerals(out) && (!*found || strcmp(best, out) != 0)) {
            (*found)++;
            snprintf(best, 32, "%s", out);
        }
        return;
    }
    size_t l;
    uint32_t c = tl_norm_decode(t + k, &l);
    const char *to = NULL;
    for (size_t r = 0; r < tl_script.nromanocr && !to; r++)
        if (tl_script.romanocr[r].from == c)
            to = tl_script.romanocr[r].to;
    if (!to) {
        if (c != 'I' && c != 'V' && c != '-')
            return;
        if (o + 1 < 31) {
            out[o] = (char)c;
            quarter_readings(t, n, k + l, out, o + 1, found, best, tries);
        }
        return;
    }
    for (const char *alt = to; *alt;) {
        size_t al = strcspn(alt, "|");
        if (o + al < 31) {
            memcpy(out + o, alt, al);
            quarter_readings(t, n, k + l, out, o + al, found, best, tries);
        }
        alt += al + (alt[al] == '|');
    }
}

/* A quarter's Roman numerals as OCR garbles them in Tesseract's Mongolian model
 * ("14М", "1-М", "LIV", "{-IV", "114М" before "улирал"): the token before a quarter
 * word (script.tsv's quarterctx rows), read through the confusions in script.tsv (1 l | { as I, М as IV, L as
 * I-, 4 as a dash or an I), is one quarter or one range of quarters, and only one
 * reading is.  A token of digits and dashes alone is Arabic numerals, left as it is. */
void tl_norm_quarter_ranges(const unsigned char *t, words *w, edits *e)
{
    for (size_t k = 0; k + 1 < w->n && !e->oom; k++) {
        const word *y = &w->v[k + 1];
        /* the first letter compared before the word is lowered: most words are no
         * quarter word, and lowering costs */
        size_t l0;
        UChar32 first = u_tolower((UChar32)tl_norm_decode(t + y->pos, &l0));
        int maybe = 0;
        for (size_t c = 0; c < tl_script.nquarterctx && !maybe; c++)
            maybe = (UChar32)tl_norm_decode((const unsigned char *)tl_script.quarterctx[c], &l0) == first;
        if (!maybe)
            continue;
        char *o = tl_strndup((const char *)t + y->pos, y->len), *l = o ? tl_lower(o) : NULL;
        int quarter = 0;
        for (size_t c = 0; l && c < tl_script.nquarterctx && !quarter; c++)
            quarter = !strncmp(l, tl_script.quarterctx[c], strlen(tl_script.quarterctx[c]));
        free(o);
        free(l);
        if (!quarter || y->pos < 2 || t[y->pos - 1] != ' ')
            continue;
        size_t b = y->pos - 1, a = b;
        while (a > 0 && !tl_norm_is_space(t[a - 1]))
            a--;
        /* digits and dashes are Arabic quarters ("1 улирал", "1-4", "14"), not OCR's */
        size_t arabic = a;
        while (arabic < b && ((t[arabic] >= '0' && t[arabic] <= '9') || t[arabic] == '-'))
            arabic++;
        if (b - a > 12 || a == b || arabic == b)
            continue;
        char out[32], best[32];
        int found = 0, tries = 0;
        quarter_readings(t + a, b - a, 0, out, 0, &found, best, &tries);
        if (found != 1 || (strlen(best) == b - a && !memcmp(best, t + a, b - a)))
            continue;
        tl_norm_propose(e, a, b - a, best, strlen(best), "roman");
        for (size_t q = 0; q < w->n; q++)
            if (w->v[q].pos < b && w->v[q].pos + w->v[q].len > a)
                w->v[q].edited = 1;
    }
}

/* Roman numerals OCR read as Cyrillic capitals before a quarter or a month ("Ш
 * улирлын" -> "III улирлын", "УП сарын" -> "VII сарын"), or before another numeral
 * that stands so ("1, П дугаар улирлаар" -> "1, II ..."). */
void tl_norm_roman_numerals(const unsigned char *t, words *w, edits *e)
{
    int stands = 0; /* the word after the current one is such a numeral, or the context */
    for (size_t k = w->n; k-- > 0 && !e->oom;) {
        word *x = &w->v[k];
        char r[16];
        int is = !x->edited && roman_of(t, x, r, sizeof r) && t[x->pos + x->len] != '.';
        int before_ctx = 0;
        if (is && k + 1 < w->n && t[x->pos + x->len] == ' ' && w->v[k + 1].pos == x->pos + x->len + 1) {
            char *o = tl_strndup((const char *)t + w->v[k + 1].pos, w->v[k + 1].len);
            char *l = o ? tl_lower(o) : NULL;
            for (size_t c = 0; l && c < tl_script.nromanctx; c++)
                before_ctx |= !strncmp(l, tl_script.romanctx[c], strlen(tl_script.romanctx[c]));
            free(o);
            free(l);
        }
        int before_numeral = k + 1 < w->n && stands && list_gap(t, x->pos + x->len, w->v[k + 1].pos);
        if (is && (before_ctx || before_numeral)) {
            if (memcmp(t + x->pos, r, x->len) || strlen(r) != x->len) {
                tl_norm_propose(e, x->pos, x->len, r, strlen(r), "roman");
                x->edited = 1;
            }
            stands = 1;
        } else {
            stands = 0;
        }
    }
}

/* A cell that is only a number ending in "96" where a percent sign was ("10096",
 * "99,396": Tesseract reads % as 96), when the number before it is a share. */
void tl_norm_percent_cell(const unsigned char *t, size_t n, edits *e)
{
    size_t a = 0, b = n;
    while (a < b && tl_norm_is_space(t[a]))
        a++;
    while (b > a && tl_norm_is_space(t[b - 1]))
        b--;
    if (b - a < 3 || t[b - 1] != '6' || t[b - 2] != '9')
        return;
    size_t digits = 0, seps = 0;
    for (size_t i = a; i < b - 2; i++) {
        if (t[i] >= '0' && t[i] <= '9')
            digits++;
        else if ((t[i] == ',' || t[i] == '.') && i > a && i + 1 < b - 2)
            seps++;
        else
            return;
    }
    if (!digits || seps > 1)
        return;
    char num[32];
    size_t k = b - 2 - a;
    if (k >= sizeof num)
        return;
    memcpy(num, t + a, k);
    num[k] = 0;
    for (char *p = num; *p; p++)
        if (*p == ',')
            *p = '.';
    double v = strtod(num, NULL);
    /* "1996" is a year, not 19 %: four digits that read as a year stay */
    if (v > 100 || (!seps && b - a == 4 && v >= 19 && v <= 20))
        return;
    tl_norm_propose(e, b - 2, 2, "%", 1, "percent-sign");
}

