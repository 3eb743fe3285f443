/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whether a run of bands read as a table (unruled.c) is one: its cells' shape
 * against prose set in columns, signature blocks and label-value lines.  Internal
 * to the extract stage (bands.h). */
#include "bands.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define TALL_MIN_CELLS 3  /* two rows filling this many cells, */
#define TALL_LINES 3      /* and two cells of this many lines (and words) side by side */
#define TALL_WORD_BYTES 4 /* bytes a word at least: two letters and a space, Cyrillic or not */
#define FIGURES_MIN_ROWS 4 /* figures_by_labels: rows of a label and a figure, at least, */
#define LABEL_MAX_WORDS 6  /* each label this many words at most */
#define RUN_ON_WORDS 4      /* prose_cells: a cell this many words long may run on below */
#define CARRIED_MIN_PAIRS 6 /* prose_cells: cells under a cell, at least, to judge by their first letter */

/* Words in a cell's text. */
static size_t word_count(const char *s)
{
    size_t n = 0;
    for (int in = 0; *s; s++) {
        int sp = *s == ' ' || *s == '\n' || *s == '\t';
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static int starts_lower(const char *s)
{
    while (*s == ' ')
        s++;
    int32_t i = 0, n = (int32_t)strlen(s);
    UChar32 c = 0;
    if (n)
        U8_NEXT((const uint8_t *)s, i, n, c);
    return u_islower(c);
}

/* Whether column c reads as running text: its typical cell is TL_PROSE_WORDS words or
 * more, or, a line a row, most of its cells go on with a lower-case letter from the
 * cell above (a sentence carried down the column, as a narrow column of prose does).
 * *all_pairs and *all_carried add up the pairs of cells one over the other and those
 * carried on from a cell of RUN_ON_WORDS words or more (a wrapped line of prose). */
static int prose_column(const tl_table *t, size_t c, size_t *w, size_t *all_pairs, size_t *all_carried)
{
    size_t n = 0, pairs = 0, carried = 0;
    const char *above = NULL;
    for (size_t i = 0; i < t->nrows; i++) {
        const char *s = c < t->rows[i].ncells ? t->rows[i].cells[c].text : NULL;
        if (!s || tl_str_blank(s)) {
            above = NULL;
            continue;
        }
        w[n++] = word_count(s);
        if (above) {
            int lower = starts_lower(s);
            pairs++;
            carried += (size_t)lower;
            /* a line of prose that ran on: long, then the rest in lower case */
            *all_carried += lower && w[n - 2] >= RUN_ON_WORDS;
        }
        above = s;
    }
    *all_pairs += pairs;
    if (!n)
        return 0;
    qsort(w, n, sizeof *w, cmp_size);
    return w[n / 2] >= TL_PROSE_WORDS || (pairs >= 3 && 2 * carried >= pairs);
}

/* Columns of prose (a page set in two or three columns) align like a table: every
 * one of their columns holds running text, where a table, even a plan whose actions
 * run long, has a column of short entries (numbers, dates, percents).  Or, over the
 * whole table, most cells under a cell go on with a lower-case letter: sentences
 * carried down columns of prose, with a heading, a bullet or a footnote's number
 * here and there (a table's cells begin entries: capitals, figures, item numbers). */
static int prose_cells(const tl_table *t)
{
    size_t *w = malloc((t->nrows + 1) * sizeof *w);
    size_t pairs = 0, carried = 0, prose_cols = 0;
    for (size_t c = 0; w && c < t->ncols; c++)
        prose_cols += (size_t)prose_column(t, c, w, &pairs, &carried);
    free(w);
    return w && (prose_cols == t->ncols || (pairs >= CARRIED_MIN_PAIRS && 2 * carried >= pairs));
}

/* Whether a row spans the table from its first or second cell (a plan's objective). */
static int has_across_row(const tl_table *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t c = 0; c < t->rows[i].ncells && c < 2; c++)
            if (t->rows[i].cells[c].colspan >= 2 && (size_t)t->rows[i].cells[c].colspan + c == t->ncols)
                return 1;
    return 0;
}

/* Whether a wide table of few, tall rows is one: four columns or more, two rows
 * filling three cells or more, and cells of three lines or more side by side in some
 * row (a page holding one or two rows of a plan set in narrow columns).  Justified
 * lines whose word spaces line up do so over a line or two, not down a row. */
static int tall_rows(const tl_table *t)
{
    if (t->ncols < TL_TALL_MIN_COLS || t->nrows < 2)
        return 0;
    /* A line's height: the typical cell of one word ("-", "100%", "I-IV").  Not the
     * least: a letter of an upright axis title is as high as it is wide. */
    double *hs = malloc((t->nrows * t->ncols + 1) * sizeof *hs);
    size_t nh = 0;
    for (size_t i = 0; hs && i < t->nrows; i++)
        for (size_t c = 0; c < t->rows[i].ncells; c++) {
            const tl_cell *x = &t->rows[i].cells[c];
            if (!tl_str_blank(x->text) && word_count(x->text) == 1)
                hs[nh++] = x->prov.box.y1 - x->prov.box.y0;
        }
    if (nh)
        tl_sort_doubles(hs, nh);
    double line = nh >= 2 ? hs[nh / 2] : INFINITY;
    free(hs);
    size_t wide = 0, tall = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        size_t filled = 0, deep = 0;
        for (size_t c = 0; c < t->rows[i].ncells; c++) {
            const tl_cell *x = &t->rows[i].cells[c];
            if (tl_str_blank(x->text) || x->covered)
                continue;
            filled++;
            /* of words, not of letters stacked (an axis title set upright) */
            size_t words = word_count(x->text);
            deep += x->prov.box.y1 - x->prov.box.y0 >= TALL_LINES * line && words >= TALL_LINES &&
                    strlen(x->text) >= TALL_WORD_BYTES * words;
        }
        wide += filled >= TALL_MIN_CELLS;
        tall += deep >= 2;
    }
    return wide >= 2 && tall >= 1;
}

