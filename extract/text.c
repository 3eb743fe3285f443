/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text family: markdown pipe tables with paragraphs, tab-separated rows, plain
 * prose, as earlier converters (OCR, DOCX and web scrapers) leave documents.
 *
 * One pass over lines.  A run of lines starting with '|' is a pipe table (a line of
 * dashes after its first row makes that row the header); a run of lines with tabs
 * is a TSV table; other non-blank lines gather into paragraphs.  Every table piece
 * is emitted as it stands; putting pieces of one table back together is stitching's
 * job (model/stitch.c), so that every extractor gets it. */
#include "cell_lines.h"
#include "chrome.h"
#include "extract.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

enum line_kind { L_BLANK, L_PIPE, L_TSV, L_TEXT };

typedef struct parser {
    tl_doc *doc;
    tl_table *table;       /* table being gathered, or NULL */
    enum line_kind tkind;  /* L_PIPE or L_TSV for table */
    int table_lines;       /* lines seen in the current table, separators included */
    char *para;            /* paragraph being gathered, or NULL */
    int para_line;
    int para_head;         /* the heading kind of the paragraph's last line (head_kind) */
    int para_chrome;       /* the paragraph is a line of page chrome (chrome_alone) */
    int lines_seen;        /* non-blank lines read so far, of any kind */
    int saw_pipe, saw_tsv;
} parser;

static int is_space_at(const char *s, size_t *len)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\f' || *s == '\v') {
        *len = 1;
        return 1;
    }
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { /* no-break space */
        *len = 2;
        return 1;
    }
    return 0;
}

