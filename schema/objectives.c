/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan's numbering hierarchy: objectives and the parents actions hang under,
 * numbers OCR or a layout damaged (a dot lost, a letter read for a digit), several
 * actions written in one cell. */
#include "mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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


/* The objective an item numbered `number` belongs under: the one with the longest
 * number that is a proper prefix of it.  When none exists yet, the first level is
 * created untitled ("4.1" before its objective row "4."), so later rows can title it. */
tl_item *tl_map_parent_for(plan_ctx *pc, const char *number)
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
        return tl_map_ensure_objective(pc, buf, (tl_prov){ 0 }, 0);
    return &pc->plan->root;
}

/* The existing objective numbered as number's parent ("2" for "2.3"), or NULL. */
tl_item *tl_map_parent_for_existing(plan_ctx *pc, const char *number)
{
    const char *dot = strrchr(number, '.');
    if (!dot || dot == number)
        return NULL;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)(dot - number), number);
    return tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, buf);
}

/* A new objective under parent, from row `row` at prov, counted in the plan. */
tl_item *tl_map_objective_add(plan_ctx *pc, tl_item *parent, tl_prov prov, size_t row)
{
    tl_item *o = tl_map_item_add(pc->mp, parent, TL_ITEM_OBJECTIVE);
    if (!o)
        return NULL;
    o->prov = prov;
    o->row = row;
    pc->plan->nobjectives++;
    return o;
}

tl_item *tl_map_ensure_objective(plan_ctx *pc, const char *number, tl_prov prov, size_t row)
{
    tl_item *o = tl_item_find(&pc->plan->root, TL_ITEM_OBJECTIVE, number);
    if (o)
        return o;
    o = tl_map_objective_add(pc, tl_map_parent_for(pc, number), prov, row);
    if (o)
        o->number = tl_strdup(number);
    return o;
}

/* Gives an objective its title, or keeps a second, different title as unmapped. */
void tl_map_objective_title(plan_ctx *pc, tl_item *o, const char *text, size_t col, tl_prov prov)
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

void tl_map_objective_label(plan_ctx *pc, tl_item *o, tl_item *action, const char *text, size_t col,
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

/* The digit OCR read as the letter p starts with (lower case; markers.tsv
 * "letterdigit"), with that letter's length in *len, or 0. */
static char digit_read_as_letter(const char *p, size_t *len)
{
    const tl_marker *m;
    size_t nm = tl_markers("letterdigit", &m);
    for (size_t i = 0; i < nm; i++) {
        char *low = tl_lower(m[i].value);
        size_t ll = low ? strlen(low) : 0;
        int hit = ll && strncmp(p, low, ll) == 0;
        free(low);
        if (hit) {
            *len = ll;
            return m[i].pattern[0];
        }
    }
    return 0;
}

/* The number an objective title states: "Зорилт 3. ..." -> "3", "Зорилт-6:" -> "6". */
char *tl_map_objective_marker_number(const char *text, int *is_marker)
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
        /* A scan's "Зорилт З." is objective 3: a letter OCR reads for a digit
         * (markers.tsv "letterdigit"), standing alone before a full stop. */
        size_t ll = 0;
        char digit = (*p < '0' || *p > '9') ? digit_read_as_letter(p, &ll) : 0;
        if (digit && (p == low || p[-1] == ' ') && (p[ll] == '.' || p[ll] == ':')) {
            buf[n++] = digit;
            p += ll;
        }
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
void tl_map_next_number(const char *a, char out[80])
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
char *tl_map_dot_restored(plan_ctx *pc, char *num, const char *row_objective)
{
    if (!num || strlen(num) < 2)
        return num;
    char cand[3][80];
    int nc = 0;
    const tl_item *last = pc->last;
    if (last && last->kind == TL_ITEM_ACTION && last->number)
        tl_map_next_number(last->number, cand[nc++]);
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

/* The number in a number column's cell.  A cell OCR split with spaces ("3 1", "3.
 * 2": digits, dots and spaces only, a space between two groups of digits) is read
 * by its digits joined, when they are the next action's number or the first under
 * the objective opened last (tl_map_dot_restored); otherwise as tl_number_lead
 * reads it, a dot restored as there. */
char *tl_map_number_cell(plan_ctx *pc, const char *cell)
{
    char digits[80];
    size_t k = 0;
    int split = 0, gap = 0, plain = 1;
    for (const char *p = cell; *p && plain; p++) {
        if (*p >= '0' && *p <= '9') {
            split |= gap && k;
            gap = 0;
            if (k < sizeof digits - 1)
                digits[k++] = *p;
        } else if (*p == ' ' || *p == '\n') {
            gap = 1;
        } else if (*p != '.') {
            plain = 0;
        }
    }
    digits[k] = '\0';
    char *joined = plain && split && k >= 2 ? tl_strdup(digits) : NULL;
    if (joined) {
        char *fixed = tl_map_dot_restored(pc, joined, NULL);
        if (fixed != joined)
            return fixed;
        free(joined);
    }
    return tl_map_dot_restored(pc, tl_number_lead(cell, 1, NULL), NULL);
}

/* Folds a carry-on row into the previous action, column by column.  Cells that
 * repeat the next row's cell of the same column where the action has a value
 * already are an OCR echo of that row (see the stitcher): kept apart, when at least
 * two cells of the row do it.  An objective-column cell carries on the title of the
 * objective opened in the action's own row. */
void tl_map_fold_into(plan_ctx *pc, tl_item *it, const char **view, const tl_row *row, size_t ri)
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
        echoes += echo[c] = has && tl_str_near(view[c], tl_map_cell_text(next, c), TL_ECHO_PER);
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
            v->conf = tl_map_min_conf(v->conf, tl_map_conf_of(row, view[c]));
        } else if ((int)c == pc->col_number) {
            tl_map_unmapped(pc->mp, "number cell of a continuation row", view[c], c, row->cells[0].prov);
        } else {
            tl_field f = pc->plan->columns[c].field;
            if (f == TL_F_OBJECTIVE || f == TL_F_NUMBER)
                f = TL_F_NONE;
            tl_map_value_add(pc->mp, it, f, pc->plan->columns[c].period, c, view[c], tl_map_conf_of(row, view[c]));
        }
    }
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
void tl_map_split_multi_action(plan_ctx *pc, tl_item *act)
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
        tl_item *sib = tl_map_item_add(pc->mp, act->parent, TL_ITEM_ACTION);
        if (!sib)
            return;
        sib->number = tl_strdup(want);
        sib->prov = act->prov;
        sib->row = act->row;
        sib->shares = act->shares ? act->shares : act;
        pc->plan->nactions++;
        if (!sib->number || tl_map_value_add(pc->mp, sib, TL_F_ACTION, NULL, (size_t)pc->col_action, at, act->values[vi].conf))
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

