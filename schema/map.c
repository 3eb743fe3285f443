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
#include "private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef tl_mapper mapper;

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

static tl_item *item_add(mapper *mp, tl_item *parent, tl_item_kind kind)
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
static float conf_of(const tl_row *row, const char *text)
{
    for (size_t c = 0; row && c < row->ncells; c++)
        if (row->cells[c].text == text)
            return row->cells[c].conf;
    return -1;
}

static float min_conf(float a, float b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

static int value_add(mapper *mp, tl_item *it, tl_field f, const char *period, size_t col, const char *text,
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

/* ---- columns ---------------------------------------------------------------- */

/* A cell of a number alone: digits, dots, spaces; its last mark may be the comma OCR
 * reads for a final dot ("3.2,"). */
static int pure_number(const char *s)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    for (; *p; p++) {
        if (*p == ',' && p > s && p[-1] >= '0' && p[-1] <= '9' && !p[1 + strspn(p + 1, " ")])
            break;
        if ((*p < '0' || *p > '9') && *p != '.' && *p != ' ')
            return 0;
    }
    return 1;
}

static size_t colnum_count(const tl_table *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].kind == TL_ROW_COLNUM) {
            size_t n = 0;
            for (size_t c = 0; c < t->rows[i].ncells; c++)
                n += !tl_str_blank(t->rows[i].cells[c].text);
            return n;
        }
    return 0;
}

static const char *cell_text(const tl_row *r, size_t c)
{
    return c < r->ncells && r->cells[c].text ? r->cells[c].text : "";
}

/* Whether a cell holds nothing but dashes or blanks ("-", "--"). */
static int dash_or_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != '-' && *s != ' ' && *s != '\n')
            return 0;
    return 1;
}

#define HEADER_ROWS_MAX 12
/* Whether row holds what one of t's header rows holds, cell for cell: the header a
 * word processor repeats at the top of each page, inside a table read over pages as
 * one (an unruled table carried from page to page). */
static int repeats_header(const tl_table *t, const tl_row *row)
{
    if (row->kind != TL_ROW_BODY || tl_row_is_empty(row))
        return 0;
    /* header rows stand at the top (find_header, the stitcher's top rows) */
    for (size_t r = 0; r < t->nrows && r < HEADER_ROWS_MAX && &t->rows[r] != row; r++) {
        const tl_row *h = &t->rows[r];
        if (h->kind == TL_ROW_HEADER && tl_row_same(h, row))
            return 1;
    }
    return 0;
}

/* The table's width as its body fills it, without trailing columns that are blank
 * or a dash in nine body rows of ten: where no column-number row says how wide the
 * body is, this does (a header with a stray empty column over a body one column
 * narrower). */
static size_t body_width(const tl_table *t)
{
    size_t w = t->ncols, body = 0;
    char *in_body = calloc(t->nrows ? t->nrows : 1, 1);
    if (!in_body)
        return 0;
    for (size_t r = 0; r < t->nrows; r++) {
        in_body[r] = t->rows[r].kind == TL_ROW_BODY && !repeats_header(t, &t->rows[r]);
        body += (size_t)in_body[r];
    }
    while (body >= 3 && w > 1) {
        size_t empty = 0;
        for (size_t r = 0; r < t->nrows; r++)
            if (in_body[r])
                empty += w - 1 >= t->rows[r].ncells || dash_or_blank(t->rows[r].cells[w - 1].text);
        if (empty * 10 < body * 9)
            break;
        w--;
    }
    free(in_body);
    return body < 3 ? 0 : w;
}

/* Builds the column descriptors from the header rows.  A blank top cell under which
 * a period sub-header stands belongs to the field on its left (a spanned "Зорилтот
 * түвшин" over "Хагас жил" | "Бүтэн жил").  When the column-number row says the table
 * (or, without one, the body fills) fewer columns than the header, header columns
 * with no words are dropped, so that the header lines up with the body (seed 004's
 * header has a stray empty column). */
static tl_column *build_columns(mapper *mp, const tl_table *t, size_t *ncols)
{
    size_t n = t->ncols;
    tl_column *cols = calloc(n ? n : 1, sizeof *cols);
    if (!cols) {
        mp->oom = 1;
        return NULL;
    }
    int *has_words = calloc(n ? n : 1, sizeof *has_words);
    if (!has_words) {
        free(cols);
        mp->oom = 1;
        return NULL;
    }
    for (size_t c = 0; c < n; c++) {
        char *joined = NULL;
        const char *top = NULL;
        const char *period = NULL;
        for (size_t r = 0; r < t->nrows; r++) {
            const tl_row *row = &t->rows[r];
            if (row->kind != TL_ROW_HEADER)
                continue;
            const char *x = cell_text(row, c);
            if (tl_str_blank(x))
                continue;
            if (tl_str_append(&joined, " / ", x))
                mp->oom = 1;
            if (pure_number(x))
                continue;
            has_words[c] = 1;
            if (!top)
                top = x;
            if (!period)
                period = tl_period_match(x);
        }
        cols[c].header = joined ? joined : tl_strdup("");
        cols[c].field = top ? tl_field_match(top) : TL_F_NONE;
        cols[c].period = period;
        if (top && cols[c].field == TL_F_NONE && period && c > 0)
            cols[c].field = cols[c - 1].field; /* under a spanned parent header */
    }
    size_t want = colnum_count(t);
    if (!want)
        want = body_width(t);
    if (want && want < n) {
        size_t out = 0, extra = n - want;
        for (size_t c = 0; c < n; c++) {
            if (extra && !has_words[c] && c > 0) {
                free(cols[c].header);
                extra--;
                continue;
            }
            cols[out++] = cols[c];
        }
        n = out;
    }
    free(has_words);
    *ncols = n;
    return cols;
}

