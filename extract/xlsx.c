/* SPDX-License-Identifier: GPL-3.0-or-later */
/* XLSX (Office Open XML workbooks, what Excel saves) through libzip and libxml2's
 * streaming reader: every sheet, in the workbook's order, is a table of its own
 * named for the sheet (sheet.c lays it out).
 *
 * A cell's text is what Excel shows, not what it stores: a plan's percent column
 * holds 1 formatted "0%", which a reader reads as "100%", and a deadline holds
 * 45657 formatted as a date.  So the number format of the cell's style decides:
 * percents, fixed decimals, thousands separators, dates and times (a format's
 * first section, as Excel shows a positive number); General gives the shortest
 * form of the number.  A formula's cached value is its text (the formula is not
 * run again).  Shared strings, inline strings and rich text runs are text;
 * phonetic runs are not. */
#include "extract.h"
#include "sheet.h"
#include "zip.h"

#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE)
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

typedef enum fmt_kind { F_GENERAL = 0, F_FIXED, F_PERCENT, F_DATE, F_TIME, F_DATETIME, F_TEXT } fmt_kind;

typedef struct fmt {
    fmt_kind kind;
    int decimals, grouped;
    char prefix[16], suffix[24]; /* literal text around the number: "₮", " төг" */
} fmt;

typedef struct numfmt {
    long id;
    fmt f;
} numfmt;

typedef struct sheet_ref {
    char name[256];
    char rid[64];
    int hidden;
} sheet_ref;

typedef struct rel {
    char id[64];
    char target[512];
} rel;

typedef struct book {
    zip_t *z;
    rel *rels;
    size_t nrels, caprels;
    int date1904;
    sheet_ref *sheets;
    size_t nsheets, capsheets;
    numfmt *numfmts;       /* custom formats by id */
    size_t nnumfmts, capnumfmts;
    fmt *xfs;              /* cellXfs: a cell's style index -> its format */
    size_t nxfs, capxfs;
    char **strings;        /* the shared strings */
    size_t nstrings, capstrings;
    long cells;            /* filled cells read so far, all sheets */
} book;

/* ---- number formats ---------------------------------------------------- */

/* Excel's built-in formats by id (ECMA-376 18.8.30); the ids not listed are General
 * or locale-specific dates (27-36, 50-58). */
static fmt builtin_fmt(long id)
{
    switch (id) {
    case 1: return (fmt){ F_FIXED, 0, 0 };
    case 2: return (fmt){ F_FIXED, 2, 0 };
    case 3: case 37: case 38: return (fmt){ F_FIXED, 0, 1 };
    case 4: case 39: case 40: return (fmt){ F_FIXED, 2, 1 };
    case 9: return (fmt){ F_PERCENT, 0, 0 };
    case 10: return (fmt){ F_PERCENT, 2, 0 };
    case 14: case 15: case 16: case 17: return (fmt){ F_DATE, 0, 0 };
    case 18: case 19: case 20: case 21: case 45: case 46: case 47: return (fmt){ F_TIME, 0, 0 };
    case 22: return (fmt){ F_DATETIME, 0, 0 };
    case 49: return (fmt){ F_TEXT, 0, 0 };
    default:
        if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58))
            return (fmt){ F_DATE, 0, 0 };
        return (fmt){ F_GENERAL, 0, 0 };
    }
}

/* Literal text of a format: before the first digit placeholder or after. */
static void literal(fmt *f, int digits, const char *s, size_t n)
{
    char *to = digits ? f->suffix : f->prefix;
    size_t cap = digits ? sizeof f->suffix : sizeof f->prefix, len = strlen(to);
    if (len + n < cap) {
        memcpy(to + len, s, n);
        to[len + n] = 0;
    }
}

/* What a format code shows a positive number as: its first section, its quoted and
 * escaped literal text kept, fills, paddings and [colour] / [$-locale] brackets not. */
