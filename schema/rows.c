/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One body row mapped: its numbers read from the number, objective and action columns,
 * repaired where OCR shifted its cells, and made an objective, an action, or text
 * carried on into the last one. */
#include "mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static tl_prov row_prov(const tl_row *row)
{
    for (size_t c = 0; c < row->ncells; c++)
        if (!tl_str_blank(row->cells[c].text))
            return row->cells[c].prov;
    return row->ncells ? row->cells[0].prov : (tl_prov){ 0 };
}

/* A row drawn with dashes ("-- | --- | ------"): a rule typed as text, not an item.
 * Markdown and TSV readers drop it as a separator; a Word table keeps it as cells. */
static int dash_row(const tl_row *row)
{
    int any = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        if (!tl_map_dash_or_blank(row->cells[c].text))
            return 0;
        any |= row->cells[c].text && strchr(row->cells[c].text, '-') != NULL;
    }
    return any;
}


/* A row of dashes is a rule typed as text: every cell unmapped. */
static int map_dash_row(plan_ctx *pc, const tl_row *row)
{
    if (!dash_row(row))
        return 0;
    for (size_t c = 0; c < row->ncells; c++)
        if (!tl_str_blank(row->cells[c].text))
            tl_map_unmapped(pc->mp, "a row of dashes (a rule typed as text)", row->cells[c].text, c, row->cells[c].prov);
    return 1;
}

/* An objective's own row: its first text starts with an objective marker ("Зорилт
 * 1."); the number column, if another cell, labels it.  1 when the row was one. */
/* "4 ..." / "4.2. ...": an item number, then white space; the number without its
 * final dot, *rest at the text after the space.  NULL when text opens otherwise. */
static char *spaced_lead_number(const char *text, const char **rest)
{
    const char *p = text;
    while (*p == ' ' || *p == '\n')
        p++;
    const char *d = p;
    while ((*p >= '0' && *p <= '9') || (*p == '.' && p > d))
        p++;
    if (p == d || p - d > 12 || (*p != ' ' && *p != '\n'))
        return NULL;
    size_t n = (size_t)(p - d);
    while (n && d[n - 1] == '.')
        n--;
    while (*p == ' ' || *p == '\n')
        p++;
    *rest = p;
    return n ? tl_strndup(d, n) : NULL;
}

/* An objective's title row: whether text opens with an objective marker ("Зорилт
 * 4. ...", after an item number the number column's cell gave it: "4 Зорилт 4.",
 * as a row across an unruled table takes it); its number (the marker's, else the
 * lead one's), *title past the lead number, *lead that number as written (or NULL;
 * the caller frees both). */
static char *objective_parts(const char *text, const char **title, char **lead, int *is_marker)
{
    const char *rest;
    char *n = spaced_lead_number(text, &rest), *num = NULL;
    *title = text;
    *lead = NULL;
    if (n) {
        num = tl_map_objective_marker_number(rest, is_marker);
        if (*is_marker) {
            const char *p = text;
            while (*p == ' ' || *p == '\n')
                p++;
            *title = rest;
            *lead = tl_strndup(p, strcspn(p, " \n"));
            if (!num)
                num = n;
            else
                free(n);
            return num;
        }
        free(num);
        free(n);
    }
    return tl_map_objective_marker_number(text, is_marker);
}

/* A direction heading the rows under it: a top-level number in the number column
 * and one text in capitals, nothing else in the row ("| 1. | УДИРДЛАГА ЗОХИОН
 * БАЙГУУЛАЛТ | | |"): an objective, not an action without values. */
static int direction_row(const row_map *m, size_t first)
{
    const plan_ctx *pc = m->pc;
    if (pc->col_number < 0 || (size_t)pc->col_number == first || !tl_text_capitals(m->view[first]))
        return 0;
    for (size_t c = 0; c < m->n; c++)
        if (c != first && (int)c != pc->col_number && !tl_str_blank(m->view[c]))
            return 0;
    char *num = tl_number_lead(m->view[pc->col_number], 1, NULL);
    int top = num && !strchr(num, '.');
    free(num);
    return top;
}


static void row_values(row_map *m, tl_item *act);

/* The action a row holds beside its objective ("| Зорилт-1. ... | Арга хэмжээ-1.
 * ... | I улирал | Эрхлэгч |"), with the row's values; NULL when it holds none. */
