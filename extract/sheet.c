/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A spreadsheet's sheet into the model (sheet.h).
 *
 * A sheet is a grid of a million rows of which a plan fills a few hundred: cells are
 * gathered where they are, and only rows and columns that hold something become the
 * table.  Above a plan's table a workbook has its title typed into A1 (often merged
 * across the columns), under it the signatures; a reader takes those for text, not
 * for rows, and so does this: a row of one cell before the first row of several, or
 * after the last, is a paragraph.  Provenance is the sheet's place in the workbook as
 * the page and the row number as the line, which is how a user finds a cell again. */
#include "sheet.h"
#include "zip.h"

#include <stdlib.h>
#include <string.h>

typedef struct scell {
    long row, col;
    size_t seq; /* order set, so the last of two at one place wins */
    char *text;
} scell;

typedef struct range {
    long r0, c0, r1, c1;
} range;

struct tl_sheet {
    char *name;
    int index;
    scell *cells;
    size_t ncells, capcells;
    range *merges;
    size_t nmerges, capmerges;
    range *hidden_rows; /* c0/c1 unused; disjoint and sorted once finishing */
    size_t nhrows, caphrows;
    range *hidden_cols; /* r0/r1 unused */
    size_t nhcols, caphcols;
};

tl_sheet *tl_sheet_new(const char *name, int index)
{
    tl_sheet *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = tl_strdup(name ? name : "");
    if (!s->name) {
        free(s);
        return NULL;
    }
    s->index = index;
    return s;
}

void tl_sheet_free(tl_sheet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ncells; i++)
        free(s->cells[i].text);
    free(s->cells);
    free(s->merges);
    free(s->hidden_rows);
    free(s->hidden_cols);
    free(s->name);
    free(s);
}

static tl_code oom(tl_error *err)
{
    return tl_error_set(err, TL_E_INTERNAL, "out of memory reading a sheet");
}

tl_code tl_sheet_cell(tl_sheet *s, long row, long col, const char *text, long *cells,
                      tl_error *err)
{
    if (!text || tl_str_blank(text))
        return TL_OK; /* an empty cell is where nothing is */
    if (row < 0 || col < 0 || row >= TL_SHEET_MAX_ROWS || col >= TL_SHEET_MAX_COLS)
        return tl_error_set(err, TL_E_CORRUPT, "sheet \"%s\": a cell outside the sheet (row %ld, column %ld)",
                            s->name, row + 1, col + 1);
    long most = tl_limits_get()->max_cells;
    if (cells && ++*cells > most)
        return tl_error_set(err, TL_E_LIMIT, "the workbook has over %ld filled cells (sheet \"%s\")",
                            most, s->name);
    if (tl_grow((void **)&s->cells, &s->capcells, s->ncells + 1, sizeof *s->cells))
        return oom(err);
    char *t = tl_strdup(text);
    if (!t)
        return oom(err);
    s->cells[s->ncells] = (scell){ row, col, s->ncells, t };
    s->ncells++;
    return TL_OK;
}

static tl_code add_range(range **a, size_t *n, size_t *cap, range r, tl_error *err)
{
    if (tl_grow((void **)a, cap, *n + 1, sizeof **a))
        return oom(err);
    (*a)[(*n)++] = r;
    return TL_OK;
}

tl_code tl_sheet_merge(tl_sheet *s, long r0, long c0, long r1, long c1, tl_error *err)
{
    if (r0 < 0 || c0 < 0 || r1 < r0 || c1 < c0)
        return TL_OK; /* a range that names nothing */
    return add_range(&s->merges, &s->nmerges, &s->capmerges, (range){ r0, c0, r1, c1 }, err);
}

tl_code tl_sheet_hide_rows(tl_sheet *s, long r0, long r1, tl_error *err)
{
    if (r1 < r0)
        return TL_OK;
    if (s->nhrows && s->hidden_rows[s->nhrows - 1].r1 + 1 == r0) {
        s->hidden_rows[s->nhrows - 1].r1 = r1; /* hidden rows come in runs */
        return TL_OK;
    }
    return add_range(&s->hidden_rows, &s->nhrows, &s->caphrows, (range){ r0, 0, r1, 0 }, err);
}

tl_code tl_sheet_hide_cols(tl_sheet *s, long c0, long c1, tl_error *err)
{
    return add_range(&s->hidden_cols, &s->nhcols, &s->caphcols, (range){ 0, c0, 0, c1 }, err);
}

