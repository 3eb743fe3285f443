/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ruled tables: the glyphs that fall into a grid's cells become its table, with the
 * grid refined by the text's alignment where the rules are few (refine.c), and
 * grids that hold no table (rules across with prose between, a chart's frame) give
 * their glyphs back to the free text. */
#include "layout_private.h"
#include "refine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* points: a table on the next page this close to the same left and right is the same
 * one, as far as its columns go */
#define SAME_EDGE 4.0

/* One table from the glyphs that fell into grid g's cells. */
static tl_table *grid_table(const tl_grid *g, tl_lref *r, size_t n, const int *cell_of, int page,
                            int words)
{
    tl_table *t = tl_table_new();
    size_t *start = calloc((size_t)g->ncells + 1, sizeof *start);
    tl_lref *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!t || !start || !sorted)
        goto oom;
    /* Counting sort of the refs by cell, keeping their order. */
    for (size_t i = 0; i < n; i++)
        start[cell_of[i] + 1]++;
    for (int c = 0; c < g->ncells; c++)
        start[c + 1] += start[c];
    {
        size_t *fill = calloc((size_t)g->ncells, sizeof *fill);
        if (!fill)
            goto oom;
        for (size_t i = 0; i < n; i++) {
            int c = cell_of[i];
            sorted[start[c] + fill[c]++] = r[i];
        }
        free(fill);
    }
    for (int row = 0; row < g->nrows; row++)
        if (!tl_table_add_row(t, (size_t)g->ncols, TL_ROW_BODY))
            goto oom;
    for (int id = 0; id < g->ncells; id++) {
        const tl_gcell *gc = &g->cells[id];
        tl_lref *cr = sorted + start[id];
        size_t cn = start[id + 1] - start[id];
        tl_lines_assign(cr, cn);
        tl_box cb = { g->xs[gc->col], g->ys[gc->row], g->xs[gc->col + gc->colspan],
                      g->ys[gc->row + gc->rowspan] };
        tl_cell *c = &t->rows[gc->row].cells[gc->col];
        char *text = tl_lines_text_edge(cr, cn, words, &cb, &c->edge_end);
        if (!text)
            goto oom;
        tl_prov prov = { page, 0,
                         { g->xs[gc->col], g->ys[gc->row], g->xs[gc->col + gc->colspan],
                           g->ys[gc->row + gc->rowspan] } };
        int bad = tl_cell_set(c, text, prov);
        free(text);
        if (bad)
            goto oom;
        c->rowspan = gc->rowspan;
        c->colspan = gc->colspan;
        c->conf = tl_lines_conf(cr, cn);
        for (int rr = gc->row; rr < gc->row + gc->rowspan; rr++)
            for (int cc = gc->col; cc < gc->col + gc->colspan; cc++) {
                if (rr == gc->row && cc == gc->col)
                    continue;
                tl_cell *cov = &t->rows[rr].cells[cc];
                if (tl_cell_set(cov, "", prov))
                    goto oom;
                cov->covered = 1;
            }
    }
    t->prov = (tl_prov){ page, 0, g->box };
    free(start);
    free(sorted);
    return t;
oom:
    free(start);
    free(sorted);
    tl_table_free(t);
    return NULL;
}

/* Whether the boxes that rules make hold no table.  Boxes with no text in any, or
 * one box alone, are a frame (a picture's, a text box's, a chart's plot area); boxes
 * with one entry may be the top of a page that carries a table's last row on.  And a chart's frame and grid lines cross like a table's rules,
 * but few of the boxes they make hold text (axis labels, a legend): fewer than a
 * quarter of six or more, and most of its rows hold none at all.  (A plan's page
 * fragment may have a quarter of its cells filled, one long action a row, but no row
 * without text.) */
static int holds_no_table(const tl_grid *g, const int *cell, size_t n)
{
    char *has = calloc((size_t)g->ncells + (size_t)g->nrows, 1);
    if (!has)
        return 0;
    char *row_has = has + g->ncells;
    int filled = 0, rows = 0;
    for (size_t i = 0; i < n; i++) {
        if (cell[i] < 0 || cell[i] >= g->ncells)
            continue;
        const tl_gcell *gc = &g->cells[cell[i]];
        if (!has[cell[i]]) {
            has[cell[i]] = 1;
            filled++;
        }
        for (int r = gc->row; r < gc->row + gc->rowspan; r++)
            if (!row_has[r]) {
                row_has[r] = 1;
                rows++;
            }
    }
    free(has);
    return filled == 0 || g->ncells == 1 || (g->ncells >= 6 && 4 * filled < g->ncells && 2 * rows < g->nrows);
}