/* ---- plan rows ----------------------------------------------------------------- */

typedef struct plan_ctx {
    mapper *mp;
    tl_node *plan;
    const tl_table *t;
    size_t ncols;
    int col_number, col_objective, col_action;
    tl_item *last;            /* last item placed (for continuation rows) */
    tl_item *current_obj;     /* objective rows set this; unnumbered actions go under it */
    int last_shifted;         /* pc->last came from a row OCR shifted one column left */
    int serial;               /* the number column counts the actions' rows (serial_column) */
} plan_ctx;

tl_item *tl_item_find(tl_item *root, tl_item_kind kind, const char *number)
{
    for (size_t i = 0; i < root->nchildren; i++) {
        tl_item *c = root->children[i];
        if (c->kind == kind && c->number && strcmp(c->number, number) == 0)
            return c;
        tl_item *d = tl_item_find(c, kind, number);
        if (d)
            return d;
    }
    return NULL;
}

static tl_item *ensure_objective(plan_ctx *pc, const char *number, tl_prov prov, size_t row);
static void split_multi_action(plan_ctx *pc, tl_item *act);

/* The objective an item numbered `number` belongs under: the one with the longest
 * number that is a proper prefix of it.  When none exists yet, the first level is
 * created untitled ("4.1" before its objective row "4."), so later rows can title it. */
static tl_item *parent_for(plan_ctx *pc, const char *number)
{
    if (!number)
        return pc->current_obj ? pc->current_obj : &pc->plan->root;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", number);
    for (char *dot = strrchr(buf, '.'); dot; dot = strrchr(buf, '.')) {
        *dot = '\0';
        tl_item *o = tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, buf);
        if (o)
            return o;
    }
    if (strchr(number, '.') && strlen(buf) > 0)
        return ensure_objective(pc, buf, (tl_prov){ 0 }, 0);
    return &pc->plan->root;
}

/* The existing objective numbered as number's parent ("2" for "2.3"), or NULL. */
static tl_item *parent_for_existing(plan_ctx *pc, const char *number)
{
    const char *dot = strrchr(number, '.');
    if (!dot || dot == number)
        return NULL;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)(dot - number), number);
    return tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, buf);
}

/* A new objective under parent, from row `row` at prov, counted in the plan. */
static tl_item *objective_add(plan_ctx *pc, tl_item *parent, tl_prov prov, size_t row)
{
    tl_item *o = item_add(pc->mp, parent, TL_ITEM_OBJECTIVE);
    if (!o)
        return NULL;
    o->prov = prov;
    o->row = row;
    pc->plan->nobjectives++;
    return o;
}

static tl_item *ensure_objective(plan_ctx *pc, const char *number, tl_prov prov, size_t row)
{
    tl_item *o = tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, number);
    if (o)
        return o;
    o = objective_add(pc, parent_for(pc, number), prov, row);
    if (o)
        o->number = tl_strdup(number);
    return o;
}

/* Gives an objective its title, or keeps a second, different title as unmapped. */
static void objective_title(plan_ctx *pc, tl_item *o, const char *text, size_t col, tl_prov prov)
{
    if (tl_str_blank(text))
        return;
    if (!o->title) {
        o->title = tl_strdup(text);
        if (!o->title)
            pc->mp->oom = 1;
        return;
    }
    tl_map_unmapped(pc->mp, "second title for an objective already titled", text, col, prov);
}

static void objective_label(plan_ctx *pc, tl_item *o, tl_item *action, const char *text, size_t col,
                            tl_prov prov)
{
    if (tl_str_blank(text))
        return;
    tl_item *to = o && !o->label ? o : action && !action->label ? action : NULL;
    if (!to) {
        tl_map_unmapped(pc->mp, "number cell of a row whose items are numbered already", text, col, prov);
        return;
    }
    to->label = tl_strdup(text);
    if (!to->label)
        pc->mp->oom = 1;
}

