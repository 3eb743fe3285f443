/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The run report: DIR/report.json for machines and DIR/report.html for archivists,
 * both written from the catalog (every document of this shard: status, error, its
 * XML), both replaced atomically. */
#define _GNU_SOURCE
#include "run.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *tl_display_name(const char *path)
{
    gchar *g = g_utf8_make_valid(path ? path : "", -1);
    char *s = tl_strdup(g);
    g_free(g);
    return s;
}

/* A list of paths as a JSON array and an HTML paragraph. */
static void write_list(JsonBuilder *j, FILE *h, const char *key, const char *label, const tl_paths *l)
{
    json_builder_set_member_name(j, key);
    json_builder_begin_array(j);
    for (size_t i = 0; l && i < l->n; i++) {
        char *shown = tl_display_name(l->v[i]);
        json_builder_add_string_value(j, shown);
        free(shown);
    }
    json_builder_end_array(j);
    if (!l || !l->n)
        return;
    fprintf(h, "<p>%s (%zu):</p><ul>\n", label, l->n);
    for (size_t i = 0; i < l->n; i++) {
        fputs("<li>", h);
        tl_html_put(h, l->v[i]);
        fputs("</li>\n", h);
    }
    fputs("</ul>\n", h);
}

/* Adds a failed document's path to the run's list of up to 20, then counts. */
static void name_failed(tl_corpus_stats *st, const char *path)
{
    size_t len = strlen(st->failed_names);
    char *shown = tl_display_name(path);
    if (shown && st->failed_named < 20 && len + strlen(shown) + 3 < sizeof st->failed_names) {
        snprintf(st->failed_names + len, sizeof st->failed_names - len, "%s%s", len ? ", " : "", shown);
        st->failed_named++;
    }
    free(shown);
}

/* DIR/name's atomic save (model's tl_save), or NULL. */
static tl_save *begin(const char *dir, const char *name)
{
    char *path = NULL;
    tl_save *sv = NULL;
    if (asprintf(&path, "%s/%s", dir, name) >= 0 && tl_save_begin(path, &sv, NULL) != TL_OK)
        sv = NULL;
    free(path);
    return sv;
}

/* What a reader should do with a document: failed, needs-review (values OCR was unsure
 * of, or items the mapping could not place), not-a-plan (no plan table and nothing
 * that names its kind: a README, a script swept up with the sources), ok, removed. */
#define CLASS_SQL                                                                                               \
    "CASE WHEN status = 'failed' THEN 'failed' WHEN status = 'removed' THEN 'removed'"                       \
    " WHEN coalesce(plans, 0) = 0 AND kind IS NULL THEN 'not-a-plan'"                                        \
    " WHEN coalesce(review, 0) > 0 OR coalesce(unmapped, 0) > 0 THEN 'needs-review' ELSE 'ok' END"

enum { C_PATH, C_STATUS, C_FORMAT, C_CODE, C_ERROR, C_XML, C_PAGES, C_ACTIONS, C_MS, C_TITLE, C_RETRIES, C_ORG,
       C_YEAR, C_KIND, C_OCR, C_REPAIRS, C_REVIEW, C_UNMAPPED, C_CLASS, C_ID };

static const char report_sql[] =
    "SELECT path, status, format, code, error, xml, pages, actions, ms, title, retries, org, year, kind,"
    " coalesce(ocr, 0), coalesce(repairs, 0), coalesce(review, 0), coalesce(unmapped, 0), " CLASS_SQL " AS class, id "
    "FROM documents ORDER BY CASE class WHEN 'failed' THEN 0 WHEN 'needs-review' THEN 1 WHEN 'ok' THEN 2"
    " WHEN 'not-a-plan' THEN 3 ELSE 4 END, path";

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"mn\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width\"><title>tailan corpus report</title>\n"
    "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;font-size:.9em}"
    "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}td.n{text-align:right}"
    "tr.failed{background:#fde2e2}tr.needs-review{background:#fff4d6}tr.not-a-plan{color:#666}"
    "tr.removed{color:#999}.title{max-width:28em}.err{max-width:24em;font-size:.9em}"
    "#bar{margin:.8em 0}</style></head><body>\n<h1>tailan corpus report</h1>\n";

