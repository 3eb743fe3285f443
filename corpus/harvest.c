/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the catalog keeps of a converted document, read off its XML by the worker
 * that wrote it, and sent to the run's parent as bytes (the parent re-reads no XML). */
#define _GNU_SOURCE
#include "run.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xp_string(xmlXPathContextPtr cx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, cx);
    char *s = NULL;
    if (o) {
        xmlChar *v = xmlXPathCastToString(o);
        s = v && v[0] ? tl_strdup((const char *)v) : NULL;
        xmlFree(v);
        xmlXPathFreeObject(o);
    }
    return s;
}

static int xp_int(xmlXPathContextPtr cx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, cx);
    double d = o ? xmlXPathCastToNumber(o) : 0;
    int v = d == d && d > -1e9 && d < 1e9 ? (int)d : 0; /* NaN when absent */
    xmlXPathFreeObject(o);
    return v;
}

void tl_harvest_free(tl_harvest *h)
{
    free(h->format);
    free(h->title);
    free(h->org);
    free(h->kind);
    free(h->date);
    for (size_t i = 0; i < h->nactions; i++) {
        for (size_t c = 0; c < h->ncols; c++)
            free(h->actions[i].cols[c]);
        free(h->actions[i].cols);
    }
    free(h->actions);
    for (size_t i = 0; i < h->ntexts; i++) {
        free(h->texts[i].kind);
        free(h->texts[i].ref);
        free(h->texts[i].text);
    }
    free(h->texts);
    memset(h, 0, sizeof *h);
}

static char *squashed(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = tl_str_squash(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

/* One passage for the search index; text is taken (freed when empty). */
static void add_text(tl_harvest *h, const char *kind, const xmlNode *refnode, const char *refattr, char *text)
{
    if (!text || !text[0] || tl_grow((void **)&h->texts, &h->captexts, h->ntexts + 1, sizeof *h->texts)) {
        free(text);
        return;
    }
    xmlChar *ref = refnode && refattr ? xmlGetProp(refnode, (const xmlChar *)refattr) : NULL;
    tl_catalog_text *t = &h->texts[h->ntexts++];
    t->kind = tl_strdup(kind);
    t->ref = ref ? tl_strdup((const char *)ref) : NULL;
    t->text = text;
    xmlFree(ref);
}

/* A table row's or an action's texts joined, its provenance and label left out. */
static char *joined(const xmlNode *n)
{
    char *all = NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is(c, "provenance") || is(c, "label") || is(c, "action") ||
            is(c, "objective"))
            continue;
        char *v = squashed(c);
        if (v && v[0])
            tl_str_append(&all, " | ", v);
        free(v);
    }
    return all;
}

/* Every text of the body as passages: paragraphs, section and objective titles,
 * actions with their values, table rows. */
static void harvest_body(tl_harvest *h, const xmlNode *n, const xmlNode *section)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is(c, "p")) {
            add_text(h, "paragraph", section, "number", squashed(c));
        } else if (is(c, "section")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if (is(t, "title"))
                    add_text(h, "section", c, "number", squashed(t));
            harvest_body(h, c, c);
        } else if (is(c, "objective")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if (is(t, "title"))
                    add_text(h, "objective", c, "number", squashed(t));
            harvest_body(h, c, section);
        } else if (is(c, "action")) {
            add_text(h, "action", c, "number", joined(c));
            harvest_body(h, c, section);
        } else if (is(c, "plan") || is(c, "table")) {
            harvest_body(h, c, section);
        } else if (is(c, "row")) {
            add_text(h, "table", section, "number", joined(c));
        }
    }
}

/* Metadata as one passage, the title as another. */
static void harvest_meta(tl_harvest *h, const xmlNode *meta)
{
    char *rest = NULL;
    for (const xmlNode *c = meta ? meta->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char *v = squashed(c);
        if (is(c, "title"))
            add_text(h, "title", NULL, NULL, v);
        else {
            if (v && v[0])
                tl_str_append(&rest, " | ", v);
            free(v);
        }
    }
    if (h->org)
        tl_str_append(&rest, " | ", h->org);
    add_text(h, "meta", NULL, NULL, rest);
}

