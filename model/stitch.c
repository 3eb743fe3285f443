/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Table stitching: page fragments of one table become one table.
 *
 * Converters leave a table that runs over several pages as several tables, often
 * with the header or the column-number row repeated on each page, a page header or
 * stray line between them, and the row that was cut by the page break split in two.
 * Stitching undoes that using only what every extractor can see: column counts,
 * repeated rows, empty number cells.  What the rows mean is the schema stage's job. */
#include "model.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A paragraph longer than this between two fragments is body text, not a page
 * header or a row that lost its cell separators. */
#define MAX_GAP_PARA_BYTES 600
#define MAX_GAP_PARAS 3
#define MAX_TOP_ROWS 5

/* "1", "2.3", "4.1.": a cell that starts with an item number. */
static int starts_item(const char *s)
{
    while (s && (*s == ' ' || *s == '\n'))
        s++;
    return s && *s >= '0' && *s <= '9';
}

/* A row that carries on the text of the row before it: no item number, fewer than
 * half its cells filled, one of them long (a header's cells are labels). */
#define CARRY_ON_BYTES 80
static int carry_on_row(const tl_row *r)
{
    if (!r->ncells || !tl_str_blank(r->cells[0].text))
        return 0;
    size_t filled = 0, long_cell = 0;
    for (size_t i = 0; i < r->ncells; i++) {
        filled += !tl_str_blank(r->cells[i].text);
        long_cell |= r->cells[i].text && strlen(r->cells[i].text) > CARRY_ON_BYTES;
    }
    return long_cell && filled * 2 < r->ncells;
}

/* Marks the column-number row near the top and the non-empty rows above it as header
 * rows; extractors that know better (markdown's header line) have done it already.
 * Column numbers below a numbered row or a carry-on row are not the table's top but
 * a later fragment's, met in the middle of a PDF page (fold_interior_colnums). */
static void classify_top(tl_table *t)
{
    size_t lim = t->nrows < MAX_TOP_ROWS ? t->nrows : MAX_TOP_ROWS;
    for (size_t i = 0; i < lim; i++) {
        const tl_row *r = &t->rows[i];
        if ((r->ncells && starts_item(r->cells[0].text) && !tl_row_is_colnum(r)) || carry_on_row(r))
            return;
        if (!tl_row_is_colnum(r))
            continue;
        t->rows[i].kind = TL_ROW_COLNUM;
        for (size_t j = 0; j < i; j++)
            if (!tl_row_is_empty(&t->rows[j]) && t->rows[j].kind == TL_ROW_BODY)
                t->rows[j].kind = TL_ROW_HEADER;
        return;
    }
}

static const tl_row *find_kind(const tl_table *t, tl_row_kind k)
{
    for (size_t i = 0; i < t->nrows && i < MAX_TOP_ROWS + 2; i++)
        if (t->rows[i].kind == k)
            return &t->rows[i];
    return NULL;
}

static size_t colnum_count(const tl_row *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->ncells; i++)
        n += !tl_str_blank(r->cells[i].text);
    return n;
}

/* The table's width as its own column numbers state it, or else the widest row
 * without trailing columns that are empty in every row. */
static size_t signature_width(const tl_table *t)
{
    const tl_row *cn = find_kind(t, TL_ROW_COLNUM);
    if (cn)
        return colnum_count(cn);
    size_t w = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        size_t rw = tl_row_width(&t->rows[i]);
        if (rw > w)
            w = rw;
    }
    return w;
}


/* A row's text, its cells in order: NULL on OOM. */
static char *row_words(const tl_row *r)
{
    char *all = tl_strdup("");
    for (size_t i = 0; all && i < r->ncells; i++)
        if (!tl_str_blank(r->cells[i].text) && tl_str_append(&all, " ", r->cells[i].text)) {
            free(all);
            return NULL;
        }
    return all;
}

/* Whether header row h and row r hold the same words in the same order, cut into
 * cells differently (a page's header whose narrow "№" column the text did not part
 * from the next): a repeat by content, not by width.  Two cells or more. */
static int same_header_words(const tl_row *h, const tl_row *r)
{
    if (tl_row_width(r) < 2)
        return 0;
    char *a = row_words(h), *b = row_words(r);
    int same = a && b && tl_str_same(a, b);
    free(a);
    free(b);
    return same;
}

/* Whether row r repeats one of t's header rows. */
static int repeats_header(const tl_table *t, const tl_row *r)
{
    for (size_t i = 0; i < t->nrows && i < MAX_TOP_ROWS + 2; i++)
        if (t->rows[i].kind == TL_ROW_HEADER && (tl_row_same(&t->rows[i], r) || same_header_words(&t->rows[i], r)))
            return 1;
    return 0;
}

/* "1.", "2.3", "4.1.2" at the start of a cell: a new numbered item, not a carry-on. */
static int starts_numbered(const char *s)
{
    while (*s == ' ' || *s == '\n')
        s++;
    if (*s < '0' || *s > '9')
        return 0;
    while (*s >= '0' && *s <= '9')
        s++;
    return *s == '.';
}