/* The number an objective title states: "Зорилт 3. ..." -> "3", "Зорилт-6:" -> "6". */
static char *objective_marker_number(const char *text, int *is_marker)
{
    /* "<p>Зорилт 1. ...": a tag typed into the source is no text */
    while (*text == '<') {
        const char *gt = strchr(text, '>');
        if (!gt || gt - text > 4)
            break;
        text = gt + 1;
    }
    while (*text == ' ' || *text == '\n')
        text++;
    char *low = tl_lower(text);
    *is_marker = 0;
    if (!low)
        return NULL;
    const tl_marker *mk = tl_marker_find("objective", low, 1);
    char *num = NULL;
    if (mk) {
        *is_marker = 1;
        const char *p = low + strlen(mk->pattern);
        while (*p && (*p < '0' || *p > '9') && (unsigned char)*p < 0x80 && *p != '\n')
            p++;
        char buf[32];
        size_t n = 0;
        while (((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')) && n < sizeof buf - 1)
            buf[n++] = *p++;
        buf[n] = '\0';
        if (n)
            num = tl_strdup(buf);
    }
    free(low);
    return num;
}

/* The next row of the table with any text, or NULL. */
static const tl_row *next_body_row(const tl_table *t, size_t ri)
{
    for (size_t r = ri + 1; r < t->nrows; r++)
        if ((t->rows[r].kind == TL_ROW_BODY) && !tl_row_is_empty(&t->rows[r]))
            return &t->rows[r];
    return NULL;
}


/* s without its dots into out (80 bytes); returns how many dots it had. */
static size_t undotted(const char *s, char out[80])
{
    size_t k = 0, dots = 0;
    for (; *s; s++) {
        if (*s == '.')
            dots++;
        else if (k < 79)
            out[k++] = *s;
    }
    out[k] = '\0';
    return dots;
}

/* The number after a at a's level into out (80 bytes): "1.3" -> "1.4", "2" -> "3". */
static void next_number(const char *a, char out[80])
{
    const char *dot = strrchr(a, '.');
    size_t head = dot ? (size_t)(dot - a) + 1 : 0;
    snprintf(out, 80, "%.*s%ld", (int)head, a, strtol(a + head, NULL, 10) + 1);
}

/* "24" in the number column right after action 2.3, "2.11." opening the action
 * cell under objective 2.1: OCR lost a dot of 2.4, of 2.1.1.  A number of two or
 * more digits that is the next action's number with fewer dots (after the last
 * action, or first under the objective opened last or in this row) is taken for it
 * (the label keeps what was read). */
static char *dot_restored(plan_ctx *pc, char *num, const char *row_objective)
{
    if (!num || strlen(num) < 2)
        return num;
    char cand[3][80];
    int nc = 0;
    const tl_item *last = pc->last;
    if (last && last->kind == TL_ITEM_ACTION && last->number)
        next_number(last->number, cand[nc++]);
    if (pc->current_obj && pc->current_obj->number)
        snprintf(cand[nc++], sizeof cand[0], "%s.1", pc->current_obj->number);
    if (row_objective) /* the objective this row opens */
        snprintf(cand[nc++], sizeof cand[0], "%s.1", row_objective);
    char seen[80], bare[80];
    size_t dots = undotted(num, seen);
    for (int i = 0; i < nc; i++) {
        if (undotted(cand[i], bare) <= dots || strcmp(bare, seen) != 0)
            continue;
        char *fixed = tl_strdup(cand[i]);
        if (!fixed)
            return num;
        free(num);
        return fixed;
    }
    return num;
}

/* Folds a carry-on row into the previous action, column by column.  Cells that
 * repeat the next row's cell of the same column where the action has a value
 * already are an OCR echo of that row (see the stitcher): kept apart, when at least
 * two cells of the row do it.  An objective-column cell carries on the title of the
 * objective opened in the action's own row. */
static void fold_into(plan_ctx *pc, tl_item *it, const char **view, const tl_row *row, size_t ri)
{
    const tl_row *next = next_body_row(pc->t, ri);
    int echo[64] = { 0 }, echoes = 0;
    for (size_t c = 0; next && c < pc->ncols && c < 64; c++) {
        if (tl_str_blank(view[c]) || (int)c == pc->col_action || (int)c == pc->col_objective)
            continue;
        const tl_item *holder = it->shares ? it->shares : it;
        int has = 0;
        for (size_t i = 0; i < holder->nvalues; i++)
            has |= holder->values[i].column == c;
        echoes += echo[c] = has && tl_str_near(view[c], cell_text(next, c), TL_ECHO_PER);
    }
    tl_item *self = it;
    for (size_t c = 0; c < pc->ncols; c++) {
        if (tl_str_blank(view[c]))
            continue;
        /* the row's values of a split cell live on its first action */
        it = self->shares && (int)c != pc->col_action ? (tl_item *)self->shares : self;
        if (echoes >= 2 && c < 64 && echo[c]) {
            tl_map_unmapped(pc->mp, "repeats the next row's cell (an OCR echo)", view[c], c, row->cells[c].prov);
            continue;
        }
        if ((int)c == pc->col_objective && it->parent && it->parent->kind == TL_ITEM_OBJECTIVE &&
            it->parent->title && it->parent->row == it->row) {
            if (tl_str_append(&it->parent->title, " ", view[c]))
                pc->mp->oom = 1;
            continue;
        }
        tl_value *v = NULL;
        for (size_t i = 0; i < it->nvalues; i++)
            if (it->values[i].column == c)
                v = &it->values[i];
        if (v) {
            if (tl_str_append(&v->text, " ", view[c]))
                pc->mp->oom = 1;
            v->conf = min_conf(v->conf, conf_of(row, view[c]));
        } else if ((int)c == pc->col_number) {
            tl_map_unmapped(pc->mp, "number cell of a continuation row", view[c], c, row->cells[0].prov);
        } else {
            tl_field f = pc->plan->columns[c].field;
            if (f == TL_F_OBJECTIVE || f == TL_F_NUMBER)
                f = TL_F_NONE;
            value_add(pc->mp, it, f, pc->plan->columns[c].period, c, view[c], conf_of(row, view[c]));
        }
    }
}

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
        if (!dash_or_blank(row->cells[c].text))
            return 0;
        any |= row->cells[c].text && strchr(row->cells[c].text, '-') != NULL;
    }
    return any;
}

/* One row being mapped: its cells as the columns see them (view, which the repairs
 * below rearrange), and the numbers read from the number, objective and action
 * columns. */
typedef struct row_map {
    plan_ctx *pc;
    const tl_row *row;
    size_t ri, n;
    tl_prov prov;
    const char **view;
    const char *num_txt, *obj_txt, *act_txt;
    char *nc_num, *act_num, *obj_num;   /* owned */
    int shifted;
    /* settled by row_numbers */
    const char *action_number, *objective_number;
    int obj_is_action, stray_objective;
} row_map;

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
        num = objective_marker_number(rest, is_marker);
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
    return objective_marker_number(text, is_marker);
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
    tl_item *act = item_add(pc->mp, o, TL_ITEM_ACTION);
    if (!act)
        return NULL;
    act->prov = m->prov;
    act->row = m->ri;
    pc->plan->nactions++;
    row_values(m, act);
    return act;
}