/* Sorting by a column (numbers as numbers) and filtering by words and class. */
static const char html_script[] =
    "<script>\n"
    "(function(){var t=document.getElementById('docs'),q=document.getElementById('q'),"
    "k=document.getElementById('k');\n"
    "function rows(){return Array.prototype.slice.call(t.tBodies[0].rows);}\n"
    "function filter(){var w=q.value.toLowerCase(),c=k.value,n=0;rows().forEach(function(r){"
    "var show=(!c||r.className===c)&&(!w||r.textContent.toLowerCase().indexOf(w)>=0);"
    "r.style.display=show?'':'none';n+=show?1:0;});document.getElementById('shown').textContent=n;}\n"
    "q.addEventListener('input',filter);k.addEventListener('change',filter);\n"
    "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.addEventListener('click',function(){"
    "var up=th.getAttribute('data-dir')!=='up';th.setAttribute('data-dir',up?'up':'down');"
    "var num=th.hasAttribute('data-num');var rs=rows();rs.sort(function(a,b){"
    "var x=a.cells[i].textContent,y=b.cells[i].textContent;"
    "var d=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y);return up?d:-d;});"
    "rs.forEach(function(r){t.tBodies[0].appendChild(r);});});});filter();})();\n"
    "</script>\n";

static void html_num(FILE *r, long long v)
{
    fprintf(r, "<td class=\"n\">%lld</td>", v);
}

static void html_cell(FILE *r, const char *s)
{
    fputs("<td>", r);
    tl_html_put(r, s);
    fputs("</td>", r);
}

