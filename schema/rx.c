/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PCRE2 patterns as the metadata rules use them: UTF-8, Unicode classes, caseless. */
#include "private.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

struct tl_rx {
    pcre2_code *code;
    pcre2_match_data *md;
};

tl_rx *tl_rx_new(const char *pattern)
{
    tl_rx *r = calloc(1, sizeof *r);
    int e;
    PCRE2_SIZE off;
    if (r)
        r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &e,
                                &off, NULL);
    if (r && r->code)
        r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
    if (r && !r->md) {
        tl_rx_free(r);
        return NULL;
    }
    return r;
}

void tl_rx_free(tl_rx *r)
{
    if (!r)
        return;
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
    free(r);
}

int tl_rx_match(tl_rx *r, const char *s)
{
    return pcre2_match(r->code, (PCRE2_SPTR)s, strlen(s), 0, 0, r->md, NULL);
}

size_t tl_rx_start(const tl_rx *r, int g)
{
    return pcre2_get_ovector_pointer(r->md)[2 * g];
}

size_t tl_rx_end(const tl_rx *r, int g)
{
    return pcre2_get_ovector_pointer(r->md)[2 * g + 1];
}

long tl_rx_int(const tl_rx *r, const char *s, int g)
{
    return strtol(s + tl_rx_start(r, g), NULL, 10);
}
