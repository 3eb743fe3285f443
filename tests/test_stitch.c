/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stitching of page fragments on the seeds. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const tl_table *first_table(const tl_doc *d)
{
    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == TL_BLOCK_TABLE)
            return d->blocks[i].table;
    return NULL;
}

static const tl_row *row_numbered(const tl_table *t, const char *num)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].ncells && strcmp(t->rows[r].cells[0].text, num) == 0)
            return &t->rows[r];
    return NULL;
}

/* The row whose cell col opens with text (NULL: none) in any table of d. */
static const tl_row *row_opening(const tl_doc *d, size_t col, const char *text)
{
    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == TL_BLOCK_TABLE)
            for (size_t r = 0; r < d->blocks[i].table->nrows; r++) {
                const tl_row *row = &d->blocks[i].table->rows[r];
                if (row->ncells > col && strncmp(row->cells[col].text, text, strlen(text)) == 0)
                    return row;
            }
    return NULL;
}

/* The text of row r's cells joined, for looking a word up in it. */
static char *row_text(const tl_row *r)
{
    char *all = calloc(1, 1);
    for (size_t c = 0; all && c < r->ncells; c++) {
        size_t n = strlen(all), m = strlen(r->cells[c].text);
        char *more = realloc(all, n + m + 2);
        if (!more) {
            free(all);
            return NULL;
        }
        all = more;
        memcpy(all + n, r->cells[c].text, m);
        memcpy(all + n + m, " ", 2);
    }
    return all;
}

Test(stitch, seed002_one_table_and_the_cut_indicator_joined)
{
    tl_doc *d = load_doc(SEED002, 1);
    const tl_table *t = first_table(d);
    cr_assert_eq(t->nfragments, 4);
    size_t tables = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        tables += d->blocks[i].kind == TL_BLOCK_TABLE;
    cr_assert_eq(tables, 1);
    const tl_row *r = row_numbered(t, "3.2");
    cr_assert_not_null(r);
    cr_assert_eq(r->merged, 1);
    const char *ind = r->cells[3].text;
    const char *end = "дотоод хяналтын үйл ажиллагааг зохион байгуулсан байх";
    cr_assert(strlen(ind) > strlen(end) && strcmp(ind + strlen(ind) - strlen(end), end) == 0, "%s", ind);
    cr_assert_not_null(strstr(ind, "байгууллагын үйл ажиллагааны онцлогт"));
    tl_doc_free(d);
}

Test(stitch, seed004_repeats_dropped_and_continuations_merged)
{
    tl_doc *d = load_doc(SEED004, 1);
    const tl_table *t = first_table(d);
    cr_assert_eq(t->nfragments, 26);
    /* Each later page repeats the column-number row; they are dropped, not lost. */
    size_t colnum_dropped = 0;
    for (size_t i = 0; i < t->ndropped; i++)
        colnum_dropped += t->dropped[i].kind == TL_ROW_COLNUM;
    cr_assert_eq(colnum_dropped, t->ndropped);
    cr_assert_eq(t->ndropped, 27, "25 repeated number rows and 2 leaked column numbers");
    /* 2.3: budget, indicator and percent continue on the next page. */
    const tl_row *r = row_numbered(t, "2.3");
    cr_assert_str_eq(r->cells[2].text, "220 сая ОНХС");
    cr_assert_str_eq(r->cells[3].text, "Тоног төхөөрөмжийн хангалтын хувь");
    cr_assert_str_eq(r->cells[8].text, "100%");
    /* 4.6's continuation carried a stray "9" from the number row: not in the percent. */
    cr_assert_str_eq(row_numbered(t, "4.6")->cells[8].text, "100%");
    /* The evaluation sheets after the plan stay separate tables. */
    size_t tables = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        tables += d->blocks[i].kind == TL_BLOCK_TABLE;
    cr_assert_eq(tables, 6);
    tl_doc_free(d);
}

