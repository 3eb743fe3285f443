/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What Tesseract's page layout drops or misreads, read again alone: cells left empty
 * or unsure, number columns read as letters, ink no word covers. */
#include "ocr_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define CELL_INSET_PX 4        /* a cell read alone, without its borders */
#define REREAD_CONF 0.5f       /* a cell whose best word is less sure is read again */
#define NUMBER_CELL_BYTES 8    /* "4.10", "сл": a number cell's text is this short */
#define MAX_UNCOVERED 64       /* pieces of ink no word covers read again, a page at most */
#define UNCOVERED_CONF 0.6f    /* what such a piece reads as, kept when this sure */

/* Whether the word's box centre lies in the grid cell. */
static int in_cell(const tl_glyph *g, const tl_grid *gr, int cell)
{
    double x = (g->box.x0 + g->box.x1) / 2, y = (g->box.y0 + g->box.y1) / 2;
    return tl_grid_cell_at(gr, x, y) == cell;
}

/* A grid cell's pixels, inside its borders; returns 0 when too small to read. */
static int cell_rect(const tl_grid *gr, const tl_gcell *gc, double px_per_pt, int *x0, int *y0, int *w, int *h)
{
    *x0 = (int)(gr->xs[gc->col] * px_per_pt) + CELL_INSET_PX;
    *y0 = (int)(gr->ys[gc->row] * px_per_pt) + CELL_INSET_PX;
    *w = (int)(gr->xs[gc->col + gc->colspan] * px_per_pt) - CELL_INSET_PX - *x0;
    *h = (int)(gr->ys[gc->row + gc->rowspan] * px_per_pt) - CELL_INSET_PX - *y0;
    return *w >= 8 && *h >= 8;
}

/* Reads one rectangle of the page set in api as one block; the words go to out. */
static int read_rect(TessBaseAPI *api, int x0, int y0, int w, int h, double px_per_pt, tl_ocr_words *out)
{
    T(TessBaseAPISetPageSegMode)(api, PSM_SINGLE_BLOCK);
    T(TessBaseAPISetRectangle)(api, x0, y0, w, h);
    tl_ocr_one_core();
    if (T(TessBaseAPIRecognize)(api, NULL) != 0)
        return -1;
    return tl_ocr_read_words(api, 1 / px_per_pt, out);
}

/* The words of cell c replaced by those read again (taken from again, which is
 * freed).  Returns -1 when out of memory. */
static int replace_cell_words(tl_ocr_words *w, const tl_grid *gr, int c, tl_ocr_words *again)
{
    size_t m = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (in_cell(&w->g[i], gr, c)) {
            T(TessDeleteText)(w->text[i]);
            continue;
        }
        w->g[m] = w->g[i];
        w->text[m++] = w->text[i];
    }
    w->n = m;
    int oom = 0;
    for (size_t i = 0; i < again->n && !oom; i++) {
        if (tl_ocr_words_push(w, again->text[i], again->g[i]))
            oom = 1;
        else
            again->text[i] = NULL;
    }
    tl_ocr_words_free(again);
    return oom ? -1 : 0;
}

/* Tesseract's page layout drops a short text alone in a wide cell ("3.2" in a number
 * column) and misreads a word set tight against a line ("Д/д" as "AVA").  A cell with
 * ink but no word, or only words under REREAD_CONF, is read again alone as one
 * block; the new reading replaces the old when it is surer. */
int tl_ocr_reread_cells(TessBaseAPI *api, PIX *text, const tl_grid *grids, size_t ngrids, double px_per_pt,
                        tl_ocr_words *w)
{
    for (size_t k = 0; k < ngrids; k++) {
        const tl_grid *gr = &grids[k];
        for (int c = 0; c < gr->ncells; c++) {
            int x0, y0, cw, ch;
            if (!cell_rect(gr, &gr->cells[c], px_per_pt, &x0, &y0, &cw, &ch))
                continue;
            size_t nin = 0;
            float best = 0, sum = 0;
            for (size_t i = 0; i < w->n; i++)
                if (in_cell(&w->g[i], gr, c)) {
                    nin++;
                    sum += w->g[i].conf;
                    if (w->g[i].conf > best)
                        best = w->g[i].conf;
                }
            if (nin && best >= REREAD_CONF)
                continue;
            BOX *box = boxCreate(x0, y0, cw, ch);
            l_int32 ink = 0;
            if (!box || pixCountPixelsInRect(text, box, &ink, NULL) || ink < MIN_CELL_INK) {
                boxDestroy(&box);
                continue;
            }
            boxDestroy(&box);
            tl_ocr_words again = { 0 };
            if (read_rect(api, x0, y0, cw, ch, px_per_pt, &again)) {
                tl_ocr_words_free(&again);
                continue;
            }
            float asum = 0;
            for (size_t i = 0; i < again.n; i++)
                asum += again.g[i].conf;
            if (!again.n || (nin && asum / (float)again.n <= sum / (float)nin)) {
                tl_ocr_words_free(&again);
                continue;
            }
            if (replace_cell_words(w, gr, c, &again))
                return -1;
        }
    }
    return 0;
}

