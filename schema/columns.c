/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A table's columns: the fields their header names (fields.tsv), or their cells' content
 * when no header does; where the header is; what kind of table it is. */
#include "mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cell of a number alone: digits, dots, spaces; its last mark may be the comma OCR
 * reads for a final dot ("3.2,"). */
int tl_map_pure_number(const char *s)
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

const char *tl_map_cell_text(const tl_row *r, size_t c)
{
    return c < r->ncells && r->cells[c].text ? r->cells[c].text : "";
}

/* Whether a cell holds nothing but dashes or blanks ("-", "--"). */
int tl_map_dash_or_blank(const char *s)
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
int tl_map_repeats_header(const tl_table *t, const tl_row *row)
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
        in_body[r] = t->rows[r].kind == TL_ROW_BODY && !tl_map_repeats_header(t, &t->rows[r]);
        body += (size_t)in_body[r];
    }
    while (body >= 3 && w > 1) {
        size_t empty = 0;
        for (size_t r = 0; r < t->nrows; r++)
            if (in_body[r])
                empty += w - 1 >= t->rows[r].ncells || tl_map_dash_or_blank(t->rows[r].cells[w - 1].text);
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
tl_column *tl_map_build_columns(mapper *mp, const tl_table *t, size_t *ncols)
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
            const char *x = tl_map_cell_text(row, c);
            if (tl_str_blank(x))
                continue;
            if (tl_str_append(&joined, " / ", x))
                mp->oom = 1;
            if (tl_map_pure_number(x))
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

int tl_map_first_col(const tl_column *cols, size_t n, tl_field f)
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

const char *tl_map_table_kind(mapper *mp, size_t bi, const tl_column *cols, size_t n)
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
const char *tl_map_plan_kind(mapper *mp, size_t bi, int has_results)
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
#define INFER_PROSE_BYTES 60 /* a column's cells this long on average are prose */

/* A table with no header row: the fields its cells show.  A column is the number
 * column when most cells hold item numbers, deadlines when most name quarters or
 * "тухай бүр", percent when most are "N%", budget when most name a fund or a
 * scaled amount; the action is the remaining column with the longest text.  Only a
 * table that has a number column, an action and one more is taken for a plan; the
 * guessed columns say inferred="true". */
void tl_map_infer_columns(const tl_table *t, tl_column *cols, size_t n, int headed)
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
            const char *x = tl_map_cell_text(row, c);
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
        int fields[TL_F_COUNT] = { 0 };
        for (size_t c = 0; c < n; c++) {
            int taken = 0;
            for (size_t k = 0; k < n; k++)
                taken |= cols[k].field == guess[c];
            if (cols[c].field == TL_F_NONE && guess[c] != TL_F_NONE && !taken) {
                cols[c].field = guess[c];
                cols[c].inferred = 1;
            }
            fields[cols[c].field]++;
        }
        /* A report (a percent column) without an implementation column whose
         * header its neighbour's swallowed (two header cells touching read as one,
         * this one left with its column number "8"): the unnamed column of the
         * longest text, prose, is what was done. */
        if (fields[TL_F_PERCENT] && !fields[TL_F_IMPLEMENTATION]) {
            int best = -1;
            for (size_t c = 0; c < n; c++)
                if (cols[c].field == TL_F_NONE && avg[c] >= INFER_PROSE_BYTES && (best < 0 || avg[c] > avg[best]))
                    best = (int)c;
            if (best >= 0) {
                cols[best].field = TL_F_IMPLEMENTATION;
                cols[best].inferred = 1;
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