/* The page a's last row is on (0 without pages). */
static int last_page(const tl_table *a)
{
    int page = a->prov.page;
    if (a->nrows)
        for (size_t c = 0; c < a->rows[a->nrows - 1].ncells; c++)
            if (a->rows[a->nrows - 1].cells[c].prov.page > page)
                page = a->rows[a->nrows - 1].cells[c].prov.page;
    return page;
}

/* Whether b starts on the page a ends on.  A table broken there by text is broken by
 * one row across it (an objective's title, seed001.pdf); more paragraphs between are
 * a table's notes and the next one's caption (us-025.pdf's Tables 3 and 4, the same
 * width).  Between pages a page's foot and head lie between as well. */
static int same_page(const tl_table *a, const tl_table *b)
{
    return b->prov.page > 0 && b->prov.page == last_page(a);
}

/* Where the tables have a place on a page (PDF, scans), a fragment lines up with the
 * one before: the same left and right edges within a twentieth of the width (a scan
 * shifts a little from page to page).  Tables side by side or of another width are
 * other tables of the same shape (a report's tables of two columns each).  Pages
 * may lie between: a row taller than a page leaves no rules to find there, only
 * its text (seed002.pdf's page 2). */
static int placed_apart(const tl_table *a, const tl_table *b)
{
    const tl_box *x = &a->prov.box, *y = &b->prov.box;
    if (a->prov.page <= 0 || b->prov.page <= 0 || x->x1 <= x->x0 || y->x1 <= y->x0)
        return 0;
    if (b->prov.page < last_page(a))
        return 1;
    double tol = fmax(10, 0.05 * fmax(x->x1 - x->x0, y->x1 - y->x0));
    return fabs(x->x0 - y->x0) > tol || fabs(x->x1 - y->x1) > tol;
}

static const tl_row *first_filled(const tl_table *t)
{
    for (size_t i = 0; i < t->nrows && i < MAX_TOP_ROWS; i++)
        if (!tl_row_is_empty(&t->rows[i]))
            return &t->rows[i];
    return NULL;
}

static int same_top(const tl_table *a, const tl_table *b)
{
    const tl_row *x = first_filled(a), *y = first_filled(b);
    return x && y && tl_row_same(x, y);
}

/* Whether b starts with a's header or a's first row. */
static int heads_anew(const tl_table *a, const tl_table *b)
{
    const tl_row *r = first_filled(b);
    return r && (repeats_header(a, r) || same_top(a, b));
}

/* Whether text of the body stands above table k on its page, among blocks [j, k):
 * a table that starts under its own heading and with the same header as the one
 * before is the next table of a series ("Pesticides", then the columns of the
 * table before), not the one before carried over. */
static int headed_on_its_page(const tl_doc *doc, size_t j, size_t k)
{
    int page = doc->blocks[k].table->prov.page;
    for (size_t p = j; p < k; p++)
        if (page > 0 && doc->blocks[p].para.prov.page == page && doc->blocks[p].chrome == TL_BODY)
            return 1;
    return 0;
}

static int continues(const tl_table *a, const tl_table *b)
{
    if (placed_apart(a, b))
        return 0;
    /* A fragment with its own, different header is a new table. */
    for (size_t i = 0; i < b->nrows && i < MAX_TOP_ROWS; i++) {
        const tl_row *r = &b->rows[i];
        if (r->kind == TL_ROW_HEADER && !tl_row_is_empty(r) && !repeats_header(a, r))
            return 0;
    }
    /* The header repeated at the top of the page says so, whatever the widths (a
     * page whose grid has an empty trailing column, or no column-number row). */
    for (size_t i = 0; i < b->nrows && i < MAX_TOP_ROWS; i++) {
        if (tl_row_is_empty(&b->rows[i]))
            continue;
        if (repeats_header(a, &b->rows[i]))
            return 1;
        break;
    }
    size_t wa = signature_width(a), wb = signature_width(b);
    if (wa == wb)
        return 1;
    /* A continuation may have its rightmost columns empty throughout; its grid is
     * as wide as the first fragment's, or as wide as the first fragment's own
     * column numbers say when that grid had a stray empty column (seed004.pdf: a
     * 10-column first page over 9 numbered columns, 9-column pages after it). */
    return wb < wa && (b->ncols == a->ncols || b->ncols == wa) && !find_kind(b, TL_ROW_HEADER);
}

static tl_row *last_body_row(tl_table *t)
{
    if (!t->nrows)
        return NULL;
    tl_row *r = &t->rows[t->nrows - 1];
    return r->kind == TL_ROW_BODY ? r : NULL;
}

static int push_dropped(tl_table *t, tl_row *r)
{
    if (tl_grow((void **)&t->dropped, &t->capdropped, t->ndropped + 1, sizeof *t->dropped))
        return -1;
    t->dropped[t->ndropped++] = *r;
    memset(r, 0, sizeof *r);
    return 0;
}

static int push_row(tl_table *t, tl_row *r)
{
    if (tl_grow((void **)&t->rows, &t->caprows, t->nrows + 1, sizeof *t->rows))
        return -1;
    t->rows[t->nrows++] = *r;
    if (r->ncells > t->ncols)
        t->ncols = r->ncells;
    memset(r, 0, sizeof *r);
    return 0;
}

