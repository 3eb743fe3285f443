/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The body whose document it is: named on a line of its own in the heading block, or
 * by the title's words before its subject or year, its head noun in the dictionary
 * form (markers.tsv orgnoun). */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether s[0..n) is letters in capitals (an abbreviation). */
static int capitals_n(const char *s, size_t n)
{
    char *t = tl_strndup(s, n), *up = t ? tl_upper(t) : NULL;
    int yes = t && up && n >= 2 && strcmp(t, up) == 0 && strspn(t, "0123456789") == 0;
    free(t);
    free(up);
    return yes;
}

/* A word of a body's name ends it in the dictionary form: "газрын" -> "газар",
 * "ХЭЛТСИЙН" -> "ХЭЛТЭС" (markers.tsv orgnoun), an abbreviation's case ending
 * dropped ("ЗДТГ-ын" -> "ЗДТГ").  A new string, or NULL when the word is none. */
static char *head_noun(const char *w, size_t n)
{
    const char *dash = memchr(w, '-', n);
    if (dash && dash > w && capitals_n(w, (size_t)(dash - w)))
        return tl_strndup(w, (size_t)(dash - w));
    char *word = tl_strndup(w, n), *low = word ? tl_lower(word) : NULL, *out = NULL;
    static const char *const heads[] = { "orgnoun", "titlebody" };
    for (size_t h = 0; h < sizeof heads / sizeof *heads && !out; h++) {
        const tl_marker *m;
        size_t count = tl_markers(heads[h], &m);
        for (size_t i = 0; low && i < count && !out; i++)
            if (strcmp(low, m[i].pattern) == 0)
                out = strcmp(low, word) == 0 ? tl_strdup(m[i].value) : tl_upper(m[i].value);
    }
    free(word);
    free(low);
    return out;
}

/* Whether w[0..n) is a year's word: "2021", "оны", "он", "онд". */
static int year_word(const char *w, size_t n)
{
    char *copy = tl_strndup(w, n), *low = copy ? tl_lower(copy) : NULL;
    int year = low && (strspn(low, "0123456789") == strlen(low) || !strncmp(low, "оны", 3 * 2) ||
                       !strcmp(low, "он") || !strcmp(low, "онд"));
    free(copy);
    free(low);
    return year;
}

/* The body's name in text[0..len) (a title's words before its subject): the year
 * and the quotes a title gives it left out ("... газрын 2021 оны" -> "... газар"),
 * its last word in the dictionary form.  NULL when nothing is left. */
char *tl_body_name(const char *text, size_t len)
{
    char *s = tl_strndup(text, len);
    if (!s)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; s[i]; i++) /* quotes out */
        if (!strchr("\"'", s[i]) && !((unsigned char)s[i] == 0xC2 && ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB)) &&
            !((unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] >= 0x9C && (unsigned char)s[i + 2] <= 0x9E)))
            s[n++] = s[i];
        else if ((unsigned char)s[i] >= 0xC2)
            i += (unsigned char)s[i] == 0xE2 ? 2 : 1;
    s[n] = '\0';
    /* words from the end: a year ("2021", "2021 оны", "онд") goes */
    for (;;) {
        while (n && s[n - 1] == ' ')
            n--;
        size_t w = n;
        while (w && s[w - 1] != ' ')
            w--;
        if (!year_word(s + w, n - w) || !w)
            break;
        s[n = w] = '\0';
    }
    while (n && s[n - 1] == ' ')
        n--;
    s[n] = '\0';
    size_t w = n;
    while (w && s[w - 1] != ' ')
        w--;
    char *head = n ? head_noun(s + w, n - w) : NULL;
    if (head) {
        s[w] = '\0';
        char *joined = NULL;
        if (tl_str_append(&joined, "", s) || tl_str_append(&joined, "", head)) {
            free(joined);
            joined = NULL;
        }
        free(head);
        free(s);
        return joined;
    }
    if (!n) {
        free(s);
        return NULL;
    }
    return s;
}

/* Where the title's year starts when the word before it names a body (an orgnoun in
 * the genitive), else NULL. */
const char *tl_body_before_year(const char *low, int year)
{
    char y[8];
    snprintf(y, sizeof y, "%d", year);
    const char *at = strstr(low, y);
    if (!at || at == low || at[-1] != ' ')
        return NULL;
    const char *end = at - 1, *w = end;
    while (w > low && w[-1] != ' ')
        w--;
    char *noun = end > w ? head_noun(w, (size_t)(end - w)) : NULL;
    free(noun);
    return noun ? at : NULL;
}

#define BODY_WORDS_BEFORE_HEAD 8 /* "Баянзүрх дүүргийн Засаг даргын Тамгын газрын Хууль, эрх зүйн" */

/* The body a title names with no subject word to end it ("ЗАСАГ ДАРГЫН ТАМГЫН
 * ГАЗРЫН АЖЛЫН ТӨЛӨВЛӨГӨӨ", "УЛСЫН ИХ ХУРЛЫН ТОГТООЛ", "... газраас сургалт зохион
 * байгууллаа"): the words up to the last head noun in the genitive or ablative that
 * has words before it and after it, a year opening the title left out.  NULL when
 * the title names none ("ХУРЛЫН ТЭМДЭГЛЭЛ": a meeting's minutes, no body). */
char *tl_body_of_title(const char *sq)
{
    const char *start = sq;
    for (;;) { /* "2022 оны ..." */
        const char *sp = strchr(start, ' ');
        if (!sp)
            break;
        if (!year_word(start, (size_t)(sp - start)))
            break;
        start = sp + 1;
    }
    const char *end = NULL;
    int before = 0;
    for (const char *w = start; *w;) {
        const char *e = strchr(w, ' ');
        if (!e)
            break; /* the last word: nothing after it */
        char *noun = before ? head_noun(w, (size_t)(e - w)) : NULL;
        if (noun && before <= BODY_WORDS_BEFORE_HEAD)
            end = e;
        free(noun);
        before++;
        w = e + 1;
    }
    return end ? tl_body_name(start, (size_t)(end - start)) : NULL;
}

#define BODY_LINE_WORDS 12 /* a body's name on its own line, at most */
#define HEAD_BLOCKS 6      /* paragraphs of the heading block looked into */

/* The body named on a line of its own in the heading block ("Баянзүрх дүүргийн
 * Засаг даргын Тамгын газар" over the title): two words or more, no figure, the
 * last a body's head noun in its dictionary form.  It names the body better than
 * the title's words do. */
void tl_body_own_line(const tl_doc *doc, tl_meta *meta, size_t first_table)
{
    for (size_t i = 0, seen = 0; i < first_table && i < doc->nblocks && seen < HEAD_BLOCKS; i++) {
        const tl_block *b = &doc->blocks[i];
        if (b->chrome || b->kind != TL_BLOCK_PARA || b == meta->title)
            continue;
        seen++;
        const char *t = b->para.text;
        if (strchr(t, '\n') || strpbrk(t, "0123456789"))
            continue;
        int words = 1;
        for (const char *p = t; *p; p++)
            words += *p == ' ';
        const char *last = strrchr(t, ' ');
        if (words < 2 || words > BODY_LINE_WORDS || !last)
            continue;
        char *low = tl_lower(last + 1);
        const tl_marker *m;
        size_t n = tl_markers("orgnoun", &m);
        int names = 0;
        for (size_t k = 0; low && k < n && !names; k++)
            names = strcmp(low, m[k].value) == 0;
        free(low);
        if (names) {
            free(meta->organization);
            meta->organization = tl_strdup(t);
            return;
        }
    }
}

