/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mapping a stitched document to the plan schema.
 *
 * How rows map: the header rows name each column's field (fields.tsv); a body row is
 * an objective row when its first text starts with an objective marker ("Зорилт 3."),
 * else an action row whose number comes from the start of the action text ("1.1.1.")
 * or from the number column.  A number column that disagrees with the action's own
 * number numbers the objective instead (seed 001: "1.1 | 1.1.Title | 1.1.1.Action").
 * Actions hang under the objective whose number is their longest prefix.  A row with
 * no number and no new item carries on the previous action and is folded into it.
 * Whatever cannot be placed goes to unmapped with the reason. */
#include "mapping.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tl_grow that returns the array, or NULL with *oom set. */
static void *grow(void *arr, size_t *cap, size_t need, size_t sz, int *oom)
{
    if (tl_grow(&arr, cap, need, sz)) {
        *oom = 1;
        return NULL;
    }
    return arr;
}

tl_node *tl_map_node_add(mapper *mp, tl_node *parent, tl_node_kind kind)
{
    tl_node **c = grow(parent->children, &parent->capchildren, parent->nchildren + 1,
                       sizeof *c, &mp->oom);
    tl_node *n = calloc(1, sizeof *n);
    if (!c || !n) {
        free(n);
        mp->oom = 1;
        return NULL;
    }
    parent->children = c;
    n->kind = kind;
    c[parent->nchildren++] = n;
    return n;
}

tl_item *tl_map_item_add(mapper *mp, tl_item *parent, tl_item_kind kind)
{
    tl_item **c = grow(parent->children, &parent->capchildren, parent->nchildren + 1,
                       sizeof *c, &mp->oom);
    tl_item *it = calloc(1, sizeof *it);
    if (!c || !it) {
        free(it);
        mp->oom = 1;
        return NULL;
    }
    parent->children = c;
    it->kind = kind;
    it->parent = parent;
    c[parent->nchildren++] = it;
    return it;
}

void tl_map_unmapped(mapper *mp, const char *reason, const char *text, size_t column, tl_prov prov)
{
    tl_mapped *m = mp->m;
    tl_unmapped *u = grow(m->unmapped, &m->capunmapped, m->nunmapped + 1, sizeof *u, &mp->oom);
    if (!u)
        return;
    m->unmapped = u;
    u = &m->unmapped[m->nunmapped];
    u->reason = tl_strdup(reason);
    u->text = tl_strdup(text);
    u->column = column;
    u->prov = prov;
    if (!u->reason || !u->text) {
        free(u->reason);
        free(u->text);
        mp->oom = 1;
        return;
    }
    m->nunmapped++;
}

/* The recognition confidence of the row's cell whose text this is (view entries
 * point at cell texts, wherever a shift moved them), or -1. */
float tl_map_conf_of(const tl_row *row, const char *text)
{
    for (size_t c = 0; row && c < row->ncells; c++)
        if (row->cells[c].text == text)
            return row->cells[c].conf;
    return -1;
}

float tl_map_min_conf(float a, float b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

int tl_map_value_add(mapper *mp, tl_item *it, tl_field f, const char *period, size_t col, const char *text,
                     float conf)
{
    tl_value *v = grow(it->values, &it->capvalues, it->nvalues + 1, sizeof *v, &mp->oom);
    if (!v)
        return -1;
    it->values = v;
    v = &it->values[it->nvalues];
    v->field = f;
    v->period = period;
    v->column = col;
    v->conf = conf;
    v->text = tl_strdup(text);
    if (!v->text) {
        mp->oom = 1;
        return -1;
    }
    it->nvalues++;
    return 0;
}

/* Whether one of its children is numbered num. */
static int child_numbered(const tl_item *it, const char *num)
{
    for (size_t i = 0; i < it->nchildren; i++)
        if (it->children[i]->number && strcmp(it->children[i]->number, num) == 0)
            return 1;
    return 0;
}

/* Twin numbers among one item's actions ("3.1, 3.3, 3.3" or "3.1, 3.1, 3.3"): OCR
 * misread a digit, or the clerk copied a number.  Where the number missing between
 * the twin's neighbours is found nowhere among its siblings, the twin that stands in
 * its place takes it (the label keeps what was written). */
static void renumber_twins(mapper *mp, tl_item *it)
{
    for (size_t i = 0; i < it->nchildren; i++) {
        tl_item *c = it->children[i];
        renumber_twins(mp, c);
        const tl_item *p = i ? it->children[i - 1] : NULL, *q = i + 1 < it->nchildren ? it->children[i + 1] : NULL;
        if (c->kind != TL_ITEM_ACTION || !c->number)
            continue;
        char want[80], after[80];
        if (p && p->kind == TL_ITEM_ACTION && p->number)
            tl_map_next_number(p->number, want);
        else if (!p && it->kind == TL_ITEM_OBJECTIVE && it->number)
            snprintf(want, sizeof want, "%s.1", it->number);
        else
            continue;
        if (strcmp(want, c->number) == 0 || child_numbered(it, want))
            continue;
        tl_map_next_number(want, after);
        int twin_after = q && q->number && strcmp(q->number, c->number) == 0 && strcmp(after, q->number) == 0;
        int twin_before = p && p->number && strcmp(p->number, c->number) == 0 &&
                          (!q || (q->number && strcmp(after, q->number) == 0));
        if (!twin_after && !twin_before)
            continue;
        char *n = tl_strdup(want);
        if (!n) {
            mp->oom = 1;
            return;
        }
        free(c->number);
        c->number = n;
    }
}

#define SERIAL_ROWS 3 /* numbered action rows that make a count */

/* Whether the number column counts the rows ("д/д": 1, 2, 3 ... down the actions)
 * rather than numbering objectives: every row with an action has a bare number,
 * each one more than the last, the action cells carry no numbers of their own, and
 * some rows leave the objective cell blank (their objective is the one above) while
 * some fill it.  Then "| 2 | Ёс зүйг дээшлүүлэх | Сургалт ... |" is action 2 under
 * that objective, not objective 2. */
static int serial_column(const plan_ctx *pc)
{
    const tl_table *t = pc->t;
    int cn = pc->col_number, co = pc->col_objective, ca = pc->col_action;
    if (cn < 0 || co < 0 || ca < 0)
        return 0;
    long last = 0;
    int rows = 0, blank_obj = 0, filled_obj = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const tl_row *row = &t->rows[r];
        if (row->kind != TL_ROW_BODY || tl_map_repeats_header(t, row) || tl_str_blank(tl_map_cell_text(row, (size_t)ca)))
            continue;
        const char *num = tl_map_cell_text(row, (size_t)cn);
        while (*num == ' ')
            num++;
        size_t d = strspn(num, "0123456789");
        if (!d || d > 3 || !(num[d] == '\0' || (num[d] == '.' && num[d + 1] == '\0')))
            return 0;
        long k = strtol(num, NULL, 10);
        char *own = tl_number_lead(tl_map_cell_text(row, (size_t)ca), 0, NULL);
        free(own);
        if ((rows && k != last + 1) || own)
            return 0;
        last = k;
        rows++;
        if (tl_str_blank(tl_map_cell_text(row, (size_t)co)))
            blank_obj++;
        else
            filled_obj++;
    }
    return rows >= SERIAL_ROWS && blank_obj && filled_obj;
}

