/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ODT (OpenDocument text, what LibreOffice saves) through libzip and libxml2's
 * streaming reader over content.xml: the same model as a DOCX.
 *
 * text:p and text:h (with its outline level) are paragraphs; table:table is a table,
 * table:number-columns-spanned / -rows-spanned its spans and table:covered-table-cell
 * the positions under them; a table in a cell is that cell's text.  List labels are
 * computed from the list styles (content.xml's automatic styles and styles.xml):
 * number format, prefix, suffix, how many levels show, start value, and
 * text:continue-numbering.  text:s, text:tab and text:line-break are spaces.  Tracked
 * changes: the deleted text lives in text:tracked-changes and is skipped; inserted
 * text is in the body.  Page headers and footers (styles.xml master pages) are kept
 * as page furniture.
 *
 * An ODS (OpenDocument spreadsheet) is the same content.xml with sheets for tables:
 * read by the same reader (ods.c bids for it), each table:table a sheet laid out by
 * sheet.c.  A cell's text:p is the value as shown ("100%" for a percentage 1), which
 * is what a reader reads.  A sheet ends in rows and columns repeated to the sheet's
 * size (number-rows-repeated="1048000"): empty, they cost nothing. */
#include "extract.h"
#include "lists.h"
#include "sheet.h"
#include "zip.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE_NS "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define MIME "application/vnd.oasis.opendocument.text"
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#define LEVELS 10
#define MAX_NEST 8
#define MAX_COLS 1000

typedef struct list_level {
    tl_numfmt fmt;
    char prefix[16], suffix[16];
    int display, start, numbered;
} list_level;

typedef struct list_style {
    char name[64];
    list_level lv[LEVELS];
    int count[LEVELS];
} list_style;

typedef struct ocell {
    char *text;
    int colspan, rowspan, covered, repeat;
    tl_prov prov;
} ocell;

typedef struct opara {
    char *s;
    size_t n, cap;
    int heading;
    char label[96];
    tl_prov prov;
} opara;

typedef struct reader {
    tl_doc *doc;
    list_style *styles;
    size_t nstyles, capstyles;
    list_style *cur_style;   /* being read from a text:list-style */
    /* lists: the style of the outermost open list and the depth */
    list_style *list;
    int list_depth;
    int item_pending;        /* level of a list item opened: its first paragraph takes the label */
    char label[96];
    /* paragraphs, innermost last (frames put paragraphs in paragraphs) */
    opara para[MAX_NEST];
    int npara;
    /* the outermost table */
    tl_table *table;
    int table_depth;
    ocell *cells;
    size_t ncells, capcells;
    int cell_open;
    int skip_depth;          /* inside text:tracked-changes (deleted text), or not furniture */
    int page, line;
    /* spreadsheets */
    int spreadsheet;
    tl_sheet *sheet;         /* the sheet being read */
    int nsheets;
    long srow, scol;         /* the row being read; the next column declared */
    long row_repeat;
    int row_hidden;
    long cells_read;         /* filled cells so far, all sheets */
} reader;

static int attr_int(xmlTextReaderPtr x, const char *ns, const char *name, int dflt)
{
    char v[32];
    return tl_zip_attr(x, ns, name, v, sizeof v) ? atoi(v) : dflt;
}

static list_style *find_style(reader *r, const char *name)
{
    for (size_t i = 0; i < r->nstyles; i++)
        if (strcmp(r->styles[i].name, name) == 0)
            return &r->styles[i];
    return NULL;
}

static tl_numfmt numfmt(const char *f)
{
    if (!f[0])
        return TL_NUM_NONE;
    switch (f[0]) {
    case 'a': return TL_NUM_LOWER_LETTER;
    case 'A': return TL_NUM_UPPER_LETTER;
    case 'i': return TL_NUM_LOWER_ROMAN;
    case 'I': return TL_NUM_UPPER_ROMAN;
    case '1': return TL_NUM_DECIMAL;
    default: return TL_NUM_NONE;
    }
}

/* A list item opens at level (1-based): it is counted and its label made. */
static void count_item(reader *r, int level)
{
    r->label[0] = 0;
    list_style *st = r->list;
    if (!st || level < 1 || level > LEVELS)
        return;
    int l = level - 1;
    const list_level *lv = &st->lv[l];
    st->count[l] = st->count[l] ? st->count[l] + 1 : lv->start;
    for (int d = l + 1; d < LEVELS; d++)
        st->count[d] = 0;
    if (!lv->numbered || lv->fmt == TL_NUM_NONE)
        return;
    int show = lv->display < 1 ? 1 : lv->display > level ? level : lv->display;
    size_t k = (size_t)snprintf(r->label, sizeof r->label, "%s", lv->prefix);
    for (int d = level - show; d <= l && k < sizeof r->label; d++) {
        char v[32];
        tl_num_format(st->lv[d].fmt == TL_NUM_NONE ? TL_NUM_DECIMAL : st->lv[d].fmt,
                      st->count[d] ? st->count[d] : st->lv[d].start, v, sizeof v);
        k += (size_t)snprintf(r->label + k, sizeof r->label - k, "%s%s", v, d < l ? "." : "");
    }
    if (k < sizeof r->label)
        snprintf(r->label + k, sizeof r->label - k, "%s", lv->suffix);
}

static int put(reader *r, const char *s, size_t n)
{
    if (!r->npara)
        return 0;
    opara *p = &r->para[r->npara - 1];
    return tl_str_put(&p->s, &p->n, &p->cap, s, n);
}

static tl_code end_para(reader *r, tl_error *err)
{
    opara *p = &r->para[r->npara - 1];
    char *text = NULL, *clean = p->n ? tl_str_break_tags(p->s) : tl_strdup("");
    int bad = !clean || (p->label[0] && tl_str_append(&text, "", p->label)) ||
              (clean[0] && tl_str_append(&text, " ", clean));
    free(clean);
    if (!bad && text && !tl_str_blank(text)) {
        if (r->table && r->cell_open && r->npara == 1)
            bad = tl_str_append(&r->cells[r->ncells - 1].text, " ", text);
        else
            bad = !tl_doc_add_para(r->doc, text, p->heading > 6 ? 6 : p->heading, p->prov);
    }
    free(text);
    free(p->s);
    r->npara--;
    return bad ? tl_error_set(err, TL_E_INTERNAL, "out of memory at paragraph %d", r->line) : TL_OK;
}

/* A spreadsheet's row, repeated as many times as it says, into the sheet. */
static tl_code sheet_row(reader *r, tl_error *err)
{
    long rows = r->row_repeat < 1 ? 1 : r->row_repeat;
    if (rows > TL_SHEET_MAX_ROWS - r->srow)
        rows = TL_SHEET_MAX_ROWS - r->srow;
    int filled = 0;
    for (size_t i = 0; i < r->ncells && !filled; i++)
        filled = r->cells[i].text && !tl_str_blank(r->cells[i].text);
    tl_code rc = TL_OK;
    if (r->row_hidden)
        rc = tl_sheet_hide_rows(r->sheet, r->srow, r->srow + rows - 1, err);
    for (long k = 0; rc == TL_OK && filled && k < rows; k++) {
        long col = 0;
        for (size_t i = 0; rc == TL_OK && i < r->ncells; i++) {
            ocell *c = &r->cells[i];
            for (int n = 0; rc == TL_OK && n < c->repeat && col < TL_SHEET_MAX_COLS; n++, col++) {
                if (c->covered || !c->text)
                    continue;
                rc = tl_sheet_cell(r->sheet, r->srow + k, col, c->text, &r->cells_read, err);
                if (rc == TL_OK && (c->colspan > 1 || c->rowspan > 1))
                    rc = tl_sheet_merge(r->sheet, r->srow + k, col, r->srow + k + c->rowspan - 1,
                                        col + c->colspan - 1, err);
            }
        }
    }
    for (size_t i = 0; i < r->ncells; i++) {
        free(r->cells[i].text);
        r->cells[i].text = NULL;
    }
    r->ncells = 0;
    r->srow += rows;
    return rc;
}

static tl_code end_row(reader *r, tl_error *err)
{
    if (r->spreadsheet)
        return sheet_row(r, err);
    size_t width = 0;
    for (size_t i = 0; i < r->ncells; i++)
        width += (size_t)r->cells[i].repeat;
    if (width > MAX_COLS)
        width = MAX_COLS;
    tl_row *row = tl_table_add_row(r->table, width, TL_ROW_BODY);
    if (!row)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading a table");
    size_t col = 0;
    for (size_t i = 0; i < r->ncells; i++) {
        ocell *c = &r->cells[i];
        for (int k = 0; k < c->repeat && col < width; k++, col++) {
            if (tl_cell_set(&row->cells[col], c->text && !k ? c->text : "", c->prov))
                return tl_error_set(err, TL_E_INTERNAL, "out of memory reading a table");
            row->cells[col].colspan = c->colspan;
            row->cells[col].rowspan = c->rowspan;
            row->cells[col].covered = c->covered;
        }
        free(c->text);
        c->text = NULL;
    }
    if (width > r->table->ncols)
        r->table->ncols = width;
    r->ncells = 0;
    return TL_OK;
}

static int is(const xmlChar *uri, const char *ns, const char *name, const char *want)
{
    return uri && strcmp((const char *)uri, ns) == 0 && strcmp(name, want) == 0;
}

/* A spreadsheet's table:table: a sheet, and a page of its own. */
static tl_code start_sheet(reader *r, xmlTextReaderPtr x, tl_error *err)
{
    char name[256];
    tl_zip_attr(x, TABLE_NS, "name", name, sizeof name);
    if (r->nsheets >= tl_limits_get()->max_pages)
        return tl_error_set(err, TL_E_LIMIT, "the workbook has over %d sheets", tl_limits_get()->max_pages);
    r->sheet = tl_sheet_new(name, ++r->nsheets);
    if (!r->sheet || tl_doc_add_page(r->doc, 0, 0, 0) < 0)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading sheet \"%s\"", name);
    r->srow = r->scol = 0;
    return TL_OK;
}

