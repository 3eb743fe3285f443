/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DOCX (Office Open XML word processing) through libzip and libxml2.
 *
 * word/document.xml is read with libxml2's streaming reader, so a 50 MB table never
 * becomes a tree.  Paragraphs become paragraphs (headings by style or outline
 * level); tables become tables with w:gridSpan as colspan and w:vMerge as rowspan,
 * the positions under a span marked covered; a table nested in a cell is kept as
 * that cell's text.  Tracked changes: insertions are text, deletions (w:delText) are
 * not.  Automatic numbering is resolved from numbering.xml and styles.xml, because
 * the "1.1." before an action in a real plan is often list numbering that is not in
 * the text.  Text boxes (w:txbxContent) are paragraphs of their own; the fallback
 * copy of a drawing (mc:Fallback) is skipped, so its text is not read twice.  Page
 * headers and footers are read after the body and marked as page furniture.
 *
 * A DOCX has no pages; provenance counts the page breaks Word recorded
 * (w:lastRenderedPageBreak, w:br type="page") and gives the paragraph's ordinal as
 * its line. */
#include "extract.h"
#include "lists.h"
#include "zip.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define MAX_LEVELS 9
#define MAX_PARA_NEST 8     /* text box in a paragraph in a text box ... */
#define MAX_GRID 1000       /* columns of one table */
/* No network, no entity expansion, no messages on stderr (errors are returned). */
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* ---- numbering ---------------------------------------------------------- */

typedef struct level {
    int start;
    char fmt[24];   /* decimal, lowerLetter, upperRoman, bullet, none ... */
    char text[64];  /* "%1.%2." */
} level;

typedef struct abstract_num {
    int id;
    level lv[MAX_LEVELS];
    int count[MAX_LEVELS]; /* 0: not started */
} abstract_num;

typedef struct num {
    int id, abs;
    int start_override[MAX_LEVELS]; /* -1: none */
    int overridden;                 /* applied once, when the list is first used */
} num;

typedef struct style {
    char id[64];
    char based[64];
    int heading;    /* 1..9, 0 none */
    int num_id, ilvl;
} style;

typedef struct numbering {
    abstract_num *abs;
    size_t nabs;
    num *nums;
    size_t nnums;
    style *styles;
    size_t nstyles;
} numbering;

static int wattr_int(xmlNodePtr n, const char *name, int dflt)
{
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
    if (!v)
        return dflt;
    int r = atoi((const char *)v);
    xmlFree(v);
    return r;
}

static void wattr_str(xmlNodePtr n, const char *name, char *out, size_t cap)
{
    out[0] = 0;
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
    if (v) {
        snprintf(out, cap, "%s", (const char *)v);
        xmlFree(v);
    }
}

static int is_w(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, (const xmlChar *)W_NS) &&
           xmlStrEqual(n->name, (const xmlChar *)name);
}

static xmlNodePtr child_w(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, name))
            return c;
    return NULL;
}

static void numbering_free(numbering *nb)
{
    free(nb->abs);
    free(nb->nums);
    free(nb->styles);
    memset(nb, 0, sizeof *nb);
}