/* A cell that holds nothing but its column's number leaked from the column-number
 * row above it (converters do this on the first row after a page's number row). */
static int leaked_colnum(const tl_row *cn, size_t col, const char *text)
{
    if (!cn || col >= cn->ncells || tl_str_blank(cn->cells[col].text))
        return 0;
    return tl_str_same(cn->cells[col].text, text);
}

/* OCR sometimes prints a row's value cells a second time in the row above it (seed
 * 000: "| | Хэмжээ авах | ... | - | Тухай бүр | I-IV улирал | ..." over the row of 3.2
 * with "- | Тухай бүр | I-IV улирал"): two or more cells of r that repeat the same
 * column of the next row, where prev has text already, are an echo.  Such a row is
 * not merged: the schema stage folds what carries on and keeps the echo apart. */
static int echoes_next(const tl_row *prev, const tl_row *r, const tl_row *next)
{
    if (!next)
        return 0;
    int echoes = 0;
    for (size_t i = 0; i < r->ncells && i < next->ncells && i < prev->ncells; i++)
        echoes += !tl_str_blank(r->cells[i].text) && !tl_str_blank(prev->cells[i].text) &&
                  tl_str_near(r->cells[i].text, next->cells[i].text, TL_ECHO_PER);
    return echoes >= 2;
}

/* Reads "3.2" / "3.2." as its parts; returns how many (0 when s is no such number). */
#define MAX_NUMBER_PARTS 6
static size_t number_parts(const char *s, long *part)
{
    size_t n = 0;
    while (*s == ' ' || *s == '\n')
        s++;
    while (*s >= '0' && *s <= '9' && n < MAX_NUMBER_PARTS) {
        char *e;
        part[n++] = strtol(s, &e, 10);
        s = e;
        if (*s != '.')
            break;
        s++;
    }
    while (*s == ' ' || *s == '\n')
        s++;
    return *s ? 0 : n;
}

/* Whether the number x comes right after y: the next at y's depth ("3.3" after
 * "3.2"), y's first child ("3.1" after "3."), or the first item under the parent
 * after y's ("5.1" after "4.19": an objective's row, unnumbered or not, between). */
static int follows_number(const char *x, const char *y)
{
    long px[MAX_NUMBER_PARTS], py[MAX_NUMBER_PARTS];
    size_t nx = number_parts(x, px), ny = number_parts(y, py);
    if (!nx || !ny || (nx != ny && nx != ny + 1))
        return 0;
    size_t i = 0;
    while (i + 1 < nx && i < ny && px[i] == py[i])
        i++;
    if (i + 1 == nx)
        return nx == ny ? px[nx - 1] == py[ny - 1] + 1 : px[nx - 1] == 1;
    if (nx != ny || i >= ny || px[i] != py[i] + 1)
        return 0;
    while (++i < nx)
        if (px[i] != 1)
            return 0;
    return 1;
}

/* Whether a cell of row r after its number cell opens with the item number num
 * ("2.3.Төрийн ..." beside "2." over "3"): the text names the number it is cut from,
 * whatever number came before (plans skip some). */
static int opens_with(const tl_row *r, const char *num)
{
    size_t n = strlen(num);
    for (size_t c = 1; c < r->ncells; c++) {
        const char *t = r->cells[c].text;
        if (tl_str_blank(t))
            continue;
        while (*t == ' ' || *t == '\n')
            t++;
        return strncmp(t, num, n) == 0 && (t[n] == '.' || t[n] == ' ' || t[n] == ')');
    }
    return 0;
}

/* Whether the page break cut prev's item number: the two number cells hold digits
 * and dots, parted at a dot ("3." over "3", "2" over ".7") or inside a part the
 * head alone would not make follow ("4.1" over "8" after "4.17"), and make the
 * number that follows the numbered row before prev ("3.2" -> "3.3"), or the one
 * prev's text opens with (opens_with), or, with no numbered row before, the first
 * at its depth ("1." over "1").  A narrow
 * number column wraps "3.3" over two lines, and the break can fall between them. */
static int number_cut(const tl_table *a, const tl_row *prev, const tl_row *r)
{
    const char *head = prev->ncells ? prev->cells[0].text : NULL, *tail = r->cells[0].text;
    size_t hl = head ? strlen(head) : 0;
    if (!hl || !tail || !*tail || strspn(head, "0123456789.") != hl || strspn(tail, "0123456789.") != strlen(tail))
        return 0;
    int at_dot = head[hl - 1] == '.' || tail[0] == '.';
    char joined[64];
    size_t tn = strlen(tail);
    if (hl + tn >= sizeof joined)
        return 0;
    memcpy(joined, head, hl);
    memcpy(joined + hl, tail, tn + 1);
    /* a number cell of dots alone is no number: the rest of the one cut above
     * ("1" / "." of a number column repeating its objective's "1.") */
    if (strspn(tail, ".") == tn && strchr("0123456789", head[hl - 1]))
        return 1;
    if (at_dot && !tl_str_same(head, tail) && opens_with(prev, joined))
        return 1;
    const tl_row *before = NULL;
    for (const tl_row *p = prev; p-- > a->rows && !before;)
        if (p->kind == TL_ROW_BODY && p->ncells &&
            number_parts(p->cells[0].text ? p->cells[0].text : "", (long[MAX_NUMBER_PARTS]){ 0 }))
            before = p;
    if (!before) {
        /* the table's first numbered row: the first item at its depth ("1." over "1") */
        long part[MAX_NUMBER_PARTS];
        size_t np = number_parts(joined, part);
        return head[hl - 1] == '.' && !strchr(tail, '.') && np >= 2 && part[np - 1] == 1;
    }
    /* "1." over "1." under "1.": a number column repeating its objective's number */
    if (tl_str_same(head, tail) || tl_str_same(head, before->cells[0].text) ||
        (!at_dot && follows_number(head, before->cells[0].text)))
        return 0;
    return follows_number(joined, before->cells[0].text);
}