/* The text elements: list styles and lists, paragraphs and headings, spaces, tabs
 * and line breaks, page breaks. */
static tl_code start_text(reader *r, xmlTextReaderPtr x, const char *name, int empty, tl_error *err)
{
    const xmlChar *uri = (const xmlChar *)TEXT_NS;
    char v[96];
    if (is(uri, TEXT_NS, name, "list-style")) {
        if (tl_grow((void **)&r->styles, &r->capstyles, r->nstyles + 1, sizeof *r->styles))
            goto oom;
        r->cur_style = &r->styles[r->nstyles++];
        tl_zip_attr(x, STYLE_NS, "name", r->cur_style->name, sizeof r->cur_style->name);
        for (int l = 0; l < LEVELS; l++)
            r->cur_style->lv[l] = (list_level){ TL_NUM_NONE, "", "", 1, 1, 0 };
        if (empty)
            r->cur_style = NULL;
    } else if (r->cur_style && (is(uri, TEXT_NS, name, "list-level-style-number") ||
                                is(uri, TEXT_NS, name, "list-level-style-bullet"))) {
        int l = attr_int(x, TEXT_NS, "level", 0) - 1;
        if (l >= 0 && l < LEVELS) {
            list_level *lv = &r->cur_style->lv[l];
            lv->numbered = strcmp(name, "list-level-style-number") == 0;
            tl_zip_attr(x, STYLE_NS, "num-format", v, sizeof v);
            lv->fmt = lv->numbered ? numfmt(v) : TL_NUM_NONE;
            tl_zip_attr(x, STYLE_NS, "num-prefix", lv->prefix, sizeof lv->prefix);
            tl_zip_attr(x, STYLE_NS, "num-suffix", lv->suffix, sizeof lv->suffix);
            lv->display = attr_int(x, TEXT_NS, "display-levels", 1);
            lv->start = attr_int(x, TEXT_NS, "start-value", 1);
        }
    } else if (is(uri, TEXT_NS, name, "list")) {
        if (r->list_depth++ == 0) {
            tl_zip_attr(x, TEXT_NS, "style-name", v, sizeof v);
            r->list = find_style(r, v);
            tl_zip_attr(x, TEXT_NS, "continue-numbering", v, sizeof v);
            int cont = strcmp(v, "true") == 0 || tl_zip_attr(x, TEXT_NS, "continue-list", v, sizeof v);
            if (r->list && !cont)
                memset(r->list->count, 0, sizeof r->list->count);
        }
        if (empty)
            r->list_depth--;
    } else if (is(uri, TEXT_NS, name, "list-item")) {
        /* Counted at its first paragraph: an item holding only a sublist has no
         * number of its own (the sublist's "1.1." does not make it "2."). */
        r->item_pending = r->list_depth;
    } else if (is(uri, TEXT_NS, name, "p") || is(uri, TEXT_NS, name, "h")) {
        if (r->npara == MAX_NEST)
            return tl_error_set(err, TL_E_LIMIT, "paragraphs nested over %d deep", MAX_NEST);
        opara *p = &r->para[r->npara++];
        memset(p, 0, sizeof *p);
        p->prov = (tl_prov){ r->page, ++r->line, { 0, 0, 0, 0 } };
        if (name[0] == 'h')
            p->heading = attr_int(x, TEXT_NS, "outline-level", 1);
        if (r->item_pending) {
            count_item(r, r->item_pending);
            snprintf(p->label, sizeof p->label, "%s", r->label);
            r->item_pending = 0;
        }
        if (empty)
            return end_para(r, err);
    } else if (is(uri, TEXT_NS, name, "s")) {
        int c = attr_int(x, TEXT_NS, "c", 1);
        for (int i = 0; i < c && i < 64; i++)
            if (put(r, " ", 1))
                goto oom;
    } else if (is(uri, TEXT_NS, name, "tab") || is(uri, TEXT_NS, name, "line-break")) {
        if (put(r, " ", 1))
            goto oom;
    } else if (is(uri, TEXT_NS, name, "soft-page-break")) {
        r->page++;
    }
    return TL_OK;
oom:
    return tl_error_set(err, TL_E_INTERNAL, "out of memory at paragraph %d", r->line);
}