Test(stitch, seed001_objective_paragraph_between_fragments_becomes_interlude)
{
    tl_doc *d = load_doc(SEED001, 1);
    const tl_table *t = first_table(d);
    int found = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].kind == TL_ROW_INTERLUDE &&
            strncmp(t->rows[r].cells[0].text, "Зорилт 2.", strlen("Зорилт 2.")) == 0)
            found = 1;
    cr_assert(found);
    tl_doc_free(d);
}

Test(stitch, seed000_three_pages_one_plan)
{
    tl_doc *d = load_doc(SEED000, 1);
    const tl_table *t = first_table(d);
    cr_assert_eq(t->nfragments, 3);
    /* The first row of page 2 carries on 1.3's cells. */
    const tl_row *r = NULL;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].ncells > 2 && strncmp(t->rows[i].cells[1].text, "1.3.", 4) == 0)
            r = &t->rows[i];
    cr_assert_not_null(r);
    cr_assert_not_null(strstr(r->cells[2].text, "110 дугаарыг оруулан"));
    tl_doc_free(d);
}

/* A table laid on a finer grid than its columns (LibreOffice's union of two column
 * layouts): columns where no cell starts go, spans shrink with them. */
Test(model, collapse_fine_grid)
{
    tl_table *t = tl_table_new();
    const char *top[] = { "№", "", "Арга хэмжээ", "" }, *bottom[] = { "1", "", "Сургалт", "" };
    const char *const *rows[] = { top, bottom };
    for (int r = 0; r < 2; r++) {
        tl_row *row = tl_table_add_row(t, 4, TL_ROW_BODY);
        for (int c = 0; c < 4; c++) {
            cr_assert_eq(tl_cell_set(&row->cells[c], rows[r][c], (tl_prov){ 1, r + 1, { 0, 0, 0, 0 } }), 0);
            row->cells[c].colspan = c % 2 ? 1 : 2;
            row->cells[c].covered = c % 2;
        }
    }
    /* A rowspan into the second row does not make column 2 disappear. */
    t->rows[0].cells[2].rowspan = 2;
    t->rows[1].cells[2].covered = 1;
    t->ncols = 4;
    tl_table_collapse_grid(t);
    cr_assert_eq(t->ncols, 2);
    cr_assert_eq(t->rows[0].ncells, 2);
    cr_expect_str_eq(t->rows[0].cells[1].text, "Арга хэмжээ");
    cr_expect_eq(t->rows[0].cells[0].colspan, 1);
    cr_expect_eq(t->rows[0].cells[1].colspan, 1);
    cr_expect_eq(t->rows[0].cells[1].rowspan, 2);
    cr_expect_eq(t->rows[1].cells[0].colspan, 1);
    cr_expect(t->rows[1].cells[1].covered);
    tl_table_free(t);
}

/* One row of three cells ("Зорилт", "Арга хэмжээ", "Хугацаа"), laid out on a page or not. */
static tl_doc *one_row_doc(int page, double width)
{
    tl_doc *d = tl_doc_new("x", "test");
    tl_table *t = tl_table_new();
    tl_row *row = tl_table_add_row(t, 3, TL_ROW_BODY);
    const char *text[] = { "Зорилт", "Арга хэмжээ", "Хугацаа" };
    for (int c = 0; c < 3; c++)
        cr_assert_eq(tl_cell_set(&row->cells[c], text[c], (tl_prov){ page, 0, { 10.0 * c, 0, 10.0 * c + 9, 9 } }), 0);
    t->prov = (tl_prov){ page, 0, { 0, 0, width, 9 } };
    cr_assert_not_null(tl_doc_add_table(d, t));
    return d;
}

/* A row on a page that no fragment joins is text in boxes (chart labels): its cells
 * become paragraphs, in order; a one-row table of a format without geometry (DOCX,
 * HTML: the source says it is a table) stays one. */
