/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTML pages (reports published on government web sites) through libxml2's HTML
 * parser.
 *
 * The bytes are made UTF-8 first: the charset a <meta> names, else what the text
 * decoder finds (UTF-8, UTF-16 with BOM, windows-1251).  Block elements end
 * paragraphs, headings keep their level, <br> is a line break; tables keep rowspan
 * and colspan on the grid, a table inside a cell is that cell's text.  Site chrome is
 * told apart by structure and by words (extract/data/html-chrome.tsv): chrome
 * elements (nav, footer, aside ...), an id or class word (menu, sidebar, poll,
 * counter ...), a block whose text is mostly links, and a chrome title ("Веб
 * статистик", "Санал асуулга" ...) that makes the rest of its container chrome.
 * Chrome blocks are kept, marked, so the schema stage puts them outside the body.
 * Scripts, styles and the <head> are not text.  libxml2 stops nesting at 256
 * levels; deeper pages are refused. */
#include "chrome.h"
#include "extract.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>

#define LINK_SHARE 0.7 /* of a block's text in links: a link list */
#define LINKS_MIN 3
/* libxml2's HTML parser holds the whole tree: a 50 MB page peaks near 800 MB.  Pages
 * of reports are under 5 MB; beyond this a page is refused rather than risk the
 * memory of a corpus worker. */
#define MAX_HTML_BYTES ((size_t)128 << 20)

/* ---- charset ------------------------------------------------------------ */

static int isalnum_ascii(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The charset a <meta> in the first 4 KB names, lower-cased, or "". */
static void meta_charset(const unsigned char *d, size_t n, char *out, size_t cap)
{
    out[0] = 0;
    if (n > 4096)
        n = 4096;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncasecmp((const char *)d + i, "charset=", 8) != 0)
            continue;
        size_t j = i + 8, k = 0;
        while (j < n && (d[j] == '"' || d[j] == '\'' || d[j] == ' '))
            j++;
        while (j < n && k + 1 < cap && (isalnum_ascii(d[j]) || d[j] == '-' || d[j] == '_'))
            out[k++] = (char)((d[j] >= 'A' && d[j] <= 'Z') ? d[j++] + 32 : d[j++]);
        out[k] = 0;
        return;
    }
}

/* The page as UTF-8: the named charset when ICU knows it, else the text decoder's
 * finding. */
static tl_code to_utf8(const tl_source *src, char **out, size_t *len, const char **enc, tl_error *err)
{
    char cs[40];
    meta_charset(src->data, src->size, cs, sizeof cs);
    if (cs[0] && strcmp(cs, "utf-8") != 0 && strcmp(cs, "utf8") != 0) {
        UErrorCode ue = U_ZERO_ERROR;
        int32_t need = ucnv_convert("UTF-8", cs, NULL, 0, (const char *)src->data, (int32_t)src->size, &ue);
        if (ue == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(ue)) {
            char *buf = malloc((size_t)need + 1);
            if (!buf)
                return tl_error_set(err, TL_E_INTERNAL, "out of memory decoding the page");
            ue = U_ZERO_ERROR;
            ucnv_convert("UTF-8", cs, buf, need + 1, (const char *)src->data, (int32_t)src->size, &ue);
            if (U_SUCCESS(ue)) {
                buf[need] = 0;
                *out = buf;
                *len = (size_t)need;
                *enc = strcmp(cs, "windows-1251") == 0 || strcmp(cs, "cp1251") == 0 ? "windows-1251" : "declared";
                return TL_OK;
            }
            free(buf);
        }
        /* A charset ICU does not know: let the bytes speak. */
    }
    return tl_text_decode(src->data, src->size, out, len, enc, err);
}

/* ---- walking the page --------------------------------------------------- */

typedef struct walker {
    tl_doc *doc;
    const tl_chrome_words *cw;
    char *buf;          /* the paragraph being gathered */
    size_t n, cap;
    int heading;        /* of that paragraph */
    int chrome;         /* of that paragraph */
    int cue;            /* a chrome title was just flushed: the rest of its container is chrome */
    int line;           /* block ordinal, for provenance */
    char **sink;        /* inside a table cell: text goes here, not into blocks */
} walker;

static int is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static int is_any(xmlNodePtr n, const char *const *names)
{
    for (; *names; names++)
        if (is(n, *names))
            return 1;
    return 0;
}

static const char *const skipped[] = { "script", "style", "noscript", "head", "template", "svg", "object",
                                       "embed", NULL };
static const char *const blocks[] = { "table", "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt",
                                      "dd", "blockquote", "pre", "address", "center", "h1", "h2", "h3",
                                      "h4", "h5", "h6", "tr", "td", "th", "body", "header", "footer",
                                      "nav", "aside", "form", "hr", "fieldset", "figure", "figcaption",
                                      "caption", NULL };

