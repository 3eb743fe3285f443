/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plan XML as CSV (one row per action) or JSON, for importers who should not need to
 * know the XML's rules: nesting, sharesWith, targets told apart by period, the
 * namespace.  Read from the XML rather than from a tl_mapped so that a corpus's saved
 * files export exactly as a fresh conversion does.  The columns are documented in
 * docs/export.md and the JSON in schema/tailan-export.schema.json. */
#define _GNU_SOURCE
#include "schema.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { K_DOC, K_PLAN, K_ACTION, K_VALUE };

/* One CSV column: where its text comes from.  K_VALUE columns read the action's child
 * elements named elem (of that period, if one is given; a value of a period with no
 * column of its own goes to the column without one), their text or attribute attr. */
typedef struct column {
    const char *name;
    int kind;
    const char *elem, *period, *attr;
} column;

static const column columns[] = {
    { "source", K_DOC, "path", NULL, NULL },
    { "format", K_DOC, "format", NULL, NULL },
    { "title", K_DOC, "title", NULL, NULL },
    { "organization", K_DOC, "organization", NULL, NULL },
    { "year", K_DOC, "year", NULL, NULL },
    { "kind", K_DOC, "kind", NULL, NULL },
    { "date", K_DOC, "date", NULL, NULL },
    { "plan", K_PLAN, "index", NULL, NULL },
    { "plan_kind", K_PLAN, "kind", NULL, NULL },
    { "sheet", K_PLAN, "sheet", NULL, NULL },
    { "objective_number", K_ACTION, "objective_number", NULL, NULL },
    { "objective_title", K_ACTION, "objective_title", NULL, NULL },
    { "number", K_ACTION, "number", NULL, NULL },
    { "label", K_VALUE, "label", NULL, NULL },
    { "shares_with", K_ACTION, "sharesWith", NULL, NULL },
    { "text", K_VALUE, "text", NULL, NULL },
    { "indicator", K_VALUE, "indicator", NULL, NULL },
    { "baseline", K_VALUE, "baseline", NULL, NULL },
    { "baseline_value", K_VALUE, "baseline", NULL, "value" },
    { "target", K_VALUE, "target", NULL, NULL },
    { "target_value", K_VALUE, "target", NULL, "value" },
    { "target_half_year", K_VALUE, "target", "half-year", NULL },
    { "target_half_year_value", K_VALUE, "target", "half-year", "value" },
    { "target_year", K_VALUE, "target", "year", NULL },
    { "target_year_value", K_VALUE, "target", "year", "value" },
    { "deadline", K_VALUE, "deadline", NULL, NULL },
    { "deadline_quarters", K_VALUE, "deadline", NULL, "quarters" },
    { "deadline_as_needed", K_VALUE, "deadline", NULL, "asNeeded" },
    { "responsible", K_VALUE, "responsible", NULL, NULL },
    { "budget", K_VALUE, "budget", NULL, NULL },
    { "budget_amount", K_VALUE, "budget", NULL, "amount" },
    { "budget_currency", K_VALUE, "budget", NULL, "currency" },
    { "budget_source", K_VALUE, "budget", NULL, "source" },
    { "implementation", K_VALUE, "implementation", NULL, NULL },
    { "implementation_half_year", K_VALUE, "implementation", "half-year", NULL },
    { "implementation_year", K_VALUE, "implementation", "year", NULL },
    { "percent", K_VALUE, "percent", NULL, NULL },
    { "percent_value", K_VALUE, "percent", NULL, "value" },
    { "percent_half_year", K_VALUE, "percent", "half-year", NULL },
    { "percent_half_year_value", K_VALUE, "percent", "half-year", "value" },
    { "percent_year", K_VALUE, "percent", "year", NULL },
    { "percent_year_value", K_VALUE, "percent", "year", "value" },
    { "score", K_VALUE, "score", NULL, NULL },
    { "score_value", K_VALUE, "score", NULL, "value" },
    { "extra", K_VALUE, "extra", NULL, NULL },
    { "page", K_VALUE, "provenance", NULL, "page" },
    { "row", K_VALUE, "provenance", NULL, "row" },
    { "hidden", K_VALUE, "provenance", NULL, "hidden" },
    { "review", K_ACTION, "review", NULL, NULL },
    { "conf", K_ACTION, "conf", NULL, NULL },
};
#define NCOLS (sizeof columns / sizeof *columns)

