/* From positioned glyphs to the blocks of one page.
 *
 * Glyphs inside a grid go to the cell under their centre; the rest form lines, the
 * lines form paragraphs, and (when asked) runs of lines that share column gutters
 * form unruled tables.  Blocks are added in the order of their top edge, which is
 * reading order for the single-column pages plans and reports are printed on. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define SPACE_GAP 0.30   /* of the line height: a gap this wide is a space */
#define PIECE_GAP 2.50   /* of the line height: a gap this wide splits a line */
#define LINE_SAME 0.50   /* of the glyph height: centres this close share a line */
#define BAND_GAP 0.30    /* of the line height: a blank this high parts two bands */
#define GUTTER_WIDE 0.50 /* of the line height: a gap this wide parts columns (a space is 0.2) */
#define ALIGN_TOL 1.5    /* points: words starting this close are aligned */
#define TABLE_GAP 3.50   /* of the line height: a blank this high ends an unruled table */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
    return tl_str_put(&b->s, &b->n, &b->cap, s, n);
}

static double cy(const tl_glyph *g)
{
    return (g->box.y0 + g->box.y1) / 2;
}

static double height(const tl_glyph *g)
{
    double h = g->box.y1 - g->box.y0;
    return h > 0.5 ? h : 0.5;
}

/* Sorting context: qsort has none, and the glyph array is per call. */
typedef struct ref {
    const tl_glyph *g;
    size_t idx;  /* order the extractor produced: ties keep it */
    int line;
} ref;

