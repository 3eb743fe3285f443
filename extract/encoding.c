/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text decoding: UTF-8 checked with ICU's U8_NEXT, legacy encodings transcoded with
 * ICU converters, windows-1251 recognised by ICU's charset detector. */
#include "extract.h"
#include "tl_data.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

/* ICU's charset detector is in libicui18n, of which nothing else is used: it is
 * opened at the first text that is not UTF-8 (model/dynlib.c says why), by the names
 * ICU's header gives its functions ("ucsdet_open_72"); without it, looks_cp1251
 * decides alone. */
#ifndef TL_ICUI18N_SONAME
#define TL_ICUI18N_SONAME "libicui18n.so.72"
#endif
#define UCSDET_FUNCS(X)                                                                        \
    X(ucsdet_open) X(ucsdet_setText) X(ucsdet_detectAll) X(ucsdet_getName) X(ucsdet_getConfidence) \
    X(ucsdet_close)
static struct {
#define FIELD(f) __typeof__(f) *f;
    UCSDET_FUNCS(FIELD)
#undef FIELD
} det_fns;
static int det_ok;
static pthread_once_t det_once = PTHREAD_ONCE_INIT;

static void det_load(void)
{
    char why[256];
    TL_LIB_BIND(det_ok, det_fns, UCSDET_FUNCS, TL_ICUI18N_SONAME, why, sizeof why);
}

/* Below this ICU confidence (0-100) a non-UTF-8 input is refused, not guessed. */
#define MIN_1251_CONFIDENCE 20

/* ICU's confidence (0-100) that data is windows-1251; 0 without its detector. */
static int windows_1251_confidence(const unsigned char *data, size_t size)
{
    pthread_once(&det_once, det_load);
    if (!det_ok)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector *det = det_fns.ucsdet_open(&st);
    int conf = 0;
    if (U_SUCCESS(st)) {
        det_fns.ucsdet_setText(det, (const char *)data, (int32_t)(size > INT32_MAX ? INT32_MAX : size), &st);
        int32_t nm = 0;
        const UCharsetMatch **all = U_SUCCESS(st) ? det_fns.ucsdet_detectAll(det, &nm, &st) : NULL;
        for (int32_t i = 0; all && i < nm; i++) {
            UErrorCode s2 = U_ZERO_ERROR;
            const char *name = det_fns.ucsdet_getName(all[i], &s2);
            if (U_SUCCESS(s2) && name && strcmp(name, "windows-1251") == 0) {
                conf = det_fns.ucsdet_getConfidence(all[i], &s2);
                break;
            }
        }
        det_fns.ucsdet_close(det);
    }
    return conf;
}

/* Offset of the first invalid UTF-8 sequence, or -1 when all of it is valid. */
static long long first_invalid_utf8(const unsigned char *s, size_t n)
{
    int32_t i = 0;
    if (n > INT32_MAX)
        return 0;
    while ((size_t)i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, (int32_t)n, c);
        if (c < 0)
            return start;
    }
    return -1;
}

static int cp1251_letter(unsigned char b)
{
    return b >= 0xC0 || b == 0xA8 || b == 0xB8 || b == 0xAA || b == 0xBA || b == 0xAF || b == 0xBF;
}

/* ICU's windows-1251 model is trained on Russian and scores Mongolian low, so a
 * second test looks at the bytes: nearly all high bytes are Cyrillic letters in
 * windows-1251, and they form words (runs of three or more), as Latin-1 accents do not. */
static int looks_cp1251(const unsigned char *s, size_t n)
{
    size_t high = 0, letters = 0, words = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80) {
            run = 0;
            continue;
        }
        high++;
        if (cp1251_letter(s[i])) {
            letters++;
            if (++run == 3)
                words++;
        } else {
            run = 0;
        }
    }
    return words >= 2 && letters * 10 >= high * 9;
}

static void line_col(const unsigned char *s, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if ((s[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static tl_code transcode(const char *from, const unsigned char *data, size_t size, char **out,
                         size_t *outlen, tl_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t cap = size * 3 + 16;
    char *buf = malloc(cap);
    if (!buf)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory transcoding %zu bytes", size);
    int32_t n = ucnv_convert("UTF-8", from, buf, (int32_t)cap, (const char *)data,
                             (int32_t)size, &st);
    if (U_FAILURE(st)) {
        free(buf);
        return tl_error_set(err, TL_E_ENCODING, "cannot transcode from %s: %s", from,
                            u_errorName(st));
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = (size_t)n;
    return TL_OK;
}

/* Replaces the Ukrainian letters legacy Mongolian fonts used for Ө/Ү, as listed in
 * extract/data/cp1251-mn.tsv. */
static tl_code map_legacy_letters(char **text, tl_error *err)
{
    char *map = tl_strndup((const char *)tl_data_cp1251_mn, tl_data_cp1251_mn_len);
    if (!map)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    for (char *line = strtok(map, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *from = line, *to = tab + 1;
        size_t lf = strlen(from), lt = strlen(to);
        if (lf != lt || !lf)
            continue; /* same byte length, so replacement is in place */
        for (char *p = strstr(*text, from); p; p = strstr(p + lt, from))
            memcpy(p, to, lt);
    }
    free(map);
    return TL_OK;
}

tl_code tl_text_decode(const unsigned char *data, size_t size, char **out, size_t *outlen,
                       const char **enc, tl_error *err)
{
    *out = NULL;
    if (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        *enc = data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        return transcode(*enc, data + 2, size - 2, out, outlen, err);
    }
    if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        data += 3;
        size -= 3;
    }
    long long bad = first_invalid_utf8(data, size);
    if (bad < 0) {
        *enc = "UTF-8";
        *out = tl_strndup((const char *)data, size);
        *outlen = size;
        return *out ? TL_OK : tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }

    int conf = windows_1251_confidence(data, size);
    if (conf >= MIN_1251_CONFIDENCE || looks_cp1251(data, size)) {
        *enc = "windows-1251";
        tl_code rc = transcode("windows-1251", data, size, out, outlen, err);
        return rc == TL_OK ? map_legacy_letters(out, err) : rc;
    }
    size_t line, col;
    line_col(data, (size_t)bad, &line, &col);
    return tl_error_set(err, TL_E_ENCODING,
                        "not UTF-8 (invalid byte 0x%02X at line %zu, column %zu) and not "
                        "recognisable as windows-1251", data[bad], line, col);
}
