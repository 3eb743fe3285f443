/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "zipgen.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

unsigned char *zipgen(const zipgen_part *parts, size_t n, size_t *size)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    unsigned char *out = NULL;
    zip_error_fini(&ze);
    if (!z) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i].data, parts[i].size, 0);
        zip_int64_t idx = s ? zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE) : -1;
        if (idx < 0) {
            zip_source_free(s);
            zip_discard(z);
            zip_source_free(src);
            return NULL;
        }
        zip_set_file_compression(z, (zip_uint64_t)idx, parts[i].stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
    }
    if (zip_close(z) < 0) {
        zip_discard(z);
        zip_source_free(src);
        return NULL;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        out = malloc(st.size ? st.size : 1);
        if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
            free(out);
            out = NULL;
        }
        *size = st.size;
        zip_source_close(src);
    }
    zip_source_free(src);
    return out;
}