/* A link to a local file the report names: absolute paths as file:// URLs. */
static void html_link(FILE *r, const char *path, const char *label)
{
    gchar *uri = path[0] == '/' ? g_filename_to_uri(path, NULL, NULL) : NULL;
    fputs("<a href=\"", r);
    tl_html_put(r, uri ? uri : path);
    fputs("\">", r);
    tl_html_put(r, label);
    fputs("</a>", r);
    g_free(uri);
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

static void json_member_str(JsonBuilder *j, const char *name, const char *raw)
{
    json_builder_set_member_name(j, name);
    if (!raw) {
        json_builder_add_null_value(j);
        return;
    }
    char *shown = tl_display_name(raw);
    json_builder_add_string_value(j, shown);
    free(shown);
}

static void json_member_int(JsonBuilder *j, const char *name, long long v)
{
    json_builder_set_member_name(j, name);
    json_builder_add_int_value(j, v);
}

/* One document in both reports. */
static void report_row(sqlite3_stmt *q, JsonBuilder *j, FILE *r, const char *dir)
{
    const char *cls = col_text(q, C_CLASS), *xml = col_text(q, C_XML), *path = col_text(q, C_PATH);
    json_builder_begin_object(j);
    json_member_str(j, "path", path);
    json_member_str(j, "status", col_text(q, C_STATUS));
    json_member_str(j, "class", cls);
    json_member_str(j, "format", col_text(q, C_FORMAT));
    json_member_int(j, "code", sqlite3_column_int(q, C_CODE));
    json_member_str(j, "error", col_text(q, C_ERROR));
    json_member_str(j, "xml", xml);
    json_member_int(j, "pages", sqlite3_column_int(q, C_PAGES));
    json_member_int(j, "actions", sqlite3_column_int(q, C_ACTIONS));
    json_member_int(j, "ms", sqlite3_column_int64(q, C_MS));
    json_member_int(j, "retries", sqlite3_column_int(q, C_RETRIES));
    json_member_str(j, "title", col_text(q, C_TITLE));
    json_member_str(j, "organization", col_text(q, C_ORG));
    json_builder_set_member_name(j, "year");
    if (sqlite3_column_type(q, C_YEAR) == SQLITE_NULL)
        json_builder_add_null_value(j);
    else
        json_builder_add_int_value(j, sqlite3_column_int(q, C_YEAR));
    json_member_str(j, "kind", col_text(q, C_KIND));
    json_member_int(j, "ocr", sqlite3_column_int(q, C_OCR));
    json_member_int(j, "repairs", sqlite3_column_int(q, C_REPAIRS));
    json_member_int(j, "review", sqlite3_column_int(q, C_REVIEW));
    json_member_int(j, "unmapped", sqlite3_column_int(q, C_UNMAPPED));
    json_builder_end_object(j);

    fprintf(r, "<tr class=\"%s\">", cls);
    html_cell(r, cls);
    fputs("<td>", r);
    html_link(r, path, path);
    fputs("</td>", r);
    html_cell(r, col_text(q, C_FORMAT));
    fputs("<td class=\"title\">", r);
    tl_html_put(r, col_text(q, C_TITLE));
    fputs("</td>", r);
    html_cell(r, col_text(q, C_ORG));
    if (sqlite3_column_type(q, C_YEAR) == SQLITE_NULL)
        fputs("<td></td>", r);
    else
        html_num(r, sqlite3_column_int(q, C_YEAR));
    html_cell(r, col_text(q, C_KIND));
    html_num(r, sqlite3_column_int(q, C_PAGES));
    html_num(r, sqlite3_column_int(q, C_ACTIONS));
    fputs(sqlite3_column_int(q, C_OCR) ? "<td>OCR</td>" : "<td></td>", r);
    html_num(r, sqlite3_column_int(q, C_REPAIRS));
    html_num(r, sqlite3_column_int(q, C_REVIEW));
    html_num(r, sqlite3_column_int(q, C_UNMAPPED));
    fputs("<td>", r);
    if (xml) {
        html_link(r, xml, "XML");
        /* The review page, when the run made one. */
        char *rp = NULL;
        if (asprintf(&rp, "%s/review/%s/index.html", dir, col_text(q, C_ID)) >= 0 && access(rp, R_OK) == 0) {
            fputs(" ", r);
            char *rel = NULL;
            if (asprintf(&rel, "review/%s/index.html", col_text(q, C_ID)) >= 0)
                html_link(r, rel, "review");
            free(rel);
        }
        free(rp);
    }
    fputs("</td><td class=\"err\">", r);
    tl_html_put(r, col_text(q, C_ERROR));
    fputs("</td></tr>\n", r);
}

tl_code tl_corpus_report(sqlite3 *db, const char *dir, int shard_k, int shard_n, const tl_run_lists *lists,
                         tl_corpus_stats *st, tl_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, report_sql, -1, &q, NULL) != SQLITE_OK)
        return tl_error_set(err, TL_E_OUTPUT, "catalog: %s", sqlite3_errmsg(db));
    tl_save *js = begin(dir, "report.json"), *hs = begin(dir, "report.html");
    FILE *jo = js ? tl_save_file(js) : NULL, *h = hs ? tl_save_file(hs) : NULL;
    if (!jo || !h) {
        if (js)
            tl_save_end(js, 0, NULL);
        if (hs)
            tl_save_end(hs, 0, NULL);
        sqlite3_finalize(q);
        return tl_error_set(err, TL_E_OUTPUT, "cannot write the report");
    }
    st->total_ok = st->total_failed = st->total_removed = st->failed_named = 0;
    st->total_review = st->total_not_plan = 0;
    st->failed_names[0] = 0;
    JsonBuilder *j = json_builder_new();
    json_builder_begin_object(j);
    json_builder_set_member_name(j, "documents");
    json_builder_begin_array(j);
    fputs(html_head, h);
    /* Rows go to a buffer so that the totals can stand above them. */
    char *rows = NULL;
    size_t rlen = 0;
    FILE *r = open_memstream(&rows, &rlen);
    while (r && sqlite3_step(q) == SQLITE_ROW) {
        const char *path = col_text(q, C_PATH), *status = col_text(q, C_STATUS), *cls = col_text(q, C_CLASS);
        if (shard_n > 1 && !tl_corpus_in_shard(path, shard_k, shard_n))
            continue;
        if (!strcmp(status, "ok"))
            st->total_ok++;
        else if (!strcmp(status, "failed"))
            name_failed(st, path), st->total_failed++;
        else
            st->total_removed++;
        st->total_review += !strcmp(cls, "needs-review");
        st->total_not_plan += !strcmp(cls, "not-a-plan");
        report_row(q, j, r, dir);
    }
    if (r)
        fclose(r);
    sqlite3_finalize(q);
    json_builder_end_array(j);
    size_t plain_ok = st->total_ok - st->total_review - st->total_not_plan;
    json_builder_set_member_name(j, "totals");
    json_builder_begin_object(j);
    json_member_int(j, "ok", (long long)st->total_ok);
    json_member_int(j, "failed", (long long)st->total_failed);
    json_member_int(j, "removed", (long long)st->total_removed);
    json_member_int(j, "needs_review", (long long)st->total_review);
    json_member_int(j, "not_a_plan", (long long)st->total_not_plan);
    json_builder_end_object(j);
    json_builder_set_member_name(j, "run");
    json_builder_begin_object(j);
    size_t run[] = { st->seen, st->unchanged, st->converted, st->ok, st->failed, st->removed, st->retried,
                     st->skipped, st->unreadable };
    static const char *const run_names[] = { "seen",    "unchanged", "converted", "ok",        "failed",
                                             "removed", "retried",   "skipped",   "unreadable" };
    for (size_t i = 0; i < sizeof run / sizeof *run; i++)
        json_member_int(j, run_names[i], (long long)run[i]);
    json_builder_set_member_name(j, "seconds");
    json_builder_add_double_value(j, st->seconds);
    json_builder_end_object(j);
    fprintf(h,
            "<p>%zu documents: <b>%zu ok</b>, <b>%zu need review</b>, %zu not plans, <b>%zu failed</b>, %zu "
            "removed.  This run: %zu seen, %zu unchanged, %zu converted (%zu ok, %zu failed, %zu of them "
            "retried), %zu marked removed, %zu skipped, %zu unreadable, %.1f s.</p>\n",
            st->total_ok + st->total_failed + st->total_removed, plain_ok, st->total_review, st->total_not_plan,
            st->total_failed, st->total_removed, st->seen, st->unchanged, st->converted, st->ok, st->failed,
            st->retried, st->removed, st->skipped, st->unreadable, st->seconds);
    write_list(j, h, "removed_this_run", "Marked removed in this run (their sources are gone)",
               lists ? lists->removed : NULL);
    write_list(j, h, "skipped", "Skipped: neither files nor folders (links, FIFOs, devices)",
               lists ? lists->skipped : NULL);
    write_list(j, h, "unreadable", "Could not be read: their documents were left as they were",
               lists ? lists->unreadable : NULL);
    json_builder_end_object(j);
    JsonGenerator *g = json_generator_new();
    JsonNode *root = json_builder_get_root(j);
    json_generator_set_root(g, root);
    json_generator_set_pretty(g, TRUE);
    gsize jn = 0;
    gchar *jtext = json_generator_to_data(g, &jn);
    int bad = fwrite(jtext, 1, jn, jo) != jn || fputc('\n', jo) == EOF;
    g_free(jtext);
    json_node_unref(root);
    g_object_unref(g);
    g_object_unref(j);
    fputs("<div id=\"bar\"><input id=\"q\" type=\"search\" placeholder=\"filter: words in any column\" size=\"40\"> "
          "<select id=\"k\"><option value=\"\">every class</option><option>failed</option>"
          "<option>needs-review</option><option>ok</option><option>not-a-plan</option><option>removed</option>"
          "</select> <span id=\"shown\"></span> shown; click a column's name to sort.</div>\n"
          "<table id=\"docs\"><thead><tr><th>class</th><th>source</th><th>format</th><th>title</th>"
          "<th>organisation</th><th data-num>year</th><th>kind</th><th data-num>pages</th><th data-num>actions</th>"
          "<th>OCR</th><th data-num>repairs</th><th data-num>review</th><th data-num>unmapped</th><th>output</th>"
          "<th>error</th></tr></thead><tbody>\n",
          h);
    if (rows)
        fwrite(rows, 1, rlen, h);
    free(rows);
    fputs("</tbody></table>\n", h);
    fputs(html_script, h);
    fputs("</body></html>\n", h);
    bad |= tl_save_end(js, !bad, NULL) != TL_OK;
    bad |= tl_save_end(hs, !bad, NULL) != TL_OK;
    return bad ? tl_error_set(err, TL_E_OUTPUT, "cannot write the report") : TL_OK;
}