/* s past its leading spaces and line breaks. */
static const char *skip_blank(const char *s)
{
    while (s && (*s == ' ' || *s == '\n'))
        s++;
    return s;
}

/* Whether text s opens with a number whose first part is head's ("2.5. ..." after
 * "2"): where the page break cut an item number, only such a number is an item of
 * the same plan; a figure in a value cell ("132.32 сая") is none. */
static int same_head(const char *s, const char *head)
{
    s = skip_blank(s);
    head = skip_blank(head);
    size_t n = head ? strspn(head, "0123456789") : 0;
    return n && strncmp(s, head, n) == 0 && s[n] == '.';
}

/* Whether src's text goes on with the word dst's last line ended in, which the cell's
 * edge broke where the page broke the row ("Тамы" / "н"): dst's last line full at
 * its edge, its last word without a closing mark, and the extractor's reading of
 * the two pieces (join). */
static int word_goes_on(tl_word_join_fn join, const tl_cell *dst, const tl_cell *src)
{
    if (!join || !dst->edge_end || !dst->text || !src->text)
        return 0;
    const char *t = dst->text, *s = src->text;
    size_t n = strlen(t), w = n;
    while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n')
        w--;
    if (w == n || strchr(",.;:)\"!?-", t[n - 1]))
        return 0;
    s = skip_blank(s);
    size_t sn = strcspn(s, "\n");
    return sn && join(t + w, n - w, s, sn, dst->edge_end == TL_EDGE_ALONE);
}

/* Whether text opens with the number prev's number cell holds, and prev's cell of
 * the same text ends unfinished: "Зорилт" at a page's foot beside "2", then
 * "2.Төрийн ..." at the next page's top is the rest of objective 2's title, not a
 * new item (one would number itself otherwise). */
static int opens_with_own(const char *text, const tl_row *prev, size_t i)
{
    const char *num = prev->ncells ? prev->cells[0].text : NULL;
    const char *before = i < prev->ncells ? prev->cells[i].text : NULL;
    size_t bn = before ? strlen(before) : 0;
    while (bn && (before[bn - 1] == ' ' || before[bn - 1] == '\n'))
        bn--;
    if (!bn || strchr(".;:!?", before[bn - 1]))
        return 0;
    num = skip_blank(num);
    text = skip_blank(text);
    size_t n = num ? strspn(num, "0123456789.") : 0, t = strspn(text, "0123456789.");
    while (n && num[n - 1] == '.')
        n--;
    while (t && text[t - 1] == '.')
        t--;
    return n && n == t && strncmp(num, text, n) == 0 && !num[n + strspn(num + n, ". \n")];
}

/* Merges r, the first row of a new fragment, into prev when it carries on prev's
 * text: the number cell is empty (or holds the rest of prev's cut number) and no
 * other cell starts a new numbered item. */
static int merge_continuation(tl_table *a, tl_row *prev, tl_row *r, const tl_row *next, const tl_row *cn,
                              tl_word_join_fn join)
{
    if (!r->ncells || tl_row_is_empty(r) || echoes_next(prev, r, next))
        return 0;
    int cut = !tl_str_blank(r->cells[0].text);
    if (cut && !number_cut(a, prev, r))
        return 0;
    for (size_t i = (size_t)cut; i < r->ncells; i++)
        if (starts_numbered(r->cells[i].text) && (!cut || same_head(r->cells[i].text, prev->cells[0].text)) &&
            !(i > 0 && !cut && opens_with_own(r->cells[i].text, prev, i)))
            return 0;
    if (r->ncells > prev->ncells) {
        tl_cell *c = realloc(prev->cells, r->ncells * sizeof *c);
        if (!c)
            return -1;
        for (size_t i = prev->ncells; i < r->ncells; i++) {
            memset(&c[i], 0, sizeof c[i]);
            c[i].text = tl_strdup("");
            c[i].rowspan = c[i].colspan = 1;
            c[i].conf = -1;
            c[i].prov = r->cells[i].prov;
            if (!c[i].text)
                return -1;
        }
        prev->cells = c;
        prev->ncells = r->ncells;
        if (r->ncells > a->ncols)
            a->ncols = r->ncells;
    }
    for (size_t i = 0; i < r->ncells; i++) {
        tl_cell *dst = &prev->cells[i], *src = &r->cells[i];
        if (tl_str_blank(src->text))
            continue;
        if (!(i == 0 && cut) && !tl_str_blank(dst->text) && leaked_colnum(cn, i, src->text)) {
            tl_row leak = { 0 };
            leak.cells = calloc(1, sizeof *leak.cells);
            if (!leak.cells)
                return -1;
            leak.ncells = 1;
            leak.kind = TL_ROW_COLNUM;
            leak.cells[0] = *src;
            src->text = NULL;
            src->orig = NULL;
            if (push_dropped(a, &leak))
                return -1;
            continue;
        }
        /* the rest may open with the mark that closed the word before the break
         * ("хэгэцүүлж" / ", 2 санал гарсан") */
        if ((i == 0 && cut) || word_goes_on(join, dst, src) || (*src->text && strchr(",.;:)", *src->text))) {
            if (tl_str_append(&dst->text, "", src->text))
                return -1;
        } else if (tl_str_append_line(&dst->text, src->text))
            return -1;
        dst->edge_end = src->edge_end;
        if (src->conf >= 0 && (dst->conf < 0 || src->conf < dst->conf))
            dst->conf = src->conf;
    }
    prev->merged++;
    tl_row_free_cells(r);
    return 1;
}

