/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plan XML, written with libxml2's text writer (no tree) into memory or into a
 * file that is validated before it is shown to anyone. */
#include "private.h"

#include <errno.h>
#include <glib.h>
#include <libxml/xmlwriter.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS "urn:tailan:plan:1"

typedef struct wr {
    xmlTextWriterPtr w;
    int rc;               /* first writer error, sticky */
    const tl_doc *doc;
} wr;

#define W(call) do { if ((call) < 0) x->rc = -1; } while (0)

static void start(wr *x, const char *name)
{
    W(xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void end(wr *x)
{
    W(xmlTextWriterEndElement(x->w));
}

static void attr(wr *x, const char *name, const char *value)
{
    W(xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}

static void attr_int(wr *x, const char *name, long long v)
{
    W(xmlTextWriterWriteFormatAttribute(x->w, BAD_CAST name, "%lld", v));
}

/* XML 1.0 cannot carry most C0 controls: they become U+FFFD. */
static void text(wr *x, const char *s)
{
    if (!*s) /* nothing written keeps the element empty: <cell/> */
        return;
    int bad = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            bad = 1;
    if (!bad) {
        W(xmlTextWriterWriteString(x->w, BAD_CAST s));
        return;
    }
    size_t n = strlen(s);
    char *c = malloc(n * 3 + 1), *o = c;
    if (!c) {
        x->rc = -1;
        return;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    W(xmlTextWriterWriteString(x->w, BAD_CAST c));
    free(c);
}

static void text_el(wr *x, const char *name, const char *s)
{
    start(x, name);
    text(x, s);
    end(x);
}

static void where(wr *x, tl_prov p)
{
    if (p.page > 0)
        attr_int(x, "page", p.page);
    if (p.line > 0)
        attr_int(x, "line", p.line);
}

/* An xs:decimal: no exponent, no trailing zeros ("%g" wrote a cell's 70440000 as
 * 7.044e+07, which the schema refuses).  DECIMAL_MAX holds any double. */
#define DECIMAL_MAX 400
static void decimal(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.4f", v);
    char *e = buf + strlen(buf);
    while (e > buf && e[-1] == '0')
        *--e = '\0';
    if (e > buf && e[-1] == '.')
        e[-1] = '\0';
}

static void number_attr(wr *x, const char *name, const char *text_value)
{
    double v;
    char buf[DECIMAL_MAX];
    if (tl_parse_number(text_value, &v)) {
        decimal(buf, sizeof buf, v);
        attr(x, name, buf);
    }
}

static void deadline_attrs(wr *x, const char *text)
{
    int q, as_needed;
    if (!tl_parse_deadline(text, &q, &as_needed))
        return;
    if (q) {
        char buf[16];
        size_t n = 0;
        for (int k = 1; k <= 4; k++)
            if (q & (1 << (k - 1)))
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d", n ? " " : "", k);
        attr(x, "quarters", buf);
    }
    if (as_needed)
        attr(x, "asNeeded", "true");
}

static void budget_attrs(wr *x, const char *text)
{
    double amount;
    int has;
    const char *source;
    if (!tl_parse_budget(text, &amount, &has, &source))
        return;
    if (has) {
        char buf[DECIMAL_MAX];
        decimal(buf, sizeof buf, amount);
        attr(x, "amount", buf);
        attr(x, "currency", "MNT");
    }
    if (source)
        attr(x, "source", source);
}

/* A baseline or target is a number only when the cell holds nothing else. */
static int whole_number(const char *s)
{
    while (*s == ' ')
        s++;
    int digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (*s != ',' && *s != '.' && *s != '%' && *s != ' ')
            return 0;
    }
    return digits > 0;
}

/* A file name is bytes; XML is Unicode.  A name that is not UTF-8 (an old Windows
 * archive's windows-1251 names) is shown with U+FFFD for what is not, and kept whole,
 * %XX-escaped, in pathBytes. */
static void write_path(wr *x, const char *path)
{
    if (g_utf8_validate(path, -1, NULL)) {
        attr(x, "path", path);
        return;
    }
    gchar *shown = g_utf8_make_valid(path, -1);
    attr(x, "path", shown);
    g_free(shown);
    gchar *bytes = g_uri_escape_string(path, "/", FALSE);
    attr(x, "pathBytes", bytes);
    g_free(bytes);
}

static void write_source(wr *x, const tl_doc *doc, const tl_source_info *src)
{
    start(x, "source");
    write_path(x, src->path ? src->path : doc->path);
    attr(x, "sha256", src->sha256);
    attr(x, "format", doc->format);
    attr(x, "encoding", doc->encoding);
    if (doc->converted_by)
        attr(x, "convertedBy", doc->converted_by);
    attr_int(x, "pages", (long long)doc->npages);
    attr_int(x, "bytes", (long long)src->bytes);
    end(x);
}

static void write_meta(wr *x, const tl_meta *m)
{
    start(x, "meta");
    if (m->title) {
        start(x, "title");
        if (m->title_clean)
            attr(x, "value", m->title_clean);
        where(x, m->title->para.prov);
        text(x, tl_meta_title_written(m));
        end(x);
    }
    if (m->organization) {
        start(x, "organization");
        attr(x, "value", m->organization);
        end(x);
    }
    if (m->kind) {
        start(x, "kind");
        attr(x, "value", m->kind);
        end(x);
    }
    if (m->year) {
        start(x, "year");
        attr_int(x, "value", m->year);
        end(x);
    }
    if (m->date) {
        start(x, "date");
        if (m->date_iso)
            attr(x, "value", m->date_iso);
        if (m->date_month_day)
            attr(x, "monthDay", m->date_month_day);
        if (m->date_place)
            attr(x, "place", m->date_place);
        where(x, m->date->para.prov);
        text(x, m->date->para.text);
        end(x);
    }
    if (m->number) {
        start(x, "number");
        attr(x, "value", m->number_value);
        where(x, m->number->para.prov);
        text(x, m->number->para.text);
        end(x);
    }
    if (m->place) {
        start(x, "place");
        where(x, m->place->para.prov);
        text(x, m->place->para.text);
        end(x);
    }
    if (m->approves) {
        start(x, "approves");
        if (m->approves_kind)
            attr(x, "kind", m->approves_kind);
        if (m->approves_year)
            attr_int(x, "year", m->approves_year);
        where(x, m->approves->para.prov);
        text(x, m->approves->para.text);
        end(x);
    }
    if (m->annex) {
        start(x, "annex");
        if (m->annex_date_iso)
            attr(x, "date", m->annex_date_iso);
        where(x, m->annex->para.prov);
        text(x, m->annex_text ? m->annex_text : m->annex->para.text);
        end(x);
    }
    for (size_t i = 0; i < m->nsignatories; i++) {
        const tl_signatory *s = &m->signatories[i];
        start(x, "signatory");
        where(x, s->prov);
        if (s->role)
            text_el(x, "role", s->role);
        if (s->position)
            text_el(x, "position", s->position);
        text_el(x, "name", s->name ? s->name : "");
        end(x);
    }
    end(x);
}

static const char *row_kind(tl_row_kind k)
{
    switch (k) {
    case TL_ROW_HEADER: return "header";
    case TL_ROW_COLNUM: return "colnum";
    case TL_ROW_INTERLUDE: return "interlude";
    default: return "body";
    }
}

/* OCR'd text: its confidence, and a mark for review when it is low. */
static void recognised(wr *x, float conf)
{
    if (conf < 0)
        return;
    char buf[16];
    snprintf(buf, sizeof buf, "%.3f", conf);
    attr(x, "conf", buf);
    if (conf < TL_REVIEW_CONF)
        attr(x, "review", "true");
}

static void write_row(wr *x, const tl_row *r)
{
    start(x, "row");
    attr(x, "kind", row_kind(r->kind));
    if (r->ncells)
        where(x, r->cells[0].prov);
    if (r->hidden)
        attr(x, "hidden", "true");
    for (size_t c = 0; c < r->ncells; c++) {
        const tl_cell *cell = &r->cells[c];
        start(x, "cell");
        if (cell->rowspan > 1)
            attr_int(x, "rowspan", cell->rowspan);
        if (cell->colspan > 1)
            attr_int(x, "colspan", cell->colspan);
        if (cell->covered)
            attr(x, "covered", "true");
        if (cell->hidden)
            attr(x, "hidden", "true");
        recognised(x, cell->conf);
        text(x, cell->text ? cell->text : "");
        end(x);
    }
    end(x);
}

static void stitched(wr *x, const tl_table *t)
{
    attr_int(x, "fragments", t->nfragments);
    attr_int(x, "repeats", (long long)t->ndropped);
    if (t->sheet)
        attr(x, "sheet", t->sheet);
}

static void write_provenance(wr *x, const tl_node *plan, const tl_item *it)
{
    const tl_table *t = plan->block->table;
    start(x, "provenance");
    attr_int(x, "page", it->prov.page > 0 ? it->prov.page : 1);
    attr_int(x, "row", (long long)it->row + 1);
    if (it->prov.line > 0)
        attr_int(x, "line", it->prov.line);
    const tl_box *b = &it->prov.box;
    if (b->x1 > b->x0) {
        char buf[96];
        snprintf(buf, sizeof buf, "%.1f %.1f %.1f %.1f", b->x0, b->y0, b->x1, b->y1);
        attr(x, "box", buf);
    }
    if (it->row < t->nrows && t->rows[it->row].hidden)
        attr(x, "hidden", "true");
    end(x);
}

static const char *value_element(tl_field f)
{
    switch (f) {
    case TL_F_ACTION: return "text";
    case TL_F_INDICATOR: case TL_F_BASELINE: case TL_F_TARGET: case TL_F_DEADLINE:
    case TL_F_RESPONSIBLE: case TL_F_BUDGET: case TL_F_IMPLEMENTATION: case TL_F_PERCENT:
    case TL_F_SCORE:
        return tl_field_name(f);
    default:
        return "extra";
    }
}

static void write_item(wr *x, const tl_node *plan, const tl_item *it);

static void write_children(wr *x, const tl_node *plan, const tl_item *it)
{
    for (size_t i = 0; i < it->nchildren; i++)
        write_item(x, plan, it->children[i]);
}

static void write_item(wr *x, const tl_node *plan, const tl_item *it)
{
    start(x, it->kind == TL_ITEM_OBJECTIVE ? "objective" : "action");
    if (it->number)
        attr(x, "number", it->number);
    if (it->shares && it->shares->number)
        attr(x, "sharesWith", it->shares->number);
    if (it->label)
        text_el(x, "label", it->label);
    if (it->kind == TL_ITEM_OBJECTIVE) {
        if (it->title)
            text_el(x, "title", it->title);
        write_provenance(x, plan, it);
        write_children(x, plan, it);
        end(x);
        return;
    }
    /* Values in the schema's field order; unmapped columns last as extra. */
    static const tl_field order[] = { TL_F_ACTION, TL_F_INDICATOR, TL_F_BASELINE, TL_F_TARGET,
                                      TL_F_DEADLINE, TL_F_RESPONSIBLE, TL_F_BUDGET,
                                      TL_F_IMPLEMENTATION, TL_F_PERCENT, TL_F_SCORE, TL_F_NONE };
    for (size_t o = 0; o < sizeof order / sizeof *order; o++) {
        for (size_t i = 0; i < it->nvalues; i++) {
            const tl_value *v = &it->values[i];
            tl_field f = v->field;
            if (f == TL_F_NUMBER || f == TL_F_OBJECTIVE)
                f = TL_F_NONE;
            if (f != order[o])
                continue;
            start(x, value_element(f));
            if (f == TL_F_PERCENT || f == TL_F_SCORE ||
                ((f == TL_F_BASELINE || f == TL_F_TARGET) && whole_number(v->text)))
                number_attr(x, "value", v->text);
            if (f == TL_F_TARGET && v->period)
                attr(x, "period", v->period);
            if (f == TL_F_DEADLINE)
                deadline_attrs(x, v->text);
            if (f == TL_F_BUDGET)
                budget_attrs(x, v->text);
            recognised(x, v->conf);
            if (f == TL_F_NONE) {
                attr_int(x, "column", (long long)v->column);
                if (v->column < plan->ncolumns && plan->columns[v->column].header[0])
                    attr(x, "header", plan->columns[v->column].header);
            }
            text(x, v->text);
            end(x);
        }
    }
    write_provenance(x, plan, it);
    end(x);
}

/* A column the spreadsheet hides: every cell of it is marked. */
static int column_hidden(const tl_table *t, size_t c)
{
    size_t seen = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (c < t->rows[r].ncells) {
            if (!t->rows[r].cells[c].hidden)
                return 0;
            seen++;
        }
    return seen > 0;
}

static void write_plan(wr *x, const tl_node *n)
{
    const tl_table *t = n->block->table;
    start(x, "plan");
    attr(x, "kind", n->plan_kind);
    attr_int(x, "objectives", (long long)n->nobjectives);
    attr_int(x, "actions", (long long)n->nactions);
    stitched(x, t);
    if (t->header_from)
        attr_int(x, "headerPage", t->header_from->prov.page);
    start(x, "columns");
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].kind == TL_ROW_HEADER || t->rows[r].kind == TL_ROW_COLNUM)
            write_row(x, &t->rows[r]);
    for (size_t c = 0; c < n->ncolumns; c++) {
        start(x, "column");
        attr_int(x, "index", (long long)c);
        attr(x, "field", tl_field_name(n->columns[c].field));
        if (n->columns[c].period)
            attr(x, "period", n->columns[c].period);
        if (n->columns[c].header[0])
            attr(x, "header", n->columns[c].header);
        if (n->columns[c].inferred)
            attr(x, "inferred", "true");
        if (column_hidden(t, c))
            attr(x, "hidden", "true");
        end(x);
    }
    end(x);
    write_children(x, n, &n->root);
    end(x);
}

static void write_table(wr *x, const tl_node *n)
{
    const tl_table *t = n->block->table;
    start(x, "table");
    attr(x, "kind", n->plan_kind);
    stitched(x, t);
    for (size_t r = 0; r < t->nrows; r++)
        write_row(x, &t->rows[r]);
    end(x);
}

static void write_para(wr *x, const tl_block *b, const char *name)
{
    start(x, name);
    where(x, b->para.prov);
    if (b->heading && strcmp(name, "p") == 0)
        attr_int(x, "heading", b->heading);
    text(x, b->para.text);
    end(x);
}

static void write_flow(wr *x, const tl_node *n)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        const tl_node *c = n->children[i];
        switch (c->kind) {
        case TL_NODE_P:
            write_para(x, c->block, "p");
            break;
        case TL_NODE_SECTION:
            start(x, "section");
            attr(x, "number", c->number);
            write_para(x, c->title, "title");
            write_flow(x, c);
            end(x);
            break;
        case TL_NODE_PLAN:
            write_plan(x, c);
            break;
        case TL_NODE_TABLE:
            write_table(x, c);
            break;
        }
    }
}

