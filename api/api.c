/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The public API (api/tailan.h) over the stages: the only symbols libtailan.so
 * exports.  A tailan_doc holds one conversion and its plans' actions listed in
 * document order, so that accessors are indexed and cost nothing. */
#define _GNU_SOURCE
#include "tailan.h"

#include "corpus/corpus.h"
#include "normalize/normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tailan_doc {
    tl_result res;
    const tl_item ***actions; /* actions[plan][i] */
    size_t *nactions;
    size_t nplans;
};

static void fail(tailan_error *err, const tl_error *e)
{
    if (err) {
        err->code = (int)e->code;
        snprintf(err->message, sizeof err->message, "%s", e->msg);
    }
}

const char *tailan_version(void)
{
    return TL_VERSION;
}

int tailan_set_limit(const char *name, const char *value)
{
    if (!name || !value)
        return -1;
    char *spec = NULL;
    if (asprintf(&spec, "%s=%s", name, value) < 0)
        return -1;
    int rc = tl_limits_parse(spec);
    free(spec);
    return rc;
}

void tailan_set_data(const char *lexicon, const char *hunspell_dir) { tl_norm_set_data(lexicon, hunspell_dir); }

typedef struct gather {
    const tl_item **v;
    size_t n, cap;
    int bad;
} gather;

static void take(const tl_item *it, void *arg)
{
    gather *g = arg;
    if (tl_grow((void **)&g->v, &g->cap, g->n + 1, sizeof *g->v))
        g->bad = 1;
    else
        g->v[g->n++] = it;
}

/* The plans' actions in document order, for the indexed accessors. */
static int list_actions(tailan_doc *d)
{
    size_t n = tl_mapped_plan_count(d->res.mapped);
    d->actions = calloc(n ? n : 1, sizeof *d->actions);
    d->nactions = calloc(n ? n : 1, sizeof *d->nactions);
    if (!d->actions || !d->nactions)
        return -1;
    d->nplans = n;
    for (size_t p = 0; p < n; p++) {
        gather g = { 0 };
        tl_plan_each_action(tl_mapped_plan(d->res.mapped, p), take, &g);
        d->actions[p] = g.v;
        d->nactions[p] = g.n;
        if (g.bad)
            return -1;
    }
    return 0;
}

tailan_doc *tailan_convert_buffer(const void *data, size_t size, const char *name, unsigned flags,
                                  tailan_error *err)
{
    tl_error e = { 0 };
    tailan_doc *d = calloc(1, sizeof *d);
    if (!d) {
        e.code = TL_E_INTERNAL;
        snprintf(e.msg, sizeof e.msg, "out of memory");
        fail(err, &e);
        return NULL;
    }
    tl_source src = { name ? name : "-", data, size };
    tl_convert_opts o = { .no_stitch = !!(flags & TAILAN_NO_STITCH), .no_normalize = !!(flags & TAILAN_NO_NORMALIZE) };
    if (tl_convert_mem(&src, &o, &d->res, &e) != TL_OK) {
        fail(err, &e);
        free(d);
        return NULL;
    }
    if (list_actions(d)) {
        tailan_doc_free(d);
        e.code = TL_E_INTERNAL;
        snprintf(e.msg, sizeof e.msg, "out of memory");
        fail(err, &e);
        return NULL;
    }
    if (err)
        err->code = TAILAN_OK, err->message[0] = 0;
    return d;
}

tailan_doc *tailan_convert_file(const char *path, unsigned flags, tailan_error *err)
{
    tl_error e = { 0 };
    unsigned char *data = NULL;
    size_t size = 0;
    if (!path || tl_file_read(path, &data, &size, &e) != TL_OK) {
        if (!path)
            e.code = TL_E_USAGE, snprintf(e.msg, sizeof e.msg, "no file named");
        fail(err, &e);
        return NULL;
    }
    tailan_doc *d = tailan_convert_buffer(data, size, path, flags, err);
    free(data);
    return d;
}

void tailan_doc_free(tailan_doc *doc)
{
    if (!doc)
        return;
    for (size_t p = 0; p < doc->nplans; p++)
        free(doc->actions[p]);
    free(doc->actions);
    free(doc->nactions);
    tl_result_free(&doc->res);
    free(doc);
}

char *tailan_doc_write(const tailan_doc *doc, tailan_format format, size_t *len, tailan_error *err)
{
    tl_error e = { 0 };
    if (format == TAILAN_XML) {
        char *copy = malloc(doc->res.xml_len + 1);
        if (copy) {
            memcpy(copy, doc->res.xml, doc->res.xml_len + 1);
            if (len)
                *len = doc->res.xml_len;
        }
        return copy;
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    tl_export *x = mem ? tl_export_new(mem, format == TAILAN_CSV ? TL_EXPORT_CSV : TL_EXPORT_JSON, 0) : NULL;
    tl_code rc = x ? tl_export_add(x, doc->res.xml, doc->res.xml_len, doc->res.doc->path, &e) : TL_E_INTERNAL;
    if (x) {
        tl_code end = tl_export_end(x, rc == TL_OK ? &e : NULL);
        rc = rc == TL_OK ? end : rc;
    }
    if (mem)
        fclose(mem);
    if (rc != TL_OK) {
        if (!e.msg[0])
            snprintf(e.msg, sizeof e.msg, "out of memory");
        e.code = rc;
        fail(err, &e);
        free(buf);
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}

const char *tailan_doc_title(const tailan_doc *doc)
{
    return tl_meta_title(&doc->res.mapped->meta);
}

const char *tailan_doc_kind(const tailan_doc *doc)
{
    return doc->res.mapped->meta.kind;
}

const char *tailan_doc_organization(const tailan_doc *doc)
{
    return doc->res.mapped->meta.organization;
}

int tailan_doc_year(const tailan_doc *doc)
{
    return doc->res.mapped->meta.year;
}

size_t tailan_doc_plan_count(const tailan_doc *doc)
{
    return doc->nplans;
}

size_t tailan_plan_action_count(const tailan_doc *doc, size_t plan)
{
    return plan < doc->nplans ? doc->nactions[plan] : 0;
}

static const tl_item *action_at(const tailan_doc *doc, size_t plan, size_t action)
{
    return plan < doc->nplans && action < doc->nactions[plan] ? doc->actions[plan][action] : NULL;
}

const char *tailan_action_number(const tailan_doc *doc, size_t plan, size_t action)
{
    const tl_item *it = action_at(doc, plan, action);
    return it ? it->number : NULL;
}

const char *tailan_action_value(const tailan_doc *doc, size_t plan, size_t action, const char *field,
                                const char *period)
{
    const tl_item *it = action_at(doc, plan, action);
    if (!it || !field)
        return NULL;
    for (int f = TL_F_NUMBER; f < TL_F_COUNT; f++)
        if (!strcmp(tl_field_name((tl_field)f), field)) {
            const char *v = tl_item_value(it, (tl_field)f, period);
            /* an action sharing its row's values with another (sharesWith) */
            return v || !it->shares ? v : tl_item_value(it->shares, (tl_field)f, period);
        }
    return NULL;
}

int tailan_validate(const char *xml, size_t len, tailan_error *err)
{
    tl_error e = { 0 };
    tl_code rc = tl_xml_validate(xml, len, &e);
    if (rc != TL_OK)
        fail(err, &e);
    return (int)rc;
}

char *tailan_normalize(const char *text)
{
    return text ? tl_norm_text(text, NULL) : NULL;
}