/* A dot of a leader (". . . . ." from a label to its number): glyph i is a full stop
 * with two more among its neighbours on the same line.  A dot inside "7.1.1." may be
 * taken for one; it is only left out of the search for column gutters. */
static int leader_dot(const tl_glyph *g, size_t n, size_t i)
{
    if (g[i].len != 1 || g[i].text[0] != '.')
        return 0;
    int dots = 0;
    for (size_t j = i > 3 ? i - 3 : 0; j < n && j <= i + 3; j++)
        dots += j != i && g[j].len == 1 && g[j].text[0] == '.' && fabs(tl_glyph_cy(&g[j]) - tl_glyph_cy(&g[i])) < 0.5 * tl_glyph_height(&g[i]);
    return dots >= 2;
}

/* Where a list's mark ends, as far as columns go: a bullet glyph (•, ▪, ●, ◦, ■, or
 * a Symbol font's private-use bullet) stands an indent left of its item's first
 * letter, and that indent is no gutter.  The mark reaches to the nearest glyph on
 * its right in the same cell on a line its box covers (a bullet's box may be far
 * taller than the letters, and its centre on no line), within four of that glyph's
 * heights. */
static double mark_reach(const tl_glyph *g, size_t n, size_t i, const int *where, const int *cell)
{
    int32_t k = 0;
    UChar32 c;
    if (!g[i].len || where[i] < 0)
        return g[i].box.x1;
    U8_NEXT((const uint8_t *)g[i].text, k, (int32_t)g[i].len, c);
    if (c != 0x2022 && c != 0x25AA && c != 0x25CF && c != 0x25E6 && c != 0x25A0 && c != 0xF0B7 && c != 0xF0A7)
        return g[i].box.x1;
    double reach = g[i].box.x1;
    for (size_t j = 0; j < n; j++) {
        double jy = tl_glyph_cy(&g[j]);
        if (j == i || where[j] != where[i] || cell[j] != cell[i] || jy < g[i].box.y0 || jy > g[i].box.y1)
            continue;
        double gap = g[j].box.x0 - g[i].box.x1;
        if (gap > 0 && gap <= 4 * tl_glyph_height(&g[j]) && (reach == g[i].box.x1 || g[j].box.x0 < reach))
            reach = g[j].box.x0;
    }
    return reach;
}

/* The cell under glyph i's centre, in the first grid that has one: *grid and the
 * cell, or -1 in both. */
static void place(const tl_glyph *g, const tl_grid *grids, size_t ngrids, int *grid, int *cell)
{
    double x = (g->box.x0 + g->box.x1) / 2, y = tl_glyph_cy(g);
    *grid = *cell = -1;
    for (size_t k = 0; k < ngrids; k++) {
        int c = tl_grid_cell_at(&grids[k], x, y);
        if (c >= 0) {
            *grid = (int)k;
            *cell = c;
            return;
        }
    }
}

/* The table of grid k from its m glyphs part[] (cells part_cell[], boxes boxes[]),
 * or NULL with *none set when the grid holds no table.  NULL alone is OOM. */
/* Whether a glyph (or an OCR word) is part of a number. */
static int numeric(const tl_glyph *g)
{
    for (size_t i = 0; i < g->len; i++)
        if (!strchr("0123456789.,%()/+-$", g->text[i]) || !g->text[i])
            return 0;
    return g->len > 0;
}

/* TL_GLYPH_CAPITAL or TL_GLYPH_LOWER by the glyph's first letter, or 0. */
static int letter_case(const tl_glyph *g)
{
    UChar32 c = tl_glyph_char(g);
    return c <= 0 ? 0 : u_isupper(c) ? TL_GLYPH_CAPITAL : u_islower(c) ? TL_GLYPH_LOWER : 0;
}

/* Where a table of the same width as grid g stood apart on the page before. */
static const tl_gutters *same_table(const tl_gutters *before, const tl_grid *g)
{
    if (!before || !before->n || fabs(before->x0 - g->box.x0) > SAME_EDGE || fabs(before->x1 - g->box.x1) > SAME_EDGE)
        return NULL;
    return before;
}

/* of the glyph height: letters of one word stand closer than this (a word space is
 * 0.2-0.3) */
#define IN_WORD_GAP 0.10

/* *out with g's edges and room for ncells cells, none yet.  0, or -1 on OOM (out
 * cleared). */