static tl_item *action_beside(row_map *m, tl_item *o, size_t first)
{
    plan_ctx *pc = m->pc;
    int ca = pc->col_action;
    if (ca < 0 || (size_t)ca == first || (size_t)ca >= m->n || tl_str_blank(m->view[ca]))
        return NULL;
    tl_item *act = tl_map_item_add(pc->mp, o, TL_ITEM_ACTION);
    if (!act)
        return NULL;
    act->prov = m->prov;
    act->row = m->ri;
    pc->plan->nactions++;
    row_values(m, act);
    return act;
}

static int title_goes_on(const row_map *m);

static int map_objective_row(row_map *m)
{
    plan_ctx *pc = m->pc;
    /* "зорилтын хүрээнд:" under a title the page break cut is its rest, though it
     * names an objective */
    if (title_goes_on(m))
        return 0;
    size_t n = m->n, first = n;
    for (size_t c = 0; c < n; c++)
        if (!tl_str_blank(m->view[c]) && !tl_map_pure_number(m->view[c])) {
            first = c;
            break;
        }
    if (first == n)
        return 0;
    int is_marker;
    const char *title;
    char *lead = NULL;
    char *num = objective_parts(m->view[first], &title, &lead, &is_marker);
    if (!is_marker) {
        free(num);
        num = NULL;
        if (!direction_row(m, first))
            return 0;
    }
    char *ncnum = pc->col_number >= 0 && (size_t)pc->col_number != first
                      ? tl_number_lead(m->view[pc->col_number], 1, NULL) : NULL;
    const char *use = num ? num : ncnum;
    tl_item *o = NULL;
    if (use) {
        o = tl_map_ensure_objective(pc, use, m->prov, m->ri);
    } else if ((o = tl_map_item_add(pc->mp, &pc->plan->root, TL_ITEM_OBJECTIVE))) {
        o->prov = m->prov;
        o->row = m->ri;
        pc->plan->nobjectives++;
    }
    tl_item *act = o ? action_beside(m, o, first) : NULL;
    if (o) {
        tl_map_objective_title(pc, o, title, first, m->prov);
        tl_map_objective_label(pc, o, NULL, lead, first, m->prov);
        for (size_t c = 0; c < n && !act; c++) {
            if (c == first || tl_str_blank(m->view[c]))
                continue;
            if ((int)c == pc->col_number)
                tl_map_objective_label(pc, o, NULL, m->view[c], c, m->prov);
            else
                tl_map_unmapped(pc->mp, "cell beside an objective title", m->view[c], c, m->prov);
        }
        pc->current_obj = o;
        pc->last = act ? act : o;
    }
    free(num);
    free(ncnum);
    free(lead);
    return 1;
}

/* Cells a scan or a converter put one column off, moved back: the number in the
 * objective column ("| | 3.2. | text"), or a row OCR shifted left (the action in
 * the objective column, every later cell one column early, the last one empty:
 * seed 000).  Sets m->shifted for the latter. */
static void unshift_row(row_map *m)
{
    plan_ctx *pc = m->pc;
    const char **view = m->view;
    size_t n = m->n;
    int cn = pc->col_number, co = pc->col_objective, ca = pc->col_action;
    if (co >= 0 && cn >= 0 && tl_str_blank(view[cn]) && tl_map_pure_number(view[co])) {
        view[cn] = view[co];
        view[co] = "";
    }
    if (!(co >= 0 && ca == co + 1 && !tl_str_blank(view[co]) && tl_str_blank(view[n - 1])))
        return;
    char *on = tl_number_lead(view[co], 0, NULL);
    char *an = tl_number_lead(view[ca], 0, NULL);
    char *nn = cn >= 0 ? tl_number_lead(view[cn], 1, NULL) : NULL;
    int deeper = on && (!nn || (strlen(on) > strlen(nn) && strncmp(on, nn, strlen(nn)) == 0));
    if (deeper && !an) {
        for (size_t c = n - 1; c > (size_t)co; c--)
            view[c] = view[c - 1];
        view[co] = "";
        m->shifted = 1;
        tl_doc_diag((tl_doc *)pc->mp->doc, TL_WARN, m->prov, "row %zu: cells shifted one column left, moved back",
                    m->ri + 1);
    }
    free(on);
    free(an);
    free(nn);
}

/* A row that numbers nothing carries on the item above: the rest of an objective's
 * title, or of an action's cells (shifted as its row was); before any item its
 * cells are unmapped. */