static int read_numbering(const char *xml, size_t len, numbering *nb)
{
    xmlDocPtr d = xmlReadMemory(xml, (int)len, "numbering.xml", NULL, XML_OPTS);
    if (!d)
        return 0; /* damaged numbering: text without list labels, not a failure */
    xmlNodePtr root = xmlDocGetRootElement(d);
    size_t cap_a = 0, cap_n = 0;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
        if (is_w(c, "abstractNum")) {
            if (tl_grow((void **)&nb->abs, &cap_a, nb->nabs + 1, sizeof *nb->abs))
                goto oom;
            abstract_num *a = &nb->abs[nb->nabs++];
            a->id = wattr_int(c, "abstractNumId", -1);
            for (int l = 0; l < MAX_LEVELS; l++) {
                a->lv[l].start = 1;
                snprintf(a->lv[l].fmt, sizeof a->lv[l].fmt, "decimal");
            }
            for (xmlNodePtr l = c->children; l; l = l->next) {
                if (!is_w(l, "lvl"))
                    continue;
                int il = wattr_int(l, "ilvl", -1);
                if (il < 0 || il >= MAX_LEVELS)
                    continue;
                level *lv = &a->lv[il];
                xmlNodePtr x;
                if ((x = child_w(l, "start")))
                    lv->start = wattr_int(x, "val", 1);
                if ((x = child_w(l, "numFmt")))
                    wattr_str(x, "val", lv->fmt, sizeof lv->fmt);
                if ((x = child_w(l, "lvlText")))
                    wattr_str(x, "val", lv->text, sizeof lv->text);
            }
        } else if (is_w(c, "num")) {
            if (tl_grow((void **)&nb->nums, &cap_n, nb->nnums + 1, sizeof *nb->nums))
                goto oom;
            num *n = &nb->nums[nb->nnums++];
            n->id = wattr_int(c, "numId", -1);
            xmlNodePtr x = child_w(c, "abstractNumId");
            n->abs = x ? wattr_int(x, "val", -1) : -1;
            for (int l = 0; l < MAX_LEVELS; l++)
                n->start_override[l] = -1;
            for (xmlNodePtr o = c->children; o; o = o->next) {
                if (!is_w(o, "lvlOverride"))
                    continue;
                int il = wattr_int(o, "ilvl", -1);
                xmlNodePtr so = child_w(o, "startOverride");
                if (il >= 0 && il < MAX_LEVELS && so)
                    n->start_override[il] = wattr_int(so, "val", 1);
            }
        }
    }
    xmlFreeDoc(d);
    return 0;
oom:
    xmlFreeDoc(d);
    return -1;
}

static int heading_of_name(const char *name)
{
    if (strncasecmp(name, "heading", 7) == 0) {
        int l = atoi(name + 7 + (name[7] == ' '));
        return l >= 1 && l <= 9 ? l : 0;
    }
    return strcasecmp(name, "Title") == 0 ? 1 : 0;
}

static int read_styles(const char *xml, size_t len, numbering *nb)
{
    xmlDocPtr d = xmlReadMemory(xml, (int)len, "styles.xml", NULL, XML_OPTS);
    if (!d)
        return 0;
    xmlNodePtr root = xmlDocGetRootElement(d);
    size_t cap = 0;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
        if (!is_w(c, "style"))
            continue;
        if (tl_grow((void **)&nb->styles, &cap, nb->nstyles + 1, sizeof *nb->styles)) {
            xmlFreeDoc(d);
            return -1;
        }
        style *s = &nb->styles[nb->nstyles++];
        wattr_str(c, "styleId", s->id, sizeof s->id);
        s->num_id = -1;
        xmlNodePtr x;
        if ((x = child_w(c, "basedOn")))
            wattr_str(x, "val", s->based, sizeof s->based);
        if ((x = child_w(c, "name"))) {
            char name[64];
            wattr_str(x, "val", name, sizeof name);
            s->heading = heading_of_name(name);
        }
        xmlNodePtr ppr = child_w(c, "pPr");
        if ((x = child_w(ppr, "outlineLvl"))) {
            int l = wattr_int(x, "val", 9);
            if (l >= 0 && l < 9)
                s->heading = l + 1;
        }
        if ((x = child_w(ppr, "numPr"))) {
            xmlNodePtr y;
            if ((y = child_w(x, "numId")))
                s->num_id = wattr_int(y, "val", -1);
            if ((y = child_w(x, "ilvl")))
                s->ilvl = wattr_int(y, "val", 0);
        }
    }
    xmlFreeDoc(d);
    return 0;
}

static const style *find_style(const numbering *nb, const char *id)
{
    for (size_t i = 0; id[0] && i < nb->nstyles; i++)
        if (strcmp(nb->styles[i].id, id) == 0)
            return &nb->styles[i];
    return NULL;
}

static tl_numfmt numfmt(const char *f)
{
    if (strcmp(f, "lowerLetter") == 0)
        return TL_NUM_LOWER_LETTER;
    if (strcmp(f, "upperLetter") == 0)
        return TL_NUM_UPPER_LETTER;
    if (strcmp(f, "lowerRoman") == 0)
        return TL_NUM_LOWER_ROMAN;
    if (strcmp(f, "upperRoman") == 0)
        return TL_NUM_UPPER_ROMAN;
    if (strcmp(f, "bullet") == 0 || strcmp(f, "none") == 0)
        return TL_NUM_NONE;
    return TL_NUM_DECIMAL;
}