static int grid_like(const tl_grid *g, size_t ncells, tl_grid *out)
{
    memset(out, 0, sizeof *out);
    out->xs = malloc((size_t)(g->ncols + 1) * sizeof *out->xs);
    out->ys = malloc((size_t)(g->nrows + 1) * sizeof *out->ys);
    out->owner = malloc((size_t)g->ncols * (size_t)g->nrows * sizeof *out->owner);
    out->cells = malloc((ncells ? ncells : 1) * sizeof *out->cells);
    if (!out->xs || !out->ys || !out->owner || !out->cells) {
        tl_grid_clear(out);
        return -1;
    }
    memcpy(out->xs, g->xs, (size_t)(g->ncols + 1) * sizeof *out->xs);
    memcpy(out->ys, g->ys, (size_t)(g->nrows + 1) * sizeof *out->ys);
    out->ncols = g->ncols;
    out->nrows = g->nrows;
    out->box = g->box;
    out->open = g->open;
    return 0;
}

/* A drawn edge never runs between two letters of one word: where one does, the rule
 * there belongs to the rows below or beside (a heading over column groups, a
 * shaded header whose columns' edges carry on into it), and the two cells are one.
 * Glyphs come line by line, so a word cut is two glyphs in a row of the array.  Only
 * cells side by side over the same rows join.  Returns 1 when nothing joins, 0 with
 * *out built, -1 on OOM. */
static int join_cut_words(const tl_grid *g, const tl_box *b, const int *cell, size_t n, double h, tl_grid *out)
{
    memset(out, 0, sizeof *out);
    if (n < 2 || g->ncells < 2)
        return 1;
    size_t *parent = malloc((size_t)g->ncells * sizeof *parent);
    if (!parent)
        return -1;
    for (int i = 0; i < g->ncells; i++)
        parent[i] = (size_t)i;
    int joined = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        const tl_box *l = &b[i], *r = &b[i + 1];
        int a = cell[i], z = cell[i + 1];
        if (a < 0 || z < 0 || a == z || fabs((l->y0 + l->y1) / 2 - (r->y0 + r->y1) / 2) > 0.5 * h ||
            r->x0 < l->x1 - 0.5 * h || r->x0 - l->x1 >= IN_WORD_GAP * h)
            continue;
        const tl_gcell *ca = &g->cells[a], *cz = &g->cells[z];
        if (ca->row != cz->row || ca->rowspan != cz->rowspan || ca->col + ca->colspan != cz->col)
            continue;
        size_t ra = tl_uf_find(parent, (size_t)a), rz = tl_uf_find(parent, (size_t)z);
        if (ra != rz) {
            parent[rz > ra ? rz : ra] = rz > ra ? ra : rz;
            joined = 1;
        }
    }
    int rc = 1;
    if (!joined)
        goto done;
    rc = -1;
    int *index = malloc((size_t)g->ncells * sizeof *index);
    if (!index || grid_like(g, (size_t)g->ncells, out)) {
        free(index);
        goto done;
    }
    /* a root is its group's leftmost cell: joins only go rightwards */
    for (int i = 0; i < g->ncells; i++) {
        size_t root = tl_uf_find(parent, (size_t)i);
        if (root == (size_t)i) {
            index[i] = out->ncells;
            out->cells[out->ncells++] = g->cells[i];
        }
    }
    for (int i = 0; i < g->ncells; i++) {
        size_t root = tl_uf_find(parent, (size_t)i);
        tl_gcell *oc = &out->cells[index[root]];
        const tl_gcell *gc = &g->cells[i];
        if (gc->col + gc->colspan > oc->col + oc->colspan)
            oc->colspan = gc->col + gc->colspan - oc->col;
    }
    for (int u = 0; u < g->ncols * g->nrows; u++)
        out->owner[u] = g->owner[u] < 0 ? -1 : index[tl_uf_find(parent, (size_t)g->owner[u])];
    free(index);
    rc = 0;
done:
    free(parent);
    return rc;
}

/* Whether grid column edge e parts the text of one cell (its glyphs' indices in[0..k)):
 * text on both sides of it, and no line running across it with less than a gutter
 * there. */
static int parts_text(const tl_grid *g, int e, const tl_box *b, const size_t *in, size_t k, double h, double gut)
{
    double x = g->xs[e];
    int left = 0, right = 0;
    for (size_t p = 0; p < k; p++) {
        const tl_box *a = &b[in[p]];
        if (a->x1 <= a->x0) /* a leader dot (zero wide) is no text */
            continue;
        if (a->x0 < x - 0.5 && a->x1 > x + 0.5)
            return 0;
        double cx = (a->x0 + a->x1) / 2, cy = (a->y0 + a->y1) / 2;
        left |= cx < x;
        right |= cx >= x;
        if (cx >= x)
            continue;
        for (size_t q = 0; q < k; q++) { /* a glyph right of the edge on this line */
            const tl_box *z = &b[in[q]];
            if ((z->x0 + z->x1) / 2 >= x && fabs((z->y0 + z->y1) / 2 - cy) < 0.5 * h && z->x0 - a->x1 < gut)
                return 0;
        }
    }
    return left && right;
}

