/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Zip packages made in memory for tests and the DOCX fuzzer (libzip). */
#ifndef TL_TEST_ZIPGEN_H
#define TL_TEST_ZIPGEN_H

#include <stddef.h>

typedef struct zipgen_part {
    const char *name;
    const void *data;
    size_t size;
    int stored; /* 1: no compression */
} zipgen_part;

/* The zip of the parts; the caller frees it.  NULL on failure. */
unsigned char *zipgen(const zipgen_part *parts, size_t n, size_t *size);

#endif