Test(stitch, lone_row_on_a_page_is_text)
{
    tl_error err;
    tl_doc *d = one_row_doc(1, 29);
    cr_assert_eq(tl_doc_stitch(d, &err), TL_OK);
    cr_assert_eq(d->nblocks, 3);
    cr_expect_eq(d->blocks[0].kind, TL_BLOCK_PARA);
    cr_expect_str_eq(d->blocks[1].para.text, "Арга хэмжээ");
    cr_expect_eq(d->blocks[2].para.prov.box.x0, 20);
    tl_doc_free(d);
    d = one_row_doc(0, 0);
    cr_assert_eq(tl_doc_stitch(d, &err), TL_OK);
    cr_assert_eq(d->nblocks, 1);
    cr_expect_eq(d->blocks[0].kind, TL_BLOCK_TABLE);
    tl_doc_free(d);
}

/* seed004-v02.pdf (portrait, a narrow number column): the page break falls inside
 * item number 3.3, wrapped "3." / "3"; the next page's first row carries the row on
 * (its number cell holds the rest of the number, "3.2" came before), so it is merged,
 * and "92.5" over "%" is one value. */
Test(stitch, an_item_number_cut_by_the_page_break)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v02.pdf", 1);
    const tl_table *t = first_table(d);
    const tl_row *r = row_numbered(t, "3.3");
    cr_assert_not_null(r);
    cr_expect_eq(r->merged, 1);
    cr_expect_str_eq(r->cells[4].text, "92.5 %");
    cr_expect_str_eq(r->cells[6].text, "50 %");
    /* the next rows: the carry-on row of page 10 (its own row in the source), 3.4 */
    cr_expect_str_eq(r[1].cells[0].text, "");
    cr_expect_str_eq(r[2].cells[0].text, "3.4");
    tl_doc_free(d);
    /* seed004-v12.pdf: "2.7" cut before its dot, "2" over ".7"; "60" over "%" */
    d = load_doc(TL_FIXTURES "/variants/seed004-v12.pdf", 1);
    r = row_numbered(first_table(d), "2.7");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->cells[6].text, "60 %");
    cr_expect_null(row_numbered(first_table(d), ".7"));
    tl_doc_free(d);
}

/* seed004-v20.pdf (unruled, Caladea 11 pt): the number column wraps 4.13, 4.15,
 * 4.17 and 4.19 over three lines ("4." / "1" / "3"); each is one row numbered as
 * the source has it, and no piece is left.  The row cutter keeps 4.19's pieces
 * together (they join as one token); the others it parts, and the stitcher
 * merges them. */
Test(stitch, an_item_number_wrapped_over_three_lines)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v20.pdf", 1);
    const tl_table *t = NULL;
    for (size_t i = 0; i < d->nblocks && !t; i++)
        if (d->blocks[i].kind == TL_BLOCK_TABLE && row_numbered(d->blocks[i].table, "4.12"))
            t = d->blocks[i].table;
    cr_assert_not_null(t);
    static const char *const wrapped[] = { "4.13", "4.15", "4.17", "4.19" };
    for (size_t k = 0; k < 4; k++) {
        const tl_row *r = row_numbered(t, wrapped[k]);
        cr_assert_not_null(r, "%s", wrapped[k]);
        if (k < 3)
            cr_expect_geq(r->merged, 1, "%s", wrapped[k]);
    }
    /* no piece left between them (objective 3's own row "3" stands far above) */
    size_t from = (size_t)(row_numbered(t, "4.12") - t->rows), to = (size_t)(row_numbered(t, "4.19") - t->rows);
    for (size_t r = from; r <= to; r++) {
        const char *num = t->rows[r].ncells ? t->rows[r].cells[0].text : "";
        cr_expect(strcmp(num, "4.") && strcmp(num, "1") && strcmp(num, "3") && strcmp(num, "5") &&
                      strcmp(num, "7") && strcmp(num, "9"),
                  "row %zu numbered \"%s\" between 4.12 and 4.19", r, num);
    }
    tl_doc_free(d);
}

/* A word the cell's edge broke where the page broke the row goes on in the next
 * page's cell: seed000-v30.pdf (portrait DejaVu Serif 10, rules across only) breaks
 * action 1.3's responsible body "Засаг даргын Тамы" / "н газар" (seed 000's own
 * spelling, which the normalizer mends later); seed004-v39.pdf (DejaVu Sans 11 over
 * equal portrait columns) breaks "менеж" / "ерээр" in 2.5's implementation. */