/* A cell a grid spans over columns only because no rule stands between them there
 * (rows shaded, or ruled across only) is cells after all where its text stands in
 * the columns apart: an edge with text on both sides that no line runs across parts
 * it (a spanning heading runs across).  Returns 1 when nothing is parted, 0 with
 * *out built, -1 on OOM. */
static int part_false_spans(const tl_grid *g, const tl_box *b, const int *cell, size_t n, double h, double gut,
                            tl_grid *out)
{
    memset(out, 0, sizeof *out);
    if (!n)
        return 1;
    size_t units = (size_t)g->ncols * (size_t)g->nrows;
    unsigned char *cut = calloc((size_t)g->ncols + 1, (size_t)g->ncells ? (size_t)g->ncells : 1);
    size_t *in = malloc(n * sizeof *in);
    int rc = -1, any = 0;
    if (!cut || !in)
        goto done;
    for (int id = 0; id < g->ncells; id++) {
        const tl_gcell *gc = &g->cells[id];
        if (gc->colspan < 2 || gc->rowspan != 1)
            continue;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (cell[i] == id)
                in[k++] = i;
        for (int e = gc->col + 1; e < gc->col + gc->colspan; e++)
            if (parts_text(g, e, b, in, k, h, gut))
                any = cut[(size_t)id * ((size_t)g->ncols + 1) + (size_t)e] = 1;
    }
    rc = 1;
    if (!any)
        goto done;
    rc = -1;
    if (grid_like(g, units, out))
        goto done;
    for (size_t u = 0; u < units; u++)
        out->owner[u] = -1;
    for (int id = 0; id < g->ncells; id++) {
        const tl_gcell *gc = &g->cells[id];
        for (int c = gc->col; c < gc->col + gc->colspan;) {
            int e = c + 1;
            while (e < gc->col + gc->colspan && !cut[(size_t)id * ((size_t)g->ncols + 1) + (size_t)e])
                e++;
            int idx = out->ncells++;
            out->cells[idx] = (tl_gcell){ gc->row, c, gc->rowspan, e - c };
            for (int rr = gc->row; rr < gc->row + gc->rowspan; rr++)
                for (int cc = c; cc < e; cc++)
                    out->owner[rr * g->ncols + cc] = idx;
            c = e;
        }
    }
    rc = 0;
done:
    free(cut);
    free(in);
    return rc;
}

/* The grid the rules draw, as its text corrects it: cells a word runs across joined
 * (whole), cells spanned for want of rules parted (parted).  part_cell follows the
 * grid returned; NULL on OOM.  The caller clears whole and parted. */
static const tl_grid *drawn_grid(const tl_grid *grid, const tl_box *boxes, int *part_cell, size_t m, tl_grid *whole,
                                 tl_grid *parted)
{
    memset(parted, 0, sizeof *parted);
    double h = tl_boxes_median_height(boxes, m), gut = tl_gutter_min(boxes, m, h);
    int joined = join_cut_words(grid, boxes, part_cell, m, h, whole);
    if (joined < 0)
        return NULL;
    const tl_grid *drawn = joined == 0 ? whole : grid;
    if (joined == 0)
        tl_grid_cells_of(drawn, boxes, m, part_cell);
    int split = part_false_spans(drawn, boxes, part_cell, m, h, gut, parted);
    if (split < 0)
        return NULL;
    if (split == 0) {
        drawn = parted;
        tl_grid_cells_of(drawn, boxes, m, part_cell);
    }
    return drawn;
}