/* The label list numbering puts before a paragraph at (num_id, ilvl), counting it;
 * empty for bullets and unknown lists. */
static void list_label(numbering *nb, int num_id, int ilvl, char *out, size_t cap)
{
    out[0] = 0;
    if (ilvl < 0 || ilvl >= MAX_LEVELS)
        return;
    num *n = NULL;
    for (size_t i = 0; i < nb->nnums; i++)
        if (nb->nums[i].id == num_id)
            n = &nb->nums[i];
    abstract_num *a = NULL;
    for (size_t i = 0; n && i < nb->nabs; i++)
        if (nb->abs[i].id == n->abs)
            a = &nb->abs[i];
    if (!a)
        return;
    if (!n->overridden) {
        for (int l = 0; l < MAX_LEVELS; l++)
            if (n->start_override[l] >= 0)
                a->count[l] = 0, a->lv[l].start = n->start_override[l];
        n->overridden = 1;
    }
    a->count[ilvl] = a->count[ilvl] ? a->count[ilvl] + 1 : a->lv[ilvl].start;
    for (int l = ilvl + 1; l < MAX_LEVELS; l++)
        a->count[l] = 0;
    const level *lv = &a->lv[ilvl];
    if (strcmp(lv->fmt, "bullet") == 0 || strcmp(lv->fmt, "none") == 0)
        return;
    size_t k = 0;
    for (const char *p = lv->text; *p && k + 1 < cap; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int l = p[1] - '1';
            char v[32];
            tl_num_format(numfmt(a->lv[l].fmt), a->count[l] ? a->count[l] : a->lv[l].start, v, sizeof v);
            for (const char *q = v; *q && k + 1 < cap; q++)
                out[k++] = *q;
            p++;
            continue;
        }
        out[k++] = *p;
    }
    out[k] = 0;
}

/* ---- document.xml ------------------------------------------------------- */

typedef struct cellbuf {
    char *text;
    int span;
    int vmerge; /* 0 none, 1 restart, 2 continue */
    tl_prov prov;
} cellbuf;

typedef struct table_ctx {
    tl_table *t;
    cellbuf *cells;
    size_t ncells, capcells;
    int grid_before;
    int cell_open;
    long owner[MAX_GRID]; /* per grid column: row whose cell a vMerge continues, or -1 */
} table_ctx;

typedef struct para {
    char *text;
    size_t n, cap;
    char style[64];
    int num_id, ilvl, outline, has_num;
    tl_prov prov;
} para;

typedef struct reader {
    tl_doc *doc;
    numbering *nb;
    table_ctx *tbl;      /* the outermost table being read, or NULL */
    int tbl_depth;       /* nesting: tables deeper than 1 are text of tbl's cell */
    para paras[MAX_PARA_NEST];
    int npara;
    int in_t;            /* inside w:t: its text nodes are text */
    int t_keep;          /* that w:t has xml:space="preserve" */
    char *t;             /* its text so far */
    size_t tn, tcap;
    int page, line;
    int nested_warned;
} reader;

static int para_put(para *p, const char *s, size_t n)
{
    return tl_str_put(&p->text, &p->n, &p->cap, s, n);
}

static para *cur_para(reader *r)
{
    return r->npara ? &r->paras[r->npara - 1] : NULL;
}

static void table_ctx_free(table_ctx *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ncells; i++)
        free(c->cells[i].text);
    free(c->cells);
    tl_table_free(c->t);
    free(c);
}

