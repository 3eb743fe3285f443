/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Values read beside a cell's text, which is always kept as it is: the quarters a
 * deadline names and the amount and source of a budget.  A value is given only when
 * the text says it without doubt ("1.276.0" is no amount). */
#include "private.h"

#include <stdlib.h>
#include <string.h>

/* A Roman numeral I..IV at s (Latin letters, as typed), its length in *len. */
static int roman_quarter(const char *s, size_t *len)
{
    static const char *const r[] = { "IV", "III", "II", "I" };
    static const int v[] = { 4, 3, 2, 1 };
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(r[i]);
        if (strncmp(s, r[i], n) == 0 && !(s[n] >= 'A' && s[n] <= 'Z')) {
            *len = n;
            return v[i];
        }
    }
    return 0;
}

int tl_parse_deadline(const char *text, int *quarters, int *as_needed)
{
    *quarters = 0;
    *as_needed = 0;
    char *low = tl_lower(text);
    if (!low)
        return 0;
    *as_needed = tl_marker_find("asneeded", low, 0) != NULL;
    int has_quarter = tl_marker_find("quarter", low, 0) != NULL;
    free(low);
    if (has_quarter) {
        /* Numerals, single or ranges ("I-IV", "II–IV"), before the word. */
        int prev = 0, range = 0;
        for (const char *s = text; *s;) {
            size_t n;
            int q = (s == text || !((s[-1] >= 'A' && s[-1] <= 'Z') || (s[-1] >= 'a' && s[-1] <= 'z')))
                        ? roman_quarter(s, &n) : 0;
            if (q) {
                if (range && prev && prev < q)
                    for (int k = prev; k <= q; k++)
                        *quarters |= 1 << (k - 1);
                else
                    *quarters |= 1 << (q - 1);
                prev = q;
                range = 0;
                s += n;
                continue;
            }
            if (*s == '-' || !strncmp(s, "\xE2\x80\x93", 3)) /* hyphen, en dash */
                range = prev != 0;
            else if (*s != ' ')
                range = 0;
            s += !strncmp(s, "\xE2\x80\x93", 3) ? 3 : 1;
        }
    }
    return *quarters || *as_needed;
}

int tl_parse_budget(const char *text, double *amount, int *has_amount, const char **source)
{
    *amount = 0;
    *has_amount = 0;
    *source = NULL;
    char *low = tl_lower(text);
    if (!low)
        return 0;
    const tl_marker *m = tl_marker_find("fundsource", low, 0);
    if (m)
        *source = m->value;
    /* The first number, if it has at most one decimal separator. */
    const char *p = low;
    while (*p && (*p < '0' || *p > '9'))
        p++;
    if (*p) {
        const char *e = p;
        int seps = 0;
        while ((*e >= '0' && *e <= '9') || ((*e == ',' || *e == '.') && e[1] >= '0' && e[1] <= '9'))
            seps += *e++ < '0';
        double v;
        if (seps <= 1 && tl_parse_number(p, &v)) {
            while (*e == ' ')
                e++;
            const tl_marker *s = tl_marker_find("scale", e, 1);
            *amount = v * (s ? strtod(s->value, NULL) : 1);
            *has_amount = 1;
        }
    }
    free(low);
    return *has_amount || *source;
}
