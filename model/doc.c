/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Construction and destruction of the document model. */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tl_grow(void **arr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 8;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*arr, nc * sz);
    if (!p)
        return -1;
    memset((char *)p + *cap * sz, 0, (nc - *cap) * sz);
    *arr = p;
    *cap = nc;
    return 0;
}

tl_doc *tl_doc_new(const char *path, const char *format)
{
    tl_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->path = tl_strdup(path ? path : "");
    d->format = tl_strdup(format ? format : "");
    d->encoding = tl_strdup("UTF-8");
    if (!d->path || !d->format || !d->encoding) {
        tl_doc_free(d);
        return NULL;
    }
    return d;
}

static void cell_free(tl_cell *c)
{
    free(c->text);
    free(c->orig);
}

void tl_row_free_cells(tl_row *r)
{
    for (size_t i = 0; i < r->ncells; i++)
        cell_free(&r->cells[i]);
    free(r->cells);
    r->cells = NULL;
    r->ncells = 0;
}

void tl_table_free(tl_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows; i++)
        tl_row_free_cells(&t->rows[i]);
    for (size_t i = 0; i < t->ndropped; i++)
        tl_row_free_cells(&t->dropped[i]);
    free(t->rows);
    free(t->dropped);
    free(t->sheet);
    free(t);
}

void tl_doc_free(tl_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nblocks; i++) {
        cell_free(&d->blocks[i].para);
        tl_table_free(d->blocks[i].table);
    }
    for (size_t i = 0; i < d->ndiags; i++)
        free(d->diags[i].msg);
    free(d->blocks);
    free(d->diags);
    free(d->pages);
    free(d->path);
    free(d->format);
    free(d->encoding);
    free(d->converted_by);
    free(d);
}

int tl_doc_add_page(tl_doc *d, double width, double height, int rotation)
{
    tl_page *p = realloc(d->pages, (d->npages + 1) * sizeof *p);
    if (!p)
        return -1;
    d->pages = p;
    p[d->npages] = (tl_page){ (int)d->npages + 1, width, height, rotation };
    return (int)++d->npages;
}

static tl_block *add_block(tl_doc *d)
{
    if (tl_grow((void **)&d->blocks, &d->capblocks, d->nblocks + 1, sizeof *d->blocks))
        return NULL;
    return &d->blocks[d->nblocks++];
}

/* Counts what a block adds against the document's limits; 0 when it fits. */
static int over(tl_doc *d, size_t bytes, size_t cells)
{
    d->text_bytes += bytes;
    d->ncells += cells;
    if ((d->max_text_bytes && d->text_bytes > d->max_text_bytes) || (d->max_cells && d->ncells > d->max_cells))
        d->over_limit = 1;
    return d->over_limit;
}

tl_block *tl_doc_add_para(tl_doc *d, const char *text, int heading, tl_prov prov)
{
    if (over(d, text ? strlen(text) : 0, 0))
        return NULL;
    tl_block *b = add_block(d);
    if (!b)
        return NULL;
    b->kind = TL_BLOCK_PARA;
    b->heading = heading;
    if (tl_cell_set(&b->para, text, prov)) {
        d->nblocks--;
        return NULL;
    }
    return b;
}

tl_block *tl_doc_add_table(tl_doc *d, tl_table *t)
{
    size_t bytes = 0, cells = 0;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->rows[r].ncells; c++, cells++)
            bytes += t->rows[r].cells[c].text ? strlen(t->rows[r].cells[c].text) : 0;
    if (over(d, bytes, cells))
        return NULL;
    tl_block *b = add_block(d);
    if (!b)
        return NULL;
    b->kind = TL_BLOCK_TABLE;
    b->table = t;
    if (!t->prov.page && t->nrows && t->rows[0].ncells)
        t->prov = t->rows[0].cells[0].prov;
    return b;
}

void tl_doc_diag(tl_doc *d, tl_level level, tl_prov prov, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (tl_grow((void **)&d->diags, &d->capdiags, d->ndiags + 1, sizeof *d->diags))
        return;
    char *m = tl_strdup(buf);
    if (!m)
        return;
    d->diags[d->ndiags++] = (tl_diag){ level, m, prov };
}

tl_table *tl_table_new(void)
{
    tl_table *t = calloc(1, sizeof *t);
    if (t)
        t->nfragments = 1;
    return t;
}

tl_row *tl_table_add_row(tl_table *t, size_t ncells, tl_row_kind kind)
{
    if (tl_grow((void **)&t->rows, &t->caprows, t->nrows + 1, sizeof *t->rows))
        return NULL;
    tl_row *r = &t->rows[t->nrows];
    memset(r, 0, sizeof *r);
    r->cells = calloc(ncells ? ncells : 1, sizeof *r->cells);
    if (!r->cells)
        return NULL;
    r->ncells = ncells;
    r->kind = kind;
    for (size_t i = 0; i < ncells; i++) {
        r->cells[i].rowspan = r->cells[i].colspan = 1;
        r->cells[i].conf = -1;
    }
    if (ncells > t->ncols)
        t->ncols = ncells;
    t->nrows++;
    return r;
}

int tl_cell_set(tl_cell *c, const char *text, tl_prov prov)
{
    char *d = tl_strdup(text ? text : "");
    if (!d)
        return -1;
    free(c->text);
    c->text = d;
    c->prov = prov;
    if (!c->rowspan)
        c->rowspan = 1;
    if (!c->colspan)
        c->colspan = 1;
    if (c->conf == 0)
        c->conf = -1;
    return 0;
}