static void map_carry_on(row_map *m)
{
    plan_ctx *pc = m->pc;
    const char **view = m->view;
    size_t n = m->n;
    int co = pc->col_objective, ca = pc->col_action;
    if (pc->last && pc->last->kind == TL_ITEM_OBJECTIVE && pc->last->title && !m->obj_num) {
        /* The rest of an objective title that a page or a PDF line split off
         * ("<p>Зорилт 1. ... төрийн жинхэнэ" | "шалгаруулалт ... зарчмыг</p>"). */
        for (size_t c = 0; c < n; c++)
            if (!tl_str_blank(view[c]) && tl_str_append(&pc->last->title, " ", view[c]))
                pc->mp->oom = 1;
    } else if (pc->last && pc->last->kind == TL_ITEM_ACTION) {
        /* The carry-on of a shifted row is shifted as its row was (a PDF keeps it a
         * row of its own; a text fragment's stitching joined it before). */
        if (pc->last_shifted && co >= 0 && ca == co + 1 && tl_str_blank(view[n - 1])) {
            for (size_t c = n - 1; c > (size_t)co; c--)
                view[c] = view[c - 1];
            view[co] = "";
        }
        tl_item *act = pc->last;
        tl_map_fold_into(pc, act, view, m->row, m->ri);
        act->prov.line = act->prov.line ? act->prov.line : m->prov.line;
        /* the next action in sequence may start in the carried text (a PDF cell's
         * lines cut into rows: "... гүйцэтгүүлэх. 2.3.3.Төрийн ...") */
        tl_map_split_multi_action(pc, act);
    } else {
        for (size_t c = 0; c < n; c++)
            if (!tl_str_blank(view[c]))
                tl_map_unmapped(pc->mp, "row without a number before any action", view[c], c, m->prov);
    }
}

/* Which of the row's numbers is the action's and which the objective's. */
static void row_numbers(row_map *m)
{
    plan_ctx *pc = m->pc;
    const char *nc = m->nc_num, *an = m->act_num, *on = m->obj_num;
    /* "| 1. | 1.4. Text | TEXT AGAIN |": the number column repeats its objective's
     * number (seed 000), the objective is titled already and the objective cell
     * holds this row's action, numbered one level deeper.  Both cells are its text. */
    if (!an && on && nc && tl_number_is_prefix(nc, on)) {
        tl_item *o = tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, nc);
        m->obj_is_action = o && o->title && !tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, on);
    }
    /* The same with the number cell lost (a scan's faint "1."): the objective cell's
     * number is the next action's after the last one, whose objective is titled. */
    const tl_item *last = pc->last;
    if (!an && on && !nc && !tl_str_blank(m->act_txt) && last && last->kind == TL_ITEM_ACTION && last->number &&
        last->parent && last->parent->kind == TL_ITEM_OBJECTIVE && last->parent->title && last->parent->number &&
        tl_number_is_prefix(last->parent->number, on) && !tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, on)) {
        char next[80];
        tl_map_next_number(last->number, next);
        if (strcmp(next, on) == 0) {
            m->obj_is_action = 1;
            nc = last->parent->number;
        }
    }
    /* "| 3. | objective text | 2.3. action |" where objective 2 exists: the action is
     * 2.3 by its own number, and the "3." with its text is an OCR repeat that belongs
     * to no item (seed 000).  Kept in unmapped with the reason. */
    m->stray_objective = an && !on && nc && strcmp(nc, an) != 0 && !tl_number_is_prefix(nc, an) &&
                         tl_map_parent_for_existing(pc, an);
    m->action_number = an;
    m->objective_number = NULL;
    if (m->obj_is_action) {
        m->action_number = on;
        m->objective_number = nc;
    } else if (m->stray_objective) {
        /* the action alone */
    } else if (an) {
        if (on)
            m->objective_number = on;
        else if (nc && strcmp(nc, an) != 0)
            m->objective_number = nc;
    } else if (nc) {
        if (pc->serial)
            m->action_number = nc; /* "д/д": the row's, whatever the objective cell holds */
        else if (!tl_str_blank(m->obj_txt) && !strchr(nc, '.') && !tl_str_blank(m->act_txt))
            m->objective_number = nc; /* "4. | objective | unnumbered action" */
        else if (!tl_str_blank(m->obj_txt) && tl_str_blank(m->act_txt))
            m->objective_number = on ? on : nc;
        else
            m->action_number = nc;
    } else if (on) {
        m->objective_number = on;
    }
    if (m->stray_objective) {
        char why[160];
        snprintf(why, sizeof why, "objective cell numbered %s in the row of action %s, which belongs to another objective",
                 nc, an);
        tl_map_unmapped(pc->mp, why, m->num_txt, (size_t)pc->col_number, m->prov);
        if (!tl_str_blank(m->obj_txt))
            tl_map_unmapped(pc->mp, why, m->obj_txt, (size_t)pc->col_objective, m->prov);
        m->num_txt = m->obj_txt = "";
    }
}