/* The table elements: tables (a spreadsheet's sheets), columns, rows and cells. */
static tl_code start_table(reader *r, xmlTextReaderPtr x, const char *name, int empty, tl_error *err)
{
    const xmlChar *uri = (const xmlChar *)TABLE_NS;
    char v[96];
    if (is(uri, TABLE_NS, name, "table")) {
        if (r->table_depth++ == 0) {
            r->table = tl_table_new();
            if (!r->table)
                goto oom;
            r->table->prov = (tl_prov){ r->page, r->line + 1, { 0, 0, 0, 0 } };
            if (r->spreadsheet) {
                tl_code rc = start_sheet(r, x, err);
                if (rc != TL_OK)
                    return rc;
            }
        }
        if (empty && --r->table_depth == 0) {
            tl_table_free(r->table);
            r->table = NULL;
            if (r->sheet) {
                tl_sheet *sh = r->sheet;
                r->sheet = NULL;
                return tl_sheet_finish(sh, r->doc, err);
            }
        }
    } else if (r->spreadsheet && r->table_depth == 1 && is(uri, TABLE_NS, name, "table-column")) {
        long rep = attr_int(x, TABLE_NS, "number-columns-repeated", 1);
        rep = rep < 1 ? 1 : rep > TL_SHEET_MAX_COLS ? TL_SHEET_MAX_COLS : rep;
        if (tl_zip_attr(x, TABLE_NS, "visibility", v, sizeof v) && strcmp(v, "visible") != 0) {
            tl_code rc = tl_sheet_hide_cols(r->sheet, r->scol, r->scol + rep - 1, err);
            if (rc != TL_OK)
                return rc;
        }
        r->scol += rep;
    } else if (r->spreadsheet && r->table_depth == 1 && is(uri, TABLE_NS, name, "table-row")) {
        r->row_repeat = attr_int(x, TABLE_NS, "number-rows-repeated", 1);
        r->row_hidden = tl_zip_attr(x, TABLE_NS, "visibility", v, sizeof v) && strcmp(v, "visible") != 0;
        if (empty)
            return end_row(r, err);
    } else if (r->table_depth == 1 && (is(uri, TABLE_NS, name, "table-cell") ||
                                       is(uri, TABLE_NS, name, "covered-table-cell"))) {
        if (tl_grow((void **)&r->cells, &r->capcells, r->ncells + 1, sizeof *r->cells))
            goto oom;
        int most = r->spreadsheet ? (int)TL_SHEET_MAX_COLS : MAX_COLS;
        int rep = attr_int(x, TABLE_NS, "number-columns-repeated", 1);
        int cs = attr_int(x, TABLE_NS, "number-columns-spanned", 1);
        int rs = attr_int(x, TABLE_NS, "number-rows-spanned", 1);
        r->cells[r->ncells++] = (ocell){ NULL, cs < 1 ? 1 : cs > most ? most : cs,
                                         rs < 1 ? 1 : rs > (int)TL_SHEET_MAX_ROWS ? (int)TL_SHEET_MAX_ROWS : rs,
                                         name[0] == 'c', rep < 1 ? 1 : rep > most ? most : rep,
                                         { r->page, r->line + 1, { 0, 0, 0, 0 } } };
        r->cell_open = !empty;
    } else if (r->table_depth == 1 && is(uri, TABLE_NS, name, "table-row") && empty) {
        return end_row(r, err);
    }
    return TL_OK;
oom:
    return tl_error_set(err, TL_E_INTERNAL, "out of memory at paragraph %d", r->line);
}

