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
    for (size_t i = 0; i < h->nactions; i++) {
        free(h->actions[i].number);
        free(h->actions[i].objective);
        free(h->actions[i].text);
        free(h->actions[i].fields);
    }
    free(h->actions);
    memset(h, 0, sizeof *h);
}

static char *squashed(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = tl_str_squash(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

/* One action's number, objective, text and "field: value" list. */
static void harvest_action(xmlNodePtr a, tl_catalog_action *ca)
{
    xmlChar *num = xmlGetProp(a, (const xmlChar *)"number");
    ca->number = num ? tl_strdup((const char *)num) : NULL;
    xmlFree(num);
    for (xmlNodePtr p = a->parent; p && !ca->objective; p = p->parent)
        if (p->type == XML_ELEMENT_NODE && xmlStrEqual(p->name, (const xmlChar *)"objective")) {
            xmlChar *on = xmlGetProp(p, (const xmlChar *)"number");
            ca->objective = on ? tl_strdup((const char *)on) : NULL;
            xmlFree(on);
        }
    for (xmlNodePtr c = a->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || xmlStrEqual(c->name, (const xmlChar *)"provenance") ||
            xmlStrEqual(c->name, (const xmlChar *)"label"))
            continue;
        char *v = squashed(c);
        if (!v)
            continue;
        if (xmlStrEqual(c->name, (const xmlChar *)"text")) {
            free(ca->text);
            ca->text = v;
            continue;
        }
        char *kv = NULL;
        if (!tl_str_append(&kv, "", (const char *)c->name) && !tl_str_append(&kv, ": ", v))
            tl_str_append(&ca->fields, "; ", kv);
        free(kv);
        free(v);
    }
}

int tl_harvest_xml(const char *xml, size_t len, tl_harvest *h)
{
    if (len > INT32_MAX)
        return -1;
    tl_sha256_hex((const unsigned char *)xml, len, h->xml_sha256);
    xmlDocPtr d = xmlReadMemory(xml, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (!d)
        return -1;
    xmlXPathContextPtr cx = xmlXPathNewContext(d);
    int rc = -1;
    if (!cx)
        goto out;
    xmlXPathRegisterNs(cx, (const xmlChar *)"t", (const xmlChar *)"urn:tailan:plan:1");
    h->format = xp_string(cx, "string(/t:document/t:source/@format)");
    h->title = xp_string(cx, "string(/t:document/t:meta/t:title)");
    h->org = xp_string(cx, "string(/t:document/t:meta/t:organization/@value)");
    h->pages = xp_int(cx, "number(/t:document/t:source/@pages)");
    h->year = xp_int(cx, "number(/t:document/t:meta/t:year/@value)");
    h->tables = xp_int(cx, "count(/t:document/t:body//t:plan | /t:document/t:body//t:table)");
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)"/t:document/t:body//t:action", cx);
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        if (tl_grow((void **)&h->actions, &h->cap, h->nactions + 1, sizeof *h->actions))
            break;
        tl_catalog_action *ca = &h->actions[h->nactions++];
        memset(ca, 0, sizeof *ca);
        harvest_action(o->nodesetval->nodeTab[i], ca);
    }
    xmlXPathFreeObject(o);
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
    int32_t nums[3] = { h->pages, h->tables, h->year };
    uint64_t n = h->nactions;
    put(&k, nums, sizeof nums);
    put(&k, h->xml_sha256, sizeof h->xml_sha256);
    put_str(&k, h->format);
    put_str(&k, h->title);
    put_str(&k, h->org);
    put(&k, &n, sizeof n);
    for (size_t i = 0; i < h->nactions; i++) {
        put_str(&k, h->actions[i].number);
        put_str(&k, h->actions[i].objective);
        put_str(&k, h->actions[i].text);
        put_str(&k, h->actions[i].fields);
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

int tl_harvest_unpack(const char *buf, size_t len, tl_harvest *h)
{
    unpacker u = { buf, buf + len, 0 };
    int32_t nums[3];
    uint64_t n;
    memset(h, 0, sizeof *h);
    get(&u, nums, sizeof nums);
    get(&u, h->xml_sha256, sizeof h->xml_sha256);
    h->xml_sha256[sizeof h->xml_sha256 - 1] = 0;
    h->pages = nums[0];
    h->tables = nums[1];
    h->year = nums[2];
    h->format = get_str(&u);
    h->title = get_str(&u);
    h->org = get_str(&u);
    get(&u, &n, sizeof n);
    /* each action takes 16 bytes at least: a count past that is damage */
    if (!u.bad && n <= (uint64_t)(u.end - u.p) / 16 && n) {
        h->actions = calloc((size_t)n, sizeof *h->actions);
        h->cap = h->actions ? (size_t)n : 0;
        u.bad |= !h->actions;
    } else if (n) {
        u.bad = 1;
    }
    for (size_t i = 0; !u.bad && i < n; i++) {
        tl_catalog_action *a = &h->actions[h->nactions++];
        a->number = get_str(&u);
        a->objective = get_str(&u);
        a->text = get_str(&u);
        a->fields = get_str(&u);
    }
    if (u.bad || u.p != u.end) {
        tl_harvest_free(h);
        return -1;
    }
    return 0;
}
