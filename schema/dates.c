/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates as documents and web pages write them, found anywhere on a line:
 *   "2024 оны 11 дугаар сарын 15-ны өдөр", "-2020 оны 01 дүгээр сарын 29-ний өдөр",
 *   "2019 оны арваннэгдүгээр сарын 14" (the month in words, markers.tsv "month"),
 *   "Энэдүй оны 03 сарын 10 өдөр" (OCR lost the year: month and day stand),
 *   "2019.11.14", "/2020.12.07/", "2022-03-23 343 0", "2013-04-17 19:49:40".
 * Day-first forms ("14.11.2019") are not read: month and day cannot be told apart. */
#include "private.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The written form: an optional year before "оны", the month as digits (with or
 * without "дугаар"/"-р") or an ordinal word ending in "дугаар"/"дүгээр" (one or two
 * words: "арван нэгдүгээр"), "сарын", the day with its case ending. */
#define WRITTEN "(?:(\\d{4})\\s*(?:он|оны)\\s+)?" \
                "(?:(\\d{1,2})\\s*(?:-?р|-?(?:дугаар|дүгээр))?|(\\p{L}+(?:\\s\\p{L}+)?(?:дугаар|дүгээр)))" \
                "\\s+сар(?:ын|\\b)\\s*(\\d{1,2})(?!\\d)(?:\\s*-?\\s*(?:ны|ний|нд|н)\\b)?(?:\\s+өдөр\\b)?"
/* Year, month and day with one separator, not inside a longer number; a time may follow. */
#define NUMERIC "(?<![\\d.])(\\d{4})([./-])(\\d{1,2})\\2(\\d{1,2})(?![\\d])(?:\\s+\\d{1,2}:\\d{2}(?::\\d{2})?)?"

/* Compiled once, JIT where PCRE2 has it: a date is looked for on every short line
 * of every document, and compiling the two patterns per line cost more than the
 * matching (perf, a three-page PDF's conversion: 7 % of it). */
static pcre2_code *written_rx, *numeric_rx;
static pthread_once_t compiled = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *pattern)
{
    int e;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &e, &off, NULL);
    if (code)
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* matching falls back without */
    return code;
}

static void compile_both(void)
{
    written_rx = compile(WRITTEN);
    numeric_rx = compile(NUMERIC);
}

/* The month an ordinal word names ("арваннэгдүгээр", "арван нэгдүгээр": 11), or 0. */
static int month_word(const char *s, size_t n)
{
    char *w = malloc(n + 1), *low = NULL;
    if (!w)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ')
            w[k++] = s[i];
    w[k] = '\0';
    low = tl_lower(w);
    int month = 0;
    const tl_marker *m;
    size_t count = tl_markers("month", &m);
    for (size_t i = 0; low && i < count && !month; i++)
        if (strcmp(low, m[i].pattern) == 0)
            month = atoi(m[i].value);
    free(w);
    free(low);
    return month;
}

static long group_int(const char *s, const PCRE2_SIZE *ov, int g)
{
    return ov[2 * g] == PCRE2_UNSET ? 0 : strtol(s + ov[2 * g], NULL, 10);
}

/* The first match of code in s that is a date; 1 when found. */
static int first_date(pcre2_code *code, int written, const char *s, tl_date *d)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return 0;
    size_t len = strlen(s), at = 0;
    int found = 0;
    while (!found && at <= len && pcre2_match(code, (PCRE2_SPTR)s, len, at, 0, md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        tl_date x = { 0, 0, 0, ov[0], ov[1] };
        if (written) {
            x.year = (int)group_int(s, ov, 1);
            x.month = ov[4] != PCRE2_UNSET ? (int)group_int(s, ov, 2) : month_word(s + ov[6], ov[7] - ov[6]);
            x.day = (int)group_int(s, ov, 4);
        } else {
            x.year = (int)group_int(s, ov, 1);
            x.month = (int)group_int(s, ov, 3);
            x.day = (int)group_int(s, ov, 4);
        }
        if (x.month >= 1 && x.month <= 12 && x.day >= 1 && x.day <= 31 && (!x.year || (x.year >= 1900 && x.year <= 2100))) {
            *d = x;
            found = 1;
        }
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    pcre2_match_data_free(md);
    return found;
}

int tl_date_find(const char *s, tl_date *d)
{
    pthread_once(&compiled, compile_both);
    tl_date a = { 0 }, b = { 0 };
    int fa = written_rx && first_date(written_rx, 1, s, &a), fb = numeric_rx && first_date(numeric_rx, 0, s, &b);
    if (fa && (!fb || a.from <= b.from))
        *d = a;
    else if (fb)
        *d = b;
    return fa || fb;
}