static fmt parse_fmt(const char *code)
{
    int percent = 0, date = 0, time = 0, month = 0, decimals = 0, after_point = 0, grouped = 0, digits = 0;
    fmt lit = { 0 };
    if (strcmp(code, "@") == 0)
        return (fmt){ F_TEXT, 0, 0, "", "" };
    if (strncasecmp(code, "General", 7) == 0) /* its letters are no date's */
        return (fmt){ F_GENERAL, 0, 0, "", "" };
    for (const char *p = code; *p && *p != ';'; p++) {
        char c = *p;
        if (c == '"') {
            const char *from = p + 1;
            while (p[1] && p[1] != '"')
                p++;
            literal(&lit, digits, from, (size_t)(p + 1 - from));
            if (p[1])
                p++;
        } else if (c == '\\') {
            if (p[1]) {
                int len = 1;
                while ((p[1 + len] & 0xC0) == 0x80) /* a whole UTF-8 letter */
                    len++;
                literal(&lit, digits, p + 1, (size_t)len);
                p += len;
            }
        } else if (c == '_' || c == '*') {
            if (p[1])
                p++;
        } else if (c == '[') {
            const char *e = strchr(p, ']');
            if (!e)
                break;
            if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' || p[1] == 'S')
                time = 1; /* [h]:mm elapsed time */
            p = e;
        } else if (c == '%') {
            percent = 1;
        } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
            date = 1;
        } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
            time = 1;
        } else if (c == 'm' || c == 'M') {
            month = 1;
        } else if (c == '.') {
            after_point = 1;
        } else if (c == '0' || c == '#' || c == '?') {
            decimals += after_point;
            digits = 1;
        } else if (c == ',' && digits && (p[1] == '#' || p[1] == '0')) {
            grouped = 1;
        } else if (strchr(" $-+()/:", c) || (unsigned char)c >= 0x80) {
            int len = 1; /* shown as written: "₮" and the like need no quotes */
            while ((p[len] & 0xC0) == 0x80)
                len++;
            literal(&lit, digits, p, (size_t)len);
            p += len - 1;
        }
    }
    if (month && !time)
        date = 1;
    /* Dates and times are written one way, ISO 8601, whatever the format's order. */
    if (date && time)
        return (fmt){ F_DATETIME, 0, 0, "", "" };
    if (date)
        return (fmt){ F_DATE, 0, 0, "", "" };
    if (time)
        return (fmt){ F_TIME, 0, 0, "", "" };
    if (!digits)
        return (fmt){ F_GENERAL, 0, 0, "", "" };
    lit.kind = percent ? F_PERCENT : F_FIXED;
    lit.decimals = decimals;
    lit.grouped = grouped && !percent;
    return lit;
}

static fmt style_fmt(const book *b, long style)
{
    if (style < 0 || (size_t)style >= b->nxfs)
        return (fmt){ F_GENERAL, 0, 0 };
    return b->xfs[style];
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Groups an integer's digits by three with commas, as Excel shows "#,##0". */
static void group_digits(char *s, size_t cap)
{
    char *start = s + (s[0] == '-'), *point = strchr(start, '.');
    size_t intlen = point ? (size_t)(point - start) : strlen(start);
    size_t commas = intlen > 3 ? (intlen - 1) / 3 : 0, len = strlen(s);
    if (!commas || len + commas + 1 > cap)
        return;
    memmove(start + intlen + commas, start + intlen, len - (size_t)(start - s) - intlen + 1);
    char *src = start + intlen, *dst = start + intlen + commas;
    for (size_t k = 0; k < intlen; k++) {
        *--dst = *--src;
        if (k % 3 == 2 && k + 1 < intlen)
            *--dst = ',';
    }
}

static void show_number(const book *b, const char *v, fmt f, char *out, size_t cap)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !isfinite(x)) {
        snprintf(out, cap, "%s", v); /* not a number after all: shown as stored */
        return;
    }
    if ((f.kind == F_DATE || f.kind == F_TIME || f.kind == F_DATETIME) && (x < 0 || x >= 2958466))
        f.kind = F_GENERAL; /* no date Excel can show */
    switch (f.kind) {
    case F_FIXED: case F_PERCENT: {
        char num[64];
        snprintf(num, sizeof num, "%.*f", f.decimals > 10 ? 10 : f.decimals, f.kind == F_PERCENT ? x * 100 : x);
        if (f.grouped)
            group_digits(num, sizeof num);
        snprintf(out, cap, "%s%s%s%s", f.prefix, num, f.kind == F_PERCENT ? "%" : "", f.suffix);
        return;
    }
    case F_DATE: case F_TIME: case F_DATETIME: {
        long days = (long)floor(x);
        int secs = (int)lround((x - (double)days) * 86400);
        if (secs >= 86400) {
            days++;
            secs -= 86400;
        }
        /* 1900 system: serial 1 is 1900-01-01, and Excel counts a 29 February 1900
         * that never was, so from serial 61 on the epoch is a day earlier. */
        long unix_days = b->date1904 ? days - 24107 : days < 61 ? days - 25568 : days - 25569;
        int y, m, d;
        civil(unix_days, &y, &m, &d);
        char date[48], time[64];
        snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
        if (secs % 60)
            snprintf(time, sizeof time, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
        else
            snprintf(time, sizeof time, "%02d:%02d", secs / 3600, secs / 60 % 60);
        snprintf(out, cap, "%s%s%s", f.kind == F_TIME ? "" : date, f.kind == F_DATETIME ? " " : "",
                 f.kind == F_DATE ? "" : time);
        return;
    }
    default:
        if (x == floor(x) && fabs(x) < 1e15)
            snprintf(out, cap, "%.0f", x);
        else
            snprintf(out, cap, "%.15g", x);
        return;
    }
}

