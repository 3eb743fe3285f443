/* SPDX-License-Identifier: GPL-3.0-or-later */
/* String helpers every stage uses; all return malloc'd memory the caller frees. */
#include "model.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucasemap.h>
#include <unicode/utf8.h>

char *tl_strdup(const char *s)
{
    return s ? tl_strndup(s, strlen(s)) : NULL;
}

char *tl_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int tl_str_blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

int tl_str_append(char **a, const char *sep, const char *b)
{
    if (tl_str_blank(b))
        return 0;
    if (tl_str_blank(*a)) {
        char *d = tl_strdup(b);
        if (!d)
            return -1;
        free(*a);
        *a = d;
        return 0;
    }
    size_t la = strlen(*a), ls = strlen(sep), lb = strlen(b);
    char *d = realloc(*a, la + ls + lb + 1);
    if (!d)
        return -1;
    memcpy(d + la, sep, ls);
    memcpy(d + la + ls, b, lb + 1);
    *a = d;
    return 0;
}

char *tl_str_squash(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1), *o = d;
    if (!d)
        return NULL;
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && o > d)
            *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o = '\0';
    return d;
}

int tl_str_append_line(char **a, const char *b)
{
    size_t n = *a ? strlen(*a) : 0;
    return tl_str_append(a, n && (*a)[n - 1] == '-' ? "" : " ", b);
}

/* An HTML tag name at s (after '<'), any case, then spaces or '/' and '>': the tag's
 * length up to and including '>', or 0. */
static size_t tag_len(const char *s, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(s, name, n) != 0)
        return 0;
    const char *p = s + n;
    while (*p == ' ' || *p == '/')
        p++;
    return *p == '>' ? (size_t)(p - s + 1) : 0;
}

char *tl_str_break_tags(const char *in)
{
    char *out = malloc(strlen(in) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *s = in; *s;) {
        size_t tl;
        if (*s == '<' && ((tl = tag_len(s + 1, "p")) || (tl = tag_len(s + 1, "/p")) ||
                          (tl = tag_len(s + 1, "br")))) {
            while (o > out && (o[-1] == ' ' || o[-1] == '\t'))
                o--;
            if (o > out && o[-1] != '\n')
                *o++ = '\n';
            s += 1 + tl;
            while (*s == ' ' || *s == '\t')
                s++;
            continue;
        }
        *o++ = *s++;
    }
    while (o > out && (o[-1] == '\n' || o[-1] == ' ' || o[-1] == '\t'))
        o--;
    *o = '\0';
    return out;
}

/* Every header, marker, chrome and paragraph test lowers text, so each thread keeps one case
 * map instead of opening ICU's per call, closed when the thread ends (a thread-local
 * pointer alone would leak it with every reader thread). */
static pthread_key_t casemap_key;
static pthread_once_t casemap_once = PTHREAD_ONCE_INIT;
static int casemap_keyed;

static void casemap_close(void *cm)
{
    ucasemap_close(cm);
}

static void casemap_key_make(void)
{
    casemap_keyed = pthread_key_create(&casemap_key, casemap_close) == 0;
}

static UCaseMap *thread_casemap(void)
{
    pthread_once(&casemap_once, casemap_key_make);
    if (!casemap_keyed)
        return NULL;
    UCaseMap *cm = pthread_getspecific(casemap_key);
    if (!cm) {
        UErrorCode st = U_ZERO_ERROR;
        cm = ucasemap_open("mn", 0, &st);
        if (U_FAILURE(st))
            return NULL;
        if (pthread_setspecific(casemap_key, cm)) {
            ucasemap_close(cm);
            return NULL;
        }
    }
    return cm;
}

/* Lower case without ICU for text of ASCII and the Cyrillic letters Mongolian is
 * written in (U+0400-045F, Ө, Ү), a fixed offset each: nearly every word the
 * normalizer lowers, a tenth of its time through ICU.  Into out (as long as s);
 * 0 at another character, which ICU's mapping then does. */
static int lower_simple(const char *s, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            *o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            p++;
            continue;
        }
        if ((c & 0xE0) != 0xC0 || (p[1] & 0xC0) != 0x80)
            return 0;
        unsigned cp = (c & 0x1F) << 6 | (p[1] & 0x3F);
        if (cp >= 0x410 && cp <= 0x42F)
            cp += 0x20;
        else if (cp >= 0x400 && cp <= 0x40F)
            cp += 0x50;
        else if (cp == 0x4AE || cp == 0x4E8)
            cp += 1;
        else if (!(cp >= 0x430 && cp <= 0x45F) && cp != 0x4AF && cp != 0x4E9)
            return 0;
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
        p += 2;
    }
    *o = '\0';
    return 1;
}