static int heading_level(xmlNodePtr n)
{
    if (n->type == XML_ELEMENT_NODE && (n->name[0] == 'h' || n->name[0] == 'H') && n->name[1] >= '1' &&
        n->name[1] <= '6' && !n->name[2])
        return n->name[1] - '0';
    return 0;
}

/* Whether the element itself is chrome: its tag, or a word of its id or class. */
static int chrome_elem(const walker *w, xmlNodePtr n)
{
    for (size_t i = 0; i < w->cw->ntags; i++)
        if (is(n, w->cw->tags[i]))
            return 1;
    static const char *const attrs[] = { "id", "class", "role", NULL };
    for (const char *const *a = attrs; *a; a++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)*a);
        if (!v)
            continue;
        int hit = 0;
        for (const char *s = (const char *)v; *s && !hit;) {
            while (*s && !isalnum_ascii((unsigned char)*s))
                s++;
            const char *e = s;
            while (*e && isalnum_ascii((unsigned char)*e))
                e++;
            for (size_t i = 0; i < w->cw->nwords && e > s && !hit; i++)
                hit = strlen(w->cw->words[i]) == (size_t)(e - s) && !strncasecmp(s, w->cw->words[i], (size_t)(e - s));
            s = e;
        }
        xmlFree(v);
        if (hit)
            return 1;
    }
    return 0;
}

/* Text length of n and of the links in it; links counted. */
static void link_share(xmlNodePtr n, int in_link, size_t *all, size_t *linked, size_t *links)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            size_t l = 0;
            for (const xmlChar *p = c->content; *p; p++)
                l += *p > ' ';
            *all += l;
            if (in_link)
                *linked += l;
        } else if (c->type == XML_ELEMENT_NODE && !is_any(c, skipped)) {
            int a = is(c, "a");
            *links += (size_t)a;
            link_share(c, in_link || a, all, linked, links);
        }
    }
}

static int link_list(xmlNodePtr n)
{
    size_t all = 0, linked = 0, links = 0;
    link_share(n, 0, &all, &linked, &links);
    return links >= LINKS_MIN && all > 0 && (double)linked >= LINK_SHARE * (double)all;
}

static int put(walker *w, const char *s, size_t n)
{
    return tl_str_put(&w->buf, &w->n, &w->cap, s, n);
}

/* Appends text with runs of white space folded to one space, as a browser shows it
 * (HTML folds ASCII white space only: a no-break space stays, for the normalizer). */
static int put_text(walker *w, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            if (w->n && w->buf[w->n - 1] != ' ' && w->buf[w->n - 1] != '\n' && put(w, " ", 1))
                return -1;
            continue;
        }
        if (put(w, s, 1))
            return -1;
    }
    return 0;
}

static int title_cue(const walker *w, const char *text)
{
    return tl_chrome_title(w->cw, text);
}

/* The gathered paragraph becomes a block. */
static int flush(walker *w)
{
    /* The ends are trimmed of spaces and of the no-break spaces pages indent with. */
    size_t a = 0, b = w->n;
    for (;;) {
        if (a < b && (w->buf[a] == ' ' || w->buf[a] == '\n'))
            a++;
        else if (a + 1 < b && (unsigned char)w->buf[a] == 0xC2 && (unsigned char)w->buf[a + 1] == 0xA0)
            a += 2;
        else
            break;
    }
    for (;;) {
        if (b > a && (w->buf[b - 1] == ' ' || w->buf[b - 1] == '\n'))
            b--;
        else if (b >= a + 2 && (unsigned char)w->buf[b - 2] == 0xC2 && (unsigned char)w->buf[b - 1] == 0xA0)
            b -= 2;
        else
            break;
    }
    int rc = 0;
    if (b > a && w->sink) {
        char *text = tl_strndup(w->buf + a, b - a);
        rc = !text || tl_str_append(w->sink, " ", text) ? -1 : 0;
        free(text);
    } else if (b > a) {
        char *text = tl_strndup(w->buf + a, b - a);
        if (!text)
            return -1;
        int cue = !w->chrome && title_cue(w, text);
        tl_block *blk = tl_doc_add_para(w->doc, text, w->heading, (tl_prov){ 1, ++w->line, { 0, 0, 0, 0 } });
        free(text);
        if (!blk)
            rc = -1;
        else
            blk->chrome = w->chrome || cue ? TL_CHROME_SITE : TL_BODY;
        w->cue |= cue;
    }
    w->n = 0;
    w->heading = 0;
    return rc;
}

static int walk(walker *w, xmlNodePtr n, int chrome);