struct tl_export {
    FILE *out;
    tl_export_row_fn row_fn; /* rows handed over instead of written */
    void *row_ctx;
    tl_export_format format;
    unsigned flags;
    size_t documents, rows;
    int failed;
};

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* An attribute or the text of an element, owned by the caller (g_free), or NULL. */
static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    char *s = v ? g_strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static char *content(const xmlNode *n)
{
    xmlChar *v = n ? xmlNodeGetContent(n) : NULL;
    char *s = v ? g_strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* What a document says of itself, for every row of it. */
typedef struct doc_facts {
    char *path, *format, *sha256, *pages, *title, *organization, *year, *kind, *date;
} doc_facts;

static void facts_read(const xmlNode *root, doc_facts *f)
{
    const xmlNode *src = child(root, "source"), *meta = child(root, "meta");
    f->path = prop(src, "path");
    f->format = prop(src, "format");
    f->sha256 = prop(src, "sha256");
    f->pages = prop(src, "pages");
    f->title = prop(child(meta, "title"), "value"); /* without the page furniture */
    if (!f->title)
        f->title = content(child(meta, "title"));
    f->organization = prop(child(meta, "organization"), "value");
    f->year = prop(child(meta, "year"), "value");
    f->kind = prop(child(meta, "kind"), "value");
    f->date = prop(child(meta, "date"), "value");
}

static void facts_free(doc_facts *f)
{
    g_free(f->path);
    g_free(f->format);
    g_free(f->sha256);
    g_free(f->pages);
    g_free(f->title);
    g_free(f->organization);
    g_free(f->year);
    g_free(f->kind);
    g_free(f->date);
}

static const char *fact(const doc_facts *f, const char *name)
{
    return !strcmp(name, "path")           ? f->path
           : !strcmp(name, "format")       ? f->format
           : !strcmp(name, "title")        ? f->title
           : !strcmp(name, "organization") ? f->organization
           : !strcmp(name, "year")         ? f->year
           : !strcmp(name, "kind")         ? f->kind
                                           : f->date;
}

/* One action with what it takes from elsewhere: the action whose row values it shares
 * (sharesWith) and its objective. */
typedef struct action_ctx {
    const xmlNode *action, *shared, *objective;
} action_ctx;

/* Calls fn on each value element of the action: its own, then the shared action's
 * row values (not its number, text or place). */
static void each_value(const action_ctx *a, void (*fn)(const xmlNode *, void *), void *arg)
{
    for (const xmlNode *c = a->action->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !is(c, "action") && !is(c, "objective"))
            fn(c, arg);
    for (const xmlNode *c = a->shared ? a->shared->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !is(c, "action") && !is(c, "objective") && !is(c, "text") &&
            !is(c, "label") && !is(c, "provenance"))
            fn(c, arg);
}

/* Whether a value of this element and period has a column of its own. */
static int period_has_column(const char *elem, const char *period)
{
    for (size_t i = 0; i < NCOLS; i++)
        if (columns[i].kind == K_VALUE && columns[i].period && !strcmp(columns[i].elem, elem) &&
            !strcmp(columns[i].period, period))
            return 1;
    return 0;
}

typedef struct csv_row {
    GString *cell[NCOLS];
    double conf;
    int review;
} csv_row;

static void cell_add(csv_row *r, size_t i, const char *s)
{
    if (!s)
        return;
    if (!r->cell[i])
        r->cell[i] = g_string_new(NULL);
    else
        g_string_append_c(r->cell[i], '\n');
    g_string_append(r->cell[i], s);
}

static void row_take_value(const xmlNode *v, void *arg)
{
    csv_row *r = arg;
    const char *name = (const char *)v->name;
    char *period = prop(v, "period"), *conf = prop(v, "conf"), *review = prop(v, "review");
    if (conf) {
        double c = g_ascii_strtod(conf, NULL);
        if (r->conf < 0 || c < r->conf)
            r->conf = c;
    }
    if (review && !strcmp(review, "true"))
        r->review = 1;
    int own = period && period_has_column(name, period);
    for (size_t i = 0; i < NCOLS; i++) {
        const column *c = &columns[i];
        if (c->kind != K_VALUE || strcmp(c->elem, name) || (own ? !c->period || strcmp(c->period, period)
                                                                : c->period != NULL))
            continue;
        char *s = c->attr ? prop(v, c->attr) : content(v);
        if (s && !c->attr && !strcmp(name, "extra")) {
            char *h = prop(v, "header");
            char *t = g_strdup_printf("%s: %s", h ? h : "", s);
            g_free(h);
            g_free(s);
            s = t;
        }
        cell_add(r, i, s);
        g_free(s);
    }
    g_free(period);
    g_free(conf);
    g_free(review);
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void csv_field(GString *line, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        g_string_append(line, s);
        return;
    }
    g_string_append_c(line, '"');
    for (; *s; s++) {
        if (*s == '"')
            g_string_append_c(line, '"');
        g_string_append_c(line, *s);
    }
    g_string_append_c(line, '"');
}

static void csv_action(tl_export *e, const doc_facts *f, const char *plan_index, const xmlNode *plan,
                       const action_ctx *a)
{
    csv_row r = { .conf = -1 };
    each_value(a, row_take_value, &r);
    const char *vals[NCOLS];
    char *own[NCOLS] = { 0 };
    for (size_t i = 0; i < NCOLS; i++) {
        const column *c = &columns[i];
        const char *s = NULL;
        if (c->kind == K_DOC) {
            s = fact(f, c->elem);
        } else if (c->kind == K_PLAN) {
            s = !strcmp(c->elem, "index") ? plan_index : (own[i] = prop(plan, c->elem));
        } else if (c->kind == K_VALUE) {
            s = r.cell[i] ? r.cell[i]->str : NULL;
        } else if (!strcmp(c->elem, "objective_number")) {
            s = own[i] = prop(a->objective, "number");
        } else if (!strcmp(c->elem, "objective_title")) {
            s = own[i] = content(child(a->objective, "title"));
        } else if (!strcmp(c->elem, "review")) {
            s = r.review ? "true" : NULL;
        } else if (!strcmp(c->elem, "conf")) {
            if (r.conf >= 0)
                s = own[i] = g_strdup_printf("%.3f", r.conf);
        } else {
            s = own[i] = prop(a->action, c->elem);
        }
        vals[i] = s;
    }
    if (e->row_fn) {
        e->row_fn(vals, e->row_ctx);
    } else {
        GString *line = g_string_new(NULL);
        for (size_t i = 0; i < NCOLS; i++) {
            if (i)
                g_string_append_c(line, ',');
            csv_field(line, vals[i]);
        }
        g_string_append(line, "\r\n");
        if (fwrite(line->str, 1, line->len, e->out) != line->len)
            e->failed = 1;
        g_string_free(line, TRUE);
    }
    for (size_t i = 0; i < NCOLS; i++) {
        g_free(own[i]);
        if (r.cell[i])
            g_string_free(r.cell[i], TRUE);
    }
    e->rows++;
}

/* ---- JSON ---- */

/* An attribute as JSON: numbers as numbers, flags as booleans, quarters as a list. */
static void json_attr(JsonBuilder *b, const char *name, const char *v)
{
    if (!strcmp(name, "asNeeded"))
        name = "as_needed";
    json_builder_set_member_name(b, name);
    if (!strcmp(name, "value") || !strcmp(name, "amount") || !strcmp(name, "conf")) {
        json_builder_add_double_value(b, g_ascii_strtod(v, NULL));
    } else if (!strcmp(name, "column") || !strcmp(name, "index") || !strcmp(name, "page") || !strcmp(name, "row") ||
               !strcmp(name, "line")) {
        json_builder_add_int_value(b, g_ascii_strtoll(v, NULL, 10));
    } else if (!strcmp(name, "as_needed") || !strcmp(name, "review") || !strcmp(name, "hidden") ||
               !strcmp(name, "inferred")) {
        json_builder_add_boolean_value(b, !strcmp(v, "true"));
    } else if (!strcmp(name, "quarters")) {
        json_builder_begin_array(b);
        char **q = g_strsplit(v, " ", -1);
        for (char **p = q; *p; p++)
            if (**p)
                json_builder_add_int_value(b, g_ascii_strtoll(*p, NULL, 10));
        g_strfreev(q);
        json_builder_end_array(b);
    } else if (!strcmp(name, "box")) {
        json_builder_begin_array(b);
        char **q = g_strsplit(v, " ", -1);
        for (char **p = q; *p; p++)
            if (**p)
                json_builder_add_double_value(b, g_ascii_strtod(*p, NULL));
        g_strfreev(q);
        json_builder_end_array(b);
    } else {
        json_builder_add_string_value(b, v);
    }
}

static void json_attrs(JsonBuilder *b, const xmlNode *n)
{
    for (const xmlAttr *at = n->properties; at; at = at->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, at->children, 1);
        json_attr(b, (const char *)at->name, v ? (const char *)v : "");
        xmlFree(v);
    }
}

