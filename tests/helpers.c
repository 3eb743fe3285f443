/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "helpers.h"

#include <json-glib/json-glib.h>
#include "plans.h"
#include "truth.h"

#include <criterion/criterion.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/wait.h>

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

char *plan_digest(const tl_result *res)
{
    char *d = plan_digest_of(res);
    cr_assert(d, "out of memory");
    return d;
}

void expect_truth(const char *path, const char *truth, double want)
{
    tl_doc *doc = load_doc(path, 0);
    truth_score s;
    cr_assert_eq(truth_score_doc(truth, doc, &s, NULL), 0, "%s unreadable", truth);
    double got = s.cells ? (double)s.matched / (double)s.cells : 0;
    cr_expect_geq(got, want, "%s: %zu of %zu truth cells (%.4f)", path, s.matched, s.cells, got);
    tl_doc_free(doc);
}

/* Removes white space in place. */
static void squeeze(char *s)
{
    char *o = s;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t')
            *o++ = *s;
    *o = '\0';
}

static void same_plan(const char *file, const char *text, int spaces)
{
    tl_result a, b;
    convert(file, &a);
    convert(text, &b);
    char *da = plan_digest(&a), *db = plan_digest(&b);
    if (!spaces) {
        squeeze(da);
        squeeze(db);
    }
    cr_assert_gt(strlen(db), 500, "text digest too short: %s", db);
    if (strcmp(da, db) != 0) {
        /* name the first action that differs, not two pages of digest */
        size_t i = 0, line = 0;
        while (da[i] && da[i] == db[i])
            i++;
        size_t s0 = i;
        while (s0 > 0 && da[s0 - 1] != '\n')
            s0--;
        for (size_t k = 0; k < s0; k++)
            line += da[k] == '\n';
        /* from a little before the first difference, on a character boundary */
        if (i > s0 + 120)
            s0 = i - 120;
        while (s0 < i && (da[s0] & 0xC0) == 0x80)
            s0++;
        cr_expect_fail("%s: digest line %zu differs:\n  file: %.300s\n  text: %.300s", file, line + 1,
                       da + s0, db + s0);
    }
    free(da);
    free(db);
    tl_result_free(&a);
    tl_result_free(&b);
}

void expect_same_plan(const char *file, const char *text) { same_plan(file, text, 1); }
void expect_same_plan_but_spaces(const char *file, const char *text) { same_plan(file, text, 0); }

const tl_block *block_nth(const tl_doc *d, tl_block_kind kind, size_t n)
{
    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == kind && n-- == 0)
            return &d->blocks[i];
    return NULL;
}

xmlDocPtr result_tree(const tl_result *res)
{
    xmlDocPtr d = xmlReadMemory(res->xml, (int)res->xml_len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    cr_assert_not_null(d, "the result's XML does not parse");
    return d;
}

int xcount(const tl_result *res, const char *fmt, ...)
{
    char xpath[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(xpath, sizeof xpath, fmt, ap);
    va_end(ap);
    xmlDocPtr d = result_tree(res);
    xmlXPathContextPtr cx = xmlXPathNewContext(d);
    xmlXPathRegisterNs(cx, (const xmlChar *)"t", (const xmlChar *)"urn:tailan:plan:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, cx);
    int n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(cx);
    xmlFreeDoc(d);
    return n;
}

void copy_file(const char *from, const char *to)
{
    unsigned char *d;
    size_t n;
    tl_error e;
    cr_assert_eq(tl_file_read(from, &d, &n, &e), TL_OK, "%s", e.msg);
    FILE *f = fopen(to, "wb");
    cr_assert(f, "%s", to);
    cr_assert_eq(fwrite(d, 1, n, f), n);
    fclose(f);
    free(d);
}

int run_tailan(const char *cli, const char *dir, const char *env, const char *args, char *err, size_t errlen)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s %s 2>%s/stderr >%s/stdout", env ? env : "", cli, args, dir, dir);
    int st = system(cmd);
    char path[1024];
    snprintf(path, sizeof path, "%s/stderr", dir);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(err, 1, errlen - 1, f) : 0;
    err[n] = '\0';
    if (f)
        fclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* sql prepared on the catalog in dir, read-only; *db to close after finalizing. */
static sqlite3_stmt *catalog_query(const char *dir, const char *sql, sqlite3 **db)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/catalog.sqlite", dir);
    cr_assert_eq(sqlite3_open_v2(p, db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(*db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(*db));
    return st;
}

long long catalog_int(const char *dir, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st = catalog_query(dir, sql, &db);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

char *catalog_text(const char *dir, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st = catalog_query(dir, sql, &db);
    char *out = NULL;
    while (sqlite3_step(st) == SQLITE_ROW)
        tl_str_append(&out, "\n", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out ? out : strdup("");
}

void expect_refused(const char *name, const unsigned char *data, size_t size, tl_code want, const char *why)
{
    tl_source src = { name, data, size };
    tl_doc *doc = NULL;
    tl_error err = { 0 };
    tl_code rc = tl_extract_mem(&src, &doc, &err);
    tl_doc_free(doc);
    cr_expect_eq(rc, want, "%s: %s (%s)", name, tl_code_name(rc), err.msg);
    cr_expect(strstr(err.msg, why) != NULL, "%s: message \"%s\" lacks \"%s\"", name, err.msg, why);
    cr_expect(!strchr(err.msg, '\n'), "one line: %s", err.msg);
}

char *json_file_at(const char *file, const char *path)
{
    JsonParser *p = json_parser_new();
    char *out = NULL;
    if (json_parser_load_from_file(p, file, NULL)) {
        JsonNode *found = json_path_query(path, json_parser_get_root(p), NULL);
        if (found) {
            gchar *text = json_to_string(found, FALSE);
            out = strdup(text);
            g_free(text);
            json_node_unref(found);
        }
    }
    g_object_unref(p);
    return out;
}