/* The objective the row names (created or found, titled by the objective cell), or
 * NULL; an objective cell without a number titles the action's parent. */
static tl_item *row_objective(row_map *m)
{
    plan_ctx *pc = m->pc;
    size_t co = (size_t)pc->col_objective;
    tl_item *obj = NULL;
    if (m->obj_is_action) {
        obj = tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, m->objective_number);
        pc->current_obj = obj;
    } else if (m->objective_number) {
        const char *nc = m->nc_num, *an = m->act_num;
        /* A number column that numbers neither: an objective above both. */
        if (nc && strcmp(nc, m->objective_number) != 0 && (!an || strcmp(nc, an) != 0))
            tl_map_ensure_objective(pc, nc, m->prov, m->ri);
        obj = tl_map_ensure_objective(pc, m->objective_number, m->prov, m->ri);
        if (obj) {
            tl_map_objective_title(pc, obj, m->obj_txt, co, m->prov);
            pc->current_obj = obj;
        }
    } else if (!tl_str_blank(m->obj_txt) && pc->serial) {
        /* rows counted one by one: an objective cell opens an unnumbered objective
         * over its row and the rows below it */
        obj = tl_map_objective_add(pc, &pc->plan->root, m->prov, m->ri);
        if (obj) {
            tl_map_objective_title(pc, obj, m->obj_txt, co, m->prov);
            pc->current_obj = obj;
        }
    } else if (!tl_str_blank(m->obj_txt)) {
        tl_item *p = tl_map_parent_for(pc, m->action_number);
        if (p != &pc->plan->root)
            tl_map_objective_title(pc, p, m->obj_txt, co, m->prov);
        else
            tl_map_unmapped(pc->mp, "objective text with no number to attach it to", m->obj_txt, co, m->prov);
    }
    return obj;
}

/* The row's action under obj (or the parent its number gives), or NULL when the row
 * has none. */
static tl_item *row_action(row_map *m, tl_item *obj)
{
    plan_ctx *pc = m->pc;
    tl_item *act = NULL;
    if (!tl_str_blank(m->act_txt) || m->action_number) {
        tl_item *parent = obj                               ? obj
                          : pc->serial && pc->current_obj ? pc->current_obj
                                                          : tl_map_parent_for(pc, m->action_number);
        act = tl_map_item_add(pc->mp, parent, TL_ITEM_ACTION);
        if (act) {
            act->number = m->action_number ? tl_strdup(m->action_number) : NULL;
            act->prov = m->prov;
            act->row = m->ri;
            pc->plan->nactions++;
            pc->last = act;
            pc->last_shifted = m->shifted;
        }
    } else if (obj) {
        pc->last = obj;
    }
    return act;
}

/* The number cell labels the item it numbers. */
static void label_row(row_map *m, tl_item *obj, tl_item *act)
{
    plan_ctx *pc = m->pc;
    size_t cn = (size_t)pc->col_number;
    const char *nc = m->nc_num, *on = m->objective_number, *an = m->action_number;
    if (m->obj_is_action) {
        tl_map_objective_label(pc, NULL, act, m->num_txt, cn, m->prov);
    } else if (!tl_str_blank(m->num_txt)) {
        int for_obj = obj && nc && on && strcmp(nc, on) == 0;
        if (!for_obj && nc && on && strcmp(nc, on) != 0 && (!an || strcmp(nc, an) != 0)) {
            tl_item *o = tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, nc);
            tl_map_objective_label(pc, o, act, m->num_txt, cn, m->prov);
        } else {
            tl_map_objective_label(pc, for_obj ? obj : NULL, act, m->num_txt, cn, m->prov);
        }
    }
}

/* The row's other cells as the action's values by their columns' fields. */
static void row_values(row_map *m, tl_item *act)
{
    plan_ctx *pc = m->pc;
    int cn = pc->col_number, co = pc->col_objective;
    for (size_t c = 0; c < m->n; c++) {
        const char *v = m->view[c];
        if ((int)c == cn || tl_str_blank(v))
            continue;
        if ((int)c == co) {
            if (m->obj_is_action && act)
                tl_map_value_add(pc->mp, act, TL_F_ACTION, NULL, c, v, tl_map_conf_of(m->row, v));
            continue;
        }
        if (!act) {
            tl_map_unmapped(pc->mp, "cell of an objective row", v, c, m->prov);
            continue;
        }
        tl_field f = pc->plan->columns[c].field;
        if (f == TL_F_NUMBER || f == TL_F_OBJECTIVE)
            f = TL_F_NONE; /* a second number or objective column */
        tl_map_value_add(pc->mp, act, f, pc->plan->columns[c].period, c, v, tl_map_conf_of(m->row, v));
    }
}