static void take_row(const char *const *values, void *ctx)
{
    tl_harvest *h = ctx;
    if (tl_grow((void **)&h->actions, &h->cap, h->nactions + 1, sizeof *h->actions))
        return;
    char **cols = calloc(h->ncols, sizeof *cols);
    if (!cols)
        return;
    for (size_t i = 0; i < h->ncols; i++) {
        int of_doc;
        tl_export_column_name(i, &of_doc);
        cols[i] = values[i] && !of_doc ? tl_strdup(values[i]) : NULL;
    }
    h->actions[h->nactions++].cols = cols;
}

int tl_harvest_xml(const char *xml, size_t len, tl_harvest *h)
{
    if (len > INT32_MAX)
        return -1;
    tl_sha256_hex((const unsigned char *)xml, len, h->xml_sha256);
    /* the indentation's blank text nodes dropped and short texts kept in their
     * nodes: the tree of a 5,000-page PDF's XML is most of its worker's memory */
    xmlDocPtr d = xmlReadMemory(xml, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (!d)
        return -1;
    xmlXPathContextPtr cx = xmlXPathNewContext(d);
    int rc = -1;
    if (!cx)
        goto out;
    xmlXPathRegisterNs(cx, (const xmlChar *)"t", (const xmlChar *)"urn:tailan:plan:1");
    h->format = xp_string(cx, "string(/t:document/t:source/@format)");
    /* the title without its line's page furniture when the XML gives one */
    h->title = xp_string(cx, "string((/t:document/t:meta/t:title/@value | /t:document/t:meta/t:title[not(@value)])[1])");
    h->org = xp_string(cx, "string(/t:document/t:meta/t:organization/@value)");
    h->kind = xp_string(cx, "string(/t:document/t:meta/t:kind/@value)");
    h->date = xp_string(cx, "string(/t:document/t:meta/t:date/@value)");
    h->pages = xp_int(cx, "number(/t:document/t:source/@pages)");
    h->year = xp_int(cx, "number(/t:document/t:meta/t:year/@value)");
    h->tables = xp_int(cx, "count(/t:document/t:body//t:plan | /t:document/t:body//t:table)");
    h->plans = xp_int(cx, "count(/t:document/t:body//t:plan)");
    h->unmapped = xp_int(cx, "count(/t:document/t:unmapped/t:item)");
    h->review = xp_int(cx, "count(/t:document/t:body//*[@review = 'true'])");
    h->repairs = xp_int(cx, "count(/t:document/t:repairs/t:repair)");
    h->sections = xp_int(cx, "count(/t:document/t:body//t:section)");
    h->ocr = xp_int(cx, "count(/t:document//@conf)");
    h->ncols = tl_export_ncolumns();
    if (tl_export_each_row(d, "xml", take_row, h, NULL) != TL_OK)
        goto out;
    xmlNode *root = xmlDocGetRootElement(d);
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (is(c, "meta"))
            harvest_meta(h, c);
        else if (is(c, "body"))
            harvest_body(h, c, NULL);
        else if (is(c, "unmapped"))
            for (xmlNode *u = c->children; u; u = u->next)
                if (is(u, "item"))
                    add_text(h, "unmapped", NULL, NULL, squashed(u));
    }
    rc = 0;
out:
    xmlXPathFreeContext(cx);
    xmlFreeDoc(d);
    return rc;
}

/* ---- as bytes: numbers, then strings each as a 4-byte length (~0u: none) and bytes */

typedef struct packer {
    char *buf;
    size_t len, cap;
    int bad;
} packer;

static void put(packer *k, const void *p, size_t n)
{
    if (k->bad)
        return;
    if (k->len + n > k->cap) {
        size_t cap = k->cap ? k->cap : 1024;
        while (cap < k->len + n)
            cap *= 2;
        char *b = realloc(k->buf, cap);
        if (!b) {
            k->bad = 1;
            return;
        }
        k->buf = b;
        k->cap = cap;
    }
    memcpy(k->buf + k->len, p, n);
    k->len += n;
}

static void put_str(packer *k, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;
    put(k, &n, sizeof n);
    if (s)
        put(k, s, n);
}