/* Trims white space (no-break space included) from both ends, in place. */
static char *trim(char *s)
{
    size_t l;
    while (*s && is_space_at(s, &l))
        s += l;
    size_t n = strlen(s);
    while (n > 0) {
        if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

static int blank_line(const char *s)
{
    size_t l;
    while (*s) {
        if (!is_space_at(s, &l))
            return 0;
        s += l;
    }
    return 1;
}

/* Inline clean-up of a cell or paragraph: <p> fragments become line breaks, markdown
 * emphasis markers and escapes go, HTML entities are decoded with libxml2's table.
 * Returns a new trimmed string. */
static char *clean_inline(const char *raw)
{
    char *in = tl_str_break_tags(raw);
    if (!in)
        return NULL;
    size_t n = strlen(in);
    char *out = malloc(n * 2 + 1), *o = out;
    if (!out) {
        free(in);
        return NULL;
    }
    for (const char *s = in; *s;) {
        if (s[0] == '*' && s[1] == '*') {
            s += 2;
            continue;
        }
        if (s[0] == '\\' && (s[1] == '|' || s[1] == '*' || s[1] == '_')) {
            *o++ = s[1];
            s += 2;
            continue;
        }
        if (*s == '&') {
            const char *semi = strchr(s, ';');
            if (semi && semi - s > 1 && semi - s < 12) {
                char name[16];
                memcpy(name, s + 1, (size_t)(semi - s - 1));
                name[semi - s - 1] = '\0';
                long cp = -1;
                if (name[0] == '#')
                    cp = name[1] == 'x' || name[1] == 'X' ? strtol(name + 2, NULL, 16)
                                                          : strtol(name + 1, NULL, 10);
                else {
                    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
                    if (e)
                        cp = (long)e->value;
                }
                if (cp > 0 && cp < 0x110000) {
                    int len = xmlCopyCharMultiByte((xmlChar *)o, (int)cp);
                    if (len > 0) {
                        o += len;
                        s = semi + 1;
                        continue;
                    }
                }
            }
        }
        *o++ = *s++;
    }
    *o = '\0';
    /* Single-star emphasis "*П. Отгонбаяр*": drop a pair of stars that hug words. */
    for (char *a = strchr(out, '*'); a; a = strchr(a, '*')) {
        char *b = a[1] && a[1] != ' ' ? strchr(a + 1, '*') : NULL;
        if (b && b[-1] != ' ' && b > a + 1) {
            memmove(b, b + 1, strlen(b + 1) + 1);
            memmove(a, a + 1, strlen(a + 1) + 1);
            a = b - 1;
        } else {
            a++;
        }
    }
    char *t = trim(out);
    char *r = tl_strdup(t);
    free(out);
    free(in);
    return r;
}

static int is_separator_cell(const char *s)
{
    while (*s == ' ')
        s++;
    if (*s == ':')
        s++;
    if (*s != '-')
        return 0;
    while (*s == '-')
        s++;
    if (*s == ':')
        s++;
    while (*s == ' ')
        s++;
    return *s == '\0';
}

/* Splits a line into raw cells: on unescaped '|' for pipe rows, on tabs for TSV. */
static char **split_cells(const char *line, enum line_kind k, size_t *n)
{
    const char *s = line;
    size_t cap = 8, cnt = 0;
    char **cells = malloc(cap * sizeof *cells);
    if (!cells)
        return NULL;
    if (k == L_PIPE) {
        while (*s == ' ')
            s++;
        s++; /* leading '|' */
    }
    size_t len = strlen(s);
    if (k == L_PIPE) {
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
            len--;
        if (len && s[len - 1] == '|' && !(len >= 2 && s[len - 2] == '\\'))
            len--;
    }
    const char *start = s, *end = s + len;
    for (const char *p = s;; p++) {
        int at_end = p >= end;
        int sep = !at_end && (k == L_PIPE ? (*p == '|' && (p == s || p[-1] != '\\')) : *p == '\t');
        if (!sep && !at_end)
            continue;
        if (cnt == cap) {
            cap *= 2;
            char **nc = realloc(cells, cap * sizeof *nc);
            if (!nc)
                goto oom;
            cells = nc;
        }
        cells[cnt] = tl_strndup(start, (size_t)(p - start));
        if (!cells[cnt])
            goto oom;
        cnt++;
        if (at_end)
            break;
        start = p + 1;
    }
    *n = cnt;
    return cells;
oom:
    for (size_t i = 0; i < cnt; i++)
        free(cells[i]);
    free(cells);
    return NULL;
}

static void free_cells(char **c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i]);
    free(c);
}