/* Whether text is the rest of the objective title just mapped, which a page break
 * cut (the title's row was the page's last): it goes on in lower case, where an
 * action's own text starts a sentence. */
static int continues_title(const plan_ctx *pc, const char *text)
{
    const tl_item *o = pc->last;
    return o && o->kind == TL_ITEM_OBJECTIVE && o->title && tl_starts_lower(text);
}

/* Whether the row is such a rest: one cell of text and no number anywhere. */
static int title_goes_on(const row_map *m)
{
    size_t filled = 0, at = 0;
    for (size_t c = 0; c < m->n; c++)
        if (!tl_str_blank(m->view[c])) {
            filled++;
            at = c;
        }
    return filled == 1 && continues_title(m->pc, m->view[at]);
}

/* One body row of a plan table, by its shape: a rule typed as dashes, an objective's
 * own row, a carry-on of the item above, or a row of an action (and the objective
 * it opens). */
void tl_map_row(plan_ctx *pc, const tl_row *row, size_t ri)
{
    if (map_dash_row(pc, row))
        return;
    row_map m = { .pc = pc, .row = row, .ri = ri, .n = pc->ncols, .prov = row_prov(row) };
    m.view = calloc(m.n ? m.n : 1, sizeof *m.view);
    if (!m.view) {
        pc->mp->oom = 1;
        return;
    }
    for (size_t c = 0; c < m.n; c++)
        m.view[c] = tl_map_cell_text(row, c);
    /* Cells past the mapped width keep their text: nothing is dropped. */
    for (size_t c = m.n; c < row->ncells; c++)
        if (!tl_str_blank(row->cells[c].text))
            tl_map_unmapped(pc->mp, "cell beyond the table's columns", row->cells[c].text, c, row->cells[c].prov);
    if (map_objective_row(&m)) {
        free(m.view);
        return;
    }
    unshift_row(&m);
    int cn = pc->col_number, co = pc->col_objective, ca = pc->col_action;
    m.num_txt = cn >= 0 ? m.view[cn] : "";
    m.obj_txt = co >= 0 ? m.view[co] : "";
    m.act_txt = ca >= 0 ? m.view[ca] : "";
    m.obj_num = tl_map_dot_restored(pc, co >= 0 ? tl_number_lead(m.obj_txt, 0, NULL) : NULL, NULL);
    m.nc_num = cn >= 0 ? tl_map_number_cell(pc, m.num_txt) : NULL;
    m.act_num = tl_map_dot_restored(pc, ca >= 0 ? tl_number_lead(m.act_txt, 0, NULL) : NULL, m.obj_num);
    int has_item = m.act_num || m.nc_num || !tl_str_blank(m.act_txt) || !tl_str_blank(m.obj_txt);
    int carry_on = !m.act_num && !m.nc_num && !m.obj_num && tl_str_blank(m.num_txt) && pc->last &&
                   (pc->last->kind == TL_ITEM_ACTION || title_goes_on(&m));
    if (!has_item || carry_on) {
        map_carry_on(&m);
    } else {
        row_numbers(&m);
        tl_item *obj = row_objective(&m);
        tl_item *act = row_action(&m, obj);
        label_row(&m, obj, act);
        row_values(&m, act);
        if (act)
            tl_map_split_multi_action(pc, act);
    }
    free(m.nc_num);
    free(m.act_num);
    free(m.obj_num);
    free(m.view);
}

void tl_map_interlude(plan_ctx *pc, const tl_row *row, size_t ri)
{
    const tl_cell *c = &row->cells[0];
    int is_marker;
    const char *title;
    char *lead;
    char *num = objective_parts(c->text, &title, &lead, &is_marker);
    if (is_marker && num) {
        tl_item *o = tl_map_ensure_objective(pc, num, c->prov, ri);
        if (o) {
            tl_map_objective_title(pc, o, title, 0, c->prov);
            tl_map_objective_label(pc, o, NULL, lead, 0, c->prov);
            pc->current_obj = o;
            pc->last = o;
        }
    } else if (!num && continues_title(pc, c->text)) {
        /* the rest of the title before it, on the next page */
        if (tl_str_append(&pc->last->title, " ", c->text))
            pc->mp->oom = 1;
    } else {
        tl_map_unmapped(pc->mp, "text between two pages of a table", c->text, SIZE_MAX, c->prov);
    }
    free(num);
    free(lead);
}