/* ---- parts ---------------------------------------------------------------- */

typedef tl_code (*element_fn)(book *b, void *state, xmlTextReaderPtr x, const char *name, int type,
                              tl_error *err);

/* Streams a part through fn: each element start, end, and text node. */
static tl_code stream(book *b, const char *part, int required, element_fn fn, void *state, tl_error *err)
{
    char *xml = NULL;
    size_t len = 0;
    tl_code rc = tl_zip_part(b->z, part, required, &xml, &len, err);
    if (rc != TL_OK || !xml)
        return rc;
    if (len > INT32_MAX) {
        free(xml);
        return tl_error_set(err, TL_E_LIMIT, "%s is over 2 GB", part);
    }
    xmlTextReaderPtr x = xmlReaderForMemory(xml, (int)len, part, NULL, XML_OPTS);
    if (!x) {
        free(xml);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading %s", part);
    }
    int ret;
    while (rc == TL_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT ||
            type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
            rc = fn(b, state, x, (const char *)xmlTextReaderConstLocalName(x), type, err);
    }
    if (rc == TL_OK && ret < 0)
        rc = tl_zip_xml_error(part, err);
    xmlFreeTextReader(x);
    free(xml);
    return rc;
}

static int is_start(int type)
{
    return type == XML_READER_TYPE_ELEMENT;
}

