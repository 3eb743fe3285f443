/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From positioned glyphs to the blocks of one page.
 *
 * Glyphs inside a grid go to the cell under their centre (ruled.c); the rest form
 * lines (lines.c), the lines form paragraphs, and (when asked) runs of lines that
 * share column gutters form unruled tables (unruled.c).  Blocks are added in the
 * order of their top edge, which is reading order for the single-column pages plans
 * and reports are printed on. */
#include "layout_private.h"

#include <math.h>
#include <stdlib.h>

#define WORD_SPACE_MIN 0.25 /* glyph heights: the narrowest word space a line break replaces */
#define CELL_PAD 0.5        /* glyph heights: a ruled table may stand out of the text's margins by */

int tl_page_push(tl_page_out *o, tl_pending p)
{
    if (tl_grow((void **)&o->v, &o->cap, o->n + 1, sizeof *o->v))
        return -1;
    o->v[o->n++] = p;
    return 0;
}

/* The width of the first word of piece b (glyphs up to the first space). */
static double first_word_width(const tl_lref *r, const tl_piece *b)
{
    const tl_lref *w = r + b->first;
    double x1 = w[0].g->box.x1;
    for (size_t k = 1; k < b->n && !w[k].g->space_before && w[k].g->box.x0 - x1 < 0.3 * b->h; k++)
        x1 = fmax(x1, w[k].g->box.x1);
    return x1 - w[0].g->box.x0;
}

/* Whether the first word of piece b would have fitted after piece a before the end
 * of a's text column as the page's ruled tables show it: the right edge of the
 * widest one that starts where a starts or before and ends past it, less a cell's
 * padding.  A page whose free text is a few short lines under a table (a form's
 * title, "Байгууллагын нэр: ...") has no line of its own that runs to the margin. */
static int fits_before_rule(const tl_lref *r, const tl_piece *a, const tl_piece *b, const tl_grid *grids,
                            size_t ngrids)
{
    double right = -INFINITY;
    for (size_t k = 0; k < ngrids; k++)
        if (grids[k].box.x0 <= a->box.x0 + 3 * a->h && grids[k].box.x1 > a->box.x1)
            right = fmax(right, grids[k].box.x1 - CELL_PAD * a->h);
    return isfinite(right) && a->box.x1 + WORD_SPACE_MIN * a->h + first_word_width(r, b) < right;
}

/* Joins line tl_pieces into paragraphs: a tl_piece carries the paragraph on when it sits
 * right under it, left-aligned with it, and the line before wrapped rather than
 * ended: it ran to the right margin of the free text (right), and the next line's
 * first word would not have fitted after it before the column's end where a ruled
 * table shows it (a word processor moves a word down only when it does not fit). */
static int emit_paragraphs(const tl_lref *r, const tl_pieces *p, size_t from, size_t to, double right,
                           const tl_grid *grids, size_t ngrids, int page, int words, tl_page_out *o)
{
    for (size_t i = from; i < to;) {
        size_t j = i + 1;
        while (j < to) {
            const tl_piece *a = &p->v[j - 1], *b = &p->v[j];
            double h = a->h;
            if (b->line != a->line + 1 || b->box.y0 - a->box.y1 > 0.8 * h ||
                fabs(b->box.x0 - a->box.x0) > 3 * h || a->box.x1 < right - 4 * h ||
                fits_before_rule(r, a, b, grids, ngrids) ||
                fabs(b->h - a->h) > 0.25 * h)
                break;
            j++;
        }
        char *text = NULL;
        for (size_t k = i; k < j; k++) {
            char *t = tl_lines_text(r + p->v[k].first, p->v[k].n, words, NULL);
            if (!t)
                goto oom;
            int bad = tl_str_append_line(&text, t);
            free(t);
            if (bad)
                goto oom;
        }
        tl_box b = p->v[i].box;
        for (size_t k = i + 1; k < j; k++) {
            b.x0 = fmin(b.x0, p->v[k].box.x0);
            b.x1 = fmax(b.x1, p->v[k].box.x1);
            b.y1 = fmax(b.y1, p->v[k].box.y1);
        }
        if (tl_page_push(o, (tl_pending){ b.y0, NULL, text, { page, 0, b } })) {
            free(text);
            goto oom;
        }
        i = j;
    }
    return 0;
oom:
    return -1;
}