Test(stitch, a_word_broken_by_the_page_break)
{
    static const struct {
        const char *file, *number, *word;
        size_t col;
    } broken[] = { { "seed000-v30.pdf", "1.3.", "Тамын газар", 1 }, { "seed004-v39.pdf", "2.5", "менежерээр", 0 } };
    for (size_t k = 0; k < 2; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/variants/%s", TL_FIXTURES, broken[k].file);
        tl_doc *d = load_doc(path, 1);
        const tl_row *r = row_opening(d, broken[k].col, broken[k].number);
        cr_assert_not_null(r, "%s", broken[k].number);
        char *all = row_text(r);
        cr_assert_not_null(all);
        cr_expect_not_null(strstr(all, broken[k].word), "%s: %s", broken[k].file, all);
        free(all);
        tl_doc_free(d);
    }
}

/* seed004-v34.pdf (landscape DejaVu Sans Mono 9, no rules): the number column is
 * as narrow as "2." and the page break falls inside 2.4 ("2" / ".4", its budget
 * cell "132.32 сая ..." no item number) and inside 5.1 ("5." / "1": the first item
 * of objective 5, after 4.19 and the objective's own row). */
Test(stitch, an_item_number_cut_by_the_page_break_after_an_objective)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v34.pdf", 1);
    const tl_table *t = first_table(d);
    const tl_row *r = row_numbered(t, "2.4");
    cr_assert_not_null(r);
    cr_expect_geq(r->merged, 1);
    cr_expect_null(row_numbered(t, ".4"));
    r = row_numbered(t, "5.1");
    cr_assert_not_null(r);
    cr_expect_geq(r->merged, 1);
    cr_expect_null(row_numbered(t, "5."));
    const tl_row *next = r + 1; /* the next numbered row: "1" is 5.1's now */
    while (next < t->rows + t->nrows && !*next->cells[0].text)
        next++;
    cr_assert_lt(next, t->rows + t->nrows);
    cr_expect_str_eq(next->cells[0].text, "5.2");
    tl_doc_free(d);
}

/* seed004-v42.pdf (DejaVu Sans Condensed 10, no rules): a page ends on objective 2's
 * row "2 | Зорилт" and the next opens with "2.Төрийн удирдлагын ...": the rest of
 * its title, not a new item, since it opens with the number its row already has.
 * seed004-v41.pdf (FreeSerif 12, rules across only): a page's repeated header
 * whose "№" the text did not part from "Стратеги ..." is still the header (same
 * words, other cells), not the rest of row 5.4. */
Test(stitch, a_title_and_a_header_the_page_broke)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v42.pdf", 1);
    const tl_row *r = row_opening(d, 1, "Зорилт 2.Төрийн удирдлагын манлайллыг");
    cr_expect_not_null(r, "objective 2's title joined over the page");
    tl_doc_free(d);
    d = load_doc(TL_FIXTURES "/variants/seed004-v41.pdf", 1);
    r = row_opening(d, 0, "5.4");
    cr_assert_not_null(r);
    char *all = row_text(r);
    cr_assert_not_null(all);
    cr_expect_null(strstr(all, "Шалгуур үзүүлэлт"), "the header's words in row 5.4: %s", all);
    cr_expect_null(strstr(all, "Суурь түвшин"), "the header's words in row 5.4: %s", all);
    cr_expect_not_null(strstr(all, "Уулзалтын тоо"));
    free(all);
    tl_doc_free(d);
}

/* seed004-v44.pdf (Caladea 12 over nine equal portrait columns): words broken
 * before a case ending's hyphen ("БНХА" / "У-ын"), after an initial over three
 * lines ("С.Лхам" / "хоролт" / "ой"), and where hunspell-mn knows the first piece
 * but the documents only the whole ("суралц" / "ахуйн") are one word again. */