int tl_harvest_pack(const tl_harvest *h, char **buf, size_t *len)
{
    packer k = { 0 };
    int32_t nums[10] = { h->pages,   h->tables,   h->year, h->plans, h->unmapped,
                         h->review,  h->repairs,  h->sections, h->ocr, (int32_t)h->ncols };
    put(&k, nums, sizeof nums);
    put(&k, h->xml_sha256, sizeof h->xml_sha256);
    put_str(&k, h->format);
    put_str(&k, h->title);
    put_str(&k, h->org);
    put_str(&k, h->kind);
    put_str(&k, h->date);
    uint64_t n = h->nactions;
    put(&k, &n, sizeof n);
    for (size_t i = 0; i < h->nactions; i++)
        for (size_t c = 0; c < h->ncols; c++)
            put_str(&k, h->actions[i].cols[c]);
    n = h->ntexts;
    put(&k, &n, sizeof n);
    for (size_t i = 0; i < h->ntexts; i++) {
        put_str(&k, h->texts[i].kind);
        put_str(&k, h->texts[i].ref);
        put_str(&k, h->texts[i].text);
    }
    if (k.bad) {
        free(k.buf);
        return -1;
    }
    *buf = k.buf;
    *len = k.len;
    return 0;
}

typedef struct unpacker {
    const char *p, *end;
    int bad;
} unpacker;

static void get(unpacker *u, void *out, size_t n)
{
    if (u->bad || (size_t)(u->end - u->p) < n) {
        u->bad = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, u->p, n);
    u->p += n;
}

static char *get_str(unpacker *u)
{
    uint32_t n;
    get(u, &n, sizeof n);
    if (u->bad || n == UINT32_MAX)
        return NULL;
    if ((size_t)(u->end - u->p) < n) {
        u->bad = 1;
        return NULL;
    }
    char *s = tl_strndup(u->p, n);
    u->p += n;
    u->bad |= !s;
    return s;
}

/* A count of items that take at least min bytes each: a count past what is left is
 * damage. */
static size_t get_count(unpacker *u, size_t min)
{
    uint64_t n;
    get(u, &n, sizeof n);
    if (!u->bad && n > (uint64_t)(u->end - u->p) / min)
        u->bad = 1;
    return u->bad ? 0 : (size_t)n;
}

int tl_harvest_unpack(const char *buf, size_t len, tl_harvest *h)
{
    unpacker u = { buf, buf + len, 0 };
    int32_t nums[10];
    memset(h, 0, sizeof *h);
    get(&u, nums, sizeof nums);
    get(&u, h->xml_sha256, sizeof h->xml_sha256);
    h->xml_sha256[sizeof h->xml_sha256 - 1] = 0;
    h->pages = nums[0];
    h->tables = nums[1];
    h->year = nums[2];
    h->plans = nums[3];
    h->unmapped = nums[4];
    h->review = nums[5];
    h->repairs = nums[6];
    h->sections = nums[7];
    h->ocr = nums[8];
    h->ncols = nums[9] > 0 && nums[9] < 1000 ? (size_t)nums[9] : 0;
    h->format = get_str(&u);
    h->title = get_str(&u);
    h->org = get_str(&u);
    h->kind = get_str(&u);
    h->date = get_str(&u);
    size_t n = get_count(&u, 4 * (h->ncols ? h->ncols : 1));
    if (n && h->ncols) {
        h->actions = calloc(n, sizeof *h->actions);
        h->cap = h->actions ? n : 0;
        u.bad |= !h->actions;
    }
    for (size_t i = 0; !u.bad && i < n && h->ncols; i++) {
        char **cols = calloc(h->ncols, sizeof *cols);
        u.bad |= !cols;
        if (!cols)
            break;
        h->actions[h->nactions++].cols = cols;
        for (size_t c = 0; c < h->ncols; c++)
            cols[c] = get_str(&u);
    }
    n = get_count(&u, 12);
    if (n && !u.bad) {
        h->texts = calloc(n, sizeof *h->texts);
        h->captexts = h->texts ? n : 0;
        u.bad |= !h->texts;
    }
    for (size_t i = 0; !u.bad && i < n; i++) {
        tl_catalog_text *t = &h->texts[h->ntexts++];
        t->kind = get_str(&u);
        t->ref = get_str(&u);
        t->text = get_str(&u);
    }
    if (u.bad || u.p != u.end) {
        tl_harvest_free(h);
        return -1;
    }
    return 0;
}
