#include "helpers.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct digest {
    char *s;
} digest;

static void put(digest *d, const char *sep, const char *text)
{
    char *t = tl_str_squash(text ? text : "");
    cr_assert(t && tl_str_append(&d->s, sep, *t ? t : "-") == 0);
    free(t);
}

static void one_action(const tl_item *it, void *ctx)
{
    digest *d = ctx;
    put(d, d->s ? "\n" : "", it->number);
    put(d, " | ", it->label);
    for (const tl_item *o = it->parent; o; o = o->parent) {
        put(d, " < ", o->number);
        put(d, " ", o->title);
    }
    for (size_t i = 0; i < it->nvalues; i++) {
        put(d, " | ", tl_field_name(it->values[i].field));
        put(d, "/", it->values[i].period);
        put(d, ": ", it->values[i].text);
    }
}

char *plan_digest(const tl_result *res)
{
    digest d = { NULL };
    for (size_t i = 0; i < tl_mapped_plan_count(res->mapped); i++)
        tl_plan_each_action(tl_mapped_plan(res->mapped, i), one_action, &d);
    return d.s ? d.s : strdup("");
}