static int cmp_pending(const void *a, const void *b)
{
    const tl_pending *x = a, *y = b;
    if (x->top != y->top)
        return x->top < y->top ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The blocks of o into doc, top to bottom; o keeps what it still owns. */
static int flush(tl_page_out *o, tl_doc *doc)
{
    for (size_t i = 0; i < o->n; i++)
        o->v[i].seq = i;
    if (o->n > 1)
        qsort(o->v, o->n, sizeof *o->v, cmp_pending);
    for (size_t i = 0; i < o->n; i++) {
        tl_pending *q = &o->v[i];
        if (q->table) {
            if (!tl_doc_add_table(doc, q->table))
                return -1;
            q->table = NULL;
        } else {
            if (!tl_doc_add_para(doc, q->text, 0, q->prov))
                return -1;
            free(q->text);
            q->text = NULL;
        }
    }
    return 0;
}

/* A ruled table that runs to the foot of the page (no free text below it but a line,
 * the page number) may go on over the next page with no rules there: a row taller
 * than a page.  Its columns, a little inside its cells, are what the top of the
 * next page's free text may carry on (unruled.c says when it does). */
static void carry_ruled(tl_layout_carry *carry, const tl_lref *part, size_t m, int page)
{
    if (!carry || carry->n || carry->gutters.page != page || carry->gutters.n + 1 > TL_CARRY_MAX)
        return;
    const tl_gutters *g = &carry->gutters;
    size_t below = 0;
    int line = -1;
    for (size_t i = 0; i < m; i++)
        if (part[i].g->box.y0 > g->y1 && part[i].line != line) {
            below++;
            line = part[i].line;
        }
    if (below > 1)
        return;
    double pad = 1.0;
    for (size_t c = 0; c <= g->n; c++) {
        carry->x0[c] = (c ? g->x[c - 1] : g->x0) + pad;
        carry->x1[c] = (c < g->n ? g->x[c] : g->x1) - pad;
    }
    carry->n = g->n + 1;
    carry->ruled = 1;
}

/* The free text's paragraphs and unruled tables into o. */
static int free_text_blocks(const tl_lref *part, const tl_pieces *p, int page, const tl_grid *grids,
                            size_t ngrids, const tl_layout_opts *opts, tl_page_out *o)
{
    int words = opts && opts->words;
    tl_layout_carry *carry = opts ? opts->carry : NULL;
    double right = -INFINITY, grid_top = -INFINITY;
    for (size_t i = 0; i < p->n; i++)
        right = fmax(right, p->v[i].box.x1);
    for (size_t k = 0; k < ngrids; k++)
        grid_top = fmax(grid_top, grids[k].box.y0);
    tl_found_tables found = { 0 };
    int rc = -1;
    if (opts && opts->unruled) {
        if (tl_layout_unruled(part, p, page, words, grid_top, carry, &found))
            goto out;
    } else if (carry) {
        carry->n = 0;
    }
    size_t para_from = 0;
    for (size_t i = 0; i < found.n; i++) {
        tl_found_table *f = &found.v[i];
        if (emit_paragraphs(part, p, para_from, f->from, right, grids, ngrids, page, words, o) ||
            tl_page_push(o, (tl_pending){ f->top, f->table, NULL, f->table->prov, 0 }))
            goto out;
        f->table = NULL;
        para_from = f->to;
    }
    rc = emit_paragraphs(part, p, para_from, p->n, right, grids, ngrids, page, words, o);
out:
    for (size_t i = 0; i < found.n; i++)
        tl_table_free(found.v[i].table);
    free(found.v);
    return rc;
}

tl_code tl_layout_page(tl_doc *doc, int page, const tl_glyph *g, size_t n, const tl_grid *grids,
                       size_t ngrids, const tl_layout_opts *opts, tl_error *err)
{
    int words = opts && opts->words, rc = -1;
    doc->word_join = tl_lines_word_goes_on; /* a row the page broke: its cells' words */
    tl_page_out o = { 0 };
    tl_pieces p = { 0 };
    char *free_text = malloc(n ? n : 1);
    tl_lref *part = malloc((n ? n : 1) * sizeof *part);
    tl_gutters *gutters = opts && opts->carry ? &opts->carry->gutters : NULL;
    if (!free_text || !part || tl_layout_ruled(g, n, grids, ngrids, page, words, gutters, free_text, &o))
        goto out;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (free_text[i])
            part[m++] = (tl_lref){ &g[i], i, 0 };
    tl_lines_assign(part, m);
    if (tl_pieces_cut(part, m, &p) || free_text_blocks(part, &p, page, grids, ngrids, opts, &o) ||
        flush(&o, doc))
        goto out;
    carry_ruled(opts ? opts->carry : NULL, part, m, page);
    rc = 0;
out:
    for (size_t i = 0; i < o.n; i++) {
        tl_table_free(o.v[i].table);
        free(o.v[i].text);
    }
    free(o.v);
    free(p.v);
    free(free_text);
    free(part);
    if (rc == 0)
        return TL_OK;
    return tl_error_set(err, TL_E_INTERNAL, "out of memory laying out page %d", page);
}