static void json_string(JsonBuilder *b, const char *name, const char *v)
{
    if (!v)
        return;
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, v);
}

/* The action's values grouped by field, each field a list in document order. */
typedef struct json_values {
    JsonBuilder *b;
    GPtrArray *names;  /* distinct field names, in order */
    const action_ctx *a;
} json_values;

static void note_name(const xmlNode *v, void *arg)
{
    json_values *j = arg;
    if (is(v, "text") || is(v, "label") || is(v, "provenance"))
        return;
    for (guint i = 0; i < j->names->len; i++)
        if (!strcmp(j->names->pdata[i], (const char *)v->name))
            return;
    g_ptr_array_add(j->names, (gpointer)v->name);
}

typedef struct one_field {
    JsonBuilder *b;
    const char *name;
} one_field;

static void add_if_named(const xmlNode *v, void *arg)
{
    one_field *o = arg;
    if (strcmp((const char *)v->name, o->name))
        return;
    json_builder_begin_object(o->b);
    char *t = content(v);
    json_string(o->b, "text", t ? t : "");
    g_free(t);
    json_attrs(o->b, v);
    json_builder_end_object(o->b);
}

static void json_action(JsonBuilder *b, const action_ctx *a)
{
    json_builder_begin_object(b);
    char *s = prop(a->action, "number");
    json_string(b, "number", s);
    g_free(s);
    s = content(child(a->action, "label"));
    json_string(b, "label", s);
    g_free(s);
    if (a->objective) {
        json_builder_set_member_name(b, "objective");
        json_builder_begin_object(b);
        s = prop(a->objective, "number");
        json_string(b, "number", s);
        g_free(s);
        s = content(child(a->objective, "title"));
        json_string(b, "title", s);
        g_free(s);
        json_builder_end_object(b);
    }
    s = prop(a->action, "sharesWith");
    json_string(b, "shares_with", s);
    g_free(s);
    s = content(child(a->action, "text"));
    json_string(b, "text", s ? s : "");
    g_free(s);
    const xmlNode *pv = child(a->action, "provenance");
    if (pv) {
        json_builder_set_member_name(b, "provenance");
        json_builder_begin_object(b);
        json_attrs(b, pv);
        json_builder_end_object(b);
    }
    json_values j = { b, g_ptr_array_new(), a };
    each_value(a, note_name, &j);
    json_builder_set_member_name(b, "values");
    json_builder_begin_object(b);
    for (guint i = 0; i < j.names->len; i++) {
        one_field o = { b, j.names->pdata[i] };
        json_builder_set_member_name(b, o.name);
        json_builder_begin_array(b);
        each_value(a, add_if_named, &o);
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
    g_ptr_array_free(j.names, TRUE);
    json_builder_end_object(b);
}

/* ---- walking a document ---- */

typedef struct walk {
    tl_export *e;
    const doc_facts *facts;
    const xmlNode *plan;
    char plan_index[24];
    GHashTable *by_number; /* this plan's actions by number, for sharesWith */
    JsonBuilder *json;     /* NULL for CSV */
} walk;

static void walk_items(walk *w, const xmlNode *parent, const xmlNode *objective)
{
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (is(c, "objective")) {
            walk_items(w, c, c);
        } else if (is(c, "action")) {
            action_ctx a = { c, NULL, objective };
            char *num = prop(c, "number"), *sw = prop(c, "sharesWith");
            if (sw)
                a.shared = g_hash_table_lookup(w->by_number, sw);
            if (num && !g_hash_table_contains(w->by_number, num))
                g_hash_table_insert(w->by_number, num, (gpointer)c);
            else
                g_free(num);
            g_free(sw);
            if (w->json)
                json_action(w->json, &a);
            else
                csv_action(w->e, w->facts, w->plan_index, w->plan, &a);
            walk_items(w, c, objective); /* actions may hold sub-actions */
        }
    }
}