static int map_objective_row(row_map *m)
{
    plan_ctx *pc = m->pc;
    size_t n = m->n, first = n;
    for (size_t c = 0; c < n; c++)
        if (!tl_str_blank(m->view[c]) && !pure_number(m->view[c])) {
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
        o = ensure_objective(pc, use, m->prov, m->ri);
    } else if ((o = item_add(pc->mp, &pc->plan->root, TL_ITEM_OBJECTIVE))) {
        o->prov = m->prov;
        o->row = m->ri;
        pc->plan->nobjectives++;
    }
    tl_item *act = o ? action_beside(m, o, first) : NULL;
    if (o) {
        objective_title(pc, o, title, first, m->prov);
        objective_label(pc, o, NULL, lead, first, m->prov);
        for (size_t c = 0; c < n && !act; c++) {
            if (c == first || tl_str_blank(m->view[c]))
                continue;
            if ((int)c == pc->col_number)
                objective_label(pc, o, NULL, m->view[c], c, m->prov);
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
    if (co >= 0 && cn >= 0 && tl_str_blank(view[cn]) && pure_number(view[co])) {
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
        fold_into(pc, act, view, m->row, m->ri);
        act->prov.line = act->prov.line ? act->prov.line : m->prov.line;
        /* the next action in sequence may start in the carried text (a PDF cell's
         * lines cut into rows: "... гүйцэтгүүлэх. 2.3.3.Төрийн ...") */
        split_multi_action(pc, act);
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
        next_number(last->number, next);
        if (strcmp(next, on) == 0) {
            m->obj_is_action = 1;
            nc = last->parent->number;
        }
    }
    /* "| 3. | objective text | 2.3. action |" where objective 2 exists: the action is
     * 2.3 by its own number, and the "3." with its text is an OCR repeat that belongs
     * to no item (seed 000).  Kept in unmapped with the reason. */
    m->stray_objective = an && !on && nc && strcmp(nc, an) != 0 && !tl_number_is_prefix(nc, an) &&
                         parent_for_existing(pc, an);
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
            ensure_objective(pc, nc, m->prov, m->ri);
        obj = ensure_objective(pc, m->objective_number, m->prov, m->ri);
        if (obj) {
            objective_title(pc, obj, m->obj_txt, co, m->prov);
            pc->current_obj = obj;
        }
    } else if (!tl_str_blank(m->obj_txt) && pc->serial) {
        /* rows counted one by one: an objective cell opens an unnumbered objective
         * over its row and the rows below it */
        obj = objective_add(pc, &pc->plan->root, m->prov, m->ri);
        if (obj) {
            objective_title(pc, obj, m->obj_txt, co, m->prov);
            pc->current_obj = obj;
        }
    } else if (!tl_str_blank(m->obj_txt)) {
        tl_item *p = parent_for(pc, m->action_number);
        if (p != &pc->plan->root)
            objective_title(pc, p, m->obj_txt, co, m->prov);
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
                                                          : parent_for(pc, m->action_number);
        act = item_add(pc->mp, parent, TL_ITEM_ACTION);
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
        objective_label(pc, NULL, act, m->num_txt, cn, m->prov);
    } else if (!tl_str_blank(m->num_txt)) {
        int for_obj = obj && nc && on && strcmp(nc, on) == 0;
        if (!for_obj && nc && on && strcmp(nc, on) != 0 && (!an || strcmp(nc, an) != 0)) {
            tl_item *o = tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, nc);
            objective_label(pc, o, act, m->num_txt, cn, m->prov);
        } else {
            objective_label(pc, for_obj ? obj : NULL, act, m->num_txt, cn, m->prov);
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
                value_add(pc->mp, act, TL_F_ACTION, NULL, c, v, conf_of(m->row, v));
            continue;
        }
        if (!act) {
            tl_map_unmapped(pc->mp, "cell of an objective row", v, c, m->prov);
            continue;
        }
        tl_field f = pc->plan->columns[c].field;
        if (f == TL_F_NUMBER || f == TL_F_OBJECTIVE)
            f = TL_F_NONE; /* a second number or objective column */
        value_add(pc->mp, act, f, pc->plan->columns[c].period, c, v, conf_of(m->row, v));
    }
}