static tl_code start(reader *r, xmlTextReaderPtr x, const xmlChar *uri, const char *name, int empty,
                     tl_error *err)
{
    if (is(uri, TEXT_NS, name, "tracked-changes")) {
        if (!empty)
            r->skip_depth++;
        return TL_OK;
    }
    if (r->skip_depth)
        return TL_OK;
    if (uri && !strcmp((const char *)uri, TEXT_NS))
        return start_text(r, x, name, empty, err);
    if (uri && !strcmp((const char *)uri, TABLE_NS))
        return start_table(r, x, name, empty, err);
    return TL_OK;
}

static tl_code end(reader *r, const xmlChar *uri, const char *name, tl_error *err)
{
    if (is(uri, TEXT_NS, name, "tracked-changes")) {
        if (r->skip_depth)
            r->skip_depth--;
        return TL_OK;
    }
    if (r->skip_depth)
        return TL_OK;
    if (is(uri, TEXT_NS, name, "list-style")) {
        r->cur_style = NULL;
    } else if (is(uri, TEXT_NS, name, "list")) {
        if (r->list_depth > 0 && --r->list_depth == 0)
            r->list = NULL;
    } else if ((is(uri, TEXT_NS, name, "p") || is(uri, TEXT_NS, name, "h")) && r->npara) {
        return end_para(r, err);
    } else if (r->table_depth == 1 && (is(uri, TABLE_NS, name, "table-cell") ||
                                       is(uri, TABLE_NS, name, "covered-table-cell"))) {
        r->cell_open = 0;
    } else if (r->table_depth == 1 && is(uri, TABLE_NS, name, "table-row")) {
        return end_row(r, err);
    } else if (is(uri, TABLE_NS, name, "table") && r->table_depth > 0 && --r->table_depth == 0) {
        tl_table *t = r->table;
        r->table = NULL;
        if (r->sheet) {
            tl_table_free(t); /* a sheet's cells went to the sheet */
            tl_sheet *sh = r->sheet;
            r->sheet = NULL;
            return tl_sheet_finish(sh, r->doc, err);
        }
        return tl_zip_add_table(r->doc, t, err);
    }
    return TL_OK;
}

