#include "helpers.h"

#include <criterion/criterion.h>
#include <stdlib.h>

tl_doc *load_doc(const char *path, int stitch)
{
    unsigned char *data;
    size_t size;
    tl_error err = { 0 };
    cr_assert_eq(tl_file_read(path, &data, &size, &err), TL_OK, "%s: %s", path, err.msg);
    tl_source src = { path, data, size };
    tl_doc *doc = NULL;
    cr_assert_eq(tl_extract_mem(&src, &doc, &err), TL_OK, "%s: %s", path, err.msg);
    free(data);
    if (stitch)
        cr_assert_eq(tl_doc_stitch(doc, &err), TL_OK, "%s", err.msg);
    return doc;
}

void convert(const char *path, tl_result *res)
{
    unsigned char *data;
    size_t size;
    tl_error err = { 0 };
    cr_assert_eq(tl_file_read(path, &data, &size, &err), TL_OK, "%s: %s", path, err.msg);
    tl_source src = { path, data, size };
    tl_code rc = tl_convert_mem(&src, NULL, res, &err);
    free(data);
    cr_assert_eq(rc, TL_OK, "%s: %s", path, err.msg);
}