/* One body row of a plan table, by its shape: a rule typed as dashes, an objective's
 * own row, a carry-on of the item above, or a row of an action (and the objective
 * it opens). */
static void map_row(plan_ctx *pc, const tl_row *row, size_t ri)
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
        m.view[c] = cell_text(row, c);
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
    m.obj_num = dot_restored(pc, co >= 0 ? tl_number_lead(m.obj_txt, 0, NULL) : NULL, NULL);
    m.nc_num = dot_restored(pc, cn >= 0 ? tl_number_lead(m.num_txt, 1, NULL) : NULL, NULL);
    m.act_num = dot_restored(pc, ca >= 0 ? tl_number_lead(m.act_txt, 0, NULL) : NULL, m.obj_num);
    int has_item = m.act_num || m.nc_num || !tl_str_blank(m.act_txt) || !tl_str_blank(m.obj_txt);
    int carry_on = !m.act_num && !m.nc_num && !m.obj_num && tl_str_blank(m.num_txt) && pc->last &&
                   pc->last->kind == TL_ITEM_ACTION;
    if (!has_item || carry_on) {
        map_carry_on(&m);
    } else {
        row_numbers(&m);
        tl_item *obj = row_objective(&m);
        tl_item *act = row_action(&m, obj);
        label_row(&m, obj, act);
        row_values(&m, act);
        if (act)
            split_multi_action(pc, act);
    }
    free(m.nc_num);
    free(m.act_num);
    free(m.obj_num);
    free(m.view);
}