/* Whether text is an item number or a count: digits and dots only. */
static int numeric(const char *t)
{
    int digits = 0;
    for (; *t; t++) {
        if (*t >= '0' && *t <= '9')
            digits++;
        else if (*t != '.' && *t != ' ')
            return 0;
    }
    return digits > 0;
}

/* The words of one cell joined, or NULL when it has none; *nw their count. */
static char *cell_words(const tl_ocr_words *w, const tl_grid *gr, int cell, size_t *nw)
{
    char *out = NULL;
    *nw = 0;
    for (size_t i = 0; i < w->n; i++)
        if (in_cell(&w->g[i], gr, cell)) {
            (*nw)++;
            if (tl_str_append(&out, " ", w->g[i].text)) {
                free(out);
                return NULL;
            }
        }
    return out;
}

/* A number column (most of its short cells read as numbers: "1.3", "2") whose other
 * short cells read as letters ("сл" for "5.1"): those are read again with digits and
 * dots only.  The mon model takes a digit standing alone for a letter it resembles. */
int tl_ocr_reread_numbers(TessBaseAPI *api, const tl_grid *grids, size_t ngrids, double px_per_pt, tl_ocr_words *w)
{
    for (size_t k = 0; k < ngrids; k++) {
        const tl_grid *gr = &grids[k];
        for (int col = 0; col < gr->ncols; col++) {
            int nums = 0, others = 0;
            for (int c = 0; c < gr->ncells; c++) {
                if (gr->cells[c].col != col || gr->cells[c].colspan != 1)
                    continue;
                size_t nw;
                char *t = cell_words(w, gr, c, &nw);
                if (t && strlen(t) <= NUMBER_CELL_BYTES)
                    numeric(t) ? nums++ : others++;
                free(t);
            }
            if (nums < 2 || nums < others)
                continue;
            T(TessBaseAPISetVariable)(api, "tessedit_char_whitelist", "0123456789.");
            for (int c = 0; c < gr->ncells; c++) {
                const tl_gcell *gc = &gr->cells[c];
                if (gc->col != col || gc->colspan != 1)
                    continue;
                size_t nw;
                char *t = cell_words(w, gr, c, &nw);
                int redo = t && strlen(t) <= NUMBER_CELL_BYTES && !numeric(t);
                free(t);
                if (!redo)
                    continue;
                int x0, y0, cw, ch;
                if (!cell_rect(gr, gc, px_per_pt, &x0, &y0, &cw, &ch))
                    continue;
                tl_ocr_words again = { 0 };
                if (read_rect(api, x0, y0, cw, ch, px_per_pt, &again) || !again.n) {
                    tl_ocr_words_free(&again);
                    continue;
                }
                if (replace_cell_words(w, gr, c, &again)) {
                    T(TessBaseAPISetVariable)(api, "tessedit_char_whitelist", "");
                    return -1;
                }
            }
            T(TessBaseAPISetVariable)(api, "tessedit_char_whitelist", "");
        }
    }
    return 0;
}

/* Whether a word read again holds a letter or a digit (not a speck read as "'"). */
static int has_alnum(const char *t)
{
    int32_t i = 0, n = (int32_t)strlen(t);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)t, i, n, c);
        if (u_isalnum(c))
            return 1;
    }
    return 0;
}

/* Whether a word read lies on the same line as the ink at x, y (w x h pixels) and
 * less than a line's height from it: then the ink is what the word's box left out
 * (a letter's tail, a rule's remnant), and read alone it is noise ("3", "ie)"). */
