/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "plans.h"
#include "extract/extract.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct digest {
    char *s;
    int oom;
} digest;

static void put(digest *d, const char *sep, const char *text)
{
    char *t = tl_str_squash(text ? text : "");
    if (!t || tl_str_append(&d->s, sep, *t ? t : "-") != 0)
        d->oom = 1;
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

char *plan_digest_of(const tl_result *res)
{
    digest d = { NULL, 0 };
    for (size_t i = 0; i < tl_mapped_plan_count(res->mapped); i++)
        tl_plan_each_action(tl_mapped_plan(res->mapped, i), one_action, &d);
    if (d.oom) {
        free(d.s);
        return NULL;
    }
    return d.s ? d.s : strdup("");
}

/* ---- scoring ---- */

static void collect(const tl_item *it, void *ctx) { g_ptr_array_add(ctx, (gpointer)it); }

static GPtrArray *actions_of(const tl_result *res)
{
    GPtrArray *a = g_ptr_array_new();
    for (size_t i = 0; i < tl_mapped_plan_count(res->mapped); i++)
        tl_plan_each_action(tl_mapped_plan(res->mapped, i), collect, a);
    return a;
}

/* Text without white space (the layout decides where lines break). */
static char *bare(const char *s)
{
    GString *g = g_string_new(NULL);
    for (; s && *s; s++)
        if (!g_ascii_isspace(*s))
            g_string_append_c(g, *s);
    return g_string_free(g, FALSE);
}

static char *parents_of(const tl_item *it)
{
    GString *g = g_string_new(NULL);
    for (const tl_item *o = it->parent; o; o = o->parent)
        g_string_append_printf(g, "<%s %s", o->number ? o->number : "-", o->title ? o->title : "-");
    char *b = bare(g->str);
    g_string_free(g, TRUE);
    return b;
}

static char *value_of(const tl_value *v)
{
    char *s = g_strdup_printf("%s/%s:%s", tl_field_name(v->field), v->period ? v->period : "-",
                              v->text ? v->text : "");
    char *b = bare(s);
    g_free(s);
    return b;
}

/* TL_VARIANT_LOSSES=1 prints every loss to stderr, not just the first. */
static void lost(plan_score *s, const char *fmt, const char *a, const char *b)
{
    if (getenv("TL_VARIANT_LOSSES")) {
        fprintf(stderr, fmt, a, b);
        fputc('\n', stderr);
    }
    if (!s->first_loss[0])
        snprintf(s->first_loss, sizeof s->first_loss, fmt, a, b);
}

/* The text's action t against the file's action f (NULL: none). */
static void score_action(const tl_item *t, const tl_item *f, plan_score *s)
{
    s->actions++;
    s->values += t->nvalues;
    if (!f) {
        lost(s, "action %s%s not found", t->number ? t->number : "without a number: ", t->number ? "" : t->label);
        return;
    }
    s->actions_found++;
    char *pt = parents_of(t), *pf = parents_of(f);
    if (strcmp(pt, pf) == 0)
        s->parents_equal++;
    else
        lost(s, "parents differ: text %.250s, file %.250s", pt, pf);
    g_free(pt);
    g_free(pf);
    /* values as a multiset: each of the file's values matches once */
    char **mine = g_new0(char *, f->nvalues + 1);
    for (size_t i = 0; i < f->nvalues; i++)
        mine[i] = value_of(&f->values[i]);
    for (size_t i = 0; i < t->nvalues; i++) {
        char *v = value_of(&t->values[i]);
        size_t k = 0;
        while (k < f->nvalues && !(mine[k] && strcmp(mine[k], v) == 0))
            k++;
        if (k < f->nvalues) {
            s->values_equal++;
            g_free(mine[k]);
            mine[k] = NULL;
        } else {
            char where[64];
            snprintf(where, sizeof where, "action %s", t->number);
            lost(s, "%s: value %.400s not in the file", where, v);
        }
        g_free(v);
    }
    for (size_t i = 0; i < f->nvalues; i++)
        g_free(mine[i]);
    g_free(mine);
}

static void add_words(GHashTable *h, const char *text)
{
    gchar **w = g_strsplit_set(text ? text : "", " \t\n\r", -1);
    for (gchar **p = w; *p; p++)
        if (**p) {
            gpointer old = g_hash_table_lookup(h, *p);
            g_hash_table_insert(h, g_strdup(*p), GINT_TO_POINTER(GPOINTER_TO_INT(old) + 1));
        }
    g_strfreev(w);
}

static void add_rows(GHashTable *h, const tl_row *rows, size_t n)
{
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; rows[r].kind != TL_ROW_COLNUM && c < rows[r].ncells; c++)
            add_words(h, rows[r].cells[c].text);
}

/* Every word the document holds: paragraphs and cells; not the repeats stitching
 * dropped, nor column-number rows ("1 | 2 | 3"), which a layout may leave out. */
static GHashTable *words_of(const tl_doc *d)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t i = 0; i < d->nblocks; i++) {
        const tl_block *b = &d->blocks[i];
        if (b->kind == TL_BLOCK_PARA) {
            add_words(h, b->para.text);
        } else {
            add_rows(h, b->table->rows, b->table->nrows);
        }
    }
    return h;
}

static void score_words(const tl_result *text, const tl_result *file, plan_score *s)
{
    GHashTable *t = words_of(text->doc), *f = words_of(file->doc);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        size_t want = (size_t)GPOINTER_TO_INT(v), have = (size_t)GPOINTER_TO_INT(g_hash_table_lookup(f, k));
        s->words += want;
        s->words_found += have < want ? have : want;
        size_t used = strlen(s->words_lost);
        if (have < want && used + strlen(k) + 2 < sizeof s->words_lost)
            snprintf(s->words_lost + used, sizeof s->words_lost - used, "%s%s", used ? " " : "", (char *)k);
    }
    g_hash_table_destroy(t);
    g_hash_table_destroy(f);
}

static int convert_file(const char *path, tl_result *res, tl_error *err)
{
    unsigned char *data;
    size_t size;
    if (tl_file_read(path, &data, &size, err) != TL_OK)
        return -1;
    tl_source src = { path, data, size };
    tl_code rc = tl_convert_mem(&src, NULL, res, err);
    free(data);
    return rc == TL_OK ? 0 : -1;
}

int plan_compare(const char *file, const char *text, plan_score *s, tl_error *err)
{
    memset(s, 0, sizeof *s);
    tl_result rt, rf;
    if (convert_file(text, &rt, err))
        return -1;
    if (convert_file(file, &rf, err)) {
        tl_result_free(&rt);
        return -1;
    }
    GPtrArray *at = actions_of(&rt), *af = actions_of(&rf);
    /* the file's actions by number, each matched once, in order */
    for (guint i = 0; i < at->len; i++) {
        const tl_item *t = at->pdata[i], *f = NULL;
        for (guint k = 0; k < af->len && !f; k++) {
            const tl_item *c = af->pdata[k];
            if (c && (t->number && c->number ? strcmp(c->number, t->number) == 0 : !t->number && !c->number)) {
                f = c;
                af->pdata[k] = NULL;
            }
        }
        score_action(t, f, s);
    }
    g_ptr_array_free(at, TRUE);
    g_ptr_array_free(af, TRUE);
    score_words(&rt, &rf, s);
    tl_result_free(&rt);
    tl_result_free(&rf);
    return 0;
}