static void walk_plan(walk *w, const xmlNode *plan, size_t index)
{
    w->plan = plan;
    snprintf(w->plan_index, sizeof w->plan_index, "%zu", index);
    w->by_number = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    JsonBuilder *b = w->json;
    if (b) {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "index");
        json_builder_add_int_value(b, (gint64)index);
        char *s = prop(plan, "kind");
        json_string(b, "kind", s);
        g_free(s);
        s = prop(plan, "sheet");
        json_string(b, "sheet", s);
        g_free(s);
        json_builder_set_member_name(b, "columns");
        json_builder_begin_array(b);
        for (const xmlNode *c = child(child(plan, "columns"), "column"); c; c = c->next)
            if (is(c, "column")) {
                json_builder_begin_object(b);
                json_attrs(b, c);
                json_builder_end_object(b);
            }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "actions");
        json_builder_begin_array(b);
    }
    walk_items(w, plan, NULL);
    if (b) {
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    g_hash_table_destroy(w->by_number);
    w->by_number = NULL;
}

/* Plans may sit inside sections: every plan of the body, in document order. */
static void walk_body(walk *w, const xmlNode *n, size_t *index)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "plan"))
            walk_plan(w, c, ++*index);
        else if (is(c, "section"))
            walk_body(w, c, index);
    }
}