/* A column-number row inside a table is where a fragment of the source began in
 * the middle of a PDF page (seed004.pdf: the docx's page tables, each opened by its
 * column numbers, laid over other pages).  Handled as absorb() handles a fragment's
 * start: the numbers are dropped as a repeat, and the row after them merges into
 * the row before them when it carries that row on. */
static int fold_interior_colnums(tl_table *t, tl_word_join_fn join)
{
    size_t out = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        tl_row *r = &t->rows[i];
        if (r->kind == TL_ROW_BODY && i > 0 && tl_row_is_colnum(r)) {
            tl_row cn = *r; /* its cells stay valid in dropped */
            r->kind = TL_ROW_COLNUM;
            if (push_dropped(t, r))
                return -1;
            if (i + 1 < t->nrows && out > 0 && t->rows[out - 1].kind == TL_ROW_BODY) {
                int m = merge_continuation(t, &t->rows[out - 1], &t->rows[i + 1],
                                           i + 2 < t->nrows ? &t->rows[i + 2] : NULL, &cn, join);
                if (m < 0)
                    return -1;
                i += (size_t)m;
            }
            continue;
        }
        if (out != i)
            t->rows[out] = *r;
        out++;
    }
    t->nrows = out;
    return 0;
}

/* Whether row r repeats one of t's first rows (its header, which a word processor
 * repeats on every page) before index `before`. */
static int repeats_top(const tl_table *t, const tl_row *r, size_t before)
{
    for (size_t k = 0; k < before && k < MAX_TOP_ROWS; k++)
        if (&t->rows[k] != r && !tl_row_is_empty(&t->rows[k]) &&
            (tl_row_same(&t->rows[k], r) || same_header_words(&t->rows[k], r)))
            return 1;
    return 0;
}

/* A number wrapped over three lines ("4." over "1" over "3" in a narrow column), the
 * row cutter taking each for a row: when r's number cell and next's, both digits,
 * make with prev's the number that follows (number_cut), next's digits move up to
 * r's cell, so that r joins prev as a two-line cut would and next, its number cell
 * empty now, carries the row on.  1 when moved, 0 when not, -1 on OOM. */
static int pull_third_piece(const tl_table *t, const tl_row *prev, tl_row *r, tl_row *next)
{
    if (!next || next->kind != TL_ROW_BODY || !next->ncells || !r->ncells || tl_str_blank(next->cells[0].text))
        return 0;
    const char *b = r->cells[0].text, *c = next->cells[0].text;
    if (strspn(b, "0123456789") != strlen(b) || strspn(c, "0123456789") != strlen(c) ||
        strlen(b) + strlen(c) > 8)
        return 0;
    tl_row two = *r;
    tl_cell cell = r->cells[0];
    char both[24];
    snprintf(both, sizeof both, "%s%s", b, c);
    cell.text = both;
    two.cells = &cell;
    two.ncells = 1;
    if (!number_cut(t, prev, &two))
        return 0;
    char *moved = tl_strdup(both), *left = tl_strdup("");
    if (!moved || !left) {
        free(moved);
        free(left);
        return -1;
    }
    free(r->cells[0].text);
    r->cells[0].text = moved;
    free(next->cells[0].text);
    next->cells[0].text = left;
    return 1;
}

/* A number cell that wrapped inside its row ("1." over "3" in a narrow column) where
 * the row cutter of an unruled table took its second line for a row of its own, or
 * a page break fell between the lines (the header repeated there, the row's other
 * lines in rows with no number): the rows are one again when the two numbers make
 * the number that follows (number_cut), the lines between joined in order. */