static int cmp_y(const void *a, const void *b)
{
    const ref *x = a, *y = b;
    double d = cy(x->g) - cy(y->g);
    if (d != 0)
        return d < 0 ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_line_x(const void *a, const void *b)
{
    const ref *x = a, *y = b;
    if (x->line != y->line)
        return x->line - y->line;
    if (x->g->box.x0 != y->g->box.x0)
        return x->g->box.x0 < y->g->box.x0 ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Numbers the lines of refs (sorted by centre y) and sorts them into reading order. */
static int assign_lines(ref *r, size_t n)
{
    if (n > 1)
        qsort(r, n, sizeof *r, cmp_y);
    int line = -1;
    double lcy = 0, lh = 0;
    for (size_t i = 0; i < n; i++) {
        const tl_glyph *g = r[i].g;
        double h = height(g);
        if (line < 0 || fabs(cy(g) - lcy) > LINE_SAME * fmax(h, lh)) {
            line++;
            lcy = cy(g);
            lh = h;
        }
        r[i].line = line;
    }
    if (n > 1)
        qsort(r, n, sizeof *r, cmp_line_x);
    return line + 1;
}

/* tl_str_append_line's rule, on the buffer being built. */
static int joins_hyphen(const sbuf *b)
{
    return b->n >= 1 && b->s[b->n - 1] == '-';
}

/* Whether the line starts with a short lower-case piece (at most five letters up to
 * the first space: "н талаар", "уудын"): what is left of a word broken at the cell
 * edge.  A longer piece is more likely a word of its own after a line that happened
 * to be full; without a lexicon this is the best guess, and the normaliser can undo
 * it. */
static int starts_remnant(const char *s, size_t n)
{
    int32_t i = 0;
    int k = 0;
    while (i < (int32_t)n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
        if (c == ' ')
            break;
        if (!u_islower(c) || ++k > 5)
            return 0;
    }
    return k > 0;
}

/* A word that ends in punctuation ended there. */
static int ends_word(const sbuf *b)
{
    if (!b->n)
        return 1;
    char c = b->s[b->n - 1];
    return c == ',' || c == '.' || c == ';' || c == ':' || c == ')' || c == '"' || c == '!' || c == '?';
}

/* A web or mail address broken at the cell edge shows as a line that starts with a
 * dot and goes on (".mn"), or as text that ends inside a dotted or slashed token
 * ("еoffice.baiahongor."). */
static int starts_address_tail(const sbuf *line)
{
    return line->n > 1 && line->s[0] == '.' && line->s[1] != ' ';
}

static int ends_in_address(const sbuf *before)
{
    size_t i = before->n;
    while (i > 0 && before->s[i - 1] != ' ')
        i--;
    for (; i + 1 < before->n; i++)
        if (before->s[i] == '.' || before->s[i] == '/' || before->s[i] == '@')
            return 1;
    return 0;
}

/* Text of refs r[0..n) (already in reading order, lines numbered): glyphs of a line
 * joined with spaces where the source had one or the gap is wide, lines joined with
 * a space, or with nothing after a hyphen, or with nothing when the line before
 * left no room for the first letter of this one at the cell's right edge (padding
 * taken to equal the left one) and either it was one word and this one starts with
 * a remnant (a word too long for its column, broken where it hit the edge) or the
 * break is inside an address.  cell may be NULL (paragraphs). */
static char *text_of(const ref *r, size_t n, int words, const tl_box *cell)
{
    sbuf out = { 0 }, line = { 0 };
    int cur = -1, spaced = 0;
    const tl_glyph *prev = NULL, *first = NULL, *last = NULL;
    int last_single = 0;
    double pad = INFINITY;
    for (size_t i = 0; cell && i < n; i++)
        pad = fmin(pad, r[i].g->box.x0 - cell->x0);
    for (size_t i = 0; i <= n; i++) {
        if (i == n || r[i].line != cur) {
            if (line.n) {
                int full = cell && last && cell->x1 - pad - last->box.x1 < first->box.x1 - first->box.x0;
                int glue = joins_hyphen(&out) ||
                           (full && last_single &&
                            (ends_in_address(&out) || (!ends_word(&out) && starts_remnant(line.s, line.n)))) ||
                           (full && starts_address_tail(&line));
                if (out.n && !glue && sb_put(&out, " ", 1))
                    goto oom;
                if (sb_put(&out, line.s, line.n))
                    goto oom;
                last_single = !spaced && !words;
                last = prev;
            }
            line.n = 0;
            spaced = 0;
            prev = first = NULL;
            if (i == n)
                break;
            cur = r[i].line;
        }
        const tl_glyph *g = r[i].g;
        if (!first)
            first = g;
        if (prev && (words || g->space_before ||
                     g->box.x0 - prev->box.x1 > SPACE_GAP * height(g))) {
            if (sb_put(&line, " ", 1))
                goto oom;
            spaced = 1;
        }
        /* A soft hyphen is the typesetter's: never text. */
        if (g->len == 2 && (unsigned char)g->text[0] == 0xC2 && (unsigned char)g->text[1] == 0xAD) {
            if (sb_put(&line, "-", 1))
                goto oom;
        } else if (sb_put(&line, g->text, g->len)) {
            goto oom;
        }
        prev = g;
    }
    free(line.s);
    if (!out.s)
        return tl_strdup("");
    if (strchr(out.s, '<')) {
        /* HTML tags typed into the source document ("<p>Зорилт 1. ...</p>", seed
         * 001) are line breaks, as every other extractor reads them. */
        char *clean = tl_str_break_tags(out.s);
        free(out.s);
        return clean;
    }
    return out.s;
oom:
    free(line.s);
    free(out.s);
    return NULL;
}

static tl_box bbox(const ref *r, size_t n)
{
    tl_box b = { INFINITY, INFINITY, -INFINITY, -INFINITY };
    for (size_t i = 0; i < n; i++) {
        const tl_box *g = &r[i].g->box;
        b.x0 = fmin(b.x0, g->x0);
        b.y0 = fmin(b.y0, g->y0);
        b.x1 = fmax(b.x1, g->x1);
        b.y1 = fmax(b.y1, g->y1);
    }
    if (!n)
        b = (tl_box){ 0 };
    return b;
}

static float min_conf(const ref *r, size_t n)
{
    float c = -1;
    for (size_t i = 0; i < n; i++)
        if (r[i].g->conf >= 0 && (c < 0 || r[i].g->conf < c))
            c = r[i].g->conf;
    return c;
}

/* A block waiting for its place in reading order. */
typedef struct pending {
    double top;
    tl_table *table;     /* or a paragraph: */
    char *text;
    tl_prov prov;
    size_t seq;          /* order made: ties in top keep it */
} pending;

typedef struct page_out {
    pending *v;
    size_t n, cap;
} page_out;

static int push(page_out *o, pending p)
{
    if (tl_grow((void **)&o->v, &o->cap, o->n + 1, sizeof *o->v))
        return -1;
    o->v[o->n++] = p;
    return 0;
}

/* One table from the glyphs that fell into grid g's cells. */
static tl_table *grid_table(const tl_grid *g, ref *r, size_t n, const int *cell_of, int page,
                            int words)
{
    tl_table *t = tl_table_new();
    size_t *start = calloc((size_t)g->ncells + 1, sizeof *start);
    ref *sorted = malloc((n ? n : 1) * sizeof *sorted);
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
        ref *cr = sorted + start[id];
        size_t cn = start[id + 1] - start[id];
        assign_lines(cr, cn);
        tl_box cb = { g->xs[gc->col], g->ys[gc->row], g->xs[gc->col + gc->colspan],
                      g->ys[gc->row + gc->rowspan] };
        char *text = text_of(cr, cn, words, &cb);
        if (!text)
            goto oom;
        tl_cell *c = &t->rows[gc->row].cells[gc->col];
        tl_prov prov = { page, 0,
                         { g->xs[gc->col], g->ys[gc->row], g->xs[gc->col + gc->colspan],
                           g->ys[gc->row + gc->rowspan] } };
        int bad = tl_cell_set(c, text, prov);
        free(text);
        if (bad)
            goto oom;
        c->rowspan = gc->rowspan;
        c->colspan = gc->colspan;
        c->conf = min_conf(cr, cn);
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

/* A line of free text cut at wide gaps: the unit paragraphs and unruled tables are
 * made of. */
typedef struct piece {
    size_t first, n;   /* refs */
    int line;
    tl_box box;
    double h;          /* typical glyph height */
} piece;

typedef struct pieces {
    piece *v;
    size_t n, cap;
} pieces;

static int cut_pieces(const ref *r, size_t n, pieces *out)
{
    for (size_t i = 0; i < n;) {
        size_t s = i, last = i, j;
        double hsum = height(r[s].g);
        size_t hn = 1;
        for (j = s + 1; j < n && r[j].line == r[s].line; j++) {
            double h = hsum / (double)hn;
            if (r[j].g->box.x0 - r[last].g->box.x1 > PIECE_GAP * h)
                break;
            hsum += height(r[j].g);
            hn++;
            last = j;
        }
        if (tl_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
            return -1;
        piece p = { s, last - s + 1, r[s].line, bbox(r + s, last - s + 1), hsum / (double)hn };
        out->v[out->n++] = p;
        i = j;
    }
    return 0;
}

/* Unruled tables.  Lines of free text are grouped into bands: lines that follow
 * each other without a blank between them.  In a table printed without rules, a
 * band is a row (cell padding leaves a blank between rows, and cells centred or
 * top-aligned in the row all lie inside it) or, when every line fills several
 * columns, a run of single-line rows.  A band's columns are the x ranges its glyphs
 * cover: word spaces close up over a few lines of text, the gutters between columns
 * do not.  A run of bands whose gutters line up is a table; a band that covers a
 * gutter (a paragraph across the page) ends it. */
typedef struct span {
    double x0, x1;
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
} spans;

typedef struct band {
    size_t from, to; /* pieces */
    double y0, y1, h;
} band;

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Lines of pieces: index of the first piece of each line, pieces in line order. */
static size_t line_end(const pieces *p, size_t i)
{
    size_t j = i;
    while (j < p->n && p->v[j].line == p->v[i].line)
        j++;
    return j;
}

/* Sorted spans merged where they overlap or the gap is under `gap`. */
static void merge_spans(spans *s, double gap)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_span);
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (k && s->v[i].x0 - s->v[k - 1].x1 < gap) {
            s->v[k - 1].x1 = fmax(s->v[k - 1].x1, s->v[i].x1);
            continue;
        }
        s->v[k++] = s->v[i];
    }
    s->n = k;
}

static int add_span(spans *s, double x0, double x1)
{
    if (tl_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
        return -1;
    s->v[s->n++] = (span){ x0, x1 };
    return 0;
}

/* Whether the gap [g0, g1] lies across a gutter of cols. */
static int in_gutter(const spans *cols, double g0, double g1)
{
    for (size_t c = 0; c + 1 < cols->n; c++)
        if (g0 < cols->v[c + 1].x0 && g1 > cols->v[c].x1)
            return 1;
    return 0;
}

/* Lines of band b that have a word starting within ALIGN_TOL of x. */
static size_t starts_at(const ref *r, const pieces *p, const band *b, double x)
{
    size_t n = 0;
    int counted = -1;
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            const ref *g = &r[p->v[k].first + i];
            const ref *prev = i ? g - 1 : NULL;
            int start = !prev || g->g->space_before ||
                        g->g->box.x0 - prev->g->box.x1 > SPACE_GAP * height(g->g);
            if (start && g->line != counted && fabs(g->g->box.x0 - x) <= ALIGN_TOL) {
                n++;
                counted = g->line;
            }
        }
    return n;
}

/* The columns of band b merged with the run's columns `cols` (may be empty).  The
 * band's glyphs cover x ranges; a gap between them is a gutter when it is wide,
 * when words of two or more lines start at its right edge (left-aligned cells), or
 * when it lies across a gutter of the run.  Other gaps are word spaces that the few
 * lines of the band did not close. */
static int band_columns(const ref *r, const pieces *p, const band *b, const spans *cols, spans *out)
{
    out->n = 0;
    for (size_t k = b->from; k < b->to; k++)
        for (size_t i = 0; i < p->v[k].n; i++) {
            const tl_box *g = &r[p->v[k].first + i].g->box;
            if (add_span(out, g->x0, g->x1))
                return -1;
        }
    merge_spans(out, 0.5);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (k) {
            double g0 = out->v[k - 1].x1, g1 = out->v[i].x0;
            if (!(g1 - g0 >= GUTTER_WIDE * b->h || in_gutter(cols, g0, g1) ||
                  starts_at(r, p, b, g1) >= 2)) {
                out->v[k - 1].x1 = fmax(out->v[k - 1].x1, out->v[i].x1);
                continue;
            }
        }
        out->v[k++] = out->v[i];
    }
    out->n = k;
    for (size_t c = 0; c < cols->n; c++)
        if (add_span(out, cols->v[c].x0, cols->v[c].x1))
            return -1;
    merge_spans(out, 0);
    return 0;
}