static size_t count_named(const xmlNode *n, const char *name)
{
    size_t k = 0;
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        k += (size_t)is(c, name);
    return k;
}

static void json_document(walk *w, const xmlNode *root)
{
    JsonBuilder *b = w->json;
    const doc_facts *f = w->facts;
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "source");
    json_builder_begin_object(b);
    json_string(b, "path", f->path);
    json_string(b, "format", f->format);
    json_string(b, "sha256", f->sha256);
    if (f->pages) {
        json_builder_set_member_name(b, "pages");
        json_builder_add_int_value(b, g_ascii_strtoll(f->pages, NULL, 10));
    }
    json_builder_end_object(b);
    json_string(b, "title", f->title);
    json_string(b, "organization", f->organization);
    if (f->year) {
        json_builder_set_member_name(b, "year");
        json_builder_add_int_value(b, g_ascii_strtoll(f->year, NULL, 10));
    }
    json_string(b, "kind", f->kind);
    json_string(b, "date", f->date);
    json_builder_set_member_name(b, "plans");
    json_builder_begin_array(b);
    size_t index = 0;
    walk_body(w, child(root, "body"), &index);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "unmapped");
    json_builder_add_int_value(b, (gint64)count_named(child(root, "unmapped"), "item"));
    json_builder_end_object(b);
}

