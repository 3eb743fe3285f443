/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A table saved as text with one cell per line: what a browser's "save as text"
 * makes of a web page's table.  Nothing but the header says where the rows are, so
 * only a header every cell of which is a column title a plan uses is taken for one
 * ("д/д", "Зорилт", "Хэрэгжүүлэх арга хэмжээ", "Хугацаа", "Хариуцах"), and each row
 * must open with the next item number: prose never reads as a table. */
#include "cell_lines.h"
#include "../schema/schema.h"

#include <stdlib.h>
#include <string.h>

#define HEADER_MIN 3          /* header cells, at least, and fields they name */
#define HEADER_CELL_LETTERS 60 /* a column title is short */
#define NUMBER_DEPTH 4        /* "1.2.3.4" */

static int blank(const tl_text_line *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->s[i] != ' ' && l->s[i] != '\t' && l->s[i] != '\r')
            return 0;
    return 1;
}

/* The line trimmed, as a string (NULL on OOM). */
static char *text_of(const tl_text_line *l)
{
    size_t a = 0, b = l->n;
    while (a < b && (l->s[a] == ' ' || l->s[a] == '\t'))
        a++;
    while (b > a && (l->s[b - 1] == ' ' || l->s[b - 1] == '\t' || l->s[b - 1] == '\r'))
        b--;
    char *t = malloc(b - a + 1);
    if (t) {
        memcpy(t, l->s + a, b - a);
        t[b - a] = '\0';
    }
    return t;
}

/* The parts of an item number alone on its line ("1", "2.", "1.2", "3.1.2."), or 0. */
static int item_number(const char *s, int *part)
{
    int k = 0;
    while (*s >= '0' && *s <= '9' && k < NUMBER_DEPTH) {
        int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 3)
            v = v * 10 + (*s++ - '0'), digits++;
        if (*s >= '0' && *s <= '9')
            return 0;
        part[k++] = v;
        if (*s != '.')
            break;
        s++;
    }
    return *s ? 0 : k;
}

/* Whether number b (nb parts) can follow a (na parts; none before the first row) in
 * a plan's numbering: one level steps on ("1.2" after "1.1", "2" after "1.3", "2.1"
 * after "1.2") or a level below opens ("1.1" after "1"), the levels under it at 1. */
static int follows(const int *a, int na, const int *b, int nb)
{
    for (int step = 0; step < nb && step <= na; step++) {
        if (memcmp(a, b, sizeof *a * (size_t)step) != 0)
            break;
        if (step < na ? b[step] != a[step] + 1 : b[step] != 1)
            continue;
        int ones = 1;
        for (int k = step + 1; k < nb; k++)
            ones &= b[k] == 1;
        if (ones)
            return 1;
    }
    return 0;
}

/* Whether the line opens with a word naming the objective column ("Зорилт 1. ..."). */
static int objective_line(const char *t)
{
    size_t w = strcspn(t, " \t.:0123456789");
    if (!w || !t[w])
        return 0;
    char *first = malloc(w + 1);
    if (!first)
        return 0;
    memcpy(first, t, w);
    first[w] = '\0';
    int yes = tl_field_match(first) == TL_F_OBJECTIVE;
    free(first);
    return yes;
}

/* The next non-blank line at or after i, or n. */
static size_t next_line(const tl_text_line *lines, size_t i, size_t n)
{
    while (i < n && blank(&lines[i]))
        i++;
    return i;
}

/* Adds a row of the texts of lines at[0..w) (or one cell across w columns). */
static int add_row(tl_table *t, const tl_text_line *lines, const size_t *at, size_t cells, size_t w,
                   tl_row_kind kind)
{
    tl_row *r = tl_table_add_row(t, w, kind);
    if (!r)
        return -1;
    for (size_t c = 0; c < w; c++) {
        const tl_text_line *l = &lines[at[c < cells ? c : 0]];
        char *text = c < cells ? text_of(l) : NULL;
        tl_prov prov = { 1, l->lineno, { 0, 0, 0, 0 } };
        int bad = tl_cell_set(&r->cells[c], text ? text : "", prov) || (c < cells && !text);
        free(text);
        if (bad)
            return -1;
        if (cells == 1 && w > 1)
            r->cells[c].colspan = c ? 1 : (int)w, r->cells[c].covered = c > 0;
    }
    return 0;
}

/* The header's lines from `from`: their indices in at[], how many (0 when not one). */
static size_t header_at(const tl_text_line *lines, size_t from, size_t n, size_t *at, size_t max)
{
    size_t w = 0, i = from;
    unsigned seen = 0;
    int fields = 0;
    while (w < max && (i = next_line(lines, i, n)) < n) {
        char *t = text_of(&lines[i]);
        /* "Зорилт 1. ..." names the objective column's word but is a row across */
        int row = t && objective_line(t) && strpbrk(t, "0123456789");
        tl_field f = t && !row && tl_str_chars(t) <= HEADER_CELL_LETTERS ? tl_field_match(t) : TL_F_NONE;
        free(t);
        if (f == TL_F_NONE || (w == 0 && f != TL_F_NUMBER))
            break;
        if (!(seen & (1u << f)))
            fields++;
        seen |= 1u << f;
        at[w++] = i++;
    }
    return w >= HEADER_MIN && fields >= HEADER_MIN && from == at[0] ? w : 0;
}

/* Rows when blank lines are nothing: each row opens with the item number that
 * follows the last and runs w cells; rows across ("Зорилт 2. ...") are taken with
 * the numbered row after them.  Adds the rows to t; returns the line after the
 * last, and the rows in *rows. */