/* Whether next keeps every column of cols apart. */
static int keeps_columns(const spans *cols, const spans *next)
{
    size_t c = 0;
    for (size_t i = 0; i < next->n; i++) {
        int inside = 0;
        while (c < cols->n && cols->v[c].x0 <= next->v[i].x1) {
            inside++;
            c++;
        }
        if (inside > 1)
            return 0;
    }
    return 1;
}

static int column_of(const spans *cols, double x0, double x1)
{
    double mid = (x0 + x1) / 2;
    int best = -1;
    double far = INFINITY;
    for (size_t c = 0; c < cols->n; c++) {
        double d = mid < cols->v[c].x0 ? cols->v[c].x0 - mid : mid > cols->v[c].x1 ? mid - cols->v[c].x1 : 0;
        if (d < far) {
            far = d;
            best = (int)c;
        }
    }
    return best;
}

/* The table of bands [from, to) in columns cols.  A band is one row unless most of
 * its lines fill two or more columns and the first column has text on several of
 * them: then a line with text in the first column starts a row and the lines
 * without carry it on.  Returns NULL on OOM. */
static tl_table *bands_table(const ref *r, const pieces *p, const band *bands, size_t from,
                             size_t to, const spans *cols, int page, int words)
{
    size_t ncols = cols->n, nref = 0;
    for (size_t b = from; b < to; b++)
        for (size_t k = bands[b].from; k < bands[b].to; k++)
            nref += p->v[k].n;
    ref *buf = malloc((nref ? nref : 1) * sizeof *buf);
    /* The bands' glyphs are one run of r: each one's column, found once. */
    size_t base = p->v[bands[from].from].first;
    int *colof = malloc((nref ? nref : 1) * sizeof *colof);
    tl_table *t = tl_table_new();
    if (!buf || !colof || !t)
        goto fail;
    for (size_t i = 0; i < nref; i++)
        colof[i] = column_of(cols, r[base + i].g->box.x0, r[base + i].g->box.x1);
    for (size_t b = from; b < to; b++) {
        const band *bd = &bands[b];
        /* Lines of the band: how many fill two or more columns, how many the first. */
        size_t nlines = 0, multi = 0, first = 0;
        for (size_t k = bd->from; k < bd->to;) {
            size_t e = line_end(p, k);
            unsigned long long seen = 0;
            for (size_t q = k; q < e; q++)
                for (size_t i = 0; i < p->v[q].n; i++) {
                    int c = colof[p->v[q].first + i - base];
                    if (c < 64)
                        seen |= 1ull << c;
                }
            nlines++;
            multi += (seen & (seen - 1)) != 0;
            first += seen & 1;
            k = e;
        }
        int by_line = first >= 2 && multi * 10 >= nlines * 6;
        for (size_t k = bd->from; k < bd->to;) {
            /* One row: lines [k, e). */
            size_t e = line_end(p, k);
            while (by_line && e < bd->to) {
                size_t f = line_end(p, e);
                int col0 = 0;
                for (size_t q = e; q < f && !col0; q++)
                    col0 = column_of(cols, p->v[q].box.x0, p->v[q].box.x0) == 0;
                if (col0)
                    break;
                e = f;
            }
            if (!by_line)
                e = bd->to;
            tl_row *row = tl_table_add_row(t, ncols, TL_ROW_BODY);
            if (!row)
                goto fail;
            for (size_t c = 0; c < ncols; c++) {
                size_t m = 0;
                for (size_t q = k; q < e; q++)
                    for (size_t i = 0; i < p->v[q].n; i++)
                        if (colof[p->v[q].first + i - base] == (int)c)
                            buf[m++] = r[p->v[q].first + i];
                tl_box bx = bbox(buf, m);
                if (!m)
                    bx = (tl_box){ cols->v[c].x0, p->v[k].box.y0, cols->v[c].x1, p->v[k].box.y0 };
                /* Lines of a cell keep reading order; glyphs of other columns are gone. */
                char *txt = text_of(buf, m, words, NULL);
                if (!txt || tl_cell_set(&row->cells[c], txt, (tl_prov){ page, 0, bx })) {
                    free(txt);
                    goto fail;
                }
                free(txt);
                row->cells[c].conf = min_conf(buf, m);
            }
            k = e;
        }
    }
    t->prov = (tl_prov){ page, 0, { cols->v[0].x0, bands[from].y0, cols->v[ncols - 1].x1, bands[to - 1].y1 } };
    free(buf);
    free(colof);
    return t;
fail:
    free(buf);
    free(colof);
    tl_table_free(t);
    return NULL;
}

