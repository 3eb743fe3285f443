/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review page: what was read beside where it was read from, for a person to check.
 * Pages as images with a box over every cell a plan value came from (or, for formats
 * without pages, the source's text with its tables), the plan on the other side; a
 * value and its box light up together, whichever is pointed at.  Repairs show their
 * original, values read with low OCR confidence are flagged, unmapped items and
 * warnings are listed with their reasons.  Plain HTML, CSS and a little JavaScript:
 * no network, works from file://. */
#define _GNU_SOURCE
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each mapped value gets a reference its boxes share; cells of the source view and the
 * page boxes are found by it.  A value may come from several cells: a row continued
 * on the next (a cell split over a page) is folded into its action. */
typedef struct ref_map {
    const tl_cell **cells; /* cells[i] belongs to reference refs[i] */
    size_t *refs;
    size_t n, cap, capr, next;
} ref_map;

static void ref_add(ref_map *r, size_t ref, const tl_cell *c)
{
    size_t cap = r->cap;
    if (tl_grow((void **)&r->cells, &r->cap, r->n + 1, sizeof *r->cells) ||
        tl_grow((void **)&r->refs, &r->capr, r->n + 1, sizeof *r->refs)) {
        r->cap = cap;
        return;
    }
    r->cells[r->n] = c;
    r->refs[r->n++] = ref;
}

/* The cells a value came from, in its column: the item's row's, then those of rows
 * after it that no other item starts, while each holds a piece of the value's text. */
static size_t value_cells(const tl_node *plan, const unsigned char *item_rows, const tl_item *it, const tl_value *v,
                          const tl_cell **out, size_t max)
{
    const tl_table *t = plan->block ? plan->block->table : NULL;
    size_t n = 0;
    for (size_t r = it->row; t && r < t->nrows && n < max; r++) {
        if (r > it->row && (!item_rows || item_rows[r]))
            break;
        if (v->column >= t->rows[r].ncells)
            break;
        const tl_cell *c = &t->rows[r].cells[v->column];
        if (!c->text[0] || c->covered)
            continue;
        /* The item's own cell is its value's whole source or holds it (several actions
         * written in one cell); a later row's only a piece of it. */
        if (r > it->row && !strstr(v->text, c->text))
            break;
        out[n++] = c;
    }
    return n;
}

/* Which rows of a plan's table start an item. */
static void mark_rows(const tl_item *it, unsigned char *rows, size_t nrows)
{
    if (it->row < nrows)
        rows[it->row] = 1;
    for (size_t i = 0; i < it->nchildren; i++)
        mark_rows(it->children[i], rows, nrows);
}

typedef struct review {
    FILE *f;
    ref_map refs;
    const unsigned char *item_rows; /* the current plan's; NULL: its rows unknown */
    size_t values, repaired, flagged, boxed;
} review;

static void put(review *w, const char *s)
{
    tl_html_put(w->f, s);
}

/* A value: its text, its originals when repaired, a flag when OCR was unsure. */
static void write_value(review *w, const char *label, const char *text, const tl_cell *const *cells, size_t ncells,
                        float conf)
{
    size_t ref = w->refs.next++;
    int repaired = 0;
    for (size_t i = 0; i < ncells; i++) {
        ref_add(&w->refs, ref, cells[i]);
        repaired |= tl_cell_repaired(cells[i]);
    }
    int flag = conf >= 0 && conf < TL_REVIEW_CONF;
    w->values++;
    w->repaired += (size_t)repaired;
    w->flagged += (size_t)flag;
    fputs("<dt>", w->f);
    put(w, label);
    fprintf(w->f, "</dt><dd><span class=\"v%s%s\"", repaired ? " repaired" : "", flag ? " review" : "");
    if (ncells)
        fprintf(w->f, " data-ref=\"r%zu\" tabindex=\"0\"", ref);
    fputs(">", w->f);
    put(w, text);
    fputs("</span>", w->f);
    if (flag)
        fprintf(w->f, " <mark class=\"flag\" title=\"OCR confidence under %.1f: check it against the page\">"
                      "&#9873; %.2f</mark>",
                TL_REVIEW_CONF, conf);
    if (repaired) {
        fputs(" <span class=\"orig\">as read:", w->f);
        for (size_t i = 0; i < ncells; i++)
            if (tl_cell_repaired(cells[i])) {
                fputs(" <del>", w->f);
                put(w, cells[i]->orig);
                fputs("</del>", w->f);
            }
        fputs("</span>", w->f);
    }
    fputs("</dd>\n", w->f);
}

static void write_item(review *w, const tl_node *plan, const tl_item *it, int depth)
{
    if (it->kind == TL_ITEM_OBJECTIVE) {
        fprintf(w->f, "<h%d class=\"objective\">", depth < 4 ? 3 + depth : 6);
        put(w, it->number);
        fputs(" ", w->f);
        put(w, it->title);
        fprintf(w->f, "</h%d>\n", depth < 4 ? 3 + depth : 6);
    } else {
        fputs("<div class=\"action\"><div class=\"num\">", w->f);
        put(w, it->number ? it->number : it->label);
        if (it->shares) {
            fputs(" <small>(row values with ", w->f);
            put(w, it->shares->number);
            fputs(")</small>", w->f);
        }
        fputs("</div><dl>\n", w->f);
        for (size_t i = 0; i < it->nvalues; i++) {
            const tl_value *v = &it->values[i];
            char label[64];
            snprintf(label, sizeof label, "%s%s%s", v->field == TL_F_NONE ? "extra" : tl_field_name(v->field),
                     v->period ? " " : "", v->period ? v->period : "");
            const tl_cell *cells[16];
            size_t nc = value_cells(plan, w->item_rows, it, v, cells, 16);
            write_value(w, label, v->text, cells, nc, v->conf);
        }
        fputs("</dl></div>\n", w->f);
    }
    for (size_t i = 0; i < it->nchildren; i++)
        write_item(w, plan, it->children[i], depth + 1);
}

/* The page images, each with a box over every cell a value came from. */
static void write_pages(review *w, const tl_doc *doc, int npages, double scale)
{
    fputs("<section id=\"pages\">\n", w->f);
    for (int p = 1; p <= npages; p++) {
        const tl_page *pg = (size_t)p <= doc->npages ? &doc->pages[p - 1] : NULL;
        double pw = pg ? pg->width * scale : 0, ph = pg ? pg->height * scale : 0;
        double W = pg && pg->width > 0 ? pg->width : 1, H = pg && pg->height > 0 ? pg->height : 1;
        /* As wide as the pane allows, up to the image's own size; boxes in shares of
         * the page, so they stay on their text at any width. */
        fprintf(w->f, "<div class=\"page\" id=\"page-%d\" style=\"max-width:%.0fpx\">", p, pw);
        fprintf(w->f, "<img src=\"page-%d.png\" width=\"%.0f\" height=\"%.0f\" alt=\"page %d\">", p, pw, ph, p);
        for (size_t k = 0; k < w->refs.n; k++) {
            const tl_cell *c = w->refs.cells[k];
            const tl_box *b = &c->prov.box;
            if (c->prov.page != p || (b->x1 <= b->x0 && b->y1 <= b->y0))
                continue;
            fprintf(w->f,
                    "<a class=\"box\" data-ref=\"r%zu\" style=\"left:%.3f%%;top:%.3f%%;width:%.3f%%;height:%.3f%%\"></a>",
                    w->refs.refs[k], 100 * b->x0 / W, 100 * b->y0 / H, 100 * (b->x1 - b->x0) / W,
                    100 * (b->y1 - b->y0) / H);
            w->boxed++;
        }
        fputs("</div>\n", w->f);
    }
    fputs("</section>\n", w->f);
}

/* Formats without pages: the source's text in reading order, tables as tables, the
 * cells values came from marked with their references. */
static void write_source(review *w, const tl_doc *doc)
{
    fputs("<section id=\"source\">\n", w->f);
    for (size_t i = 0; i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (b->kind == TL_BLOCK_PARA) {
            fputs(b->heading >= 1 && b->heading <= 6 ? "<p class=\"h\">" : "<p>", w->f);
            put(w, b->para.text);
            fputs("</p>\n", w->f);
            continue;
        }
        fputs("<table>", w->f);
        for (size_t r = 0; b->table && r < b->table->nrows; r++) {
            const tl_row *row = &b->table->rows[r];
            fputs("<tr>", w->f);
            for (size_t c = 0; c < row->ncells; c++) {
                const tl_cell *cell = &row->cells[c];
                if (cell->covered)
                    continue;
                fputs("<td", w->f);
                if (cell->rowspan > 1)
                    fprintf(w->f, " rowspan=\"%d\"", cell->rowspan);
                if (cell->colspan > 1)
                    fprintf(w->f, " colspan=\"%d\"", cell->colspan);
                /* Several values may come from one cell (actions written in one cell). */
                int refs = 0;
                for (size_t k = 0; k < w->refs.n; k++)
                    if (w->refs.cells[k] == cell) {
                        fprintf(w->f, refs++ ? " r%zu" : " class=\"box\" data-ref=\"r%zu", w->refs.refs[k]);
                        w->boxed++;
                    }
                if (refs)
                    fputs("\"", w->f);
                fputs(">", w->f);
                put(w, cell->text);
                fputs("</td>", w->f);
            }
            fputs("</tr>\n", w->f);
        }
        fputs("</table>\n", w->f);
    }
    fputs("</section>\n", w->f);
}

static const char style[] =
    "<style>\n"
    "body{font-family:sans-serif;margin:0;font-size:14px}header{padding:.5em 1em;border-bottom:1px solid #ccc}"
    "h1{font-size:1.2em;margin:.2em 0}main{display:flex;height:calc(100vh - 7em)}"
    "#pages,#source{flex:1 1 55%;overflow:auto;background:#eee;padding:.5em}"
    "#plan{flex:1 1 45%;overflow:auto;padding:.5em 1em}"
    ".page{position:relative;margin:0 auto 1em;background:#fff;box-shadow:0 0 4px #999}"
    ".page img{display:block;width:100%;height:auto}.box{position:absolute;border:1px solid rgba(0,90,200,.35);cursor:pointer}"
    "#source .box{position:static;background:#eef4ff}#source td{border:1px solid #ccc;padding:.2em;vertical-align:top}"
    "#source table{border-collapse:collapse;background:#fff;margin:.5em 0}#source p{background:#fff;margin:.3em 0;padding:.2em}"
    ".box.on{background:rgba(255,200,0,.35);border:2px solid #e08000}"
    ".action{border-top:1px solid #ddd;padding:.3em 0}.num{font-weight:bold}"
    "dl{margin:.2em 0 .2em 1em;display:grid;grid-template-columns:9em 1fr;gap:.1em .6em}dt{color:#666}dd{margin:0}"
    ".v{cursor:pointer}.v.on{background:#ffd54f}.repaired{background:#e3f2fd}.orig{color:#a00;font-size:.9em}"
    ".review{outline:2px solid #e53935}.flag{background:#ffcdd2}ul.why li{margin:.2em 0}"
    "</style>\n";

/* Pointing at a value lights its box and scrolls to it; pointing at a box, the value. */
static const char script[] =
    "<script>\n"
    "(function(){function all(r){return document.querySelectorAll('[data-ref~=\"'+r+'\"]');}\n"
    "function first(e){return e.getAttribute('data-ref').split(' ')[0];}\n"
    "function light(r,on){all(r).forEach(function(e){e.classList.toggle('on',on);});}\n"
    "function go(e,side){var r=first(e);document.querySelectorAll('.on').forEach(function(x){"
    "x.classList.remove('on');});light(r,true);var t=document.querySelector(side.split(',').map(function(s){"
    "return s+' [data-ref~=\"'+r+'\"]';}).join(','));"
    "if(t)t.scrollIntoView({block:'center'});}\n"
    "document.querySelectorAll('#plan [data-ref]').forEach(function(e){var r=first(e);"
    "e.addEventListener('mouseenter',function(){light(r,true);});e.addEventListener('mouseleave',function(){"
    "light(r,false);});e.addEventListener('click',function(){go(e,'#pages,#source');});});\n"
    "document.querySelectorAll('#pages [data-ref],#source [data-ref]').forEach(function(e){"
    "e.addEventListener('click',function(){go(e,'#plan');});});\n"
    /* What the page holds, for a reader and for the test that opens it in a browser. */
    "function count(){var imgs=document.querySelectorAll('.page img'),ok=0;imgs.forEach(function(i){"
    "if(i.complete&&i.naturalWidth>0)ok++;});var vs=document.querySelectorAll('#plan .v'),linked=0;"
    "vs.forEach(function(v){var r=v.getAttribute('data-ref');if(r&&document.querySelector("
    "'#pages [data-ref~=\"'+r+'\"],#source [data-ref~=\"'+r+'\"]'))linked++;});var c=document.getElementById('check');"
    "c.setAttribute('data-images',imgs.length);c.setAttribute('data-images-shown',ok);"
    "c.setAttribute('data-values',vs.length);c.setAttribute('data-linked',linked);"
    "c.setAttribute('data-repaired',document.querySelectorAll('#plan .repaired ~ .orig del').length);"
    "c.setAttribute('data-flagged',document.querySelectorAll('#plan .review').length);}\n"
    "if(document.readyState==='complete')count();else window.addEventListener('load',count);})();\n"
    "</script>\n";

tl_code tl_review_write(const tl_doc *doc, const tl_mapped *m, const tl_source_info *src, int npages, double scale,
                        FILE *f, tl_error *err)
{
    review w = { .f = f };
    const char *title = tl_meta_title(&m->meta);
    fputs("<!DOCTYPE html>\n<html lang=\"mn\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width\"><title>review: ",
          f);
    put(&w, title ? title : src->path);
    fputs("</title>\n", f);
    fputs(style, f);
    fputs("</head><body>\n<header><h1>", f);
    put(&w, title ? title : "(no title)");
    fputs("</h1><p>", f);
    put(&w, src->path);
    fprintf(f, " &middot; %s &middot; %zu page%s", doc->format, doc->npages, doc->npages == 1 ? "" : "s");
    if (m->meta.kind)
        fprintf(f, " &middot; %s", m->meta.kind);
    if (m->meta.year)
        fprintf(f, " &middot; %d", m->meta.year);
    if (m->meta.organization) {
        fputs(" &middot; ", f);
        put(&w, m->meta.organization);
    }
    fputs("</p><p id=\"summary\"></p></header>\n<main>\n", f);
    /* The plan first into memory: the page boxes need its references. */
    char *plan_html = NULL;
    size_t plan_len = 0;
    FILE *pf = open_memstream(&plan_html, &plan_len);
    if (!pf)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    w.f = pf;
    fputs("<section id=\"plan\">\n", pf);
    for (size_t i = 0; i < tl_mapped_plan_count(m); i++) {
        const tl_node *plan = tl_mapped_plan(m, i);
        const tl_table *t = plan->block ? plan->block->table : NULL;
        unsigned char *rows = t && t->nrows ? calloc(t->nrows, 1) : NULL;
        if (rows)
            mark_rows(&plan->root, rows, t->nrows);
        w.item_rows = rows;
        fprintf(pf, "<h2>%s: %zu objectives, %zu actions</h2>\n", plan->plan_kind, plan->nobjectives, plan->nactions);
        for (size_t k = 0; k < plan->root.nchildren; k++)
            write_item(&w, plan, plan->root.children[k], 0);
        free(rows);
    }
    if (!tl_mapped_plan_count(m))
        fputs("<p>No plan table was found in this document.</p>\n", pf);
    fprintf(pf, "<h2>Not placed in the plan (%zu)</h2><ul class=\"why\">\n", m->nunmapped);
    for (size_t i = 0; i < m->nunmapped; i++) {
        fprintf(pf, "<li><b>");
        put(&w, m->unmapped[i].reason);
        fprintf(pf, "</b> (page %d): ", m->unmapped[i].prov.page);
        put(&w, m->unmapped[i].text);
        fputs("</li>\n", pf);
    }
    fprintf(pf, "</ul><h2>Warnings (%zu)</h2><ul class=\"why\">\n", doc->ndiags);
    for (size_t i = 0; i < doc->ndiags; i++) {
        fprintf(pf, "<li>%s", doc->diags[i].level == TL_WARN ? "" : "<b>failed:</b> ");
        put(&w, doc->diags[i].msg);
        fputs("</li>\n", pf);
    }
    fputs("</ul></section>\n", pf);
    int bad = fclose(pf) != 0;
    w.f = f;
    if (npages > 0)
        write_pages(&w, doc, npages, scale);
    else
        write_source(&w, doc);
    if (plan_html)
        fwrite(plan_html, 1, plan_len, f);
    free(plan_html);
    fputs("</main>\n", f);
    fprintf(f,
            "<div id=\"check\" hidden></div><script>document.getElementById('summary').textContent="
            "'%zu values, %zu on the %s; %zu repaired (original shown), %zu flagged for review (OCR "
            "confidence under %.1f); %zu not placed; %zu warnings.';</script>\n",
            w.values, w.boxed, npages > 0 ? "pages" : "source text", w.repaired, w.flagged, TL_REVIEW_CONF,
            m->nunmapped, doc->ndiags);
    fputs(script, f);
    fputs("</body></html>\n", f);
    free(w.refs.cells);
    free(w.refs.refs);
    if (bad || ferror(f))
        return tl_error_set(err, TL_E_OUTPUT, "cannot write the review page");
    return TL_OK;
}
