/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Header synonyms and text markers, loaded from the compiled-in data files
 * schema/data/fields.tsv and schema/data/markers.tsv. */
#include "private.h"
#include "tl_data.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

typedef struct synonym {
    tl_field field;
    const char *period;
    char *pattern;
    char *bare; /* the pattern without white space (spaceless_match) */
} synonym;

static synonym *synonyms;
static size_t nsynonyms;
static tl_marker *markers;
static size_t nmarkers;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char *const field_names[TL_F_COUNT] = {
    "none", "number", "objective", "action", "indicator", "baseline", "target",
    "deadline", "responsible", "budget", "implementation", "percent", "score",
};

const char *tl_field_name(tl_field f)
{
    return f < TL_F_COUNT ? field_names[f] : "none";
}

/* A copy of lowered text without white space: a header in a narrow column wraps a
 * syllable or a letter a line ("Бүт" / "эн жил"), and the joined lines keep spaces
 * inside its words. */
static char *spaceless(const char *h)
{
    char *s = tl_strdup(h);
    size_t n = 0;
    for (size_t i = 0; s && s[i]; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
            s[n++] = s[i];
    if (s)
        s[n] = 0;
    return s;
}

static void load(void)
{
    /* The rows are kept for the process: the tables point into them. */
    static char **rows, **marker_rows;
    size_t n = tl_tsv_rows(tl_data_fields, tl_data_fields_len, 2, &rows);
    synonyms = rows ? calloc(n + 1, sizeof *synonyms) : NULL;
    for (size_t i = 0; synonyms && i < n; i++) {
        char *name = rows[2 * i], *text = rows[2 * i + 1];
        if (!text)
            continue;
        synonym s = { TL_F_NONE, NULL, tl_lower(text), NULL };
        if (strncmp(name, "period:", 7) == 0)
            s.period = name + 7;
        else
            for (int f = 1; f < TL_F_COUNT; f++)
                if (strcmp(name, field_names[f]) == 0)
                    s.field = (tl_field)f;
        if (s.pattern && (s.field != TL_F_NONE || s.period) && (s.bare = spaceless(s.pattern)))
            synonyms[nsynonyms++] = s;
        else
            free(s.pattern);
    }
    n = tl_tsv_rows(tl_data_markers, tl_data_markers_len, 3, &marker_rows);
    markers = marker_rows ? calloc(n + 1, sizeof *markers) : NULL;
    for (size_t i = 0; markers && i < n; i++) {
        char **f = marker_rows + 3 * i;
        char *pat = f[2] ? tl_lower(f[2]) : NULL;
        if (pat)
            markers[nmarkers++] = (tl_marker){ f[0], f[1], pat };
    }
}

static void ensure_loaded(void)
{
    pthread_once(&once, load);
}

#define MAX_WORDS 64
#define NEAR_WORD_LETTERS 5
#define NEAR_PER 5

/* Splits lowered text into words in place at ASCII spaces and punctuation (never at
 * bytes of a multi-byte character); returns the count. */
#define WORD_BREAKS " \t\n,.;:/()\"-"
static size_t words_of(char *s, char **w, size_t max)
{
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(s, WORD_BREAKS, &save); t && n < max; t = strtok_r(NULL, WORD_BREAKS, &save))
        w[n++] = t;
    return n;
}

/* Whether the header's words hold the pattern's words in a row, each equal or, for
 * words of five letters and more, one OCR error per five letters away ("хзмжээ"
 * for "хэмжээ", "хугацаа" read "хутацаа").  A pattern word that is a prefix of the
 * header word matches too ("зорилт" in "зорилтууд"), as substring matching did. */
static int phrase_near(char **hw, size_t nh, char **pw, size_t np)
{
    for (size_t i = 0; np && i + np <= nh; i++) {
        size_t k = 0;
        for (; k < np; k++) {
            const char *h = hw[i + k], *p = pw[k];
            size_t pl = strlen(p);
            if (strncmp(h, p, pl) == 0)
                continue;
            if (tl_str_chars(p) < NEAR_WORD_LETTERS || !tl_str_near(h, p, NEAR_PER))
                break;
        }
        if (k == np)
            return 1;
    }
    return 0;
}

/* The first synonym (of a field, or of a period when periods) found in h with the
 * white space of both taken out; -1 when none. */
static long spaceless_match(const char *h, int periods)
{
    char *bare = spaceless(h);
    long found = -1;
    for (size_t i = 0; bare && i < nsynonyms && found < 0; i++) {
        if (periods ? !synonyms[i].period : synonyms[i].field == TL_F_NONE)
            continue;
        if (strstr(bare, synonyms[i].bare))
            found = (long)i;
    }
    free(bare);
    return found;
}

