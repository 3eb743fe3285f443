/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mapped document as a tree: the walk over a document's blocks (tl_schema_map)
 * that puts prose into numbered sections and each table's plan (map.c) where it
 * stands, and the tree's accessors and freeing. */
#include "private.h"

#include <stdlib.h>
#include <string.h>

/* A section heading: "Хоёр. ..." (ordinal word) or "2.1. ..." (dotted number), of
 * any length: a decree's numbered clause is one paragraph however long it runs. */
static char *section_number(const tl_block *b)
{
    const char *text = b->para.text;
    char *low = tl_lower(text);
    if (!low)
        return NULL;
    char *num = NULL;
    const tl_marker *m;
    size_t n = tl_markers("ordinal", &m);
    for (size_t i = 0; i < n && !num; i++) {
        size_t pl = strlen(m[i].pattern);
        if (strncmp(low, m[i].pattern, pl) == 0 && low[pl] == '.')
            num = tl_strdup(m[i].value);
    }
    free(low);
    if (!num)
        num = tl_number_lead(text, 0, NULL);
    return num;
}

/* Whether a section numbered num is already in the tree under n. */
static int section_seen(const tl_node *n, const char *num)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        const tl_node *c = n->children[i];
        if (c->kind == TL_NODE_SECTION && ((c->number && !strcmp(c->number, num)) || section_seen(c, num)))
            return 1;
    }
    return 0;
}

int tl_number_is_prefix(const char *pre, const char *num)
{
    size_t l = strlen(pre);
    return strncmp(pre, num, l) == 0 && num[l] == '.';
}

/* Site chrome and page furniture are kept whole, outside the body. */
static void site_chrome(tl_mapper *mp, const tl_block *b)
{
    const char *why = b->chrome == TL_CHROME_PAGE ? "page header or footer"
                                                  : "site chrome (navigation, related links, counters, polls)";
    if (b->kind == TL_BLOCK_PARA) {
        tl_map_unmapped(mp, why, b->para.text, SIZE_MAX, b->para.prov);
        return;
    }
    for (size_t r = 0; r < b->table->nrows; r++)
        for (size_t c = 0; c < b->table->rows[r].ncells; c++) {
            const tl_cell *cell = &b->table->rows[r].cells[c];
            if (!tl_str_blank(cell->text))
                tl_map_unmapped(mp, why, cell->text, c, cell->prov);
        }
}

tl_code tl_schema_map(const tl_doc *doc, tl_mapped **out, tl_error *err)
{
    *out = NULL;
    tl_mapped *m = calloc(1, sizeof *m);
    unsigned char *consumed = calloc(doc->nblocks + 1, 1);
    if (!m || !consumed) {
        free(m);
        free(consumed);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    m->body.kind = TL_NODE_SECTION;
    tl_mapper mp = { doc, m, consumed, 0 };
    tl_meta_extract(doc, &m->meta, consumed);

    /* The open sections, outermost first; stack[0] is the body. */
    tl_node *stack[16] = { &m->body };
    size_t depth = 1;
    for (size_t i = 0; i < doc->nblocks && !mp.oom; i++) {
        const tl_block *b = &doc->blocks[i];
        if (consumed[i]) {
            /* A signature closes what it signs: a decree's numbered clauses do not
             * hold the annex that follows it (seed 000). */
            for (size_t k = 0; k < m->meta.nsignatories; k++)
                if (m->meta.signatories[k].block == b)
                    depth = 1;
            continue;
        }
        if (b->chrome) {
            site_chrome(&mp, b);
            continue;
        }
        if (b->kind == TL_BLOCK_TABLE) {
            tl_map_table(&mp, stack[depth - 1], i);
            continue;
        }
        char *num = section_number(b);
        if (num && !strchr(num, '.') && depth > 1 && section_seen(&m->body, num)) {
            /* "2." again inside section 3 (after 3.1, 3.1.1): the author numbered
             * within the section, so it is 3.2; the title keeps "2." as written.  If
             * that is taken too, it is a list item, not a section. */
            char *rel = NULL;
            if (tl_str_append(&rel, "", stack[1]->number) || tl_str_append(&rel, ".", num)) {
                free(rel);
                free(num);
                mp.oom = 1;
                break;
            }
            free(num);
            num = section_seen(&m->body, rel) ? (free(rel), NULL) : rel;
        }
        if (!num) {
            tl_node *p = tl_map_node_add(&mp, stack[depth - 1], TL_NODE_P);
            if (p)
                p->block = b;
            continue;
        }
        while (depth > 1 && !tl_number_is_prefix(stack[depth - 1]->number, num))
            depth--;
        tl_node *s = tl_map_node_add(&mp, stack[depth - 1], TL_NODE_SECTION);
        if (!s) {
            free(num);
            break;
        }
        s->number = num;
        s->title = b;
        if (depth < sizeof stack / sizeof *stack)
            stack[depth++] = s;
    }
    free(consumed);
    if (!mp.oom && tl_checks_run(m))
        mp.oom = 1;
    if (mp.oom) {
        tl_mapped_free(m);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory while mapping");
    }
    *out = m;
    return TL_OK;
}

static void item_free(tl_item *it)
{
    for (size_t i = 0; i < it->nchildren; i++) {
        item_free(it->children[i]);
        free(it->children[i]);
    }
    for (size_t i = 0; i < it->nvalues; i++)
        free(it->values[i].text);
    free(it->values);
    free(it->children);
    free(it->number);
    free(it->label);
    free(it->title);
}

void tl_mapped_free_node(tl_node *n)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        tl_mapped_free_node(n->children[i]);
        free(n->children[i]);
    }
    free(n->children);
    free(n->number);
    for (size_t c = 0; c < n->ncolumns; c++)
        free(n->columns[c].header);
    free(n->columns);
    item_free(&n->root);
}