static int beside_word(const tl_ocr_words *w, double px_per_pt, int x, int y, int wd, int ht, int lh)
{
    for (size_t i = 0; i < w->n; i++) {
        const tl_box *b = &w->g[i].box;
        double x0 = b->x0 * px_per_pt, x1 = b->x1 * px_per_pt, y0 = b->y0 * px_per_pt, y1 = b->y1 * px_per_pt;
        if (y0 < y + ht && y1 > y && x0 < x + wd + lh && x1 > x - lh)
            return 1;
    }
    return 0;
}

/* Tesseract's page layout drops short text standing alone outside any ruled cell as
 * well: an item number in a column of its own beside tall cells of an unruled table
 * ("1." at the top of each row), a page number.  The ink no word read covers is
 * joined into pieces (letters and words of a line, a third of a line apart) and each
 * piece at least a third of a line high, and a line's height from any word on its
 * line, is read again alone.  Only sure words with a letter or digit are kept:
 * specks, stamps and signatures read as unsure noise. */
int tl_ocr_reread_uncovered(TessBaseAPI *api, PIX *text, int dpi, tl_ocr_words *w)
{
    double px_per_pt = dpi / 72.0;
    if (!w->n)
        return 0;
    int *hs = malloc(w->n * sizeof *hs);
    if (!hs)
        return -1;
    for (size_t i = 0; i < w->n; i++)
        hs[i] = (int)lround((w->g[i].box.y1 - w->g[i].box.y0) * px_per_pt);
    int lh = tl_ocr_quantile(hs, w->n, 0.5);
    free(hs);
    if (lh < 8)
        return 0;
    PIX *left = pixCopy(NULL, text);
    if (!left)
        return -1;
    int pw = (int)pixGetWidth(left), ph = (int)pixGetHeight(left), pad = lh / 8 + 1;
    for (size_t i = 0; i < w->n; i++) {
        const tl_box *b = &w->g[i].box;
        BOX *r = boxCreate((int)(b->x0 * px_per_pt) - pad, (int)(b->y0 * px_per_pt) - pad,
                           (int)((b->x1 - b->x0) * px_per_pt) + 2 * pad, (int)((b->y1 - b->y0) * px_per_pt) + 2 * pad);
        if (r)
            pixClearInRect(left, r);
        boxDestroy(&r);
    }
    int gx = lh / 3, gy = lh / 4;
    PIX *joined = pixDilateBrick(NULL, left, 2 * gx + 1, 2 * gy + 1);
    BOXA *parts = joined ? pixConnComp(joined, NULL, 8) : NULL;
    pixDestroy(&joined);
    int np = parts ? boxaGetCount(parts) : 0, tried = 0, rc = 0;
    if (np) {
        T(TessBaseAPISetImage2)(api, left);
        T(TessBaseAPISetSourceResolution)(api, dpi);
    }
    for (int k = 0; k < np && tried < MAX_UNCOVERED && !rc; k++) {
        l_int32 x, y, bw, bh, ink = 0;
        if (boxaGetBoxGeometry(parts, k, &x, &y, &bw, &bh))
            continue;
        /* the piece's ink, without the joining's margin */
        int inkh = bh - 2 * gy, inkw = bw - 2 * gx;
        if (inkh < lh / 3 || inkw < lh / 4 || inkh > 6 * lh || (double)bw * bh > (double)pw * ph / 16)
            continue;
        if (beside_word(w, px_per_pt, x + gx, y + gy, inkw, inkh, lh))
            continue;
        BOX *r = boxCreate(x, y, bw, bh);
        if (!r || pixCountPixelsInRect(left, r, &ink, NULL) || ink < MIN_CELL_INK) {
            boxDestroy(&r);
            continue;
        }
        boxDestroy(&r);
        tried++;
        tl_ocr_words again = { 0 };
        if (read_rect(api, x, y, bw, bh, px_per_pt, &again)) {
            tl_ocr_words_free(&again);
            continue;
        }
        for (size_t i = 0; i < again.n && !rc; i++) {
            if (again.g[i].conf < UNCOVERED_CONF || !has_alnum(again.text[i]))
                continue;
            if (tl_ocr_words_push(w, again.text[i], again.g[i]))
                rc = -1;
            else
                again.text[i] = NULL;
        }
        tl_ocr_words_free(&again);
    }
    boxaDestroy(&parts);
    pixDestroy(&left);
    return rc;
}