/* Plain text of a cell: its paragraphs (and any table in it) joined with a space. */
static char *cell_text(walker *w, xmlNodePtr td)
{
    char *out = NULL;
    walker sub = { w->doc, w->cw, NULL, 0, 0, 0, 0, 0, w->line, &out };
    int bad = walk(&sub, td, 0) || flush(&sub);
    free(sub.buf);
    if (bad) {
        free(out);
        return NULL;
    }
    return out ? out : tl_strdup("");
}

static int span_attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int s = v ? atoi((const char *)v) : 1;
    xmlFree(v);
    return s < 1 ? 1 : s > 1000 ? 1000 : s;
}

static int holds_table(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (is(c, "table") || holds_table(c)))
            return 1;
    return 0;
}

/* The rows of a table, through thead/tbody/tfoot; at most limit. */
static int collect_rows(xmlNodePtr n, xmlNodePtr **rows, size_t *nrows, size_t *cap, size_t limit)
{
    for (xmlNodePtr c = n->children; c && *nrows < limit; c = c->next) {
        if (is(c, "tr")) {
            if (tl_grow((void **)rows, cap, *nrows + 1, sizeof **rows))
                return -1;
            (*rows)[(*nrows)++] = c;
        } else if ((is(c, "thead") || is(c, "tbody") || is(c, "tfoot")) &&
                   collect_rows(c, rows, nrows, cap, limit)) {
            return -1;
        }
    }
    return 0;
}

#define MAX_COLS 1000

/* A <table> as a table block: cells placed on the grid, spans kept. */
static int table_block(walker *w, xmlNodePtr tbl, int chrome)
{
    size_t nrows = 0, caprows = 0;
    xmlNodePtr *rows = NULL;
    tl_table *t = tl_table_new();
    int *busy = NULL; /* per column: rows still covered by a rowspan above */
    if (!t || collect_rows(tbl, &rows, &nrows, &caprows, SIZE_MAX))
        goto oom;
    busy = calloc(MAX_COLS, sizeof *busy);
    if (!busy)
        goto oom;
    t->prov = (tl_prov){ 1, w->line + 1, { 0, 0, 0, 0 } };
    for (size_t r = 0; r < nrows; r++) {
        /* Width of this row: its cells placed after the positions covered from above. */
        size_t width = 0, at = 0;
        for (xmlNodePtr c = rows[r]->children; c; c = c->next) {
            if (!is(c, "td") && !is(c, "th"))
                continue;
            while (at < MAX_COLS && busy[at])
                at++;
            at += (size_t)span_attr(c, "colspan");
        }
        width = at;
        for (size_t k = 0; k < MAX_COLS; k++)
            if (busy[k] && k + 1 > width)
                width = k + 1;
        if (width > MAX_COLS)
            width = MAX_COLS;
        tl_row *row = tl_table_add_row(t, width, TL_ROW_BODY);
        if (!row)
            goto oom;
        tl_prov pv = { 1, ++w->line, { 0, 0, 0, 0 } };
        for (size_t k = 0; k < width; k++)
            if (tl_cell_set(&row->cells[k], "", pv))
                goto oom;
        size_t col = 0;
        for (xmlNodePtr c = rows[r]->children; c; c = c->next) {
            if (!is(c, "td") && !is(c, "th"))
                continue;
            while (col < width && busy[col])
                row->cells[col++].covered = 1;
            if (col >= width)
                break;
            int cs = span_attr(c, "colspan"), rs = span_attr(c, "rowspan");
            char *text = cell_text(w, c);
            if (!text)
                goto oom;
            tl_cell_replace(&row->cells[col], text);
            free(row->cells[col].orig);
            row->cells[col].orig = NULL;
            row->cells[col].colspan = cs;
            row->cells[col].rowspan = rs;
            for (int k = 0; k < cs && col + (size_t)k < width; k++) {
                if (k)
                    row->cells[col + (size_t)k].covered = 1;
                if (rs > 1)
                    busy[col + (size_t)k] = rs; /* decremented below for this row */
            }
            col += (size_t)cs;
        }
        for (; col < width; col++)
            if (busy[col])
                row->cells[col].covered = 1;
        for (size_t k = 0; k < MAX_COLS; k++)
            if (busy[k])
                busy[k]--;
        if (width > t->ncols)
            t->ncols = width;
    }
    free(rows);
    free(busy);
    tl_table_collapse_grid(t);
    if (!t->nrows || w->sink) {
        /* In a cell, a table is the cell's text. */
        int bad = 0;
        for (size_t r = 0; w->sink && !bad && r < t->nrows; r++)
            for (size_t c = 0; !bad && c < t->rows[r].ncells; c++)
                if (!tl_str_blank(t->rows[r].cells[c].text))
                    bad = tl_str_append(w->sink, " ", t->rows[r].cells[c].text);
        tl_table_free(t);
        return bad ? -1 : 0;
    }
    tl_block *b = tl_doc_add_table(w->doc, t);
    if (!b) {
        tl_table_free(t);
        return -1;
    }
    b->chrome = chrome || link_list(tbl) ? TL_CHROME_SITE : TL_BODY;
    return 0;
oom:
    free(rows);
    free(busy);
    tl_table_free(t);
    return -1;
}