static int by_place(const void *a, const void *b)
{
    const scell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int by_start(const void *a, const void *b)
{
    long x = ((const range *)a)->r0, y = ((const range *)b)->r0;
    return x < y ? -1 : x > y;
}

/* Sorts the hidden rows' runs and joins those that overlap, for row_hidden. */
static void join_hidden_rows(tl_sheet *s)
{
    if (!s->nhrows)
        return;
    qsort(s->hidden_rows, s->nhrows, sizeof *s->hidden_rows, by_start);
    size_t k = 0;
    for (size_t i = 1; i < s->nhrows; i++) {
        if (s->hidden_rows[i].r0 <= s->hidden_rows[k].r1 + 1) {
            if (s->hidden_rows[i].r1 > s->hidden_rows[k].r1)
                s->hidden_rows[k].r1 = s->hidden_rows[i].r1;
        } else {
            s->hidden_rows[++k] = s->hidden_rows[i];
        }
    }
    s->nhrows = k + 1;
}

static int row_hidden(const tl_sheet *s, long row)
{
    size_t lo = 0, hi = s->nhrows;
    while (lo < hi) { /* the first run starting after row */
        size_t mid = (lo + hi) / 2;
        if (s->hidden_rows[mid].r0 <= row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && s->hidden_rows[lo - 1].r1 >= row;
}

static int col_hidden(const tl_sheet *s, long col)
{
    for (size_t i = 0; i < s->nhcols; i++)
        if (col >= s->hidden_cols[i].c0 && col <= s->hidden_cols[i].c1)
            return 1;
    return 0;
}

/* One row of the sheet: its cells are s->cells[first, first + n). */
typedef struct srow {
    long row;
    size_t first, n;
} srow;

static tl_code add_para(tl_doc *doc, const tl_sheet *s, const scell *c, tl_error *err)
{
    if (!tl_doc_add_para(doc, c->text, 0, (tl_prov){ s->index, (int)c->row + 1, { 0, 0, 0, 0 } }))
        return tl_error_set(err, TL_E_LIMIT, "sheet \"%s\": the document's text is over its limit", s->name);
    return TL_OK;
}

/* The kept row holding sheet row `row`, or -1. */
static long find_row(const srow *rows, size_t n, long row)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rows[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && rows[lo].row == row ? (long)lo : -1;
}

static void lay_merges(const tl_sheet *s, tl_table *t, const srow *rows, size_t nrows, long cmin, long cmax)
{
    for (size_t m = 0; m < s->nmerges; m++) {
        range g = s->merges[m];
        long top = find_row(rows, nrows, g.r0);
        if (top < 0 || g.c0 > cmax || g.c1 < cmin)
            continue; /* its text (the top-left cell's) is not in the table */
        long c0 = g.c0 < cmin ? cmin : g.c0, c1 = g.c1 > cmax ? cmax : g.c1;
        size_t last = (size_t)top;
        while (last + 1 < nrows && rows[last + 1].row <= g.r1)
            last++;
        tl_cell *anchor = &t->rows[top].cells[c0 - cmin];
        anchor->rowspan = (int)(last - (size_t)top + 1);
        anchor->colspan = (int)(c1 - c0 + 1);
        for (size_t r = (size_t)top; r <= last; r++)
            for (long c = c0; c <= c1; c++) {
                tl_cell *cell = &t->rows[r].cells[c - cmin];
                /* a hidden value under a merge is still a value: not covered */
                if (cell != anchor && tl_str_blank(cell->text))
                    cell->covered = 1;
            }
    }
}

static tl_code lay_table(tl_sheet *s, tl_doc *doc, const srow *rows, size_t nrows, tl_error *err)
{
    long cmin = TL_SHEET_MAX_COLS, cmax = -1;
    for (size_t r = 0; r < nrows; r++)
        for (size_t i = rows[r].first; i < rows[r].first + rows[r].n; i++) {
            if (s->cells[i].col < cmin)
                cmin = s->cells[i].col;
            if (s->cells[i].col > cmax)
                cmax = s->cells[i].col;
        }
    size_t width = (size_t)(cmax - cmin + 1);
    if ((double)width * (double)nrows > (double)tl_limits_get()->max_cells)
        return tl_error_set(err, TL_E_LIMIT, "sheet \"%s\": a table of %zu rows by %zu columns is over %ld cells",
                            s->name, nrows, width, tl_limits_get()->max_cells);
    tl_table *t = tl_table_new();
    if (!t || !(t->sheet = tl_strdup(s->name))) {
        tl_table_free(t);
        return oom(err);
    }
    t->prov = (tl_prov){ s->index, (int)rows[0].row + 1, { 0, 0, 0, 0 } };
    char *hidden = calloc(width, 1);
    if (!hidden) {
        tl_table_free(t);
        return oom(err);
    }
    for (size_t c = 0; c < width; c++)
        hidden[c] = (char)col_hidden(s, cmin + (long)c);
    for (size_t r = 0; r < nrows; r++) {
        tl_row *row = tl_table_add_row(t, width, TL_ROW_BODY);
        if (!row) {
            free(hidden);
            tl_table_free(t);
            return oom(err);
        }
        row->hidden = row_hidden(s, rows[r].row);
        tl_prov prov = { s->index, (int)rows[r].row + 1, { 0, 0, 0, 0 } };
        size_t next = rows[r].first;
        for (size_t c = 0; c < width; c++) {
            const char *text = "";
            if (next < rows[r].first + rows[r].n && s->cells[next].col == cmin + (long)c)
                text = s->cells[next++].text;
            if (tl_cell_set(&row->cells[c], text, prov)) {
                free(hidden);
                tl_table_free(t);
                return oom(err);
            }
            row->cells[c].hidden = hidden[c];
        }
    }
    free(hidden);
    lay_merges(s, t, rows, nrows, cmin, cmax);
    return tl_zip_add_table(doc, t, err);
}

/* Sorts the cells, keeps the last of two at one place, and groups them by row. */
static tl_code group_rows(tl_sheet *s, srow **out, size_t *nout, tl_error *err)
{
    if (s->ncells)
        qsort(s->cells, s->ncells, sizeof *s->cells, by_place);
    size_t k = 0;
    for (size_t i = 0; i < s->ncells; i++) {
        if (k && s->cells[k - 1].row == s->cells[i].row && s->cells[k - 1].col == s->cells[i].col) {
            free(s->cells[k - 1].text);
            s->cells[k - 1] = s->cells[i];
        } else {
            s->cells[k++] = s->cells[i];
        }
    }
    s->ncells = k;
    srow *rows = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < s->ncells; i++) {
        if (n && rows[n - 1].row == s->cells[i].row) {
            rows[n - 1].n++;
            continue;
        }
        if (tl_grow((void **)&rows, &cap, n + 1, sizeof *rows)) {
            free(rows);
            return oom(err);
        }
        rows[n++] = (srow){ s->cells[i].row, i, 1 };
    }
    *out = rows;
    *nout = n;
    return TL_OK;
}

/* One run of rows without an empty row between: rows of one cell at its top and
 * bottom as paragraphs, the rest a table. */
static tl_code lay_region(tl_sheet *s, tl_doc *doc, const srow *rows, size_t n, tl_error *err)
{
    size_t first = n, last = 0;
    for (size_t r = 0; r < n; r++)
        if (rows[r].n > 1) {
            if (first == n)
                first = r;
            last = r;
        }
    tl_code rc = TL_OK;
    for (size_t r = 0; rc == TL_OK && r < n && r < first; r++)
        rc = add_para(doc, s, &s->cells[rows[r].first], err);
    if (rc == TL_OK && first < n)
        rc = lay_table(s, doc, rows + first, last - first + 1, err);
    for (size_t r = last + 1; rc == TL_OK && first < n && r < n; r++)
        rc = add_para(doc, s, &s->cells[rows[r].first], err);
    return rc;
}

/* A sheet holds several tables one under another with an empty row or more between
 * (a plan, then its summary, then the signatures): each run of rows is laid on its
 * own.  A plan a clerk broke with an empty row is whole again after stitching (the
 * same columns, no header of its own). */
tl_code tl_sheet_finish(tl_sheet *s, tl_doc *doc, tl_error *err)
{
    srow *rows = NULL;
    size_t n = 0;
    tl_code rc = group_rows(s, &rows, &n, err);
    join_hidden_rows(s);
    for (size_t start = 0, r = 1; rc == TL_OK && start < n; r++)
        if (r == n || rows[r].row > rows[r - 1].row + 1) {
            rc = lay_region(s, doc, rows + start, r - start, err);
            start = r;
        }
    free(rows);
    tl_sheet_free(s);
    return rc;
}