Test(stitch, words_a_narrow_column_broke)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v44.pdf", 1);
    const tl_row *r = row_opening(d, 0, "1.4");
    cr_assert_not_null(r);
    char *all = row_text(r);
    cr_assert_not_null(all);
    cr_expect_not_null(strstr(all, "С.Лхамхоролтой"), "%s", all);
    cr_expect_not_null(strstr(all, "суралцахуйн"), "%s", all);
    free(all);
    r = row_opening(d, 0, "1.3");
    cr_assert_not_null(r);
    all = row_text(r);
    cr_assert_not_null(all);
    cr_expect_not_null(strstr(all, "-БНХАУ-ын"), "%s", all);
    cr_expect_not_null(strstr(all, "-ХААИС-ын"), "%s", all);
    free(all);
    tl_doc_free(d);
}

/* seed000-v41.pdf (FreeSerif 12, rules across only): the number column is as
 * narrow as "№"; "№" ends 0.30 h and each "1." 0.40 h before the objectives' text,
 * under a gutter's width, but every line of that column starts at one x: two
 * columns, not "№ Зорилго" and "1. Авлигин ...". */
Test(stitch, a_narrow_number_column_is_a_column)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed000-v41.pdf", 1);
    const tl_table *t = first_table(d);
    cr_assert_not_null(t);
    cr_assert_geq(t->nrows, 2);
    cr_expect_str_eq(t->rows[0].cells[0].text, "№");
    cr_expect_str_eq(t->rows[0].cells[1].text, "Зорилго");
    cr_expect_str_eq(t->rows[1].cells[0].text, "1.");
    cr_expect_eq(strncmp(t->rows[1].cells[1].text, "Авлигин хууль", strlen("Авлигин хууль")), 0, "%s",
                 t->rows[1].cells[1].text);
    tl_doc_free(d);
}

/* seed004-v49.pdf (Caladea 9, landscape, rules across only): objective 4's title
 * runs over the columns in a row of its own, and after "дээшлүүлэх," the word space
 * (1.5 pt, 0.13 of a glyph height) falls on a column's edge with "мэдээ" astride
 * it: as narrow as the seam a "№" wider than its column leaves, but the line ran
 * over the edges before it, so it is a word space and the title one cell. */
Test(stitch, a_title_over_the_columns_stays_one_cell)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v49.pdf", 1);
    const tl_row *r = row_opening(d, 1, "Зорилт 4.");
    cr_assert_not_null(r);
    cr_expect_not_null(strstr(r->cells[1].text, "дээшлүүлэх, мэдээ мэдээллээр хангах"), "%s", r->cells[1].text);
    tl_doc_free(d);
}

/* seed004-v47.pdf (DejaVu Sans Condensed 12, landscape, no rules): the header's
 * "Бүтэн жил" is set over three lines in a column of one-figure cells, and its
 * "жил" reaches past where the figures end, toward the "8" of the next column: a
 * word is one column's, so the cell is "Бүтэн жил" and the next "8", not "Бүтэн
 * жи" and "8 л". */
Test(stitch, a_word_past_its_column_stays_whole)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v47.pdf", 1);
    const tl_table *t = first_table(d);
    cr_assert_not_null(t);
    cr_assert_geq(t->nrows, 2);
    cr_assert_geq(t->rows[1].ncells, 8);
    cr_expect_str_eq(t->rows[1].cells[6].text, "Бүтэн жил");
    cr_expect_str_eq(t->rows[1].cells[7].text, "8");
    tl_doc_free(d);
}

/* seed002-v51.pdf (Liberation Sans 10, portrait, no rules): the header's "Д/" and
 * "Зорилт" stand a word space apart (0.48 h) where the rows below have the gutter
 * between the number and the objective; the header parts there like a gutter, so
 * page 1 is a table whose first row is "1 | Авлигын эсрэг ...", not prose. */
Test(stitch, a_header_a_word_space_apart_parts_two_columns)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed002-v51.pdf", 1);
    const tl_table *t = first_table(d);
    cr_assert_not_null(t);
    cr_expect_eq(t->prov.page, 1);
    const tl_row *r = row_opening(d, 1, "Авлигын эсрэг");
    cr_assert_not_null(r, "objective 1 in a cell of its own");
    cr_expect_str_eq(r->cells[0].text, "1");
    tl_doc_free(d);
}