static tl_table *grid_part_table(const tl_grid *grid, tl_lref *part, tl_box *boxes, int *part_cell, size_t m,
                                 int page, int words, const tl_gutters *known, tl_gutters *seen, int *none)
{
    *none = 0;
    tl_grid whole, parted, fine = { 0 };
    tl_table *t = NULL;
    const tl_grid *drawn = drawn_grid(grid, boxes, part_cell, m, &whole, &parted);
    /* The rules drawn, completed by the text's alignment where they are few. */
    unsigned char *num = drawn ? malloc(m ? m : 1) : NULL;
    if (!num)
        goto out;
    for (size_t i = 0; i < m; i++)
        num[i] = (unsigned char)((numeric(part[i].g) ? TL_GLYPH_FIGURE : 0) | letter_case(part[i].g));
    int justified;
    int refined = tl_grid_refine(drawn, boxes, num, m, known, &fine, &justified);
    free(num);
    if (refined < 0)
        goto out;
    const tl_grid *use = refined == 0 ? &fine : drawn;
    if (refined == 0)
        tl_grid_cells_of(use, boxes, m, part_cell);
    /* Rules across with no table between, or the frame and grid lines of a chart:
     * its text is free text.  One band is a table where it takes the columns of the
     * table the page before ended with: a row taller than a page (LibreOffice rules
     * every part of a row it breaks), the only row of its page. */
    int carried = known && known->page >= page - 1 && use->ncols == (int)known->n + 1;
    if ((grid->open && (use->ncols < 2 || (use->nrows < 2 && !carried))) || holds_no_table(use, part_cell, m))
        *none = 1;
    else
        t = grid_table(use, part, m, part_cell, page, words);
    if (t) {
        seen->page = page;
        seen->y1 = use->ys[use->nrows];
        seen->x0 = use->xs[0];
        seen->x1 = use->xs[use->ncols];
        seen->n = 0;
        seen->pages = 1 + (known ? known->pages : 0);
        seen->justified = justified + (known ? known->justified : 0);
        for (int c = 1; c < use->ncols && seen->n < TL_CARRY_MAX; c++)
            seen->x[seen->n++] = use->xs[c];
    }
out:
    tl_grid_clear(&fine);
    tl_grid_clear(&whole);
    tl_grid_clear(&parted);
    return t;
}

int tl_layout_ruled(const tl_glyph *g, size_t n, const tl_grid *grids, size_t ngrids, int page, int words,
                    tl_gutters *gutters, char *free_text, tl_page_out *o)
{
    int rc = -1;
    /* The gutters of the table above, on this page or the one before: grids are read
     * top to bottom, so a header ruled apart from its body lends the body its
     * columns. */
    tl_gutters above = { 0 };
    if (gutters)
        above = *gutters;
    int *where = malloc((n ? n : 1) * sizeof *where); /* grid index or -1 */
    int *cell = malloc((n ? n : 1) * sizeof *cell);
    tl_lref *part = malloc((n ? n : 1) * sizeof *part);
    int *part_cell = malloc((n ? n : 1) * sizeof *part_cell);
    tl_box *boxes = malloc((n ? n : 1) * sizeof *boxes);
    size_t *order = malloc((ngrids ? ngrids : 1) * sizeof *order);
    if (!where || !cell || !part || !part_cell || !boxes || !order)
        goto out;
    for (size_t i = 0; i < n; i++)
        place(&g[i], grids, ngrids, &where[i], &cell[i]);
    for (size_t k = 0; k < ngrids; k++)
        order[k] = k;
    /* Read top to bottom; the array keeps its order, since place() gives a glyph to
     * the first grid that holds it (ruled grids before open ones). */
    for (size_t a = 1; a < ngrids; a++) /* a few grids: insertion by top */
        for (size_t b = a; b > 0 && grids[order[b]].box.y0 < grids[order[b - 1]].box.y0; b--) {
            size_t x = order[b];
            order[b] = order[b - 1];
            order[b - 1] = x;
        }
    for (size_t q = 0; q < ngrids; q++) {
        size_t k = order[q], m = 0;
        for (size_t i = 0; i < n; i++)
            if (where[i] == (int)k) {
                part[m] = (tl_lref){ &g[i], i, 0 };
                boxes[m] = g[i].box;
                if (leader_dot(g, n, i)) /* no ink between columns */
                    boxes[m].x1 = boxes[m].x0 = (g[i].box.x0 + g[i].box.x1) / 2;
                else
                    boxes[m].x1 = mark_reach(g, n, i, where, cell);
                part_cell[m++] = cell[i];
            }
        int none;
        tl_gutters seen = { 0 };
        tl_table *t = grid_part_table(&grids[k], part, boxes, part_cell, m, page, words,
                                      same_table(&above, &grids[k]), &seen, &none);
        if (t)
            above = seen;
        if (none) {
            for (size_t i = 0; i < n; i++)
                if (where[i] == (int)k)
                    where[i] = -1;
            continue;
        }
        if (!t)
            goto out;
        if (tl_page_push(o, (tl_pending){ grids[k].box.y0, t, NULL, t->prov, 0 })) {
            tl_table_free(t);
            goto out;
        }
    }
    for (size_t i = 0; i < n; i++)
        free_text[i] = where[i] < 0;
    if (gutters)
        *gutters = above;
    rc = 0;
out:
    free(order);
    free(where);
    free(cell);
    free(part);
    free(part_cell);
    free(boxes);
    return rc;
}