static tl_code flush_para(parser *p, tl_error *err)
{
    if (!p->para)
        return TL_OK;
    char *raw = p->para;
    p->para = NULL;
    int heading = 0;
    const char *s = raw;
    if (*s == '#') {
        while (*s == '#' && heading < 6) {
            heading++;
            s++;
        }
        if (*s != ' ')
            heading = 0, s = raw;
    } else if (strncmp(s, "**", 2) == 0 && strlen(s) > 4 &&
               strcmp(s + strlen(s) - 2, "**") == 0) {
        heading = 9;
    }
    char *text = clean_inline(s);
    free(raw);
    if (!text)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    tl_code rc = TL_OK;
    if (*text) {
        tl_prov prov = { 1, p->para_line, { 0, 0, 0, 0 } };
        if (!tl_doc_add_para(p->doc, text, heading, prov))
            rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    free(text);
    return rc;
}

static tl_code flush_table(parser *p, tl_error *err)
{
    if (!p->table)
        return TL_OK;
    tl_table *t = p->table;
    p->table = NULL;
    if (!t->nrows) {
        tl_table_free(t);
        return TL_OK;
    }
    if (!tl_doc_add_table(p->doc, t)) {
        tl_table_free(t);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    return TL_OK;
}

static tl_code table_line(parser *p, const char *line, enum line_kind k, int lineno, tl_error *err)
{
    if (p->table && p->tkind != k) {
        tl_code rc = flush_table(p, err);
        if (rc)
            return rc;
    }
    if (!p->table) {
        p->table = tl_table_new();
        if (!p->table)
            return tl_error_set(err, TL_E_INTERNAL, "out of memory");
        p->tkind = k;
        p->table_lines = 0;
    }
    p->table_lines++;
    size_t n;
    char **raw = split_cells(line, k, &n);
    if (!raw)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    int sep = 1;
    for (size_t i = 0; i < n; i++)
        if (!is_separator_cell(raw[i]))
            sep = 0;
    if (sep) {
        /* The dashes under a markdown table's first row make that row the header. */
        tl_table *t = p->table;
        if (k == L_PIPE && p->table_lines == 2 && t->nrows == 1 && !tl_row_is_empty(&t->rows[0]))
            t->rows[0].kind = tl_row_is_colnum(&t->rows[0]) ? TL_ROW_COLNUM : TL_ROW_HEADER;
        free_cells(raw, n);
        return TL_OK;
    }
    tl_row *r = tl_table_add_row(p->table, n, TL_ROW_BODY);
    if (!r) {
        free_cells(raw, n);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }
    tl_prov prov = { 1, lineno, { 0, 0, 0, 0 } };
    for (size_t i = 0; i < n; i++) {
        char *c = clean_inline(raw[i]);
        if (!c || tl_cell_set(&r->cells[i], c, prov)) {
            free(c);
            free_cells(raw, n);
            return tl_error_set(err, TL_E_INTERNAL, "out of memory");
        }
        free(c);
    }
    free_cells(raw, n);
    if (k == L_PIPE)
        p->saw_pipe = 1;
    else
        p->saw_tsv = 1;
    return TL_OK;
}

/* Whether a line opens a numbered item: a number ending in a dot ("2.", "1.2.",
 * "3.1.4."), then text.  "2.5 сая төгрөг" (a wrapped line starting with a figure)
 * does not. */
static int starts_item(const char *t)
{
    const char *p = t;
    int groups = 0;
    while (*p >= '0' && *p <= '9') {
        size_t d = strspn(p, "0123456789");
        if (d > 3 || p[d] != '.')
            return 0;
        p += d + 1;
        groups++;
    }
    while (*p == ' ')
        p++;
    return groups && *p && !(*p >= '0' && *p <= '9');
}

#define HEAD_LINES 12        /* the text's first non-blank lines: its heading block */
#define FIGURE_LINE_WORDS 3  /* words beside the figures of a date's or a counter's line */
#define FIGURE_LINE_BYTES 80
#define FIGURE_DIGITS 6       /* a date's: year, month and day */
#define NUMBER_LINE_BYTES 32

enum { HEAD_PROSE, HEAD_CAPITALS, HEAD_FIGURES };

/* What a line of the heading block is: in capitals (a heading: four capitals or
 * more, four in five of its letters), figures (a date, a number, a counter: six
 * digits or more and at most three words beside them, "2018.12.13    Багахангай
 * дүүрэг", "2022-03-23 343 0", or opening with a year, "2023 оны 01 дүгээр сарын
 * 16-ны өдөр"; a short line of a number and one word, "Дугаар А/15"), or prose. */
static int head_kind(const char *t)
{
    int32_t n = (int32_t)strlen(t), i = 0;
    int upper = 0, lower = 0, digits = 0, words = 0, run = 0;
    while (i <= n) {
        UChar32 c = 0;
        if (i < n)
            U8_NEXT((const uint8_t *)t, i, n, c);
        else
            i++;
        if (u_isalpha(c)) {
            upper += u_isupper(c) != 0;
            lower += u_islower(c) != 0;
            run++;
            continue;
        }
        words += run >= 2;
        run = 0;
        digits += c >= '0' && c <= '9';
    }
    size_t lead = strspn(t, " -/(");
    int year_first = strspn(t + lead, "0123456789") == 4;
    int capitals = upper >= 4 && upper * 5 >= (upper + lower) * 4;
    /* a date has six digits or more; a year opening a title's second line in
     * capitals ("2024 ОНЫ ТӨЛӨВЛӨГӨӨНИЙ ХЭРЭГЖИЛТ", "2024-2028 ОНЫ СТРАТЕГИ") is the
     * title's */
    if (digits >= FIGURE_DIGITS && (words <= FIGURE_LINE_WORDS || year_first) && !(capitals && words >= 2) &&
        n <= FIGURE_LINE_BYTES)
        return HEAD_FIGURES;
    if (digits && words == 1 && n <= NUMBER_LINE_BYTES)
        return HEAD_FIGURES; /* "Дугаар А/15" */
    if (capitals)
        return HEAD_CAPITALS;
    return HEAD_PROSE;
}

/* Whether a line of the heading block starts a paragraph of its own although no
 * blank line stands before it (a page saved as text keeps its heading block's lines
 * apart with single line breaks: the body's name and the title in capitals, the
 * date, then the text): a line of figures stands alone, and capitals and prose
 * part.  Lines in capitals after one another stay together (a title over two
 * lines), as do prose lines (a paragraph wrapped). */
static int head_break(const parser *p, int kind)
{
    if (!p->para || p->lines_seen > HEAD_LINES)
        return 0;
    return kind == HEAD_FIGURES || p->para_head == HEAD_FIGURES || kind != p->para_head;
}

/* Whether a line is page chrome ("« Буцах", "Нүүр / Мэдээ", "Холбоотой мэдээ"): a
 * paragraph of its own wherever it stands, so that chrome marking (chrome.c), which
 * judges paragraphs, can take it out without the text beside it. */
static int chrome_alone(const char *t)
{
    const tl_chrome_words *cw = tl_chrome_get();
    return cw && tl_chrome_alone(cw, t);
}

/* The lines of text[0..len) as the parse below counts them (split at '\n'). */
static tl_text_line *split_lines(const char *text, size_t len, size_t *n)
{
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\n';
    tl_text_line *v = malloc(count * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || text[i] == '\n') {
            v[k] = (tl_text_line){ text + start, i - start, (int)k + 1 };
            k++;
            start = i + 1;
        }
    *n = k;
    return v;
}

/* A table saved one cell per line starting at line index i: added to the document
 * (the paragraph before it ended); the lines it took, or 0. */
static size_t cell_lines(parser *p, const tl_text_line *lines, size_t nlines, size_t i, tl_code *rc, tl_error *err)
{
    tl_table *t = NULL;
    size_t took = lines ? tl_cell_lines_table(lines, i, nlines, &t) : 0;
    if (!took)
        return 0;
    *rc = flush_para(p, err);
    if (*rc == TL_OK && !tl_doc_add_table(p->doc, t)) {
        tl_table_free(t);
        *rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
    } else if (*rc != TL_OK) {
        tl_table_free(t);
    }
    return took;
}

static enum line_kind classify(const char *line)
{
    if (blank_line(line))
        return L_BLANK;
    const char *s = line;
    while (*s == ' ')
        s++;
    if (*s == '|')
        return L_PIPE;
    if (strchr(line, '\t'))
        return L_TSV;
    return L_TEXT;
}

static int text_bid(const tl_source *src)
{
    size_t n = src->size < 65536 ? src->size : 65536;
    /* UTF-16 with a BOM has NUL bytes but is still text. */
    if (n >= 2 && ((src->data[0] == 0xFF && src->data[1] == 0xFE) ||
                   (src->data[0] == 0xFE && src->data[1] == 0xFF)))
        return 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = src->data[i];
        /* NUL and most C0 controls never occur in text documents. */
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B))
            return 0;
    }
    return 1;
}