static int join_cut_numbers(tl_table *t, tl_word_join_fn join)
{
    size_t out = 0, numbered = SIZE_MAX; /* the last row out with a number cell */
    for (size_t i = 0; i < t->nrows; i++) {
        tl_row *r = &t->rows[i];
        int cut = numbered != SIZE_MAX && r->kind == TL_ROW_BODY && r->ncells && !tl_str_blank(r->cells[0].text) &&
                  !repeats_top(t, r, out);
        if (cut && !number_cut(t, &t->rows[numbered], r)) {
            int pulled = pull_third_piece(t, &t->rows[numbered], r, i + 1 < t->nrows ? &t->rows[i + 1] : NULL);
            if (pulled < 0)
                return -1;
            cut = pulled;
        }
        if (cut) {
            /* the lines between, in order, then r */
            size_t keep = numbered + 1;
            for (size_t k = numbered + 1; k < out; k++) {
                tl_row *c = &t->rows[k];
                int m = c->kind == TL_ROW_BODY && tl_str_blank(c->cells[0].text) && !repeats_top(t, c, numbered)
                            ? merge_continuation(t, &t->rows[numbered], c, r, NULL, join)
                            : 0;
                if (m < 0)
                    return -1;
                if (!m)
                    t->rows[keep++] = *c;
            }
            out = keep;
            int m = merge_continuation(t, &t->rows[numbered], r, i + 1 < t->nrows ? &t->rows[i + 1] : NULL, NULL,
                                       join);
            if (m < 0)
                return -1;
            if (m)
                continue;
        }
        if (r->ncells && !tl_str_blank(r->cells[0].text) && !repeats_top(t, r, out))
            numbered = out;
        if (out != i)
            t->rows[out] = *r;
        out++;
    }
    t->nrows = out;
    return 0;
}

/* Where the text of header cell h opens cell f (word for word): what follows in f
 * (squashed), "" when f is h; NULL when h does not open f or on OOM. */
static char *after_header(const char *h, const char *f)
{
    char *x = tl_str_squash(h), *y = tl_str_squash(f), *rest = NULL;
    size_t n = x ? strlen(x) : 0;
    if (x && y && strncmp(x, y, n) == 0) {
        /* the rest may open with a mark the line joiner set against the header's
         * last word ("түвшин" and ", 2 санал гарсан"), not with a letter */
        unsigned char next = (unsigned char)y[n];
        if (next < 0x80 && !isalnum(next))
            rest = tl_strdup(y + n + (next == ' '));
    }
    free(x);
    free(y);
    return rest;
}

/* The header's text in column c: its first k rows' cells, top down. */
static char *header_text(const tl_table *t, size_t k, size_t c)
{
    char *all = tl_strdup("");
    for (size_t i = 0; all && i < k; i++)
        if (c < t->rows[i].ncells && !tl_str_blank(t->rows[i].cells[c].text) &&
            tl_str_append(&all, " ", t->rows[i].cells[c].text)) {
            free(all);
            return NULL;
        }
    return all;
}

/* A page that opens with the repeated header and, with no gap under it, the rest
 * of the row the page break cut: one band, one row ("Зорилго сайжруулах").  When
 * the table's header (its header rows, or its first row) opens every cell of r it
 * has text in - two cells at least - and r holds more, the header's part goes to
 * the dropped rows and r keeps the rest.  1 when parted, 0 when not, -1 on OOM. */
static int part_header_off(tl_table *a, tl_row *r)
{
    size_t k = 0;
    while (k < a->nrows && k < MAX_TOP_ROWS && a->rows[k].kind == TL_ROW_HEADER)
        k++;
    if (!k)
        k = 1;
    if (a->nrows < k || a->rows[0].ncells != r->ncells)
        return 0;
    for (; k >= 1; k--) {
        char **rest = calloc(r->ncells, sizeof *rest), **head = calloc(r->ncells, sizeof *head);
        size_t matched = 0, more = 0, c = 0;
        int rc = 0;
        if (!rest || !head)
            rc = -1;
        for (; !rc && c < r->ncells; c++) {
            if (!(head[c] = header_text(a, k, c))) {
                rc = -1;
                break;
            }
            if (tl_str_blank(head[c]))
                continue;
            if (!(rest[c] = after_header(head[c], r->cells[c].text)))
                break;
            matched++;
            more += !tl_str_blank(rest[c]);
        }
        if (!rc && c == r->ncells && matched >= 2 && more) {
            tl_row h = { .cells = calloc(r->ncells, sizeof *h.cells), .ncells = r->ncells, .kind = TL_ROW_HEADER,
                         .fragment = r->fragment };
            rc = h.cells ? 1 : -1;
            for (c = 0; rc == 1 && c < r->ncells; c++)
                if (tl_cell_set(&h.cells[c], head[c], r->cells[c].prov) ||
                    (rest[c] && tl_cell_set(&r->cells[c], rest[c], r->cells[c].prov)))
                    rc = -1;
            if (rc == 1 && push_dropped(a, &h))
                rc = -1;
            if (rc < 0)
                tl_row_free_cells(&h);
        }
        for (c = 0; c < r->ncells; c++) {
            free(rest ? rest[c] : NULL);
            free(head ? head[c] : NULL);
        }
        free(rest);
        free(head);
        if (rc)
            return rc;
    }
    return 0;
}