/* Whether num is want with one digit more somewhere ("2.35.3" and "2.3.3"). */
static int one_digit_more(const char *num, const char *want)
{
    size_t n = strlen(num);
    if (n != strlen(want) + 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (num[i] >= '0' && num[i] <= '9' && strncmp(num, want, i) == 0 && strcmp(num + i + 1, want + i) == 0)
            return 1;
    return 0;
}

/* Where OCR read a letter for the first digit of the sibling numbered want
 * ("болгох. Т.1.3Хувийн" for 1.1.3, markers.tsv "letterdigit"): only after the end
 * of a sentence, the number whole with that one letter put back, a letter after it. */
static const char *letter_read_for_digit(const char *text, const char *want)
{
    const tl_marker *m;
    size_t nm = tl_markers("letterdigit", &m);
    for (const char *p = text; *p; p++) {
        const char *b = p;
        while (b > text && (b[-1] == ' ' || b[-1] == '\n'))
            b--;
        if (b == p || b == text || !strchr(".;", b[-1]))
            continue;
        for (size_t i = 0; i < nm; i++) {
            size_t ll = strlen(m[i].value);
            if (m[i].pattern[0] != want[0] || strncmp(p, m[i].value, ll) != 0)
                continue;
            char buf[96];
            snprintf(buf, sizeof buf, "%c%s", want[0], p + ll);
            const char *rest = NULL;
            char *num = tl_number_lead(buf, 0, &rest);
            int ok = num && strcmp(num, want) == 0 && rest && tl_starts_letter(rest);
            free(num);
            if (ok)
                return p;
        }
    }
    return NULL;
}

/* Where in text the sibling numbered want starts, at a word start, or NULL. */
static const char *find_sibling(const char *text, const char *want)
{
    size_t wl = strlen(want);
    for (const char *p = strstr(text, want); p; p = strstr(p + 1, want)) {
        if (p == text || (p[-1] != ' ' && p[-1] != '\n'))
            continue;
        char *num = tl_number_lead(p, 0, NULL);
        int ok = num && strcmp(num, want) == 0 && (p[wl] == '.' || p[wl] == ',' || p[wl] == ' ');
        free(num);
        if (ok)
            return p;
    }
    /* OCR may add a digit to a number ("2.35.3." for 2.3.3.): a number at a word
     * start that is want with one digit more, text straight after it. */
    for (const char *p = text; *p; p++) {
        if ((p != text && p[-1] != ' ' && p[-1] != '\n') || *p < '0' || *p > '9')
            continue;
        const char *rest = NULL;
        char *num = tl_number_lead(p, 0, &rest);
        int ok = num && one_digit_more(num, want) && rest && tl_starts_letter(rest);
        free(num);
        if (ok)
            return p;
    }
    return letter_read_for_digit(text, want);
}

/* One cell holding several numbered actions in sequence ("2.3.1.Text. 2.3.2,Text.
 * 2.3.3.Text"): each becomes an action of its own with its piece of the text; the
 * row's other cells stay on the first, and the others say they share them.  Only
 * the next number in sequence, at a word start, splits: a number quoted in the text
 * ("... 2.1 дэх заалт") is not in sequence. */
static void split_multi_action(plan_ctx *pc, tl_item *act)
{
    if (!act->number || !strchr(act->number, '.'))
        return;
    tl_value *v = NULL;
    for (size_t i = 0; i < act->nvalues; i++)
        if (act->values[i].field == TL_F_ACTION && (int)act->values[i].column == pc->col_action)
            v = &act->values[i];
    if (!v)
        return;
    const char *dot = strrchr(act->number, '.');
    int k = atoi(dot + 1);
    size_t vi = (size_t)(v - act->values);
    tl_item *prev = act;
    for (;;) {
        char want[80];
        snprintf(want, sizeof want, "%.*s.%d", (int)(dot - act->number), act->number, ++k);
        const char *text = prev->values[prev == act ? vi : 0].text;
        const char *at = find_sibling(text, want);
        if (!at)
            break;
        tl_item *sib = item_add(pc->mp, act->parent, TL_ITEM_ACTION);
        if (!sib)
            return;
        sib->number = tl_strdup(want);
        sib->prov = act->prov;
        sib->row = act->row;
        sib->shares = act->shares ? act->shares : act;
        pc->plan->nactions++;
        if (!sib->number || value_add(pc->mp, sib, TL_F_ACTION, NULL, (size_t)pc->col_action, at, act->values[vi].conf))
            return;
        tl_value *pv = &prev->values[prev == act ? vi : 0];
        size_t keep = (size_t)(at - pv->text);
        while (keep > 0 && (pv->text[keep - 1] == ' ' || pv->text[keep - 1] == '\n'))
            keep--;
        pv->text[keep] = '\0';
        prev = sib;
    }
    pc->last = prev;
}

static void map_interlude(plan_ctx *pc, const tl_row *row, size_t ri)
{
    const tl_cell *c = &row->cells[0];
    int is_marker;
    const char *title;
    char *lead;
    char *num = objective_parts(c->text, &title, &lead, &is_marker);
    if (is_marker && num) {
        tl_item *o = ensure_objective(pc, num, c->prov, ri);
        if (o) {
            objective_title(pc, o, title, 0, c->prov);
            objective_label(pc, o, NULL, lead, 0, c->prov);
            pc->current_obj = o;
            pc->last = o;
        }
    } else {
        tl_map_unmapped(pc->mp, "text between two pages of a table", c->text, SIZE_MAX, c->prov);
    }
    free(num);
    free(lead);
}

static int first_col(const tl_column *cols, size_t n, tl_field f)
{
    for (size_t i = 0; i < n; i++)
        if (cols[i].field == f)
            return (int)i;
    return -1;
}

#define HEADER_SEARCH 3 /* rows: a place or date line may stand above the header */

/* Whether row names fields: at least two cells do, and none starts a numbered item. */
int tl_map_names_fields(const tl_row *row)
{
    int named = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *x = row->cells[c].text;
        if (tl_str_blank(x))
            continue;
        char *num = tl_number_lead(x, 1, NULL);
        if (num) {
            free(num);
            return 0;
        }
        named += tl_field_match(x) != TL_F_NONE;
    }
    return named >= 2;
}

/* Whether row continues the header above it: nothing but the names of periods
 * ("Хагас жил" | "Бүтэн жил" under a spanned "Зорилтот түвшин") and column numbers. */
