/* Glyphs into lines and lines into text: what the ruled and unruled tables and the
 * paragraphs of a page are all made of (layout_private.h). */
#include "layout_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define PIECE_GAP 2.50   /* of the line height: a gap this wide splits a line */
#define LINE_SAME 0.50   /* of the glyph height: centres this close share a line */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
    return tl_str_put(&b->s, &b->n, &b->cap, s, n);
}

double tl_glyph_cy(const tl_glyph *g)
{
    return (g->box.y0 + g->box.y1) / 2;
}

double tl_glyph_height(const tl_glyph *g)
{
    double h = g->box.y1 - g->box.y0;
    return h > 0.5 ? h : 0.5;
}

static int cmp_y(const void *a, const void *b)
{
    const tl_lref *x = a, *y = b;
    double d = tl_glyph_cy(x->g) - tl_glyph_cy(y->g);
    if (d != 0)
        return d < 0 ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_line_x(const void *a, const void *b)
{
    const tl_lref *x = a, *y = b;
    if (x->line != y->line)
        return x->line - y->line;
    if (x->g->box.x0 != y->g->box.x0)
        return x->g->box.x0 < y->g->box.x0 ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Numbers the lines of refs (sorted by centre y) and sorts them into reading order. */
int tl_lines_assign(tl_lref *r, size_t n)
{
    if (n > 1)
        qsort(r, n, sizeof *r, cmp_y);
    int line = -1;
    double lcy = 0, lh = 0;
    for (size_t i = 0; i < n; i++) {
        const tl_glyph *g = r[i].g;
        double h = tl_glyph_height(g);
        if (line < 0 || fabs(tl_glyph_cy(g) - lcy) > LINE_SAME * fmax(h, lh)) {
            line++;
            lcy = tl_glyph_cy(g);
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
    /* A number ("100.0", "1/2") has dots and slashes too, but no letter. */
    int dotted = 0, letter = 0;
    for (; i < before->n; i++) {
        unsigned char c = (unsigned char)before->s[i];
        dotted |= (c == '.' || c == '/' || c == '@') && i + 1 < before->n;
        letter |= c >= 0x80 || (unsigned)((c | 0x20) - 'a') < 26u;
    }
    return dotted && letter;
}

/* Text of refs r[0..n) (already in reading order, lines numbered): glyphs of a line
 * joined with spaces where the source had one or the gap is wide, lines joined with
 * a space, or with nothing after a hyphen, or with nothing when the line before
 * left no room for the first letter of this one at the cell's right edge (padding
 * taken to equal the left one) and either it was one word and this one starts with
 * a remnant (a word too long for its column, broken where it hit the edge) or the
 * break is inside an address.  cell may be NULL (paragraphs). */
char *tl_lines_text(const tl_lref *r, size_t n, int words, const tl_box *cell)
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
                     g->box.x0 - prev->box.x1 > TL_SPACE_GAP * tl_glyph_height(g))) {
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

tl_box tl_lines_box(const tl_lref *r, size_t n)
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

float tl_lines_conf(const tl_lref *r, size_t n)
{
    float c = -1;
    for (size_t i = 0; i < n; i++)
        if (r[i].g->conf >= 0 && (c < 0 || r[i].g->conf < c))
            c = r[i].g->conf;
    return c;
}

int tl_pieces_cut(const tl_lref *r, size_t n, tl_pieces *out)
{
    for (size_t i = 0; i < n;) {
        size_t s = i, last = i, j;
        double hsum = tl_glyph_height(r[s].g);
        size_t hn = 1;
        for (j = s + 1; j < n && r[j].line == r[s].line; j++) {
            double h = hsum / (double)hn;
            if (r[j].g->box.x0 - r[last].g->box.x1 > PIECE_GAP * h)
                break;
            hsum += tl_glyph_height(r[j].g);
            hn++;
            last = j;
        }
        if (tl_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
            return -1;
        tl_piece p = { s, last - s + 1, r[s].line, tl_lines_box(r + s, last - s + 1), hsum / (double)hn };
        out->v[out->n++] = p;
        i = j;
    }
    return 0;
}

size_t tl_pieces_line_end(const tl_pieces *p, size_t i)
{
    size_t j = i;
    while (j < p->n && p->v[j].line == p->v[i].line)
        j++;
    return j;
}