static int is_text(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static long attr_long(xmlTextReaderPtr x, const char *name, long dflt)
{
    char v[32];
    if (!tl_zip_attr(x, NULL, name, v, sizeof v) || !v[0])
        return dflt;
    char *end;
    long n = strtol(v, &end, 10);
    return end == v ? dflt : n;
}

static int attr_true(xmlTextReaderPtr x, const char *name)
{
    char v[16];
    return tl_zip_attr(x, NULL, name, v, sizeof v) && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static tl_code oom(tl_error *err)
{
    return tl_error_set(err, TL_E_INTERNAL, "out of memory reading the workbook");
}

/* xl/workbook.xml: the sheets in order, and which date system the numbers count in. */
static tl_code on_workbook(book *b, void *state, xmlTextReaderPtr x, const char *name, int type, tl_error *err)
{
    (void)state;
    if (!is_start(type))
        return TL_OK;
    if (strcmp(name, "workbookPr") == 0) {
        b->date1904 = attr_true(x, "date1904");
    } else if (strcmp(name, "sheet") == 0) {
        if (b->nsheets >= (size_t)tl_limits_get()->max_pages)
            return tl_error_set(err, TL_E_LIMIT, "the workbook has over %d sheets", tl_limits_get()->max_pages);
        if (tl_grow((void **)&b->sheets, &b->capsheets, b->nsheets + 1, sizeof *b->sheets))
            return oom(err);
        sheet_ref *s = &b->sheets[b->nsheets++];
        memset(s, 0, sizeof *s);
        tl_zip_attr(x, NULL, "name", s->name, sizeof s->name);
        if (!tl_zip_attr(x, REL_NS, "id", s->rid, sizeof s->rid))
            tl_zip_attr(x, REL_NS_STRICT, "id", s->rid, sizeof s->rid);
        char state_v[16];
        s->hidden = tl_zip_attr(x, NULL, "state", state_v, sizeof state_v) && strcmp(state_v, "visible") != 0;
    }
    return TL_OK;
}

/* xl/styles.xml: custom number formats, then each cell style's format. */
typedef struct styles_state {
    int in_xfs;
} styles_state;

static tl_code on_styles(book *b, void *state, xmlTextReaderPtr x, const char *name, int type, tl_error *err)
{
    styles_state *st = state;
    if (strcmp(name, "cellXfs") == 0) {
        st->in_xfs = is_start(type) && !xmlTextReaderIsEmptyElement(x);
        return TL_OK;
    }
    if (!is_start(type))
        return TL_OK;
    if (strcmp(name, "numFmt") == 0) {
        char code[256];
        tl_zip_attr(x, NULL, "formatCode", code, sizeof code);
        if (tl_grow((void **)&b->numfmts, &b->capnumfmts, b->nnumfmts + 1, sizeof *b->numfmts))
            return oom(err);
        b->numfmts[b->nnumfmts++] = (numfmt){ attr_long(x, "numFmtId", -1), parse_fmt(code) };
    } else if (st->in_xfs && strcmp(name, "xf") == 0) {
        long id = attr_long(x, "numFmtId", 0);
        fmt f = builtin_fmt(id);
        for (size_t i = 0; i < b->nnumfmts; i++)
            if (b->numfmts[i].id == id)
                f = b->numfmts[i].f;
        if (tl_grow((void **)&b->xfs, &b->capxfs, b->nxfs + 1, sizeof *b->xfs))
            return oom(err);
        b->xfs[b->nxfs++] = f;
    }
    return TL_OK;
}

/* Text runs of a string item (shared strings, inline strings): t elements, outside
 * the phonetic runs (rPh) that spell out East Asian readings. */
typedef struct runs {
    char *s;
    size_t n, cap;
    int in_t, in_rph;
} runs;

static tl_code on_run(runs *r, xmlTextReaderPtr x, const char *name, int type, tl_error *err)
{
    if (strcmp(name, "rPh") == 0 && !xmlTextReaderIsEmptyElement(x))
        r->in_rph = is_start(type);
    else if (strcmp(name, "t") == 0 && !xmlTextReaderIsEmptyElement(x))
        r->in_t = is_start(type);
    else if (is_text(type) && r->in_t && !r->in_rph) {
        const char *v = (const char *)xmlTextReaderConstValue(x);
        if (v && tl_str_put(&r->s, &r->n, &r->cap, v, strlen(v)))
            return oom(err);
    }
    return TL_OK;
}

static tl_code on_strings(book *b, void *state, xmlTextReaderPtr x, const char *name, int type, tl_error *err)
{
    runs *r = state;
    if (strcmp(name, "si") == 0) {
        if (is_start(type)) {
            r->n = 0;
            if (r->s)
                r->s[0] = 0;
            if (!xmlTextReaderIsEmptyElement(x))
                return TL_OK;
        }
        if (tl_grow((void **)&b->strings, &b->capstrings, b->nstrings + 1, sizeof *b->strings))
            return oom(err);
        char *s = tl_strdup(r->n ? r->s : "");
        if (!s)
            return oom(err);
        b->strings[b->nstrings++] = s;
        return TL_OK;
    }
    return on_run(r, x, name, type, err);
}

/* "AB12" -> column 27 (0-based 27), row 11; 0 when ref is no cell reference. */
static int parse_ref(const char *ref, long *row, long *col)
{
    long c = 0, r = 0;
    const char *p = ref;
    while (*p == '$')
        p++;
    for (; *p >= 'A' && *p <= 'Z' && c <= TL_SHEET_MAX_COLS; p++)
        c = c * 26 + (*p - 'A' + 1);
    while (*p == '$')
        p++;
    if (!c || *p < '0' || *p > '9')
        return 0;
    for (; *p >= '0' && *p <= '9' && r <= TL_SHEET_MAX_ROWS; p++)
        r = r * 10 + (*p - '0');
    if (!r)
        return 0;
    *row = r - 1;
    *col = c - 1;
    return 1;
}

typedef struct sheet_state {
    tl_sheet *sheet;
    long row, col;         /* the cell being read */
    long style;
    char type[16];
    runs value;            /* v's text, or an inline string's runs */
    int in_v, in_is;
    const char *part;
} sheet_state;

static tl_code end_cell(book *b, sheet_state *st, tl_error *err)
{
    const char *v = st->value.n ? st->value.s : "";
    char shown[128];
    const char *text = v;
    if (strcmp(st->type, "s") == 0) {
        char *end;
        long i = strtol(v, &end, 10);
        if (end == v || i < 0 || (size_t)i >= b->nstrings)
            return tl_error_set(err, TL_E_CORRUPT, "%s: cell %ld,%ld names shared string \"%.20s\", which is not there",
                                st->part, st->row + 1, st->col + 1, v);
        text = b->strings[i];
    } else if (strcmp(st->type, "b") == 0) {
        text = strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v;
    } else if (!st->type[0] || strcmp(st->type, "n") == 0) {
        show_number(b, v, style_fmt(b, st->style), shown, sizeof shown);
        text = shown;
    } /* str (a formula's text), inlineStr, e (an error such as #DIV/0!), d (ISO date) as written */
    return tl_sheet_cell(st->sheet, st->row, st->col, text, &b->cells, err);
}

static tl_code on_sheet_cell(book *b, sheet_state *st, xmlTextReaderPtr x, int empty, tl_error *err)
{
    char ref[32];
    long row = st->row, col = st->col + 1;
    if (tl_zip_attr(x, NULL, "r", ref, sizeof ref) && !parse_ref(ref, &row, &col))
        return tl_error_set(err, TL_E_CORRUPT, "%s: a cell at \"%s\", which is no cell reference", st->part, ref);
    st->col = col;
    st->row = row;
    st->style = attr_long(x, "s", 0);
    tl_zip_attr(x, NULL, "t", st->type, sizeof st->type);
    st->value.n = 0;
    if (st->value.s)
        st->value.s[0] = 0;
    return empty ? end_cell(b, st, err) : TL_OK;
}

static tl_code on_sheet(book *b, void *state, xmlTextReaderPtr x, const char *name, int type, tl_error *err)
{
    sheet_state *st = state;
    int start = is_start(type), empty = start && xmlTextReaderIsEmptyElement(x);
    if (is_text(type)) {
        const char *v = (const char *)xmlTextReaderConstValue(x);
        if (st->in_v && v && tl_str_put(&st->value.s, &st->value.n, &st->value.cap, v, strlen(v)))
            return oom(err);
        return st->in_is ? on_run(&st->value, x, name, type, err) : TL_OK;
    }
    if (strcmp(name, "c") == 0)
        return start ? on_sheet_cell(b, st, x, empty, err) : end_cell(b, st, err);
    if (strcmp(name, "v") == 0) {
        st->in_v = start && !empty;
    } else if (strcmp(name, "is") == 0) {
        st->in_is = start && !empty;
    } else if (st->in_is) {
        return on_run(&st->value, x, name, type, err);
    } else if (start && strcmp(name, "row") == 0) {
        long r = attr_long(x, "r", st->row + 2) - 1;
        if (r < 0 || r >= TL_SHEET_MAX_ROWS)
            return tl_error_set(err, TL_E_CORRUPT, "%s: row %ld, outside the sheet", st->part, r + 1);
        st->row = r;
        st->col = -1;
        if (attr_true(x, "hidden"))
            return tl_sheet_hide_rows(st->sheet, r, r, err);
    } else if (start && strcmp(name, "col") == 0 && attr_true(x, "hidden")) {
        return tl_sheet_hide_cols(st->sheet, attr_long(x, "min", 1) - 1, attr_long(x, "max", 1) - 1, err);
    } else if (start && strcmp(name, "mergeCell") == 0) {
        char ref[64];
        long r0, c0, r1, c1;
        char *colon;
        if (tl_zip_attr(x, NULL, "ref", ref, sizeof ref) && (colon = strchr(ref, ':'))) {
            *colon = 0;
            if (parse_ref(ref, &r0, &c0) && parse_ref(colon + 1, &r1, &c1))
                return tl_sheet_merge(st->sheet, r0, c0, r1, c1, err);
        }
    }
    return TL_OK;
}

/* xl/_rels/workbook.xml.rels: the parts the relationship ids name. */
static tl_code on_rels(book *b, void *state, xmlTextReaderPtr x, const char *name, int type, tl_error *err)
{
    (void)state;
    if (!is_start(type) || strcmp(name, "Relationship") != 0)
        return TL_OK;
    if (tl_grow((void **)&b->rels, &b->caprels, b->nrels + 1, sizeof *b->rels))
        return oom(err);
    rel *r = &b->rels[b->nrels++];
    tl_zip_attr(x, NULL, "Id", r->id, sizeof r->id);
    tl_zip_attr(x, NULL, "Target", r->target, sizeof r->target);
    return TL_OK;
}

static tl_code read_sheet(book *b, size_t i, tl_doc *doc, tl_error *err)
{
    const sheet_ref *ref = &b->sheets[i];
    const char *target = NULL;
    for (size_t k = 0; k < b->nrels && !target; k++)
        if (strcmp(b->rels[k].id, ref->rid) == 0 && b->rels[k].target[0])
            target = b->rels[k].target;
    if (!target)
        return tl_error_set(err, TL_E_CORRUPT, "sheet \"%s\" names relationship \"%s\", which is not there",
                            ref->name, ref->rid);
    char part[600];
    /* Targets are relative to xl/, or absolute from the package's root. */
    snprintf(part, sizeof part, "%s%s", target[0] == '/' ? "" : "xl/", target + (target[0] == '/'));
    tl_code rc = TL_OK;
    sheet_state st = { tl_sheet_new(ref->name, (int)i + 1), -1, -1, 0, "", { 0 }, 0, 0, part };
    if (!st.sheet)
        return oom(err);
    if (ref->hidden)
        rc = tl_sheet_hide_rows(st.sheet, 0, TL_SHEET_MAX_ROWS - 1, err);
    if (rc == TL_OK)
        rc = stream(b, part, 1, on_sheet, &st, err);
    free(st.value.s);
    if (rc != TL_OK) {
        tl_sheet_free(st.sheet);
        return rc;
    }
    if (tl_doc_add_page(doc, 0, 0, 0) < 0)
        return oom(err);
    return tl_sheet_finish(st.sheet, doc, err);
}

static void book_free(book *b)
{
    for (size_t i = 0; i < b->nstrings; i++)
        free(b->strings[i]);
    free(b->strings);
    free(b->sheets);
    free(b->rels);
    free(b->numfmts);
    free(b->xfs);
}

/* ---- the extractor ------------------------------------------------------ */

static int xlsx_bid(const tl_source *src)
{
    if (tl_zip_sig(src)) {
        if (tl_source_find(src, "xl/workbook.xml", 1 << 16) || tl_source_find(src, "xl/_rels/", 1 << 16))
            return 90;
        if (tl_source_named(src, ".xlsx") || tl_source_named(src, ".xlsm"))
            return 60; /* a zip that says so; its directory will tell */
    }
    /* Claimed only to say clearly what it is not. */
    return tl_source_named(src, ".xlsx") ? 2 : 0;
}

static tl_code xlsx_extract(const tl_source *src, tl_doc *doc, tl_error *err)
{
    book b = { 0 };
    tl_code rc = tl_zip_open(src, ".xlsx", &b.z, err);
    if (rc != TL_OK)
        return rc;
    styles_state ss = { 0 };
    runs sr = { 0 };
    rc = stream(&b, "xl/workbook.xml", 1, on_workbook, NULL, err);
    if (rc == TL_OK)
        rc = stream(&b, "xl/_rels/workbook.xml.rels", 1, on_rels, NULL, err);
    if (rc == TL_OK)
        rc = stream(&b, "xl/styles.xml", 0, on_styles, &ss, err);
    if (rc == TL_OK)
        rc = stream(&b, "xl/sharedStrings.xml", 0, on_strings, &sr, err);
    free(sr.s);
    for (size_t i = 0; rc == TL_OK && i < b.nsheets; i++)
        rc = read_sheet(&b, i, doc, err);
    book_free(&b);
    tl_zip_close(b.z);
    if (rc == TL_OK && !doc->nblocks)
        rc = tl_error_set(err, TL_E_EMPTY, "the workbook has no text");
    return rc;
}

const tl_extractor tl_extractor_xlsx = { "xlsx", xlsx_bid, xlsx_extract };