static int period_subheader(const tl_row *row)
{
    int periods = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *x = row->cells[c].text;
        if (tl_str_blank(x))
            continue;
        if (tl_period_match(x)) {
            periods++;
            continue;
        }
        for (const char *p = x; *p; p++)
            if (!(*p >= '0' && *p <= '9') && *p != ' ' && *p != '\n')
                return 0;
    }
    return periods > 0;
}

/* A table without marked header rows: the first of its first few rows that names
 * fields is the header (with the period row under it), as a word processor's table
 * without a repeated-header mark or a PDF's table read with the line above it. */
void tl_map_find_header(tl_table *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].kind == TL_ROW_HEADER)
            return;
    for (size_t r = 0; r < t->nrows && r < HEADER_SEARCH; r++) {
        if (!tl_map_names_fields(&t->rows[r]))
            continue;
        t->rows[r].kind = TL_ROW_HEADER;
        while (++r < t->nrows && t->rows[r].kind == TL_ROW_BODY && period_subheader(&t->rows[r]))
            t->rows[r].kind = TL_ROW_HEADER;
        return;
    }
}

/* The value of the first marker of category in text, or NULL. */
static const char *marker_in(const char *text, const char *category)
{
    char *low = tl_lower(text);
    const tl_marker *mk = low ? tl_marker_find(category, low, 0) : NULL;
    free(low);
    return mk ? mk->value : NULL;
}

/* A marker of category in the paragraphs just above block bi (a few, up to the
 * previous table): the heading that names the table. */
static const char *heading_marker(mapper *mp, size_t bi, const char *category)
{
    const char *kind = NULL;
    for (size_t k = bi; k > 0 && bi - k < 4 && !kind; k--) {
        const tl_block *b = &mp->doc->blocks[k - 1];
        if (b->kind != TL_BLOCK_PARA)
            break;
        kind = marker_in(b->para.text, category);
    }
    return kind;
}

static const char *table_kind(mapper *mp, size_t bi, const tl_column *cols, size_t n)
{
    /* The heading above often names the sheet; else its header does. */
    const char *kind = heading_marker(mp, bi, "tablekind");
    for (size_t c = 0; c < n && !kind; c++)
        kind = marker_in(cols[c].header, "tablekind");
    return kind ? kind : "other";
}

/* What a plan table is: a plan, or which report on one.  The heading just above
 * the table, else the document's title, names it (markers.tsv "plankind"); columns
 * for implementation or percent make it a report whatever the heading says (a
 * decree's annex titled "... төлөвлөгөө" that reports on it is a report). */
static const char *plan_kind(mapper *mp, size_t bi, int has_results)
{
    const char *kind = heading_marker(mp, bi, "plankind");
    if (!kind && mp->m->meta.title)
        kind = marker_in(tl_meta_title(&mp->m->meta), "plankind");
    if (!kind || (has_results && strcmp(kind, "plan") == 0))
        kind = has_results ? "implementation-report" : "plan";
    return kind;
}

/* A percent as a cell holds it alone: "100%", "99,3 %". */
static int percent_cell(const char *s)
{
    while (*s == ' ')
        s++;
    const char *d = s;
    while ((*s >= '0' && *s <= '9') || ((*s == ',' || *s == '.') && s > d && s[1] >= '0' && s[1] <= '9'))
        s++;
    if (s == d)
        return 0;
    while (*s == ' ')
        s++;
    return *s == '%' && !s[1];
}

#define INFER_SHARE 0.6
#define INFER_MIN_ROWS 2

/* A table with no header row: the fields its cells show.  A column is the number
 * column when most cells hold item numbers, deadlines when most name quarters or
 * "тухай бүр", percent when most are "N%", budget when most name a fund or a
 * scaled amount; the action is the remaining column with the longest text.  Only a
 * table that has a number column, an action and one more is taken for a plan; the
 * guessed columns say inferred="true". */