/* Reads a part.  furniture: only what is inside a page header or footer is text
 * (styles.xml), and it is marked so. */
static tl_code read_part(reader *r, const char *part, const char *xml, size_t len, int furniture,
                         tl_error *err)
{
    if (len > INT32_MAX)
        return tl_error_set(err, TL_E_LIMIT, "%s is over 2 GB", part);
    xmlTextReaderPtr x = xmlReaderForMemory(xml, (int)len, part, NULL, XML_OPTS);
    if (!x)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading %s", part);
    size_t before = r->doc->nblocks;
    int in_hf = 0; /* depth inside style:header / style:footer */
    tl_code rc = TL_OK;
    int ret;
    while (rc == TL_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        const xmlChar *uri = xmlTextReaderConstNamespaceUri(x);
        const char *name = (const char *)xmlTextReaderConstLocalName(x);
        int hf = is(uri, STYLE_NS, name, "header") || is(uri, STYLE_NS, name, "footer") ||
                 is(uri, STYLE_NS, name, "header-left") || is(uri, STYLE_NS, name, "footer-left");
        if (type == XML_READER_TYPE_ELEMENT) {
            if (hf && !xmlTextReaderIsEmptyElement(x))
                in_hf++;
            /* In styles.xml, list styles count everywhere; text only in headers and footers. */
            if (!furniture || in_hf || is(uri, TEXT_NS, name, "list-style") ||
                (r->cur_style && uri && strcmp((const char *)uri, TEXT_NS) == 0))
                rc = start(r, x, uri, name, xmlTextReaderIsEmptyElement(x), err);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (!furniture || in_hf || r->cur_style)
                rc = end(r, uri, name, err);
            if (hf && in_hf)
                in_hf--;
        } else if (!r->skip_depth && r->npara &&
                   (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *s = (const char *)xmlTextReaderConstValue(x);
            if (s && put(r, s, strlen(s)))
                rc = tl_error_set(err, TL_E_INTERNAL, "out of memory at paragraph %d", r->line);
        }
    }
    if (rc == TL_OK && ret < 0)
        rc = tl_zip_xml_error(part, err);
    xmlFreeTextReader(x);
    for (size_t k = before; furniture && k < r->doc->nblocks; k++)
        r->doc->blocks[k].chrome = TL_CHROME_PAGE;
    return rc;
}

static void reader_free(reader *r)
{
    while (r->npara)
        free(r->para[--r->npara].s);
    for (size_t i = 0; i < r->ncells; i++)
        free(r->cells[i].text);
    free(r->cells);
    tl_table_free(r->table);
    tl_sheet_free(r->sheet);
    free(r->styles);
}

/* ---- the extractor ------------------------------------------------------ */

static int odt_bid(const tl_source *src)
{
    if (tl_zip_odf_type(src, MIME))
        return 100;
    if (tl_source_named(src, ".odt"))
        return tl_zip_sig(src) ? 60 : 2;
    return 0;
}

/* A spreadsheet's styles.xml holds the printed page's header and footer (the sheet's
 * name and page number as fields), no text of the workbook's: it is not read. */
tl_code tl_odf_read(const tl_source *src, const char *ext, int spreadsheet, tl_doc *doc, tl_error *err)
{
    zip_t *z = NULL;
    tl_code rc = tl_zip_open(src, ext, &z, err);
    if (rc != TL_OK)
        return rc;
    reader r = { 0 };
    r.doc = doc;
    r.page = 1;
    r.spreadsheet = spreadsheet;
    char *styles = NULL, *content = NULL;
    size_t slen = 0, clen = 0;
    rc = tl_zip_part(z, "content.xml", 1, &content, &clen, err);
    if (rc == TL_OK && !spreadsheet)
        rc = tl_zip_part(z, "styles.xml", 0, &styles, &slen, err);
    /* styles.xml first: the list styles content.xml's lists may name. */
    size_t furniture_from = 0, furniture_to = 0;
    if (rc == TL_OK && styles) {
        rc = read_part(&r, "styles.xml", styles, slen, 1, err);
        furniture_to = doc->nblocks;
    }
    if (rc == TL_OK)
        rc = read_part(&r, "content.xml", content, clen, 0, err);
    /* Page furniture after the body, as for DOCX. */
    if (rc == TL_OK && furniture_to > furniture_from) {
        size_t nf = furniture_to - furniture_from;
        tl_block *tmp = malloc(nf * sizeof *tmp);
        if (!tmp) {
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
        } else {
            memcpy(tmp, doc->blocks, nf * sizeof *tmp);
            memmove(doc->blocks, doc->blocks + nf, (doc->nblocks - nf) * sizeof *tmp);
            memcpy(doc->blocks + doc->nblocks - nf, tmp, nf * sizeof *tmp);
            free(tmp);
        }
    }
    reader_free(&r);
    free(styles);
    free(content);
    tl_zip_close(z);
    if (rc == TL_OK) {
        for (int p = 0; p < r.page && !spreadsheet; p++)
            tl_doc_add_page(doc, 0, 0, 0);
        if (!doc->nblocks)
            rc = tl_error_set(err, TL_E_EMPTY, spreadsheet ? "the workbook has no text" : "the document has no text");
    }
    return rc;
}

static tl_code odt_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    return tl_odf_read(src, ".odt", 0, doc, err);
}

const tl_extractor tl_extractor_odt = { "odt", odt_bid, odt_extract };
