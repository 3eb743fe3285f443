/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error and diagnostic helpers. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>

tl_code tl_error_set(tl_error *err, tl_code code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

const char *tl_code_name(tl_code code)
{
    switch (code) {
    case TL_OK: return "ok";
    case TL_E_INTERNAL: return "internal error";
    case TL_E_USAGE: return "usage error";
    case TL_E_IO: return "unreadable input";
    case TL_E_EMPTY: return "empty input";
    case TL_E_FORMAT: return "unsupported format";
    case TL_E_ENCODING: return "bad encoding";
    case TL_E_LIMIT: return "input over a limit";
    case TL_E_CORRUPT: return "corrupt input";
    case TL_E_INVALID: return "output fails validation";
    case TL_E_OUTPUT: return "output not written";
    case TL_E_PARTIAL: return "some documents failed";
    case TL_E_MISSING: return "component not installed";
    case TL_E_MEMORY: return "out of memory";
    }
    return "unknown";
}

const char *tl_hook(const char *name)
{
#if TL_TEST_HOOKS
    return getenv(name);
#else
    (void)name;
    return NULL;
#endif
}