static void repair(wr *x, const tl_cell *c, long long block, long long row, long long col)
{
    start(x, "repair");
    attr_int(x, "block", block);
    if (row >= 0) {
        attr_int(x, "row", row);
        attr_int(x, "column", col);
    }
    where(x, c->prov);
    text_el(x, "orig", c->orig);
    text_el(x, "text", c->text);
    end(x);
}

/* Every paragraph and cell the normalizer repaired: its original beside the repair
 * the body uses (`tailan normalize --edits` lists the rules).  Those whose white
 * space alone was folded are counted, not listed: nothing of their words changed. */
static void write_repairs(wr *x, const tl_doc *doc)
{
    /* every changed cell has an original; those not repaired had white space folded */
    size_t changed = 0, repaired = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (b->kind == TL_BLOCK_PARA) {
            changed += b->para.orig != NULL;
            repaired += (size_t)tl_cell_repaired(&b->para);
            continue;
        }
        for (size_t r = 0; r < b->table->nrows; r++)
            for (size_t c = 0; c < b->table->rows[r].ncells; c++) {
                changed += b->table->rows[r].cells[c].orig != NULL;
                repaired += (size_t)tl_cell_repaired(&b->table->rows[r].cells[c]);
            }
    }
    size_t folded = changed - repaired;
    if (!changed)
        return;
    start(x, "repairs");
    if (folded)
        attr_int(x, "spacesFolded", (long long)folded);
    for (size_t i = 0; i < doc->nblocks; i++) {
        const tl_block *b = &doc->blocks[i];
        if (b->kind == TL_BLOCK_PARA) {
            if (tl_cell_repaired(&b->para))
                repair(x, &b->para, (long long)i + 1, -1, -1);
            continue;
        }
        for (size_t r = 0; r < b->table->nrows; r++)
            for (size_t c = 0; c < b->table->rows[r].ncells; c++)
                if (tl_cell_repaired(&b->table->rows[r].cells[c]))
                    repair(x, &b->table->rows[r].cells[c], (long long)i + 1, (long long)r + 1, (long long)c);
    }
    end(x);
}