/* ---- the writer ---- */

tl_export *tl_export_new(FILE *out, tl_export_format format, unsigned flags)
{
    tl_export *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->out = out;
    e->format = format;
    e->flags = flags;
    if (format == TL_EXPORT_CSV) {
        /* Excel reads a CSV without a byte-order mark in the machine's 8-bit code page. */
        if (flags & TL_EXPORT_EXCEL)
            fputs("\xEF\xBB\xBF", out);
        GString *line = g_string_new(NULL);
        for (size_t i = 0; i < NCOLS; i++) {
            if (i)
                g_string_append_c(line, ',');
            g_string_append(line, columns[i].name);
        }
        g_string_append(line, "\r\n");
        e->failed |= fwrite(line->str, 1, line->len, out) != line->len;
        g_string_free(line, TRUE);
    } else if (flags & TL_EXPORT_MANY) {
        fputs("[", out);
    }
    return e;
}

/* One document's rows or JSON from its parsed XML. */
static tl_code add_tree(tl_export *e, const xmlDoc *d, const char *name, tl_error *err)
{
    const xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!is(root, "document"))
        return tl_error_set(err, TL_E_CORRUPT, "%s: not tailan plan XML", name);
    doc_facts f = { 0 };
    facts_read(root, &f);
    walk w = { .e = e, .facts = &f };
    size_t index = 0;
    if (e->format == TL_EXPORT_JSON) {
        w.json = json_builder_new();
        json_document(&w, root);
        JsonGenerator *g = json_generator_new();
        JsonNode *node = json_builder_get_root(w.json);
        json_generator_set_root(g, node);
        json_generator_set_pretty(g, !(e->flags & TL_EXPORT_MANY));
        gsize n = 0;
        gchar *text = json_generator_to_data(g, &n);
        if (e->flags & TL_EXPORT_MANY)
            fputs(e->documents ? ",\n" : "\n", e->out);
        e->failed |= fwrite(text, 1, n, e->out) != n;
        g_free(text);
        json_node_unref(node);
        g_object_unref(g);
        g_object_unref(w.json);
    } else {
        walk_body(&w, child(root, "body"), &index);
    }
    e->documents++;
    facts_free(&f);
    return TL_OK;
}

tl_code tl_export_add(tl_export *e, const char *xml, size_t len, const char *name, tl_error *err)
{
    if (len > INT32_MAX)
        return tl_error_set(err, TL_E_LIMIT, "%s: plan XML over 2 GB", name);
    xmlDocPtr d = xmlReadMemory(xml, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    tl_code rc = add_tree(e, d, name, err);
    xmlFreeDoc(d);
    return rc;
}

tl_code tl_export_end(tl_export *e, tl_error *err)
{
    if (e->format == TL_EXPORT_JSON)
        fputs(e->flags & TL_EXPORT_MANY ? "\n]\n" : "\n", e->out);
    int bad = e->failed || fflush(e->out) != 0 || ferror(e->out);
    free(e);
    return bad ? tl_error_set(err, TL_E_OUTPUT, "cannot write the export") : TL_OK;
}

size_t tl_export_ncolumns(void)
{
    return NCOLS;
}

const char *tl_export_column_name(size_t i, int *of_document)
{
    if (of_document)
        *of_document = i < NCOLS && columns[i].kind == K_DOC;
    return i < NCOLS ? columns[i].name : NULL;
}

tl_code tl_export_each_row(const struct _xmlDoc *xml, const char *name, tl_export_row_fn fn, void *ctx,
                           tl_error *err)
{
    tl_export e = { .format = TL_EXPORT_CSV, .row_fn = fn, .row_ctx = ctx };
    return add_tree(&e, xml, name, err);
}

size_t tl_export_rows(const tl_export *e)
{
    return e->rows;
}