/* Moves the rows of b to the end of a; frees b. */
static int absorb(tl_table *a, tl_table *b, tl_word_join_fn join)
{
    int frag = a->nfragments++;
    const tl_row *cn = find_kind(a, TL_ROW_COLNUM);
    const tl_row *bcn = find_kind(b, TL_ROW_COLNUM);
    int first = 1;
    for (size_t i = 0; i < b->nrows; i++) {
        tl_row *r = &b->rows[i];
        r->fragment = frag;
        if (tl_row_is_empty(r)) {
            tl_row_free_cells(r);
            continue;
        }
        /* The header a word processor repeats at the top of each page: rows marked
         * so, or, where no column-number row told the header apart, rows at the
         * fragment's top equal to one of the table's first rows. */
        if (r->kind == TL_ROW_COLNUM || repeats_header(a, r) || (first && repeats_top(a, r, MAX_TOP_ROWS))) {
            if (r->kind == TL_ROW_COLNUM && !cn)
                goto keep;
            if (push_dropped(a, r))
                return -1;
            continue;
        }
        if (first) {
            first = 0;
            if (part_header_off(a, r) < 0)
                return -1;
            tl_row *prev = last_body_row(a);
            if (prev) {
                int m = merge_continuation(a, prev, r, i + 1 < b->nrows ? &b->rows[i + 1] : NULL, cn ? cn : bcn,
                                           join);
                if (m < 0)
                    return -1;
                if (m)
                    continue;
            }
        }
    keep:
        if (r->kind == TL_ROW_HEADER)
            r->kind = TL_ROW_BODY;
        if (push_row(a, r))
            return -1;
        if (r->kind == TL_ROW_COLNUM)
            cn = find_kind(a, TL_ROW_COLNUM);
    }
    for (size_t i = 0; i < b->ndropped; i++)
        if (push_dropped(a, &b->dropped[i]))
            return -1;
    b->nrows = b->ndropped = 0;
    tl_table_free(b);
    return 0;
}

static int interlude(tl_table *a, tl_block *p)
{
    tl_row r = { 0 };
    r.cells = calloc(1, sizeof *r.cells);
    if (!r.cells)
        return -1;
    r.ncells = 1;
    r.kind = TL_ROW_INTERLUDE;
    r.fragment = a->nfragments;
    r.cells[0] = p->para;
    r.cells[0].colspan = (int)(a->ncols ? a->ncols : 1);
    memset(&p->para, 0, sizeof p->para);
    size_t keep = a->ncols;
    int rc = push_row(a, &r);
    a->ncols = keep;
    return rc;
}

/* Whether t is laid out on a page (it has a place there).  Formats without geometry
 * (DOCX, HTML, text) say what is a table themselves. */
static int placed_on_page(const tl_table *t)
{
    return t->prov.page > 0 && t->prov.box.x1 > t->prov.box.x0;
}

/* A table laid out on a page that is still one row or one column once its fragments
 * are joined is text in boxes: the labels of a chart's axes between its grid lines, a
 * framed list.  A fragment of one row that carries a table on has been joined to it
 * by now. */
static int lone_strip(const tl_table *t)
{
    return placed_on_page(t) && (t->nrows < 2 || t->ncols < 2) && t->nfragments <= 1;
}

static int cmp_count(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* A table laid out on a page, of six columns and four rows or more, whose rows fill
 * two cells or fewer each (the median row), no column after the first filled in half
 * its rows: the value labels of a chart's bars, scattered where each bar ends,
 * between the chart's frame or grid lines.  A table's rows fill most of its
 * columns. */
static int scattered(const tl_table *t)
{
    if (!placed_on_page(t) || t->ncols < 6 || t->nrows < 4 || t->nfragments > 1)
        return 0;
    size_t *per_row = malloc(t->nrows * sizeof *per_row), *per_col = calloc(t->ncols, sizeof *per_col);
    int is = 0;
    if (!per_row || !per_col)
        goto out;
    for (size_t r = 0; r < t->nrows; r++) {
        per_row[r] = 0;
        for (size_t c = 0; c < t->rows[r].ncells && c < t->ncols; c++)
            if (!t->rows[r].cells[c].covered && !tl_str_blank(t->rows[r].cells[c].text)) {
                per_row[r]++;
                per_col[c]++;
            }
    }
    qsort(per_row, t->nrows, sizeof *per_row, cmp_count);
    is = per_row[t->nrows / 2] <= 2;
    for (size_t c = 1; is && c < t->ncols; c++)
        is = 2 * per_col[c] < t->nrows;
out:
    free(per_row);
    free(per_col);
    return is;
}

static int unfolds(const tl_table *t)
{
    return lone_strip(t) || scattered(t);
}

/* Each such table's filled cells become paragraphs in its place, in row order. */
static int unfold_strips(tl_doc *doc)
{
    size_t extra = 0;
    for (size_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == TL_BLOCK_TABLE && doc->blocks[i].table && unfolds(doc->blocks[i].table))
            for (size_t r = 0; r < doc->blocks[i].table->nrows; r++)
                extra += doc->blocks[i].table->rows[r].ncells;
    if (!extra)
        return 0;
    tl_block *v = calloc(doc->nblocks + extra, sizeof *v);
    if (!v)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        tl_block *b = &doc->blocks[i];
        if (b->kind != TL_BLOCK_TABLE || !b->table || !unfolds(b->table)) {
            v[n++] = *b;
            continue;
        }
        for (size_t r = 0; r < b->table->nrows; r++)
            for (size_t c = 0; c < b->table->rows[r].ncells; c++) {
                tl_cell *cell = &b->table->rows[r].cells[c];
                if (!cell->text || tl_str_blank(cell->text))
                    continue;
                v[n] = (tl_block){ .kind = TL_BLOCK_PARA, .para = *cell, .chrome = b->chrome };
                memset(cell, 0, sizeof *cell);
                n++;
            }
        tl_table_free(b->table);
    }
    free(doc->blocks);
    doc->blocks = v;
    doc->nblocks = n;
    doc->capblocks = n + extra;
    return 0;
}