/* Whether t has three rows or more, every column filled twice or more, or else (a
 * header over a column this page's few rows leave empty) only in the first row,
 * above three rows or more; and three columns of entries at least, or two beside a
 * row across the table (a plan's objective), which bullet lists and label-value
 * lines do not have. */
static int filled_rows(const tl_table *t)
{
    if (t->nrows < 3)
        return 0;
    size_t body_cols = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        size_t filled = 0;
        for (size_t i = 1; i < t->nrows; i++)
            filled += c < t->rows[i].ncells && !tl_str_blank(t->rows[i].cells[c].text);
        int head = c < t->rows[0].ncells && !tl_str_blank(t->rows[0].cells[c].text);
        if (filled + (size_t)head < 2 && !(head && !filled && t->nrows >= 4))
            return 0;
        body_cols += filled >= 2;
    }
    return body_cols >= 3 || (body_cols >= 2 && has_across_row(t));
}

/* Whether s is a figure alone: digits with their marks, no letter. */
static int figure_only(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits = 1;
        else if (!strchr(" .,%()+-$", *s))
            return 0;
    }
    return digits;
}

/* Whether a table of two columns is one: a column of short labels beside a column
 * of figures, four rows or more under a first row, none a label ending in a colon.
 * Label-value lines ("Байгууллагын нэр: ...") and signature blocks set words, not
 * figures, on the right. */
static int figures_by_labels(const tl_table *t)
{
    if (t->nrows < FIGURES_MIN_ROWS + 1)
        return 0;
    for (size_t i = 1; i < t->nrows; i++) {
        const tl_row *r = &t->rows[i];
        if (r->ncells < 2)
            return 0;
        const char *label = r->cells[0].text, *value = r->cells[1].text;
        size_t n = strlen(label);
        if (tl_str_blank(label) || !figure_only(value) || word_count(label) > LABEL_MAX_WORDS ||
            (n && label[n - 1] == ':'))
            return 0;
    }
    return 1;
}

/* Whether an unruled table found on its own is one: three rows or more of three
 * columns or more, each filled in two rows or more, or a header over columns the
 * rows below leave empty; or few tall rows (tall_rows).  Two columns, or a column
 * with one entry, is how signature blocks ("ХЯНАСАН ... ДАРГА Д.ЭНХЖАРГАЛ") and
 * label-value lines ("Байгууллагын нэр: ...") are set, and two lines whose wide
 * word spaces happen to line up are a justified caption or heading: those stay
 * paragraphs. */
int tl_unruled_tabular(const tl_table *t)
{
    if (t->ncols < 2 || prose_cells(t))
        return 0;
    if (t->ncols == 2)
        return figures_by_labels(t);
    return filled_rows(t) || tall_rows(t);
}

/* Whether t's first row has text in its first column. */
int tl_first_column_opens(const tl_table *t)
{
    return t->nrows && t->rows[0].ncells && !tl_str_blank(t->rows[0].cells[0].text);
}