static void infer_columns(const tl_table *t, tl_column *cols, size_t n, int headed)
{
    size_t rows = 0;
    for (size_t r = 0; r < t->nrows; r++)
        rows += t->rows[r].kind == TL_ROW_BODY && !tl_row_is_empty(&t->rows[r]);
    if (rows < INFER_MIN_ROWS)
        return;
    tl_field guess[64] = { TL_F_NONE };
    double avg[64] = { 0 };
    if (n > 64)
        return;
    int have_number = 0, others = 0;
    for (size_t c = 0; c < n; c++) {
        size_t filled = 0, num = 0, dl = 0, pc = 0, bu = 0, bytes = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            const tl_row *row = &t->rows[r];
            const char *x = cell_text(row, c);
            if (row->kind != TL_ROW_BODY || tl_str_blank(x))
                continue;
            filled++;
            bytes += strlen(x);
            char *nm = tl_number_lead(x, 1, NULL);
            num += nm && strlen(x) < 12;
            free(nm);
            int q, an, has;
            double v;
            const char *src;
            dl += tl_parse_deadline(x, &q, &an) && (q || an);
            pc += (size_t)percent_cell(x);
            bu += tl_parse_budget(x, &v, &has, &src) && src;
        }
        if (!filled)
            continue;
        avg[c] = (double)bytes / (double)filled;
        double need = INFER_SHARE * (double)filled;
        if ((double)num >= need && !have_number)
            guess[c] = TL_F_NUMBER, have_number = 1;
        else if ((double)dl >= need)
            guess[c] = TL_F_DEADLINE, others++;
        else if ((double)pc >= need)
            guess[c] = TL_F_PERCENT, others++;
        else if ((double)bu >= need)
            guess[c] = TL_F_BUDGET, others++;
    }
    if (headed) {
        /* A header the reader could not read ("Д/д" read by OCR as "AVA"): a column
         * whose header names nothing takes a field its cells show, if the table has
         * no column of that field yet. */
        for (size_t c = 0; c < n; c++) {
            int taken = 0;
            for (size_t k = 0; k < n; k++)
                taken |= cols[k].field == guess[c];
            if (cols[c].field == TL_F_NONE && guess[c] != TL_F_NONE && !taken) {
                cols[c].field = guess[c];
                cols[c].inferred = 1;
            }
        }
        return;
    }
    int action = -1;
    for (size_t c = 0; c < n; c++)
        if (guess[c] == TL_F_NONE && avg[c] > 0 && (action < 0 || avg[c] > avg[action]))
            action = (int)c;
    if (!have_number || action < 0 || !others)
        return;
    guess[action] = TL_F_ACTION;
    for (size_t c = 0; c < n; c++)
        if (guess[c] != TL_F_NONE) {
            cols[c].field = guess[c];
            cols[c].inferred = 1;
        }
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
            next_number(p->number, want);
        else if (!p && it->kind == TL_ITEM_OBJECTIVE && it->number)
            snprintf(want, sizeof want, "%s.1", it->number);
        else
            continue;
        if (strcmp(want, c->number) == 0 || child_numbered(it, want))
            continue;
        next_number(want, after);
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
        if (row->kind != TL_ROW_BODY || repeats_header(t, row) || tl_str_blank(cell_text(row, (size_t)ca)))
            continue;
        const char *num = cell_text(row, (size_t)cn);
        while (*num == ' ')
            num++;
        size_t d = strspn(num, "0123456789");
        if (!d || d > 3 || !(num[d] == '\0' || (num[d] == '.' && num[d + 1] == '\0')))
            return 0;
        long k = strtol(num, NULL, 10);
        char *own = tl_number_lead(cell_text(row, (size_t)ca), 0, NULL);
        free(own);
        if ((rows && k != last + 1) || own)
            return 0;
        last = k;
        rows++;
        if (tl_str_blank(cell_text(row, (size_t)co)))
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
    tl_column *cols = build_columns(mp, h, &ncols);
    if (!cols)
        return;
    for (size_t c = 0; c < ncols; c++)
        named |= cols[c].field != TL_F_NONE;
    if (headed && !named) {
        /* A "header" that names no field and starts with an item number is the
         * first data row (a markdown table always has a header line). */
        for (size_t r = 0; r < t->nrows; r++) {
            tl_row *row = &t->rows[r];
            char *num = row->kind == TL_ROW_HEADER && row->ncells ? tl_number_lead(cell_text(row, 0), 1, NULL) : NULL;
            if (num)
                row->kind = TL_ROW_BODY, headed = 0;
            free(num);
        }
        if (!headed) {
            for (size_t c = 0; c < ncols; c++)
                free(cols[c].header);
            free(cols);
            cols = build_columns(mp, t, &ncols);
            if (!cols)
                return;
        }
    }
    if (!headed && !named)
        infer_columns(t, cols, ncols, 0);
    else if (named)
        infer_columns(t, cols, ncols, 1);
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
        node->plan_kind = table_kind(mp, bi, cols, ncols);
        return;
    }
    node->plan_kind = plan_kind(mp, bi, fields[TL_F_IMPLEMENTATION] || fields[TL_F_PERCENT]);
    plan_ctx pc = { mp, node, t, ncols, first_col(cols, ncols, TL_F_NUMBER),
                    first_col(cols, ncols, TL_F_OBJECTIVE), first_col(cols, ncols, TL_F_ACTION),
                    NULL, NULL, 0, 0 };
    pc.serial = serial_column(&pc);
    for (size_t r = 0; r < t->nrows && !mp->oom; r++) {
        const tl_row *row = &t->rows[r];
        if (row->kind == TL_ROW_HEADER || row->kind == TL_ROW_COLNUM || repeats_header(t, row))
            continue;
        if (row->kind == TL_ROW_INTERLUDE)
            map_interlude(&pc, row, r);
        else if (!tl_row_is_empty(row))
            map_row(&pc, row, r);
    }
    renumber_twins(mp, &node->root);
}