void tl_map_table(mapper *mp, tl_node *parent, size_t bi)
{
    const tl_block *b = &mp->doc->blocks[bi];
    tl_table *t = b->table;
    tl_map_find_header(t);
    int headed = 0, named = 0;
    for (size_t r = 0; r < t->nrows; r++)
        headed |= t->rows[r].kind == TL_ROW_HEADER;
    /* read under an earlier plan's header (tl_schema_join moved its cells there) */
    const tl_table *h = !headed && t->header_from ? t->header_from : t;
    headed |= h != t;
    size_t ncols = 0;
    tl_column *cols = tl_map_build_columns(mp, h, &ncols);
    if (!cols)
        return;
    for (size_t c = 0; c < ncols; c++)
        named |= cols[c].field != TL_F_NONE;
    if (headed && !named) {
        /* A "header" that names no field and starts with an item number is the
         * first data row (a markdown table always has a header line). */
        for (size_t r = 0; r < t->nrows; r++) {
            tl_row *row = &t->rows[r];
            char *num = row->kind == TL_ROW_HEADER && row->ncells ? tl_number_lead(tl_map_cell_text(row, 0), 1, NULL) : NULL;
            if (num)
                row->kind = TL_ROW_BODY, headed = 0;
            free(num);
        }
        if (!headed) {
            for (size_t c = 0; c < ncols; c++)
                free(cols[c].header);
            free(cols);
            cols = tl_map_build_columns(mp, t, &ncols);
            if (!cols)
                return;
        }
    }
    if (!headed && !named)
        tl_map_infer_columns(t, cols, ncols, 0);
    else if (named)
        tl_map_infer_columns(t, cols, ncols, 1);
    int fields[TL_F_COUNT] = { 0 };
    for (size_t c = 0; c < ncols; c++)
        fields[cols[c].field]++;
    int others = 0;
    for (int f = TL_F_INDICATOR; f <= TL_F_PERCENT; f++)
        others += fields[f] > 0;
    int is_plan = (fields[TL_F_ACTION] || fields[TL_F_OBJECTIVE]) && !fields[TL_F_SCORE] && others >= 1;

    tl_node *node = tl_map_node_add(mp, parent, is_plan ? TL_NODE_PLAN : TL_NODE_TABLE);
    if (!node) {
        for (size_t c = 0; c < ncols; c++)
            free(cols[c].header);
        free(cols);
        return;
    }
    node->block = b;
    node->columns = cols;
    node->ncolumns = ncols;
    if (!is_plan) {
        node->plan_kind = tl_map_table_kind(mp, bi, cols, ncols);
        return;
    }
    node->plan_kind = tl_map_plan_kind(mp, bi, fields[TL_F_IMPLEMENTATION] || fields[TL_F_PERCENT]);
    plan_ctx pc = { mp, node, t, ncols, tl_map_first_col(cols, ncols, TL_F_NUMBER),
                    tl_map_first_col(cols, ncols, TL_F_OBJECTIVE), tl_map_first_col(cols, ncols, TL_F_ACTION),
                    NULL, NULL, 0, 0 };
    pc.serial = serial_column(&pc);
    for (size_t r = 0; r < t->nrows && !mp->oom; r++) {
        const tl_row *row = &t->rows[r];
        if (row->kind == TL_ROW_HEADER || row->kind == TL_ROW_COLNUM || tl_map_repeats_header(t, row))
            continue;
        if (row->kind == TL_ROW_INTERLUDE)
            tl_map_interlude(&pc, row, r);
        else if (!tl_row_is_empty(row))
            tl_map_row(&pc, row, r);
    }
    renumber_twins(mp, &node->root);
}