/* A paragraph ends: its text (list label first) goes to the open cell or the body. */
static tl_code end_para(reader *r, tl_error *err)
{
    para *p = cur_para(r);
    if (!p)
        return TL_OK;
    int num_id = -1, ilvl = 0, heading = p->outline;
    const style *st = find_style(r->nb, p->style);
    for (int hops = 0; st && hops < 10; hops++) {
        if (!heading)
            heading = st->heading;
        if (num_id < 0 && st->num_id >= 0) {
            num_id = st->num_id;
            ilvl = st->ilvl;
        }
        st = st->based[0] ? find_style(r->nb, st->based) : NULL;
    }
    if (p->has_num) {
        num_id = p->num_id;
        ilvl = p->ilvl;
    }
    char label[128] = "";
    if (num_id > 0)
        list_label(r->nb, num_id, ilvl, label, sizeof label);
    char *text = NULL;
    tl_code rc = TL_OK;
    if (label[0] && tl_str_append(&text, "", label))
        goto oom;
    if (p->n) {
        /* HTML tags that leaked into the text are line breaks, as in text sources. */
        char *clean = tl_str_break_tags(p->text);
        int bad = !clean || tl_str_append(&text, label[0] ? " " : "", clean);
        free(clean);
        if (bad)
            goto oom;
    }
    if (text && !tl_str_blank(text)) {
        if (r->tbl && r->tbl->cell_open && r->npara == 1) {
            cellbuf *c = &r->tbl->cells[r->tbl->ncells - 1];
            if (!c->text)
                c->prov = p->prov;
            if (tl_str_append(&c->text, " ", text))
                goto oom;
        } else if (!tl_doc_add_para(r->doc, text, heading > 6 ? 6 : heading, p->prov)) {
            goto oom;
        }
    }
    free(text);
    free(p->text);
    r->npara--;
    return rc;
oom:
    free(text);
    free(p->text);
    r->npara--;
    return tl_error_set(err, TL_E_INTERNAL, "out of memory reading paragraph %d", r->line);
}

/* A row ends: its cells placed on the grid, spans resolved. */
static tl_code end_row(reader *r, tl_error *err)
{
    table_ctx *c = r->tbl;
    size_t width = (size_t)c->grid_before;
    for (size_t i = 0; i < c->ncells; i++)
        width += (size_t)(c->cells[i].span > 0 ? c->cells[i].span : 1);
    if (width > MAX_GRID)
        return tl_error_set(err, TL_E_LIMIT, "a table row %d has %zu columns, over the %d limit",
                            r->line, width, MAX_GRID);
    tl_row *row = tl_table_add_row(c->t, width, TL_ROW_BODY);
    if (!row)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading a table");
    long rowi = (long)c->t->nrows - 1;
    size_t gc = 0;
    tl_prov here = { r->page, r->line, { 0, 0, 0, 0 } };
    for (; gc < (size_t)c->grid_before; gc++) {
        if (tl_cell_set(&row->cells[gc], "", here))
            goto oom;
        c->owner[gc] = -1;
    }
    for (size_t i = 0; i < c->ncells; i++) {
        cellbuf *b = &c->cells[i];
        size_t span = (size_t)(b->span > 0 ? b->span : 1);
        tl_prov pv = b->text ? b->prov : here;
        long own = c->owner[gc];
        if (b->vmerge == 2 && own >= 0 && own < rowi) {
            tl_cell *top = &c->t->rows[own].cells[gc];
            top->rowspan = (int)(rowi - own) + 1;
            if (b->text && tl_str_append(&top->text, " ", b->text))
                goto oom;
            for (size_t k = 0; k < span; k++) {
                if (tl_cell_set(&row->cells[gc + k], "", pv))
                    goto oom;
                row->cells[gc + k].covered = 1;
            }
        } else {
            if (tl_cell_set(&row->cells[gc], b->text ? b->text : "", pv))
                goto oom;
            row->cells[gc].colspan = (int)span;
            for (size_t k = 1; k < span; k++) {
                if (tl_cell_set(&row->cells[gc + k], "", pv))
                    goto oom;
                row->cells[gc + k].covered = 1;
            }
            for (size_t k = 0; k < span; k++)
                c->owner[gc + k] = b->vmerge == 1 ? rowi : -1;
        }
        gc += span;
        free(b->text);
        b->text = NULL;
    }
    if (width > c->t->ncols)
        c->t->ncols = width;
    c->ncells = 0;
    c->grid_before = 0;
    return TL_OK;
oom:
    return tl_error_set(err, TL_E_INTERNAL, "out of memory reading a table");
}