void tl_mapped_free(tl_mapped *m)
{
    if (!m)
        return;
    tl_mapped_free_node(&m->body);
    for (size_t i = 0; i < m->nunmapped; i++) {
        free(m->unmapped[i].reason);
        free(m->unmapped[i].text);
    }
    free(m->unmapped);
    free(m->checks);
    tl_meta_free(&m->meta);
    free(m);
}

/* ---- queries -------------------------------------------------------------------- */

static void collect_plans(const tl_node *n, const tl_node **out, size_t *count, size_t want)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        const tl_node *c = n->children[i];
        if (c->kind == TL_NODE_PLAN) {
            if (*count == want && out)
                *out = c;
            (*count)++;
        }
        collect_plans(c, out, count, want);
    }
}

size_t tl_mapped_plan_count(const tl_mapped *m)
{
    size_t n = 0;
    collect_plans(&m->body, NULL, &n, SIZE_MAX);
    return n;
}

const tl_node *tl_mapped_plan(const tl_mapped *m, size_t i)
{
    const tl_node *p = NULL;
    size_t n = 0;
    collect_plans(&m->body, &p, &n, i);
    return p;
}

const tl_item *tl_plan_find(const tl_node *plan, tl_item_kind kind, const char *number)
{
    return tl_item_find((tl_item *)&plan->root, kind, number);
}

const char *tl_item_value(const tl_item *it, tl_field f, const char *period)
{
    for (size_t i = 0; i < it->nvalues; i++)
        if (it->values[i].field == f &&
            (!period || (it->values[i].period && strcmp(period, it->values[i].period) == 0)))
            return it->values[i].text;
    return NULL;
}

static void each_action(const tl_item *it, void (*fn)(const tl_item *, void *), void *ctx)
{
    for (size_t i = 0; i < it->nchildren; i++) {
        if (it->children[i]->kind == TL_ITEM_ACTION)
            fn(it->children[i], ctx);
        each_action(it->children[i], fn, ctx);
    }
}

void tl_plan_each_action(const tl_node *plan, void (*fn)(const tl_item *, void *), void *ctx)
{
    each_action(&plan->root, fn, ctx);
}

int tl_parse_number(const char *text, double *value)
{
    const char *p = text;
    while (*p && (*p < '0' || *p > '9'))
        p++;
    if (!*p)
        return 0;
    char buf[64];
    size_t n = 0;
    int sep = 0;
    for (; *p && n < sizeof buf - 1; p++) {
        if (*p >= '0' && *p <= '9')
            buf[n++] = *p;
        else if ((*p == ',' || *p == '.') && !sep && p[1] >= '0' && p[1] <= '9') {
            buf[n++] = '.';
            sep = 1;
        } else
            break;
    }
    buf[n] = '\0';
    *value = strtod(buf, NULL);
    return 1;
}