static tl_code text_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    char *text = NULL;
    size_t len = 0;
    const char *enc = "UTF-8";
    tl_code rc = tl_text_decode(src->data, src->size, &text, &len, &enc, err);
    if (rc)
        return rc;
    free(doc->encoding);
    doc->encoding = tl_strdup(enc);
    if (tl_doc_add_page(doc, 0, 0, 0) < 0 || !doc->encoding) {
        free(text);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    }

    parser p = { .doc = doc };
    int lineno = 0;
    size_t nlines = 0;
    tl_text_line *lines = split_lines(text, len, &nlines); /* NULL: no cell-line tables */
    for (char *line = text; line && rc == TL_OK;) {
        char *nl = memchr(line, '\n', len - (size_t)(line - text));
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        lineno++;
        if (ll > TL_MAX_LINE_BYTES) {
            rc = tl_error_set(err, TL_E_LIMIT, "line %d is %zu bytes, over the %zu-byte line limit",
                              lineno, ll, TL_MAX_LINE_BYTES);
            break;
        }
        if (nl)
            *nl = '\0';
        if (strlen(line) != ll) {
            rc = tl_error_set(err, TL_E_FORMAT, "NUL byte in line %d: binary data, not text", lineno);
            break;
        }
        if (ll && line[ll - 1] == '\r')
            line[ll - 1] = '\0';
        enum line_kind k = classify(line);
        p.lines_seen += k != L_BLANK;
        switch (k) {
        case L_BLANK:
            rc = flush_para(&p, err);
            /* A blank line ends a TSV table piece; pipe tables end at any non-pipe line. */
            if (!rc)
                rc = flush_table(&p, err);
            break;
        case L_PIPE:
        case L_TSV:
            rc = flush_para(&p, err);
            if (!rc)
                rc = table_line(&p, line, k, lineno, err);
            break;
        case L_TEXT:
            rc = flush_table(&p, err);
            size_t took = rc ? 0 : cell_lines(&p, lines, nlines, (size_t)lineno - 1, &rc, err);
            if (took) {
                /* the table's lines are read: go on after them */
                lineno += (int)took - 1;
                nl = (size_t)lineno < nlines ? (char *)lines[lineno].s - 1 : NULL;
                break;
            }
            if (!rc) {
                char *t = trim(line);
                int head = p.lines_seen <= HEAD_LINES ? head_kind(t) : HEAD_PROSE;
                int chrome = chrome_alone(t);
                /* "1.2. ..." on the line after "1.1. ...": a new item, not a wrapped line */
                if (p.para && (starts_item(t) || head_break(&p, head) || chrome || p.para_chrome))
                    rc = flush_para(&p, err);
                if (rc)
                    break;
                p.para_head = head;
                p.para_chrome = chrome;
                if (!p.para) {
                    p.para = tl_strdup(t);
                    p.para_line = lineno;
                    if (!p.para)
                        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
                } else if (tl_str_append(&p.para, "\n", t)) {
                    rc = tl_error_set(err, TL_E_INTERNAL, "out of memory");
                }
            }
            break;
        }
        line = nl ? nl + 1 : NULL;
    }
    if (!rc)
        rc = flush_para(&p, err);
    if (!rc)
        rc = flush_table(&p, err);
    free(p.para);
    tl_table_free(p.table);
    free(lines);
    free(text);
    if (rc)
        return rc;
    if (doc->nblocks == 0)
        return tl_error_set(err, TL_E_EMPTY, "no text: only white space");
    /* A web page saved as text (seed 003) ends in the site's menus and counters. */
    const tl_chrome_words *cw = tl_chrome_get();
    if (!cw)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory");
    tl_chrome_mark_tail(cw, doc);
    tl_chrome_mark_lines(cw, doc);
    free(doc->format);
    doc->format = tl_strdup(p.saw_pipe ? "markdown" : p.saw_tsv ? "tsv" : "text");
    return doc->format ? TL_OK : tl_error_set(err, TL_E_INTERNAL, "out of memory");
}

const tl_extractor tl_extractor_text = { "text", text_bid, text_extract };