/* The w: elements the reader acts on, told apart by the parser's interned names
 * (a pointer compare instead of string compares per node). */
enum elem {
    E_OTHER, E_P, E_T, E_TAB, E_BR, E_CR, E_NBH, E_LRPB, E_PSTYLE, E_NUMID, E_ILVL, E_OUTLINE, E_TBL, E_TC, E_TR, E_GRIDSPAN, E_VMERGE, E_GRIDBEFORE, E_COUNT
};
static const char *const elem_names[E_COUNT] = {
    NULL, "p", "t", "tab", "br", "cr", "noBreakHyphen", "lastRenderedPageBreak", "pStyle", "numId", "ilvl", "outlineLvl", "tbl", "tc", "tr", "gridSpan", "vMerge", "gridBefore"
};

static int attr_w(xmlTextReaderPtr x, const char *name, char *out, size_t cap)
{
    return tl_zip_attr(x, W_NS, name, out, cap);
}

static tl_code start_elem(reader *r, xmlTextReaderPtr x, int e, int empty, tl_error *err)
{
    char v[64];
    para *p = cur_para(r);
    if (e == E_P) {
        if (r->npara == MAX_PARA_NEST)
            return tl_error_set(err, TL_E_LIMIT, "paragraphs nested over %d deep", MAX_PARA_NEST);
        p = &r->paras[r->npara++];
        memset(p, 0, sizeof *p);
        p->num_id = -1;
        p->prov = (tl_prov){ r->page, ++r->line, { 0, 0, 0, 0 } };
        if (empty)
            return end_para(r, err);
    } else if (e == E_T && !empty) {
        xmlChar *sp = xmlTextReaderGetAttributeNs(x, (const xmlChar *)"space", XML_XML_NAMESPACE);
        r->t_keep = sp && xmlStrEqual(sp, (const xmlChar *)"preserve");
        xmlFree(sp);
        r->in_t = 1;
        r->tn = 0;
    } else if (p && (e == E_TAB || e == E_BR || e == E_CR)) {
        attr_w(x, "type", v, sizeof v);
        if (strcmp(v, "page") == 0)
            r->page++;
        else if (para_put(p, " ", 1))
            goto oom;
    } else if (p && e == E_NBH) {
        if (para_put(p, "-", 1))
            goto oom;
    } else if (e == E_LRPB) {
        r->page++;
    } else if (p && e == E_PSTYLE) {
        attr_w(x, "val", p->style, sizeof p->style);
    } else if (p && e == E_NUMID) {
        if (attr_w(x, "val", v, sizeof v))
            p->num_id = atoi(v), p->has_num = 1;
    } else if (p && e == E_ILVL) {
        if (attr_w(x, "val", v, sizeof v))
            p->ilvl = atoi(v);
    } else if (p && e == E_OUTLINE) {
        if (attr_w(x, "val", v, sizeof v) && atoi(v) >= 0 && atoi(v) < 9)
            p->outline = atoi(v) + 1;
    } else if (e == E_TBL) {
        if (++r->tbl_depth == 1) {
            r->tbl = calloc(1, sizeof *r->tbl);
            if (!r->tbl || !(r->tbl->t = tl_table_new()))
                goto oom;
            r->tbl->t->prov = (tl_prov){ r->page, r->line + 1, { 0, 0, 0, 0 } };
            for (size_t i = 0; i < MAX_GRID; i++)
                r->tbl->owner[i] = -1;
        } else if (!r->nested_warned) {
            r->nested_warned = 1;
            tl_doc_diag(r->doc, TL_WARN, (tl_prov){ r->page, r->line, { 0, 0, 0, 0 } },
                        "a table nested in a table cell is kept as that cell's text");
        }
    } else if (r->tbl_depth == 1 && e == E_TC) {
        table_ctx *c = r->tbl;
        if (tl_grow((void **)&c->cells, &c->capcells, c->ncells + 1, sizeof *c->cells))
            goto oom;
        c->cells[c->ncells++] = (cellbuf){ NULL, 1, 0, { r->page, r->line + 1, { 0, 0, 0, 0 } } };
        c->cell_open = !empty;
    } else if (r->tbl_depth == 1 && r->tbl->cell_open && e == E_GRIDSPAN) {
        if (attr_w(x, "val", v, sizeof v) && atoi(v) > 0 && atoi(v) <= MAX_GRID)
            r->tbl->cells[r->tbl->ncells - 1].span = atoi(v);
    } else if (r->tbl_depth == 1 && r->tbl->cell_open && e == E_VMERGE) {
        attr_w(x, "val", v, sizeof v);
        r->tbl->cells[r->tbl->ncells - 1].vmerge = strcmp(v, "restart") == 0 ? 1 : 2;
    } else if (r->tbl_depth == 1 && e == E_GRIDBEFORE) {
        if (attr_w(x, "val", v, sizeof v) && atoi(v) > 0 && atoi(v) < MAX_GRID)
            r->tbl->grid_before = atoi(v);
    } else if (r->tbl_depth == 1 && e == E_TR && empty) {
        return end_row(r, err);
    }
    return TL_OK;
oom:
    return tl_error_set(err, TL_E_INTERNAL, "out of memory at paragraph %d", r->line);
}

