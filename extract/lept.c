/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leptonica's functions, bound at the first scan (lept.h). */
#define TL_LEPT_TABLE /* the real names, to bind them */
#include "lept.h"

#include <pthread.h>

#ifndef TL_LEPT_SONAME
#define TL_LEPT_SONAME "liblept.so.5"
#endif

tl_lept_fns tl_lept;
static char why[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void bind(void)
{
    int ok;
    TL_LIB_BIND(ok, tl_lept, TL_LEPT_FUNCS, TL_LEPT_SONAME, why, sizeof why);
    (void)ok; /* why says it */
}

tl_code tl_lept_ready(tl_error *err)
{
    pthread_once(&once, bind);
    if (why[0])
        return tl_error_set(err, TL_E_MISSING, "scans need Leptonica, which cannot be loaded (%s; Debian: apt-get "
                                               "install liblept5)", why);
    return TL_OK;
}
