/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Libraries opened at first use rather than linked: each linked library is mapped
 * and relocated at every start, whether the input needs it or not (bench/pdf.sh: a
 * short PDF's whole conversion is a few times a program's start).  Leptonica
 * (scans), libzip (packages) and Tesseract (OCR) are opened this way, by the
 * SONAME the build found, and stay loaded for the process. */
#include "model.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int tl_lib_bind(const char *soname, const char *const *names, size_t n, void *table, char *why, size_t why_len)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(why, why_len, "%s", e ? e : "not found");
        return -1;
    }
    void *found[n ? n : 1];
    for (size_t i = 0; i < n; i++) {
        found[i] = dlsym(h, names[i]);
        if (!found[i]) {
            snprintf(why, why_len, "%s has no %s", soname, names[i]);
            return -1;
        }
    }
    /* POSIX: a function's address from dlsym is copied into its pointer as is */
    memcpy(table, found, n * sizeof *found);
    return 0;
}