static tl_code end_elem(reader *r, int e, tl_error *err)
{
    if (e == E_P)
        return end_para(r, err);
    if (e == E_T && r->in_t) {
        /* Without xml:space="preserve", white space at the ends is not text (Word
         * does not show it). */
        size_t a = 0, b = r->tn;
        while (!r->t_keep && a < b && strchr(" \t\r\n", r->t[a]))
            a++;
        while (!r->t_keep && b > a && strchr(" \t\r\n", r->t[b - 1]))
            b--;
        para *p = cur_para(r);
        r->in_t = 0;
        if (p && b > a && para_put(p, r->t + a, b - a))
            return tl_error_set(err, TL_E_INTERNAL, "out of memory at paragraph %d", r->line);
    } else if (r->tbl_depth == 1 && e == E_TC) {
        r->tbl->cell_open = 0;
    } else if (r->tbl_depth == 1 && e == E_TR) {
        return end_row(r, err);
    } else if (e == E_TBL && r->tbl_depth > 0) {
        if (--r->tbl_depth == 0) {
            tl_table *t = r->tbl->t;
            r->tbl->t = NULL;
            table_ctx_free(r->tbl);
            r->tbl = NULL;
            return tl_zip_add_table(r->doc, t, err);
        }
    }
    return TL_OK;
}

static tl_code read_document(reader *r, const char *part, const char *xml, size_t len, tl_error *err)
{
    if (len > INT32_MAX)
        return tl_error_set(err, TL_E_LIMIT, "%s is over 2 GB", part);
    xmlTextReaderPtr x = xmlReaderForMemory(xml, (int)len, part, NULL, XML_OPTS);
    if (!x)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading %s", part);
    const xmlChar *w_ns = xmlTextReaderConstString(x, (const xmlChar *)W_NS);
    const xmlChar *mc_ns = xmlTextReaderConstString(x, (const xmlChar *)MC_NS);
    const xmlChar *fallback = xmlTextReaderConstString(x, (const xmlChar *)"Fallback");
    const xmlChar *interned[E_COUNT] = { NULL };
    for (int i = 1; i < E_COUNT; i++)
        interned[i] = xmlTextReaderConstString(x, (const xmlChar *)elem_names[i]);
    tl_code rc = TL_OK;
    int ret;
    while (rc == TL_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        const xmlChar *uri = xmlTextReaderConstNamespaceUri(x);
        const xmlChar *name = xmlTextReaderConstLocalName(x);
        if (type == XML_READER_TYPE_ELEMENT && uri == mc_ns && name == fallback) {
            /* The same content as mc:Choice, for old readers. */
            if (xmlTextReaderNext(x) != 1)
                break;
            /* Next() landed on the sibling: process it in this round. */
            type = xmlTextReaderNodeType(x);
            uri = xmlTextReaderConstNamespaceUri(x);
            name = xmlTextReaderConstLocalName(x);
        }
        int e = E_OTHER;
        for (int i = 1; uri == w_ns && i < E_COUNT && e == E_OTHER; i++)
            if (name == interned[i])
                e = i;
        if (type == XML_READER_TYPE_ELEMENT && e != E_OTHER) {
            rc = start_elem(r, x, e, xmlTextReaderIsEmptyElement(x), err);
        } else if (type == XML_READER_TYPE_END_ELEMENT && e != E_OTHER) {
            rc = end_elem(r, e, err);
        } else if (r->in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                               type == XML_READER_TYPE_CDATA)) {
            const char *s = (const char *)xmlTextReaderConstValue(x);
            if (s && tl_str_put(&r->t, &r->tn, &r->tcap, s, strlen(s)))
                rc = tl_error_set(err, TL_E_INTERNAL, "out of memory at paragraph %d", r->line);
        }
    }
    if (rc == TL_OK && ret < 0)
        rc = tl_zip_xml_error(part, err);
    xmlFreeTextReader(x);
    return rc;
}