/* seed000-v47.pdf (DejaVu Sans Condensed 12, landscape, no rules): page 5 opens
 * with the repeated header and, a line under it with no blank between, the rest of
 * objective 4's row ("сайжруулах", ", 2 санал гарсан"): one band, one row.  The
 * header's words open each of its cells, so they are the repeat and the rest joins
 * objective 4's row. */
Test(stitch, a_header_over_the_rest_of_a_row_is_parted_off)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed000-v47.pdf", 1);
    const tl_row *r = row_opening(d, 0, "4.");
    cr_assert_not_null(r);
    char *all = row_text(r);
    cr_assert_not_null(all);
    cr_expect_not_null(strstr(all, "үзүүлэлтийг сайжруулах"), "%s", all);
    cr_expect_not_null(strstr(all, "хэгэцүүлж, 2 санал гарсан"), "%s", all);
    cr_expect_null(strstr(all, "Зорилго"), "%s", all);
    free(all);
    cr_expect_null(row_opening(d, 1, "Зорилго сайжруулах"));
    tl_doc_free(d);
}

/* seed001-v47.pdf (the same layout): the last page holds the repeated header, the
 * rest of row 5.1 and a line of an objective's title across the table, with no
 * blank between any of them; the title's line runs over three gutters of the lines
 * above, so it is a band of its own and the rows above keep their columns. */
Test(stitch, a_line_across_the_columns_is_a_band_of_its_own)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed001-v47.pdf", 1);
    const tl_row *r = row_opening(d, 2, "5.1.1.");
    cr_assert_not_null(r);
    cr_expect_not_null(strstr(r->cells[2].text, "бизнесийг дэмжин хөгжүүлэх."), "%s", r->cells[2].text);
    cr_expect_not_null(strstr(r->cells[1].text, "хөтөлбөр боловсруулж хэрэгжүүлэх."), "%s", r->cells[1].text);
    tl_doc_free(d);
}

/* seed000-v54.pdf (FreeSerif 8, landscape, equal widths, no rules): row 3.1's
 * baseline "Нэвтрүүлсэн үйлчилгээ 1" runs into the gutter after its column, and
 * the word space before "1" falls on that gutter's middle; the "1" stands in the
 * gutter alone, short of the next column, so it is the cell's word, not a column of
 * its own (which gave pages 2-3 nine columns to page 1's eight: the table was not
 * stitched and action 1.4 read as an objective). */
Test(stitch, a_word_in_the_gutter_alone_is_no_column)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed000-v54.pdf", 1);
    const tl_row *r = row_opening(d, 2, "3.1.");
    cr_assert_not_null(r);
    cr_expect_eq(r->ncells, 8);
    cr_expect_str_eq(r->cells[4].text, "Нэвтрүүлсэн үйлчилгээ 1");
    tl_doc_free(d);
}

/* seed004-v38.pdf (Carlito 8, landscape, no rules): under page 19's evaluation
 * table, a blank a little wider than the rows' stands before a 26-line signature
 * block ("Үнэлгээ өгсөн:", "Засаг даргын Тамгын газрын", ...) inside the table's
 * first column: more lines than a row across has, in one column of three or more,
 * is text under the table, not a row of it. */
Test(stitch, a_signature_block_under_a_table_is_no_row)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v38.pdf", 1);
    cr_expect_null(row_opening(d, 0, "Үнэлгээ өгсөн"));
    int found = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        found |= d->blocks[i].kind == TL_BLOCK_PARA && d->blocks[i].para.text &&
                 strncmp(d->blocks[i].para.text, "Үнэлгээ өгсөн", strlen("Үнэлгээ өгсөн")) == 0;
    cr_expect(found, "the signature block's first line as text");
    tl_doc_free(d);
}

/* The paragraph of d holding needle, or NULL. */
static const char *para_with(const tl_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == TL_BLOCK_PARA && d->blocks[i].para.text && strstr(d->blocks[i].para.text, needle))
            return d->blocks[i].para.text;
    return NULL;
}