/* A table that lays out a page rather than holding data: a cell of it holds a
 * table.  Its cells are walked as containers. */
static int layout_table(xmlNodePtr tbl)
{
    xmlNodePtr *rows = NULL;
    size_t n = 0, cap = 0;
    int yes = 0;
    if (collect_rows(tbl, &rows, &n, &cap, 64))
        yes = 0; /* out of memory: read it as a data table */
    for (size_t r = 0; r < n && !yes; r++)
        for (xmlNodePtr c = rows[r]->children; c && !yes; c = c->next)
            yes = (is(c, "td") || is(c, "th")) && holds_table(c);
    free(rows);
    return yes;
}

static int walk(walker *w, xmlNodePtr n, int chrome)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && put_text(w, (const char *)c->content))
                return -1;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || is_any(c, skipped))
            continue;
        if (is(c, "br")) {
            if (put(w, "\n", 1))
                return -1;
            continue;
        }
        int ch = chrome || chrome_elem(w, c);
        if (is(c, "table") && !layout_table(c)) {
            if (flush(w) || table_block(w, c, ch))
                return -1;
            continue;
        }
        if (!is_any(c, blocks)) {
            if (walk(w, c, ch))
                return -1;
            continue;
        }
        /* A block: it starts and ends a paragraph. */
        if (!ch && c->children && link_list(c) && !heading_level(c))
            ch = 1;
        if (flush(w))
            return -1;
        if (w->cue) /* the inline text before this block was a chrome title */
            chrome = ch = 1;
        w->chrome = ch;
        w->heading = heading_level(c);
        w->cue = 0;
        if (walk(w, c, ch))
            return -1;
        w->chrome = ch;
        if (heading_level(c))
            w->heading = heading_level(c);
        if (flush(w))
            return -1;
        w->chrome = chrome;
        /* A chrome title: what follows it in this container is chrome too. */
        if (w->cue) {
            chrome = 1;
            w->cue = 0;
        }
    }
    return 0;
}

/* ---- the extractor ------------------------------------------------------ */

static int html_bid(const tl_source *src)
{
    size_t n = src->size < 2048 ? src->size : 2048;
    const char *s = (const char *)src->data;
    static const char *const marks[] = { "<!doctype html", "<html", "<body", "<table", "<meta", NULL };
    for (size_t i = 0; i < n; i++)
        for (const char *const *m = marks; *m; m++)
            if (src->data[i] == '<' && n - i >= strlen(*m) && !strncasecmp(s + i, *m, strlen(*m)))
                return 50;
    if (tl_source_named(src, ".html") || tl_source_named(src, ".htm"))
        return 40;
    return 0;
}

static tl_code html_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    if (src->size > MAX_HTML_BYTES)
        return tl_error_set(err, TL_E_LIMIT, "an HTML page of %zu MB, over the %zu MB limit for pages",
                            src->size >> 20, MAX_HTML_BYTES >> 20);
    char *utf8 = NULL;
    size_t len = 0;
    const char *enc = "UTF-8";
    tl_code rc = to_utf8(src, &utf8, &len, &enc, err);
    if (rc)
        return rc;
    if (len > INT32_MAX) {
        free(utf8);
        return tl_error_set(err, TL_E_LIMIT, "page over 2 GB");
    }
    free(doc->encoding);
    doc->encoding = tl_strdup(enc);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        free(utf8);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    htmlDocPtr d = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                          HTML_PARSE_NONET);
    free(utf8);
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    if (e && e->message && strstr(e->message, "Excessive depth")) {
        xmlFreeDoc(d);
        htmlFreeParserCtxt(ctxt);
        return tl_error_set(err, TL_E_LIMIT, "HTML nested deeper than 256 elements");
    }
    htmlFreeParserCtxt(ctxt);
    if (!d || !xmlDocGetRootElement(d)) {
        xmlFreeDoc(d);
        return tl_error_set(err, TL_E_EMPTY, "the page has no content");
    }
    const tl_chrome_words *cw = tl_chrome_get();
    walker w = { doc, cw, NULL, 0, 0, 0, 0, 0, 0, NULL };
    if (!cw || tl_doc_add_page(doc, 0, 0, 0) < 0 || walk(&w, (xmlNodePtr)d, 0) || flush(&w))
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory reading the page");
    free(w.buf);
    xmlFreeDoc(d);
    if (rc == TL_OK && !doc->nblocks)
        rc = tl_error_set(err, TL_E_EMPTY, "the page has no text");
    return rc;
}

const tl_extractor tl_extractor_html = { "html", html_bid, html_extract };