/* The synonym before `found` that extends its pattern ("зорилтот" beyond "зорилт")
 * and is found in h with the white space taken out ("Зорилт" / "от түвшин", a word
 * a narrow column broke); found itself when none. */
static size_t longer_spaceless(const char *h, size_t found)
{
    char *bare = spaceless(h);
    size_t best = found;
    for (size_t i = 0; bare && i < found && best == found; i++)
        if (synonyms[i].field != TL_F_NONE && strstr(synonyms[i].bare, synonyms[found].bare) &&
            strstr(bare, synonyms[i].bare))
            best = i;
    free(bare);
    return best;
}

tl_field tl_field_match(const char *header)
{
    ensure_loaded();
    char *h = tl_lower(header);
    tl_field f = TL_F_NONE;
    for (size_t i = 0; h && i < nsynonyms && f == TL_F_NONE; i++)
        if (synonyms[i].field != TL_F_NONE && strstr(h, synonyms[i].pattern))
            f = synonyms[longer_spaceless(h, i)].field;
    if (h && f == TL_F_NONE) {
        long i = spaceless_match(h, 0);
        if (i >= 0)
            f = synonyms[i].field;
    }
    /* No synonym as written: OCR may have damaged a letter of one. */
    if (h && f == TL_F_NONE) {
        char *hw[MAX_WORDS], *pw[MAX_WORDS];
        size_t nh = words_of(h, hw, MAX_WORDS);
        for (size_t i = 0; i < nsynonyms && f == TL_F_NONE; i++) {
            if (synonyms[i].field == TL_F_NONE)
                continue;
            char *pat = tl_strdup(synonyms[i].pattern);
            size_t np = pat ? words_of(pat, pw, MAX_WORDS) : 0;
            if (phrase_near(hw, nh, pw, np))
                f = synonyms[i].field;
            free(pat);
        }
    }
    free(h);
    return f;
}

const char *tl_period_match(const char *header)
{
    ensure_loaded();
    char *h = tl_lower(header);
    const char *p = NULL;
    for (size_t i = 0; h && i < nsynonyms && !p; i++)
        if (synonyms[i].period && strstr(h, synonyms[i].pattern))
            p = synonyms[i].period;
    if (h && !p) {
        long i = spaceless_match(h, 1);
        if (i >= 0)
            p = synonyms[i].period;
    }
    free(h);
    return p;
}

size_t tl_markers(const char *category, const tl_marker **out)
{
    ensure_loaded();
    for (size_t i = 0; i < nmarkers; i++) {
        if (strcmp(markers[i].category, category) != 0)
            continue;
        size_t j = i;
        while (j < nmarkers && strcmp(markers[j].category, category) == 0)
            j++;
        *out = &markers[i];
        return j - i;
    }
    *out = NULL;
    return 0;
}

/* Whether every part of pattern p ("a & b") occurs in lowered text, the first at
 * its start when at_start. */
static int parts_in(const char *p, const char *lowered, int at_start)
{
    for (int first = 1;; first = 0) {
        const char *amp = strstr(p, " & ");
        size_t pl = amp ? (size_t)(amp - p) : strlen(p);
        char *part = tl_strndup(p, pl);
        int hit = part && (first && at_start ? strncmp(lowered, part, pl) == 0 : strstr(lowered, part) != NULL);
        free(part);
        if (!hit)
            return 0;
        if (!amp)
            return 1;
        p = amp + 3;
    }
}

const tl_marker *tl_marker_find(const char *category, const char *lowered, int at_start)
{
    const tl_marker *m;
    size_t n = tl_markers(category, &m);
    for (size_t i = 0; i < n; i++) {
        if (!strstr(m[i].pattern, " & ")) {
            size_t pl = strlen(m[i].pattern);
            if (at_start ? strncmp(lowered, m[i].pattern, pl) == 0 : strstr(lowered, m[i].pattern) != NULL)
                return &m[i];
        } else if (parts_in(m[i].pattern, lowered, at_start)) {
            return &m[i];
        }
    }
    return NULL;
}

/* Whether the digits [d, e) are one digit that OCR reads for a letter (markers.tsv
 * "digitletter") glued to the lower-case letters of a word. */
