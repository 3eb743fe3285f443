/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "lists.h"

#include <stdio.h>

static void roman(int v, int upper, char *out, size_t cap)
{
    static const int val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
    static const char *sym[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i" };
    size_t n = 0;
    for (int i = 0; i < 13 && v > 0 && v < 4000; i++)
        while (v >= val[i] && n + 3 < cap) {
            for (const char *s = sym[i]; *s; s++)
                out[n++] = upper ? (char)(*s - 'a' + 'A') : *s;
            v -= val[i];
        }
    out[n] = 0;
}

void tl_num_format(tl_numfmt f, int v, char *out, size_t cap)
{
    if (!cap)
        return;
    out[0] = 0;
    switch (f) {
    case TL_NUM_LOWER_LETTER:
    case TL_NUM_UPPER_LETTER: {
        char c = (char)((f == TL_NUM_LOWER_LETTER ? 'a' : 'A') + (v > 0 ? (v - 1) % 26 : 0));
        int reps = v > 0 ? (v - 1) / 26 + 1 : 1;
        size_t n = 0;
        for (int i = 0; i < reps && n + 1 < cap; i++)
            out[n++] = c;
        out[n] = 0;
        break;
    }
    case TL_NUM_LOWER_ROMAN:
    case TL_NUM_UPPER_ROMAN:
        roman(v, f == TL_NUM_UPPER_ROMAN, out, cap);
        break;
    case TL_NUM_NONE:
        break;
    default:
        snprintf(out, cap, "%d", v);
    }
}
