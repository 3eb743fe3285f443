/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The document model as JSON (json-glib), for table-extraction users and scorers:
 * blocks in reading order; a table's cells at their 0-based grid positions with
 * spans, page, box, row kind and OCR confidence.  The layout is documented in
 * docs/json.md. */
#include "model.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

static const char *const row_kinds[] = { "body", "header", "colnum", "interlude" };

static void add_box(JsonBuilder *b, const tl_box *x)
{
    if (x->x0 == 0 && x->y0 == 0 && x->x1 == 0 && x->y1 == 0)
        return;
    json_builder_set_member_name(b, "box");
    json_builder_begin_array(b);
    json_builder_add_double_value(b, x->x0);
    json_builder_add_double_value(b, x->y0);
    json_builder_add_double_value(b, x->x1);
    json_builder_add_double_value(b, x->y1);
    json_builder_end_array(b);
}

static void add_int(JsonBuilder *b, const char *name, gint64 v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, v);
}

static void add_str(JsonBuilder *b, const char *name, const char *v)
{
    json_builder_set_member_name(b, name);
    /* JSON is Unicode: bytes that are not UTF-8 are shown as U+FFFD. */
    gchar *valid = g_utf8_make_valid(v ? v : "", -1);
    json_builder_add_string_value(b, valid);
    g_free(valid);
}

/* Interlude rows (a paragraph that stood between two fragments) are kept in place,
 * kind "interlude", so that nothing the document holds is missing from the JSON;
 * a consumer that wants the table's grid alone skips them. */
static void add_table(JsonBuilder *b, const tl_table *t)
{
    add_int(b, "rows", (gint64)t->nrows);
    add_int(b, "cols", (gint64)t->ncols);
    add_int(b, "fragments", t->nfragments);
    if (t->sheet)
        add_str(b, "sheet", t->sheet);
    int first = 0, last = 0;
    json_builder_set_member_name(b, "cells");
    json_builder_begin_array(b);
    for (size_t r = 0; r < t->nrows; r++) {
        const tl_row *row = &t->rows[r];
        for (size_t c = 0; c < row->ncells; c++) {
            const tl_cell *cell = &row->cells[c];
            if (cell->covered)
                continue;
            json_builder_begin_object(b);
            add_int(b, "row", (gint64)r);
            add_int(b, "col", (gint64)c);
            add_int(b, "rowspan", cell->rowspan > 1 ? cell->rowspan : 1);
            add_int(b, "colspan", cell->colspan > 1 ? cell->colspan : 1);
            add_int(b, "page", cell->prov.page > 0 ? cell->prov.page : t->prov.page);
            add_str(b, "text", cell->text);
            add_str(b, "kind", row_kinds[row->kind]);
            if (row->hidden || cell->hidden) {
                json_builder_set_member_name(b, "hidden");
                json_builder_add_boolean_value(b, TRUE);
            }
            add_box(b, &cell->prov.box);
            if (cell->conf >= 0) {
                json_builder_set_member_name(b, "conf");
                json_builder_add_double_value(b, cell->conf);
            }
            json_builder_end_object(b);
            int p = cell->prov.page;
            if (p > 0 && (!first || p < first))
                first = p;
            if (p > last)
                last = p;
        }
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "pages");
    json_builder_begin_array(b);
    for (int p = first; p && p <= last; p++)
        json_builder_add_int_value(b, p);
    json_builder_end_array(b);
}

static void add_block(JsonBuilder *b, const tl_block *blk)
{
    static const char *const chrome[] = { "body", "site", "page" };
    json_builder_begin_object(b);
    if (blk->kind == TL_BLOCK_PARA) {
        add_str(b, "type", "paragraph");
        add_int(b, "page", blk->para.prov.page);
        if (blk->para.prov.line)
            add_int(b, "line", blk->para.prov.line);
        add_box(b, &blk->para.prov.box);
        add_str(b, "text", blk->para.text);
        if (blk->heading)
            add_int(b, "heading", blk->heading);
        if (blk->para.conf >= 0) {
            json_builder_set_member_name(b, "conf");
            json_builder_add_double_value(b, blk->para.conf);
        }
    } else {
        add_str(b, "type", "table");
        add_int(b, "page", blk->table->prov.page);
        add_box(b, &blk->table->prov.box);
        add_table(b, blk->table);
    }
    if (blk->chrome)
        add_str(b, "chrome", chrome[blk->chrome]);
    json_builder_end_object(b);
}

char *tl_doc_json(const tl_doc *doc)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_str(b, "format", doc->format);
    add_str(b, "encoding", doc->encoding);
    if (doc->converted_by)
        add_str(b, "converted_by", doc->converted_by);
    json_builder_set_member_name(b, "pages");
    json_builder_begin_array(b);
    for (size_t i = 0; i < doc->npages; i++) {
        json_builder_begin_object(b);
        add_int(b, "number", doc->pages[i].number);
        if (doc->pages[i].width > 0) {
            json_builder_set_member_name(b, "width");
            json_builder_add_double_value(b, doc->pages[i].width);
            json_builder_set_member_name(b, "height");
            json_builder_add_double_value(b, doc->pages[i].height);
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "blocks");
    json_builder_begin_array(b);
    for (size_t i = 0; i < doc->nblocks; i++)
        add_block(b, &doc->blocks[i]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "diagnostics");
    json_builder_begin_array(b);
    for (size_t i = 0; i < doc->ndiags; i++) {
        json_builder_begin_object(b);
        add_str(b, "level", doc->diags[i].level == TL_WARN ? "warning" : "failed");
        add_int(b, "page", doc->diags[i].prov.page);
        add_str(b, "message", doc->diags[i].msg);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    JsonGenerator *g = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(g, root);
    gchar *s = json_generator_to_data(g, NULL);
    char *out = s ? tl_strdup(s) : NULL;
    g_free(s);
    json_node_unref(root);
    g_object_unref(g);
    g_object_unref(b);
    return out;
}