static char *change_case(const char *s, int upper)
{
    if (!upper) {
        char *buf = malloc(strlen(s) + 1);
        if (!buf)
            return NULL;
        if (lower_simple(s, buf)) {
            char *sq = tl_str_squash(buf);
            free(buf);
            return sq;
        }
        free(buf);
    }
    UErrorCode st = U_ZERO_ERROR;
    UCaseMap *cm = thread_casemap();
    if (!cm)
        return NULL;
    int32_t n = (int32_t)strlen(s);
    int32_t cap = n * 2 + 4;
    char *buf = malloc((size_t)cap);
    int32_t got = !buf ? -1
                  : upper ? ucasemap_utf8ToUpper(cm, buf, cap, s, n, &st)
                          : ucasemap_utf8ToLower(cm, buf, cap, s, n, &st);
    if (!buf || U_FAILURE(st)) {
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    char *sq = tl_str_squash(buf);
    free(buf);
    return sq;
}

char *tl_lower(const char *s)
{
    return change_case(s, 0);
}

char *tl_upper(const char *s)
{
    return change_case(s, 1);
}

int tl_str_put(char **s, size_t *len, size_t *cap, const char *src, size_t n)
{
    if (tl_grow((void **)s, cap, *len + n + 1, 1))
        return -1;
    memcpy(*s + *len, src, n);
    *len += n;
    (*s)[*len] = 0;
    return 0;
}

/* Levenshtein distance over code points, stopping early once it exceeds limit. */
static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t limit)
{
    size_t *row = malloc((nb + 1) * sizeof *row);
    if (!row)
        return SIZE_MAX;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit) {
            free(row);
            return SIZE_MAX;
        }
    }
    size_t d = row[nb];
    free(row);
    return d;
}

size_t tl_utf8_decode(const char *s, uint32_t *out, size_t cap)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < cap;) {
        UChar32 c;
        U8_NEXT_OR_FFFD((const uint8_t *)s, i, len, c);
        out[n++] = (uint32_t)c;
    }
    return n;
}

#define NEAR_MAX 512

int tl_str_near(const char *a, const char *b, size_t per)
{
    if (strcmp(a, b) == 0)
        return 1;
    uint32_t *x = malloc(2 * NEAR_MAX * sizeof *x);
    if (!x)
        return 0;
    size_t na = tl_utf8_decode(a, x, NEAR_MAX), nb = tl_utf8_decode(b, x + NEAR_MAX, NEAR_MAX);
    size_t longer = na > nb ? na : nb;
    size_t limit = longer / per;
    int near = longer < NEAR_MAX && (na > nb ? na - nb : nb - na) <= limit &&
               edit_distance(x, na, x + NEAR_MAX, nb, limit) <= limit;
    free(x);
    return near;
}

size_t tl_str_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a) + 1, lb = strlen(b) + 1;
    uint32_t *x = malloc((la + lb) * sizeof *x);
    if (!x)
        return SIZE_MAX;
    size_t na = tl_utf8_decode(a, x, la), nb = tl_utf8_decode(b, x + la, lb);
    size_t d = edit_distance(x, na, x + la, nb, limit);
    free(x);
    return d;
}

size_t tl_tsv_rows(const unsigned char *data, size_t len, size_t maxf, char ***rows)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    /* one block: the field pointers, then the text they point into */
    *rows = maxf ? calloc(1, lines * maxf * sizeof **rows + len + 1) : NULL;
    if (!*rows)
        return 0;
    char *text = (char *)(*rows + lines * maxf);
    memcpy(text, data, len);
    text[len] = '\0';
    size_t n = 0;
    for (char *l = text, *next; l; l = next) {
        next = strchr(l, '\n');
        if (next)
            *next++ = '\0';
        if (!*l || *l == '#')
            continue;
        char **f = *rows + n++ * maxf;
        for (size_t k = 0; k < maxf && l; k++) {
            f[k] = l;
            l = strchr(l, '\t');
            if (l)
                *l++ = '\0';
        }
    }
    return n;
}

size_t tl_str_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int tl_str_same(const char *a, const char *b)
{
    char *x = tl_str_squash(a ? a : ""), *y = tl_str_squash(b ? b : "");
    int eq = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return eq;
}

void tl_html_put(FILE *f, const char *raw)
{
    if (!raw)
        return;
    gchar *valid = g_utf8_make_valid(raw, -1);
    for (const char *s = valid; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
    g_free(valid);
}