void tl_cell_replace(tl_cell *c, char *text)
{
    if (!c->orig)
        c->orig = c->text;
    else
        free(c->text);
    c->text = text;
}

int tl_cell_repaired(const tl_cell *c) { return c->orig && !tl_str_same(c->orig, c->text); }


int tl_row_is_empty(const tl_row *r)
{
    for (size_t i = 0; i < r->ncells; i++)
        if (!tl_str_blank(r->cells[i].text))
            return 0;
    return 1;
}

int tl_row_same(const tl_row *a, const tl_row *b)
{
    size_t n = a->ncells > b->ncells ? a->ncells : b->ncells;
    for (size_t i = 0; i < n; i++)
        if (!tl_str_same(i < a->ncells ? a->cells[i].text : "", i < b->ncells ? b->cells[i].text : ""))
            return 0;
    return 1;
}

size_t tl_row_width(const tl_row *r)
{
    size_t w = 0;
    for (size_t i = 0; i < r->ncells; i++)
        if (!tl_str_blank(r->cells[i].text))
            w = i + 1;
    return w;
}

/* Reads a cell as a small column number, or -1. */
static long cell_int(const char *s)
{
    while (*s == ' ')
        s++;
    if (*s < '0' || *s > '9')
        return -1;
    char *end;
    long v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '.')
        end++;
    return *end ? -1 : v;
}

int tl_row_is_colnum(const tl_row *r)
{
    /* Each filled cell holds its position's number, 1, 2, 3 ...  One cell in five
     * may be misread (OCR: "02" for "3") if it is as short as a number. */
    long expect = 1;
    int seen = 0, wrong = 0;
    for (size_t i = 0; i < r->ncells; i++) {
        if (tl_str_blank(r->cells[i].text))
            continue;
        if (expect == 1 && cell_int(r->cells[i].text) != 1)
            return 0;
        if (cell_int(r->cells[i].text) != expect) {
            if (strlen(r->cells[i].text) > 3)
                return 0;
            wrong++;
        }
        expect++;
        seen++;
    }
    return seen >= 3 && wrong * 5 <= seen;
}

void tl_table_collapse_grid(tl_table *t)
{
    for (size_t c = t->ncols; c-- > 1;) {
        int starts = 0;
        for (size_t r = 0; r < t->nrows && !starts; r++)
            starts = c < t->rows[r].ncells && !t->rows[r].cells[c].covered;
        if (starts)
            continue;
        for (size_t r = 0; r < t->nrows; r++) {
            tl_row *row = &t->rows[r];
            /* Every cell whose span crosses c loses one column (once: in its own row). */
            for (size_t k = 0; k < c && k < row->ncells; k++)
                if (!row->cells[k].covered && k + (size_t)row->cells[k].colspan > c && row->cells[k].colspan > 1)
                    row->cells[k].colspan--;
            if (c >= row->ncells)
                continue;
            cell_free(&row->cells[c]);
            memmove(&row->cells[c], &row->cells[c + 1], (row->ncells - c - 1) * sizeof *row->cells);
            row->ncells--;
        }
        t->ncols--;
    }
}

static tl_box box_union(tl_box a, tl_box b)
{
    if (a.x1 <= a.x0)
        return b;
    if (b.x1 <= b.x0)
        return a;
    return (tl_box){ fmin(a.x0, b.x0), fmin(a.y0, b.y0), fmax(a.x1, b.x1), fmax(a.y1, b.y1) };
}

static int merge_in_row(tl_row *row, size_t c)
{
    /* a span over both positions loses one */
    for (size_t k = 0; k < c && k < row->ncells; k++)
        if (!row->cells[k].covered && row->cells[k].colspan > 1 && k + (size_t)row->cells[k].colspan > c + 1)
            row->cells[k].colspan--;
    if (c + 1 >= row->ncells)
        return 0;
    tl_cell *a = &row->cells[c], *b = &row->cells[c + 1];
    size_t drop = c + 1;
    if (b->covered) {
        if (!a->covered && a->colspan > 1)
            a->colspan--;
    } else if (a->covered || tl_str_blank(a->text)) {
        /* b's cell stays; a span from the left that ended on a ends before it */
        for (size_t k = 0; a->covered && k < c; k++)
            if (!row->cells[k].covered && row->cells[k].colspan > 1 && k + (size_t)row->cells[k].colspan == c + 1)
                row->cells[k].colspan--;
        drop = c;
    } else {
        if (!tl_str_blank(b->text)) {
            if (tl_str_append(&a->text, " ", b->text))
                return -1;
            a->prov.box = box_union(a->prov.box, b->prov.box);
        }
        a->colspan += b->colspan - 1;
    }
    cell_free(&row->cells[drop]);
    memmove(&row->cells[drop], &row->cells[drop + 1], (row->ncells - drop - 1) * sizeof *row->cells);
    row->ncells--;
    return 0;
}

int tl_table_merge_columns(tl_table *t, size_t c)
{
    if (c + 1 >= t->ncols)
        return 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (merge_in_row(&t->rows[r], c))
            return -1;
    for (size_t r = 0; r < t->ndropped; r++)
        if (merge_in_row(&t->dropped[r], c))
            return -1;
    t->ncols--;
    return 0;
}
