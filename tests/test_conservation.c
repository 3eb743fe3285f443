/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nothing lost, nothing doubled: every word of every cell and paragraph the
 * extractor saw appears in the XML text exactly as often, except the repeated header
 * and column-number rows stitching dropped, which are counted instead, and the
 * normalizer's repairs, whose originals are kept in <repairs>. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_words(GHashTable *h, const char *s, int sign)
{
    char *copy = g_strdup(s);
    for (char *save = NULL, *w = strtok_r(copy, " \t\n\r", &save); w; w = strtok_r(NULL, " \t\n\r", &save)) {
        /* no-break spaces count as white space too */
        gchar **parts = g_strsplit(w, "\xC2\xA0", -1);
        for (gchar **p = parts; *p; p++) {
            if (!**p)
                continue;
            gpointer old = g_hash_table_lookup(h, *p);
            g_hash_table_insert(h, g_strdup(*p), GINT_TO_POINTER(GPOINTER_TO_INT(old) + sign));
        }
        g_strfreev(parts);
    }
    g_free(copy);
}

static void add_row(GHashTable *h, const tl_row *r, int sign)
{
    for (size_t c = 0; c < r->ncells; c++)
        if (r->cells[c].text)
            add_words(h, r->cells[c].text, sign);
}

/* The normalizer's repairs: the body holds the repaired words once, and
 * repairs/repair/text the same words again, cancelling them; repairs/repair/orig
 * holds the source's words, counted like any other text. */
static void add_xml(GHashTable *h, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            int repaired = n->parent && n->parent->parent && !xmlStrcmp(n->parent->name, BAD_CAST "text") &&
                           !xmlStrcmp(n->parent->parent->name, BAD_CAST "repair");
            add_words(h, (const char *)n->content, repaired ? +1 : -1);
        }
        add_xml(h, n->children);
    }
}

static void check_words(const char *path, size_t least)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    tl_doc *raw = load_doc(path, 0);
    size_t input_words = 0;
    for (size_t i = 0; i < raw->nblocks; i++) {
        const tl_block *b = &raw->blocks[i];
        if (b->kind == TL_BLOCK_PARA)
            add_words(h, b->para.text, +1);
        else
            for (size_t r = 0; r < b->table->nrows; r++)
                add_row(h, &b->table->rows[r], +1);
    }
    tl_doc_free(raw);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &k, &v))
        input_words += (size_t)GPOINTER_TO_INT(v);
    cr_assert_geq(input_words, least);

    tl_result res;
    convert(path, &res);
    for (size_t i = 0; i < res.doc->nblocks; i++)
        if (res.doc->blocks[i].kind == TL_BLOCK_TABLE)
            for (size_t r = 0; r < res.doc->blocks[i].table->ndropped; r++)
                add_row(h, &res.doc->blocks[i].table->dropped[r], -1);
    xmlDocPtr xml = result_tree(&res);
    add_xml(h, xmlDocGetRootElement(xml));
    xmlFreeDoc(xml);
    tl_result_free(&res);

    int bad = 0;
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        int d = GPOINTER_TO_INT(v);
        if (d != 0) {
            if (bad++ < 10)
                cr_log_error("%s: word \"%s\" %s %d time(s)", path, (char *)k,
                             d > 0 ? "missing" : "extra", d > 0 ? d : -d);
        }
    }
    g_hash_table_destroy(h);
    cr_assert_eq(bad, 0, "%s: %d words differ between input and XML", path, bad);
}

static void check(const char *path)
{
    check_words(path, 500);
}

Test(conservation, seed000) { check(SEED000); }
Test(conservation, seed001) { check(SEED001); }
Test(conservation, seed002) { check(SEED002); }
Test(conservation, seed003) { check(SEED003); }
Test(conservation, seed004) { check(SEED004); }

/* The short report texts of the metadata test: the date line, its place, a table
 * saved one cell per line and the body are each written once. */
Test(conservation, report_texts)
{
    const char *names[] = { "date-dash", "date-place", "date-slashes", "date-counters", "date-time",
                            "date-month-word", "date-month-word-no-year", "date-in-prose", "table-lines",
                            "table-lines-objectives", "table-lines-short-row", "table-lines-blank-cells", "prose-list",
                            "title-share", "title-approval", "title-counter", "title-date-first",
                            "header-works", "header-work-content", "chrome-lines", "decree-clauses", "programme-text",
                            "programme-report", "programme-resolution", "direction-rows", "objective-action-rows",
                            "heading-lines", "news-lines", "decree-lines", "serial-numbers",
                            "report-compiler", "news-byline", "annex-note",
                            "title-furniture", "title-counter-time" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[512];
        snprintf(path, sizeof path, TL_FIXTURES "/reports/%s.txt", names[i]);
        check_words(path, 10);
    }
}