/* seed000-v49.pdf (Caladea 9): Caladea has no Cyrillic, so LibreOffice sets the
 * letters in a fallback face and the marks in Caladea; Poppler parts words where
 * the face changes, "баталсугай" 0.35 pt from its ".", but no space is that
 * narrow: one word, "баталсугай.", "(Б.Болормаа)-д". */
Test(stitch, a_mark_in_another_face_touching_its_word_is_no_new_word)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed000-v49.pdf", 1);
    cr_expect_not_null(para_with(d, "хавсралтаар баталсугай."));
    cr_expect_null(para_with(d, "баталсугай ."));
    cr_expect_not_null(para_with(d, "(Б.Болормаа)-д даалгасугай."));
    tl_doc_free(d);
}

/* seed000-v46.pdf (Carlito 11, portrait, equal widths): a line of action 4.3's
 * cell ends in a slash standing alone, "чадахуйн /", the next opens "мерит/",
 * which closes it: a line may break after a slash, and a pair of slashes brackets
 * a word with no space inside. */
Test(stitch, a_line_ending_in_an_opening_slash_joins_the_next)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed000-v46.pdf", 1);
    const tl_row *r = row_opening(d, 2, "Хүний нөөцийн");
    cr_assert_not_null(r);
    cr_expect_not_null(strstr(r->cells[2].text, "чадахуйн /мерит/ зарчмыг"), "%s", r->cells[2].text);
    tl_doc_free(d);
}

/* seed004-v60.pdf (DejaVu Sans Mono 8, portrait, content widths, no rules): the
 * gutters between narrow columns are 1.4 letters wide ("тогтоомж" to "Төсөв"
 * 6.9 pt at 4.8 pt a letter), a word space one letter: a fixed-pitch font's gutter
 * is what is wider than 1.25 letters, so row 1.1's budget "-" is a cell of its own,
 * not the end of "... судалж". */
Test(stitch, a_fixed_pitch_gutter_wider_than_a_space_parts_columns)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed004-v60.pdf", 1);
    const tl_row *r = row_opening(d, 0, "1.1");
    cr_assert_not_null(r);
    cr_assert_geq(r->ncells, 9);
    cr_expect_str_eq(r->cells[2].text, "-");
    cr_expect(g_str_has_prefix(r->cells[3].text, "Хэрэгжүүлсэн"), "%s", r->cells[3].text);
    tl_doc_free(d);
}

/* seed000-v62.pdf (DejaVu Serif 9, portrait, no rules): the page breaks row 1.4
 * after its first line, and its number cell "1." (the number column repeats the
 * objective's) with it: "1" / ".".  A number cell of dots alone is no number, so
 * the row goes on over the page. */
Test(stitch, a_number_cut_before_its_dot_by_the_page_break)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed000-v62.pdf", 1);
    const tl_row *r = row_opening(d, 1, "1.4. Эөрсдийн");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->cells[0].text, "1.");
    cr_expect_not_null(strstr(r->cells[1].text, "Эөрсдийн ажиллагаанд болжошгүй"), "%s", r->cells[1].text);
    tl_doc_free(d);
}

/* seed001-v60.pdf (DejaVu Sans Mono 8, portrait, content widths, no rules): on
 * page 2, with no header above, the objective and action columns part by one
 * letter, the width of a word space; "1.2.1.Төрийн" starts where the action
 * column's text starts on page 1 (within half a point), so the blank before it is
 * the gutter and row 1.2 keeps its objective and its action apart. */
Test(stitch, a_fixed_pitch_word_at_a_column_start_starts_the_column)
{
    tl_doc *d = load_doc(TL_FIXTURES "/variants/seed001-v60.pdf", 1);
    const tl_row *r = row_opening(d, 1, "1.2.Төрийн албаны бүх");
    cr_assert_not_null(r);
    cr_assert_geq(r->ncells, 3);
    cr_expect_str_eq(r->cells[0].text, "1.2");
    cr_expect(g_str_has_prefix(r->cells[2].text, "1.2.1.Төрийн"), "%s", r->cells[2].text);
    cr_expect_null(strstr(r->cells[1].text, "1.2.1."), "%s", r->cells[1].text);
    tl_doc_free(d);
}