/* Whether an unruled table found on its own is one: three or more columns, each
 * filled in two rows or more.  Two columns, or a column with one entry, is how
 * signature blocks ("ХЯНАСАН ... ДАРГА Д.ЭНХЖАРГАЛ") and label-value lines
 * ("Байгууллагын нэр: ...") are set, and those stay paragraphs. */
/* Words in a cell's text. */
static size_t word_count(const char *s)
{
    size_t n = 0;
    for (int in = 0; *s; s++) {
        int sp = *s == ' ' || *s == '\n' || *s == '\t';
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Columns of prose (a page set in two or three columns) align like a table: every
 * one of their columns holds lines of many words, where a table, even a plan whose
 * actions run long, has a column of short entries (numbers, dates, percents). */
static int prose_cells(const tl_table *t)
{
    size_t *w = malloc((t->nrows + 1) * sizeof *w);
    int prose = w != NULL;
    for (size_t c = 0; prose && c < t->ncols; c++) {
        size_t n = 0;
        for (size_t i = 0; i < t->nrows; i++)
            if (c < t->rows[i].ncells && !tl_str_blank(t->rows[i].cells[c].text))
                w[n++] = word_count(t->rows[i].cells[c].text);
        qsort(w, n, sizeof *w, cmp_size);
        prose = n && w[n / 2] >= TL_PROSE_WORDS;
    }
    free(w);
    return prose;
}

static int looks_tabular(const tl_table *t)
{
    if (t->ncols < 3 || t->nrows < 2 || prose_cells(t))
        return 0;
    for (size_t c = 0; c < t->ncols; c++) {
        size_t filled = 0;
        for (size_t i = 0; i < t->nrows; i++)
            filled += c < t->rows[i].ncells && !tl_str_blank(t->rows[i].cells[c].text);
        if (filled < 2)
            return 0;
    }
    return 1;
}

/* Bands of the pieces: lines that follow each other without a blank between them. */
static band *find_bands(const pieces *p, size_t *nb)
{
    *nb = 0;
    band *b = malloc((p->n ? p->n : 1) * sizeof *b);
    if (!b)
        return NULL;
    for (size_t i = 0; i < p->n;) {
        size_t e = line_end(p, i);
        double y0 = INFINITY, y1 = -INFINITY, h = 0;
        for (size_t k = i; k < e; k++) {
            y0 = fmin(y0, p->v[k].box.y0);
            y1 = fmax(y1, p->v[k].box.y1);
            h = fmax(h, p->v[k].h);
        }
        band *last = *nb ? &b[*nb - 1] : NULL;
        if (last && y0 - last->y1 <= BAND_GAP * fmin(h, last->h)) {
            last->to = e;
            last->y1 = fmax(last->y1, y1);
            last->h = fmax(last->h, h);
        } else {
            b[(*nb)++] = (band){ i, e, y0, y1, h };
        }
        i = e;
    }
    return b;
}
/* Joins line pieces into paragraphs: a piece carries the paragraph on when it sits
 * right under it, left-aligned with it, and the line before ran to the right margin
 * (the text wrapped rather than ended). */
static int emit_paragraphs(const ref *r, const pieces *p, size_t from, size_t to, double right,
                           int page, int words, page_out *o)
{
    for (size_t i = from; i < to;) {
        size_t j = i + 1;
        while (j < to) {
            const piece *a = &p->v[j - 1], *b = &p->v[j];
            double h = a->h;
            if (b->line != a->line + 1 || b->box.y0 - a->box.y1 > 0.8 * h ||
                fabs(b->box.x0 - a->box.x0) > 3 * h || a->box.x1 < right - 4 * h ||
                fabs(b->h - a->h) > 0.25 * h)
                break;
            j++;
        }
        char *text = NULL;
        for (size_t k = i; k < j; k++) {
            char *t = text_of(r + p->v[k].first, p->v[k].n, words, NULL);
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
        if (push(o, (pending){ b.y0, NULL, text, { page, 0, b } })) {
            free(text);
            goto oom;
        }
        i = j;
    }
    return 0;
oom:
    return -1;
}

/* A chart's frame and grid lines cross like a table's rules, but few of the boxes
 * they make hold text (axis labels, a legend): fewer than a quarter of six or more,
 * and most of its rows hold none at all.  (A plan's page fragment may have a quarter
 * of its cells filled, one long action a row, but no row without text.) */
static int chart_like(const tl_grid *g, const int *cell, size_t n)
{
    if (g->ncells < 6)
        return 0;
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
    return 4 * filled < g->ncells && 2 * rows < g->nrows;
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
        dots += j != i && g[j].len == 1 && g[j].text[0] == '.' && fabs(cy(&g[j]) - cy(&g[i])) < 0.5 * height(&g[i]);
    return dots >= 2;
}

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->top != y->top)
        return x->top < y->top ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

tl_code tl_layout_page(tl_doc *doc, int page, const tl_glyph *g, size_t n, const tl_grid *grids,
                       size_t ngrids, const tl_layout_opts *opts, tl_error *err)
{
    int words = opts && opts->words;
    tl_code rc = TL_E_INTERNAL;
    int *where = malloc((n ? n : 1) * sizeof *where);  /* grid index or -1 */
    int *cell = malloc((n ? n : 1) * sizeof *cell);
    page_out o = { 0 };
    pieces p = { 0 };
    band *bands = NULL;
    spans cols = { 0 }, next = { 0 };
    ref *part = malloc((n ? n : 1) * sizeof *part);
    int *part_cell = malloc((n ? n : 1) * sizeof *part_cell);
    tl_box *boxes = malloc((n ? n : 1) * sizeof *boxes);
    if (!where || !cell || !part || !part_cell || !boxes)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        double x = (g[i].box.x0 + g[i].box.x1) / 2, y = cy(&g[i]);
        where[i] = -1;
        cell[i] = -1;
        for (size_t k = 0; k < ngrids; k++) {
            int c = tl_grid_cell_at(&grids[k], x, y);
            if (c >= 0) {
                where[i] = (int)k;
                cell[i] = c;
                break;
            }
        }
    }
    for (size_t k = 0; k < ngrids; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (where[i] == (int)k) {
                part[m] = (ref){ &g[i], i, 0 };
                boxes[m] = g[i].box;
                if (leader_dot(g, n, i)) /* no ink between columns */
                    boxes[m].x1 = boxes[m].x0 = (g[i].box.x0 + g[i].box.x1) / 2;
                part_cell[m++] = cell[i];
            }
        /* The rules drawn, completed by the text's alignment where they are few. */
        tl_grid fine;
        int refined = tl_grid_refine(&grids[k], boxes, m, &fine);
        if (refined < 0)
            goto oom;
        const tl_grid *use = refined == 0 ? &fine : &grids[k];
        for (size_t i = 0; refined == 0 && i < m; i++) {
            int c = tl_grid_cell_at(use, (boxes[i].x0 + boxes[i].x1) / 2, (boxes[i].y0 + boxes[i].y1) / 2);
            part_cell[i] = c >= 0 ? c : 0;
        }
        if ((grids[k].open && (use->ncols < 2 || use->nrows < 2)) || chart_like(use, part_cell, m)) {
            /* Rules across with no table between, or the frame and grid lines of a
             * chart: its text is free text. */
            for (size_t i = 0; i < n; i++)
                if (where[i] == (int)k)
                    where[i] = -1;
            if (refined == 0)
                tl_grid_clear(&fine);
            continue;
        }
        tl_table *t = grid_table(use, part, m, part_cell, page, words);
        if (refined == 0)
            tl_grid_clear(&fine);
        if (!t)
            goto oom;
        if (push(&o, (pending){ grids[k].box.y0, t, NULL, t->prov })) {
            tl_table_free(t);
            goto oom;
        }
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (where[i] < 0)
            part[m++] = (ref){ &g[i], i, 0 };
    assign_lines(part, m);
    if (cut_pieces(part, m, &p))
        goto oom;
    double right = -INFINITY;
    for (size_t i = 0; i < p.n; i++)
        right = fmax(right, p.v[i].box.x1);
    size_t nb = 0;
    bands = find_bands(&p, &nb);
    if (!bands)
        goto oom;
    tl_layout_carry *carry = opts ? opts->carry : NULL;
    size_t para_from = 0, table_end = 0; /* band after the last unruled table */
    for (size_t b = 0; opts && opts->unruled && b < nb;) {
        int carried = b == 0 && carry && carry->n >= 2;
        cols.n = 0;
        for (size_t c = 0; carried && c < carry->n; c++)
            if (add_span(&cols, carry->x0[c], carry->x1[c]))
                goto oom;
        if (band_columns(part, &p, &bands[b], &cols, &next))
            goto oom;
        if (carried ? !keeps_columns(&cols, &next) : next.n < 2) {
            b++;
            continue;
        }
        spans tmp = cols;
        cols = next;
        next = tmp;
        size_t e = b + 1;
        while (e < nb && bands[e].y0 - bands[e - 1].y1 <= TABLE_GAP * bands[e].h) {
            if (band_columns(part, &p, &bands[e], &cols, &next))
                goto oom;
            if (!keeps_columns(&cols, &next))
                break;
            tmp = cols;
            cols = next;
            next = tmp;
            e++;
        }
        tl_table *t = bands_table(part, &p, bands, b, e, &cols, page, words);
        if (!t)
            goto oom;
        if (cols.n < 2 || (!carried && !looks_tabular(t))) {
            tl_table_free(t);
            b++;
            continue;
        }
        if (emit_paragraphs(part, &p, para_from, bands[b].from, right, page, words, &o) ||
            push(&o, (pending){ bands[b].y0, t, NULL, t->prov })) {
            tl_table_free(t);
            goto oom;
        }
        para_from = bands[e - 1].to;
        table_end = e;
        b = e;
    }
    if (emit_paragraphs(part, &p, para_from, p.n, right, page, words, &o))
        goto oom;
    /* A table that ends the page's free text may go on at the top of the next. */
    if (carry) {
        carry->n = 0;
        int below = 0;
        for (size_t k = 0; table_end && k < ngrids; k++)
            below |= grids[k].box.y0 > bands[table_end - 1].y1;
        if (table_end && table_end == nb && !below && cols.n <= TL_CARRY_MAX) {
            for (size_t c = 0; c < cols.n; c++) {
                carry->x0[c] = cols.v[c].x0;
                carry->x1[c] = cols.v[c].x1;
            }
            carry->n = cols.n;
        }
    }
    for (size_t i = 0; i < o.n; i++)
        o.v[i].seq = i;
    if (o.n > 1)
        qsort(o.v, o.n, sizeof *o.v, cmp_pending);
    for (size_t i = 0; i < o.n; i++) {
        pending *q = &o.v[i];
        if (q->table) {
            if (!tl_doc_add_table(doc, q->table))
                goto oom;
            q->table = NULL;
        } else {
            if (!tl_doc_add_para(doc, q->text, 0, q->prov))
                goto oom;
            free(q->text);
            q->text = NULL;
        }
    }
    rc = TL_OK;
oom:
    for (size_t i = 0; i < o.n; i++) {
        tl_table_free(o.v[i].table);
        free(o.v[i].text);
    }
    free(o.v);
    free(p.v);
    free(bands);
    free(cols.v);
    free(next.v);
    free(where);
    free(cell);
    free(part);
    free(part_cell);
    free(boxes);
    if (rc == TL_OK)
        return TL_OK;
    return tl_error_set(err, TL_E_INTERNAL, "out of memory laying out page %d", page);
}
