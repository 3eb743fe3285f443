/* The run report: DIR/report.json for machines and DIR/report.html for archivists,
 * both written from the catalog (every document of this shard: status, error, its
 * XML), both replaced atomically. */
#define _GNU_SOURCE
#include "catalog.h"
#include "corpus.h"

#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* JSON string with the escapes JSON needs. */
static void json_str(FILE *f, const char *s)
{
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
}

static void html_str(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
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

tl_code tl_corpus_report(sqlite3 *db, const char *dir, int shard_k, int shard_n, tl_corpus_stats *st,
                         tl_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT path, status, format, code, error, xml, pages, actions, ms, title, updated "
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
        return tl_error_set(err, TL_E_OUTPUT, "%s: cannot write the report", dir);
    }
    st->total_ok = st->total_failed = st->total_removed = 0;
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
            st->total_failed++;
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
        fprintf(j, ", \"pages\": %d, \"actions\": %d, \"ms\": %lld, \"title\": ", sqlite3_column_int(q, 6),
                sqlite3_column_int(q, 7), (long long)sqlite3_column_int64(q, 8));
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
            " \"removed\": %zu, \"seconds\": %.3f}\n}\n",
            st->total_ok, st->total_failed, st->total_removed, st->seen, st->unchanged, st->converted, st->ok,
            st->failed, st->removed, st->seconds);
    fprintf(h,
            "<p>%zu documents: <b>%zu ok</b>, <b>%zu failed</b>, %zu removed.  This run: %zu seen, %zu "
            "unchanged, %zu converted (%zu ok, %zu failed), %zu marked removed, %.1f s.</p>\n"
            "<table><tr><th>source</th><th>status</th><th>format</th><th>XML</th><th>actions</th>"
            "<th>title</th><th>error</th></tr>\n",
            st->total_ok + st->total_failed + st->total_removed, st->total_ok, st->total_failed, st->total_removed,
            st->seen, st->unchanged, st->converted, st->ok, st->failed, st->removed, st->seconds);
    if (rows)
        fwrite(rows, 1, rlen, h);
    free(rows);
    fputs("</table></body></html>\n", h);
    int bad = close_tmp(j, jt, jf) | close_tmp(h, ht, hf);
    return bad ? tl_error_set(err, TL_E_OUTPUT, "%s: cannot write the report", dir) : TL_OK;
}