tl_code tl_doc_stitch(tl_doc *doc, tl_error *err)
{
    for (size_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == TL_BLOCK_TABLE) {
            classify_top(doc->blocks[i].table);
            if (fold_interior_colnums(doc->blocks[i].table, doc->word_join))
                return tl_error_set(err, TL_E_INTERNAL, "out of memory while stitching");
        }

    size_t out = 0;
    for (size_t i = 0; i < doc->nblocks;) {
        tl_block *blk = &doc->blocks[i];
        if (blk->kind != TL_BLOCK_TABLE || !blk->table) {
            doc->blocks[out++] = *blk;
            i++;
            continue;
        }
        tl_table *a = blk->table;
        size_t j = i + 1;
        for (;;) {
            size_t k = j;
            while (k < doc->nblocks && k - j < MAX_GAP_PARAS + 1 &&
                   doc->blocks[k].kind == TL_BLOCK_PARA && !doc->blocks[k].heading &&
                   strlen(doc->blocks[k].para.text) <= MAX_GAP_PARA_BYTES)
                k++;
            if (k >= doc->nblocks || doc->blocks[k].kind != TL_BLOCK_TABLE ||
                k - j > MAX_GAP_PARAS || (k - j > 1 && same_page(a, doc->blocks[k].table)) ||
                (headed_on_its_page(doc, j, k) && heads_anew(a, doc->blocks[k].table)) ||
                !continues(a, doc->blocks[k].table))
                break;
            for (size_t p = j; p < k; p++) {
                if (interlude(a, &doc->blocks[p]))
                    return tl_error_set(err, TL_E_INTERNAL, "out of memory while stitching");
            }
            if (absorb(a, doc->blocks[k].table, doc->word_join))
                return tl_error_set(err, TL_E_INTERNAL, "out of memory while stitching");
            doc->blocks[k].table = NULL;
            j = k + 1;
        }
        doc->blocks[out++] = *blk;
        i = j;
    }
    doc->nblocks = out;
    for (size_t i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == TL_BLOCK_TABLE && join_cut_numbers(doc->blocks[i].table, doc->word_join))
            return tl_error_set(err, TL_E_INTERNAL, "out of memory while stitching");
    if (unfold_strips(doc))
        return tl_error_set(err, TL_E_INTERNAL, "out of memory while stitching");
    return TL_OK;
}

int tl_table_move_columns(tl_table *t, const size_t *colmap, size_t width)
{
    for (size_t r = 0; r < t->nrows; r++) {
        tl_row *row = &t->rows[r];
        tl_cell *c = calloc(width, sizeof *c);
        if (!c)
            return -1;
        int page = row->ncells ? row->cells[0].prov.page : t->prov.page;
        for (size_t i = 0; i < row->ncells; i++)
            if (i < t->ncols && colmap[i] != SIZE_MAX) { /* colmap has t->ncols entries */
                c[colmap[i]] = row->cells[i];
                memset(&row->cells[i], 0, sizeof row->cells[i]);
            }
        for (size_t i = 0; i < width; i++)
            if (!c[i].text) {
                c[i].text = tl_strdup("");
                c[i].rowspan = c[i].colspan = 1;
                c[i].conf = -1;
                c[i].prov.page = page;
            }
        tl_row_free_cells(row);
        row->cells = c;
        row->ncells = width;
        for (size_t i = 0; i < width; i++)
            if (!c[i].text)
                return -1;
    }
    t->ncols = width;
    return 0;
}

tl_code tl_doc_join(tl_doc *doc, size_t i, size_t k, const size_t *colmap, tl_error *err)
{
    tl_table *a = doc->blocks[i].table, *b = doc->blocks[k].table;
    size_t width = a->ncols;
    for (size_t c = 0; c < b->ncols; c++)
        if (colmap[c] != SIZE_MAX && colmap[c] >= width)
            width = colmap[c] + 1;
    if (tl_table_move_columns(b, colmap, width))
        return tl_error_set(err, TL_E_INTERNAL, "out of memory while joining tables");
    /* On failure the document is left for tl_doc_free: what moved is owned once. */
    for (size_t p = i + 1; p < k; p++)
        if (interlude(a, &doc->blocks[p]))
            return tl_error_set(err, TL_E_INTERNAL, "out of memory while joining tables");
    if (absorb(a, b, doc->word_join))
        return tl_error_set(err, TL_E_INTERNAL, "out of memory while joining tables");
    memmove(&doc->blocks[i + 1], &doc->blocks[k + 1], (doc->nblocks - k - 1) * sizeof *doc->blocks);
    doc->nblocks -= k - i;
    return TL_OK;
}