/* The whole document through w; returns the writer's first error (< 0) or 0. */
static int write_document(xmlTextWriterPtr w, const tl_doc *doc, const tl_mapped *m, const tl_source_info *src)
{
    wr xs = { w, 0, doc }, *x = &xs;
    W(xmlTextWriterSetIndent(w, 1));
    W(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
    W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
    W(xmlTextWriterStartElement(w, BAD_CAST "document"));
    attr(x, "xmlns", NS); /* first, as a tree would write it */
    attr(x, "version", "1");
    attr(x, "generator", "tailan " TL_VERSION);
    write_source(x, doc, src);
    write_meta(x, &m->meta);
    start(x, "body");
    write_flow(x, &m->body);
    end(x);
    write_repairs(x, doc);
    if (m->nchecks) {
        start(x, "checks");
        for (size_t i = 0; i < m->nchecks; i++) {
            const tl_check *k = &m->checks[i];
            char buf[64];
            start(x, "check");
            attr(x, "what", k->what);
            if (k->level >= 0)
                attr_int(x, "level", k->level);
            decimal(buf, sizeof buf, k->stated);
            attr(x, "stated", buf);
            decimal(buf, sizeof buf, k->found);
            attr(x, "found", buf);
            attr(x, "agrees", k->agrees ? "true" : "false");
            where(x, k->prov);
            end(x);
        }
        end(x);
    }
    if (m->nunmapped) {
        start(x, "unmapped");
        for (size_t i = 0; i < m->nunmapped; i++) {
            const tl_unmapped *u = &m->unmapped[i];
            start(x, "item");
            attr(x, "reason", u->reason);
            if (u->column != SIZE_MAX)
                attr_int(x, "column", (long long)u->column);
            where(x, u->prov);
            text(x, u->text);
            end(x);
        }
        end(x);
    }
    if (doc->ndiags) {
        start(x, "diagnostics");
        for (size_t i = 0; i < doc->ndiags; i++) {
            start(x, "diagnostic");
            attr(x, "level", doc->diags[i].level == TL_WARN ? "warn" : "failed");
            attr(x, "message", doc->diags[i].msg);
            where(x, doc->diags[i].prov);
            end(x);
        }
        end(x);
    }
    W(xmlTextWriterEndDocument(w));
    return x->rc;
}

tl_code tl_xml_build(const tl_doc *doc, const tl_mapped *m, const tl_source_info *src,
                     char **out, size_t *len, tl_error *err)
{
    *out = NULL;
    *len = 0;
    xmlBufferPtr mem = xmlBufferCreate();
    if (mem) /* the default grows by the bytes asked for: quadratic on big outputs */
        xmlBufferSetAllocationScheme(mem, XML_BUFFER_ALLOC_DOUBLEIT);
    xmlTextWriterPtr w = mem ? xmlNewTextWriterMemory(mem, 0) : NULL;
    if (!w) {
        xmlBufferFree(mem);
        return tl_error_set(err, TL_E_INTERNAL, "cannot create the XML writer");
    }
    int rc = write_document(w, doc, m, src);
    xmlFreeTextWriter(w);
    size_t n = (size_t)xmlBufferLength(mem);
    /* libxml2 allocates with malloc unless told otherwise (xmlMemSetup). */
    char *text = rc < 0 ? NULL : (char *)xmlBufferDetach(mem);
    xmlBufferFree(mem);
    if (!text)
        return tl_error_set(err, TL_E_INTERNAL, "the XML writer failed");
    *out = text;
    *len = n;
    return TL_OK;
}

/* The file the XML goes to, and its longest text so far (tl_xml_text_runs). */
typedef struct sink {
    FILE *f;
    size_t run, most;
} sink;

static int file_write(void *ctx, const char *buf, int len)
{
    sink *s = ctx;
    tl_xml_text_runs(buf, (size_t)len, &s->run, &s->most);
    return fwrite(buf, 1, (size_t)len, s->f) == (size_t)len ? len : -1;
}

tl_code tl_xml_write(const tl_doc *doc, const tl_mapped *m, const tl_source_info *src, FILE *f,
                     size_t *longest, tl_error *err)
{
    sink out = { f, 0, 0 };
    xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(file_write, NULL, &out, NULL);
    xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL; /* owns ob from here */
    if (!w) {
        if (ob)
            xmlOutputBufferClose(ob);
        return tl_error_set(err, TL_E_INTERNAL, "cannot create the XML writer");
    }
    int rc = write_document(w, doc, m, src);
    xmlFreeTextWriter(w); /* flushes what it holds */
    if (rc < 0 || fflush(f) != 0 || ferror(f))
        return tl_error_set(err, TL_E_OUTPUT, "cannot write the XML: %s", strerror(errno));
    *longest = out.most;
    return TL_OK;
}