static size_t rows_separated(const tl_text_line *lines, size_t i, size_t n, size_t w, tl_table *t, int *rows)
{
    size_t end = i, at[64], pending[8], npending = 0;
    int last[NUMBER_DEPTH] = { 0 }, nlast = 0;
    *rows = 0;
    for (;;) {
        i = next_line(lines, i, n);
        if (i >= n)
            break;
        char *first = text_of(&lines[i]);
        if (!first)
            break;
        int part[NUMBER_DEPTH], np = item_number(first, part);
        int across = !np && objective_line(first);
        free(first);
        if (across) {
            /* one after the last numbered row belongs to what follows the table */
            if (npending == sizeof pending / sizeof *pending)
                break;
            pending[npending++] = i++;
            continue;
        }
        if (!np || !follows(last, nlast, part, np))
            break;
        size_t cells = 0, j = i;
        while (cells < w && (j = next_line(lines, j, n)) < n)
            at[cells++] = j++;
        if (cells < w)
            break;
        /* What follows the row must open the next one, or end the table; a row that
         * ran short (a cell left out) took the next row's number as its last cell. */
        size_t k = next_line(lines, j, n);
        char *after = k < n ? text_of(&lines[k]) : NULL;
        int p2[NUMBER_DEPTH], ends_right = k >= n || (after && (item_number(after, p2) || objective_line(after)));
        free(after);
        if (!ends_right) {
            char *lastcell = text_of(&lines[at[w - 1]]);
            int short_row = lastcell && item_number(lastcell, p2) && follows(part, np, p2, item_number(lastcell, p2));
            free(lastcell);
            if (short_row)
                break;
        }
        int bad = 0;
        for (size_t q = 0; q < npending && !bad; q++)
            bad = add_row(t, lines, &pending[q], 1, w, TL_ROW_BODY);
        npending = 0;
        if (bad || add_row(t, lines, at, w, w, TL_ROW_BODY))
            break;
        memcpy(last, part, sizeof part);
        nlast = np;
        (*rows)++;
        end = i = j;
        if (!ends_right)
            break;
    }
    return end;
}

/* Rows when every line is a cell, a blank one an empty cell: w lines a row, each
 * opened by the item number that follows the last, by an objective across the row
 * (its other cells blank), or by a blank (the number spanned from the row above).
 * Rows of the last kind count only when a numbered row or one across comes after
 * them: what follows a table may be a blank line and prose. */
static size_t rows_placeholders(const tl_text_line *lines, size_t i, size_t n, size_t w, tl_table *t, int *rows)
{
    size_t end = i, at[64], held[64], nheld = 0;
    int last[NUMBER_DEPTH] = { 0 }, nlast = 0;
    *rows = 0;
    for (; i + w <= n; i += w) {
        char *first = text_of(&lines[i]);
        if (!first)
            break;
        int part[NUMBER_DEPTH], np = item_number(first, part), empty = !*first;
        int across = !np && !empty && objective_line(first);
        free(first);
        int filled = 0;
        for (size_t c = 1; c < w; c++)
            filled += !blank(&lines[i + c]);
        if (np ? !follows(last, nlast, part, np) : across ? filled != 0 : !empty || !filled || !(*rows || nheld))
            break;
        /* a row that ran short took the next row's number as its last cell */
        if (np && i + w < n && !blank(&lines[i + w])) {
            char *next = text_of(&lines[i + w]), *lastcell = text_of(&lines[i + w - 1]);
            int p2[NUMBER_DEPTH], nn = next ? item_number(next, p2) : 0, nl;
            int opens = nn || (next && objective_line(next));
            int short_row = !opens && lastcell && (nl = item_number(lastcell, p2)) && follows(part, np, p2, nl);
            free(next);
            free(lastcell);
            if (short_row)
                break;
        }
        if (empty) {
            /* held until a sure row comes after it */
            if (nheld == sizeof held / sizeof *held)
                break;
            held[nheld++] = i;
            continue;
        }
        int bad = 0;
        for (size_t h = 0; h < nheld && !bad; h++) {
            for (size_t c = 0; c < w; c++)
                at[c] = held[h] + c;
            bad = add_row(t, lines, at, w, w, TL_ROW_BODY);
        }
        for (size_t c = 0; c < w; c++)
            at[c] = i + c;
        if (bad || add_row(t, lines, at, across ? 1 : w, w, TL_ROW_BODY))
            break;
        if (np) {
            memcpy(last, part, sizeof part);
            nlast = np;
        }
        *rows += (int)nheld + 1;
        nheld = 0;
        end = i + w;
    }
    return end;
}

size_t tl_cell_lines_table(const tl_text_line *lines, size_t from, size_t n, tl_table **out)
{
    *out = NULL;
    size_t at[64];
    size_t w = header_at(lines, from, n, at, sizeof at / sizeof *at);
    if (!w)
        return 0;
    tl_table *t[2] = { tl_table_new(), tl_table_new() };
    size_t end[2] = { 0, 0 };
    int rows[2] = { 0, 0 };
    for (int k = 0; k < 2; k++)
        if (t[k] && !add_row(t[k], lines, at, w, w, TL_ROW_HEADER))
            end[k] = (k ? rows_placeholders : rows_separated)(lines, at[w - 1] + 1, n, w, t[k], &rows[k]);
    int best = rows[1] > rows[0];
    tl_table_free(t[!best]);
    if (!rows[best]) {
        tl_table_free(t[best]);
        return 0;
    }
    *out = t[best];
    return end[best] - from;
}