static int letter_for_digit(const char *d, const char *e)
{
    if (e - d != 1 || (unsigned char)*e < 0x80)
        return 0;
    const tl_marker *m;
    size_t n = tl_markers("digitletter", &m);
    for (size_t i = 0; i < n; i++)
        if (m[i].pattern[0] == *d && !m[i].pattern[1]) {
            /* the next letter is lower case: a word, not an abbreviation */
            char two[8] = { 0 };
            int32_t l = 0;
            U8_FWD_1((const uint8_t *)e, l, (int32_t)strnlen(e, 4));
            memcpy(two, e, (size_t)l);
            char *low = tl_lower(two);
            int lower = low && strcmp(low, two) == 0;
            free(low);
            return lower;
        }
    return 0;
}

/* See private.h: a Cyrillic (any non-ASCII) or Latin letter. */
int tl_starts_letter(const char *s)
{
    return (unsigned char)*s >= 0x80 || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z');
}

/* See private.h. */
int tl_starts_lower(const char *s)
{
    while (*s == ' ' || *s == '\n')
        s++;
    int32_t i = 0, n = (int32_t)strnlen(s, 4);
    UChar32 c = 0;
    if (n)
        U8_NEXT((const uint8_t *)s, i, n, c);
    return c > 0 && u_islower(c);
}

/* A comma OCR read for the dot of a number of several levels ("1.3,1.Төрийн",
 * "1,2.Өөрийн"): digits follow it and a dot follows them.  A decimal comma ("1.5,2
 * сая") is followed by no dot. */
static int ocr_comma(const char *q, int dots)
{
    if (*q != ',' || q[1] < '0' || q[1] > '9')
        return 0;
    q++;
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q != '.')
        return 0;
    if (dots)
        return 1;
    /* the first dot: "1,2.Өөрийн" is an item, where "1,5." ends a sentence with a
     * decimal; a letter must follow */
    q++;
    while (*q == ' ')
        q++;
    return tl_starts_letter(q);
}

char *tl_number_lead(const char *s, int allow_bare, const char **rest)
{
    const char *p = s;
    while (*p == ' ' || *p == '\n')
        p++;
    if (*p < '0' || *p > '9')
        return NULL;
    char buf[64];
    size_t n = 0;
    int dots = 0;
    for (;;) {
        const char *d = p;
        size_t n0 = n;
        while (*p >= '0' && *p <= '9' && n < sizeof buf - 2)
            buf[n++] = *p++;
        if (p - d > 3)
            return NULL; /* a year or an amount, not an item number */
        if (dots && letter_for_digit(d, p)) {
            /* "5.1.3ах": OCR read the word's first letter З as 3; the number is 5.1
             * and the text starts at the "3". */
            n = n0 > 0 ? n0 - 1 : 0;
            p = d;
            break;
        }
        const char *q = p;
        while (*q == ' ')
            q++;
        if (*q != '.' && !ocr_comma(q, dots))
            break;
        q++;
        dots++;
        if (*q == ',' && q[1] >= '0' && q[1] <= '9')
            q++; /* "7.,1.1.": OCR doubled the dot */
        const char *r = q;
        if (*r >= '0' && *r <= '9' && r == q) {
            /* "4.1" and "4.1 .": another level follows. */
            buf[n++] = '.';
            p = r;
            continue;
        }
        p = q;
        break;
    }
    if (!dots && !allow_bare)
        return NULL;
    if (!dots) {
        /* bare digits must stand alone in a number column */
        const char *q = p;
        while (*q == ' ')
            q++;
        if (*q)
            return NULL;
    }
    buf[n] = '\0';
    if (rest) {
        while (*p == ' ' || *p == ',')
            p++;
        *rest = p;
    }
    return tl_strdup(buf);
}

/* See private.h: by the UTF-8 lead bytes of Cyrillic and ASCII. */
int tl_text_capitals(const char *s)
{
    int up = 0, low = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            up++;
        else if (*p >= 'a' && *p <= 'z')
            low++;
        else if (*p == 0xD0 && p[1] >= 0x90 && p[1] <= 0xAF)
            up++, p++;
        else if ((*p == 0xD0 && p[1] >= 0xB0) || (*p == 0xD1 && p[1] >= 0x80 && p[1] <= 0x8F))
            low++, p++;
        else if (*p == 0xD3 && (p[1] == 0xA8 || p[1] == 0xA9))
            (p[1] == 0xA8 ? up++ : low++), p++;
        else if (*p == 0xD2 && (p[1] == 0xAE || p[1] == 0xAF))
            (p[1] == 0xAE ? up++ : low++), p++;
    }
    return up >= 4 && up * 10 >= (up + low) * 8;
}