/* Page headers and footers (word/header*.xml, word/footer*.xml): read like the body,
 * after it, and marked as page furniture, so they are kept but never taken for it. */
static tl_code read_furniture(zip_t *z, reader *r, tl_error *err)
{
    size_t n = tl_zip_count(z);
    for (size_t i = 0; i < n; i++) {
        const char *name = tl_zip_name(z, i);
        if (!name || (strncmp(name, "word/header", 11) != 0 && strncmp(name, "word/footer", 11) != 0) ||
            strlen(name) < 16 || strcmp(name + strlen(name) - 4, ".xml") != 0)
            continue;
        char *xml = NULL;
        size_t len = 0, before = r->doc->nblocks;
        tl_code rc = tl_zip_part(z, name, 1, &xml, &len, err);
        if (rc == TL_OK)
            rc = read_document(r, name, xml, len, err);
        free(xml);
        if (rc != TL_OK)
            return rc;
        for (size_t k = before; k < r->doc->nblocks; k++)
            r->doc->blocks[k].chrome = TL_CHROME_PAGE;
    }
    return TL_OK;
}

/* ---- the extractor ------------------------------------------------------ */

static int docx_bid(const tl_source *src)
{
    if (tl_zip_sig(src)) {
        if (tl_source_find(src, "word/", 1 << 16))
            return 90;
        if (tl_source_named(src, ".docx"))
            return 60; /* a zip that says so; its directory will tell */
    }
    /* Claimed only to say clearly what it is not. */
    return tl_source_named(src, ".docx") ? 2 : 0;
}

static tl_code docx_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    zip_t *z = NULL;
    tl_code rc = tl_zip_open(src, ".docx", &z, err);
    if (rc != TL_OK)
        return rc;
    numbering nb = { 0 };
    char *xml = NULL, *part = NULL;
    size_t len = 0, plen = 0;
    reader r = { 0 };
    rc = tl_zip_part(z, "word/document.xml", 1, &xml, &len, err);
    if (rc == TL_OK)
        rc = tl_zip_part(z, "word/numbering.xml", 0, &part, &plen, err);
    if (rc == TL_OK && part && read_numbering(part, plen, &nb))
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory reading word/numbering.xml");
    free(part);
    part = NULL;
    if (rc == TL_OK)
        rc = tl_zip_part(z, "word/styles.xml", 0, &part, &plen, err);
    if (rc == TL_OK && part && read_styles(part, plen, &nb))
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory reading word/styles.xml");
    free(part);
    if (rc == TL_OK) {
        r.doc = doc;
        r.nb = &nb;
        r.page = 1;
        rc = read_document(&r, "word/document.xml", xml, len, err);
    }
    if (rc == TL_OK)
        rc = read_furniture(z, &r, err);
    while (r.npara)
        free(r.paras[--r.npara].text);
    free(r.t);
    table_ctx_free(r.tbl);
    if (rc == TL_OK) {
        for (int p = 0; p < r.page; p++)
            tl_doc_add_page(doc, 0, 0, 0);
        if (!doc->nblocks)
            rc = tl_error_set(err, TL_E_EMPTY, "the document has no text");
    }
    numbering_free(&nb);
    free(xml);
    tl_zip_close(z);
    return rc;
}

const tl_extractor tl_extractor_docx = { "docx", docx_bid, docx_extract };
