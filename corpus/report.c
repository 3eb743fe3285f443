/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The run report: DIR/report.json for machines and DIR/report.html for archivists,
 * both written from the catalog (every document of this shard: status, error, its
 * XML), both replaced atomically. */
#define _GNU_SOURCE
#include "run.h"

#include <glib.h>
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

/* JSON string with the escapes JSON needs; bytes that are not UTF-8 (a file name
 * from an old Windows archive, a library's message) shown as U+FFFD. */
static void json_str(FILE *f, const char *raw)
{
    if (!raw) {
        fputs("null", f);
        return;
    }
    char *valid = tl_display_name(raw);
    const char *s = valid;
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
    free(valid);
}

static void html_str(FILE *f, const char *raw)
{
    char *valid = tl_display_name(raw);
    for (const char *s = valid; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
    free(valid);
}

/* A list of paths as a JSON array and an HTML paragraph. */
static void write_list(FILE *j, FILE *h, const char *key, const char *label, const tl_paths *l)
{
    fprintf(j, ",\n  \"%s\": [", key);
    for (size_t i = 0; l && i < l->n; i++) {
        fputs(i ? ", " : "", j);
        json_str(j, l->v[i]);
    }
    fputs("]", j);
    if (!l || !l->n)
        return;
    fprintf(h, "<p>%s (%zu):</p><ul>\n", label, l->n);
    for (size_t i = 0; i < l->n; i++) {
        fputs("<li>", h);
        html_str(h, l->v[i]);
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

static FILE *open_tmp(const char *dir, const char *name, char **tmp, char **final)
{
    *tmp = *final = NULL;
    if (asprintf(final, "%s/%s", dir, name) < 0 || asprintf(tmp, "%s/.%s.tmp", dir, name) < 0)
        return NULL;
    return fopen(*tmp, "w");
}

static int close_tmp(FILE *f, char *tmp, char *final)
{
    int bad = !f || fflush(f) != 0 || fsync(fileno(f)) != 0;
    if (f && fclose(f) != 0)
        bad = 1;
    if (!bad && rename(tmp, final) != 0)
        bad = 1;
    if (bad && tmp)
        unlink(tmp);
    free(tmp);
    free(final);
    return bad ? -1 : 0;
}

tl_code tl_corpus_report(sqlite3 *db, const char *dir, int shard_k, int shard_n, const tl_run_lists *lists,
                         tl_corpus_stats *st, tl_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT path, status, format, code, error, xml, pages, actions, ms, title, updated, retries "
                           "FROM documents ORDER BY path",
                           -1, &q, NULL) != SQLITE_OK)
        return tl_error_set(err, TL_E_OUTPUT, "catalog: %s", sqlite3_errmsg(db));
    char *jt, *jf, *ht, *hf;
    FILE *j = open_tmp(dir, "report.json", &jt, &jf), *h = open_tmp(dir, "report.html", &ht, &hf);
    if (!j || !h) {
        if (j)
            fclose(j);
        if (h)
            fclose(h);
        unlink(jt ? jt : "");
        unlink(ht ? ht : "");
        free(jt), free(jf), free(ht), free(hf);
        sqlite3_finalize(q);
        return tl_error_set(err, TL_E_OUTPUT, "cannot write the report");
    }
    st->total_ok = st->total_failed = st->total_removed = st->failed_named = 0;
    st->failed_names[0] = 0;
    fputs("{\n  \"documents\": [", j);
    fputs("<!DOCTYPE html>\n<html lang=\"mn\"><head><meta charset=\"utf-8\"><title>tailan corpus report</title>\n"
          "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
          "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
          ".failed{background:#fde2e2}.removed{color:#888}</style></head><body>\n"
          "<h1>tailan corpus report</h1>\n", h);
    int first = 1;
    /* Rows go to a temporary buffer for HTML so the totals can stand above them. */
    char *rows = NULL;
    size_t rlen = 0;
    FILE *r = open_memstream(&rows, &rlen);
    while (r && sqlite3_step(q) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(q, 0);
        const char *status = (const char *)sqlite3_column_text(q, 1);
        const char *format = (const char *)sqlite3_column_text(q, 2);
        const char *error = (const char *)sqlite3_column_text(q, 4);
        const char *xml = (const char *)sqlite3_column_text(q, 5);
        const char *title = (const char *)sqlite3_column_text(q, 9);
        if (shard_n > 1 && !tl_corpus_in_shard(path, shard_k, shard_n))
            continue;
        if (!strcmp(status, "ok"))
            st->total_ok++;
        else if (!strcmp(status, "failed"))
            name_failed(st, path), st->total_failed++;
        else
            st->total_removed++;
        fprintf(j, "%s\n    {\"path\": ", first ? "" : ",");
        first = 0;
        json_str(j, path);
        fputs(", \"status\": ", j);
        json_str(j, status);
        fputs(", \"format\": ", j);
        json_str(j, format);
        fprintf(j, ", \"code\": %d, \"error\": ", sqlite3_column_int(q, 3));
        json_str(j, error);
        fputs(", \"xml\": ", j);
        json_str(j, xml);
        fprintf(j, ", \"pages\": %d, \"actions\": %d, \"ms\": %lld, \"retries\": %d, \"title\": ",
                sqlite3_column_int(q, 6), sqlite3_column_int(q, 7), (long long)sqlite3_column_int64(q, 8),
                sqlite3_column_int(q, 11));
        json_str(j, title);
        fputs("}", j);
        fprintf(r, "<tr class=\"%s\"><td>", status);
        html_str(r, path);
        fputs("</td><td>", r);
        html_str(r, status);
        fputs("</td><td>", r);
        html_str(r, format);
        fputs("</td><td>", r);
        if (xml) {
            fputs("<a href=\"", r);
            html_str(r, xml);
            fputs("\">XML</a>", r);
        }
        fprintf(r, "</td><td>%d</td><td>", sqlite3_column_int(q, 7));
        html_str(r, title);
        fputs("</td><td>", r);
        html_str(r, error);
        fputs("</td></tr>\n", r);
    }
    if (r)
        fclose(r);
    sqlite3_finalize(q);
    fprintf(j,
            "\n  ],\n  \"totals\": {\"ok\": %zu, \"failed\": %zu, \"removed\": %zu},\n"
            "  \"run\": {\"seen\": %zu, \"unchanged\": %zu, \"converted\": %zu, \"ok\": %zu, \"failed\": %zu,"
            " \"removed\": %zu, \"retried\": %zu, \"skipped\": %zu, \"unreadable\": %zu, \"seconds\": %.3f}",
            st->total_ok, st->total_failed, st->total_removed, st->seen, st->unchanged, st->converted, st->ok,
            st->failed, st->removed, st->retried, st->skipped, st->unreadable, st->seconds);
    fprintf(h,
            "<p>%zu documents: <b>%zu ok</b>, <b>%zu failed</b>, %zu removed.  This run: %zu seen, %zu "
            "unchanged, %zu converted (%zu ok, %zu failed, %zu of them retried), %zu marked removed, "
            "%zu skipped, %zu unreadable, %.1f s.</p>\n",
            st->total_ok + st->total_failed + st->total_removed, st->total_ok, st->total_failed, st->total_removed,
            st->seen, st->unchanged, st->converted, st->ok, st->failed, st->retried, st->removed, st->skipped,
            st->unreadable, st->seconds);
    write_list(j, h, "removed_this_run", "Marked removed in this run (their sources are gone)",
               lists ? lists->removed : NULL);
    write_list(j, h, "skipped", "Skipped: neither files nor folders (links, FIFOs, devices)",
               lists ? lists->skipped : NULL);
    write_list(j, h, "unreadable", "Could not be read: their documents were left as they were",
               lists ? lists->unreadable : NULL);
    fputs("\n}\n", j);
    fputs("<table><tr><th>source</th><th>status</th><th>format</th><th>XML</th><th>actions</th>"
          "<th>title</th><th>error</th></tr>\n", h);
    if (rows)
        fwrite(rows, 1, rlen, h);
    free(rows);
    fputs("</table></body></html>\n", h);
    int bad = close_tmp(j, jt, jf) | close_tmp(h, ht, hf);
    return bad ? tl_error_set(err, TL_E_OUTPUT, "cannot write the report") : TL_OK;
}
