/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Glyphs into lines and lines into text: what the ruled and unruled tables and the
 * paragraphs of a page are all made of (layout_private.h). */
#include "layout_private.h"
#include "../normalize/normalize.h"
#include "tl_data.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define PIECE_GAP 2.50   /* of the line height: a gap this wide splits a line */
#define LINE_SAME 0.50   /* of the glyph height: centres this close share a line */
#define TALL 2.5         /* of the median glyph height: a font's box, not its letters */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
    return tl_str_put(&b->s, &b->n, &b->cap, s, n);
}

int32_t tl_glyph_char(const tl_glyph *g)
{
    int32_t i = 0;
    UChar32 c = 0;
    if (g->len)
        U8_NEXT((const uint8_t *)g->text, i, (int32_t)g->len, c);
    return c;
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
    double d = x->cy - y->cy;
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

/* Where each glyph stands across its line.  A glyph from a font whose box reaches far
 * above its letters (a Symbol-font bullet in a Word list: a box three lines high
 * over a dot on the first) would join the lines its box spans; one over TALL times
 * the glyphs' median height stands where its box ends below, as high as the median
 * (a font's box is inflated by its ascent, not by its descent). */
static void place_across(tl_lref *r, size_t n)
{
    double lo = INFINITY, hi = 0, median = 0;
    for (size_t i = 0; i < n; i++) {
        r[i].h = tl_glyph_height(r[i].g);
        r[i].cy = tl_glyph_cy(r[i].g);
        lo = fmin(lo, r[i].h);
        hi = fmax(hi, r[i].h);
    }
    /* the median only where a glyph is TALL times the shortest or more */
    double *hs = n >= 3 && hi > TALL * lo ? malloc(n * sizeof *hs) : NULL;
    if (hs) {
        for (size_t i = 0; i < n; i++)
            hs[i] = r[i].h;
        tl_sort_doubles(hs, n);
        median = hs[n / 2];
        free(hs);
    }
    for (size_t i = 0; median > 0 && i < n; i++) {
        const tl_glyph *g = r[i].g;
        if (r[i].h > TALL * median) {
            r[i].h = median;
            r[i].cy = g->box.y1 - median / 2;
        }
    }
}

/* Numbers the lines of refs (sorted by centre y) and sorts them into reading order. */
int tl_lines_assign(tl_lref *r, size_t n)
{
    place_across(r, n);
    if (n > 1)
        qsort(r, n, sizeof *r, cmp_y);
    int line = -1;
    double lcy = 0, lh = 0;
    for (size_t i = 0; i < n; i++) {
        double h = r[i].h;
        if (line < 0 || fabs(r[i].cy - lcy) > LINE_SAME * fmax(h, lh)) {
            line++;
            lcy = r[i].cy;
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

/* Whether the buffer ends in a slash standing alone that the next line's first
 * word closes ("чадахуйн /" over "мерит/ зарчмыг"): a line may break after a
 * slash, and a pair of slashes brackets a word with no space inside.  A slash
 * between words ("IGC /" over "Lisbon Treaty", "хандалт /" over "тоо") keeps its
 * space. */
static int ends_opening(const sbuf *b, const sbuf *line)
{
    size_t n = b->n, w = 0;
    if (!n || b->s[n - 1] != '/' || (n >= 2 && b->s[n - 2] != ' '))
        return 0;
    while (w < line->n && line->s[w] != ' ')
        w++;
    while (w > 1 && strchr(".,;:)", line->s[w - 1]))
        w--;
    return w > 1 && line->s[w - 1] == '/';
}

/* The first piece of a line up to a space, a closing mark or the hyphen of a case
 * ending ("У-ын" of "БНХА" / "У-ын"), when it is all lower-case letters, or all
 * capitals when upper (a word in capitals broken at the edge: "МЭДЭЭ" over
 * "ЛЭЛД"); its length in bytes into *len, its letters returned; 0 otherwise. */
static int case_piece(const char *s, size_t n, int upper, size_t *len)
{
    int32_t i = 0, end = 0;
    int k = 0;
    while (i < (int32_t)n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
        if (c == ' ' || (c < 0x80 && strchr(".,;:)!?%", (int)c)) || (c == '-' && k))
            break;
        if (upper ? !u_isupper(c) : !u_islower(c))
            return 0;
        k++;
        end = i;
    }
    *len = (size_t)end;
    return k;
}

/* Whether w[0..n) is a word in capitals: two letters or more, none lower-case (a
 * capital alone starts a word in sentence case: "Х" over "ув" over "ь"). */
static int all_caps(const char *w, size_t n)
{
    int32_t i = 0;
    int letters = 0;
    while (i < (int32_t)n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)w, i, (int32_t)n, c);
        if (u_islower(c))
            return 0;
        letters += u_isupper(c) != 0;
    }
    return letters >= 2;
}

static char **endings; /* extract/data/word-endings.txt, rows of one field */
static size_t nendings;
static pthread_once_t endings_once = PTHREAD_ONCE_INIT;

static void endings_load(void) { nendings = tl_tsv_rows(tl_data_word_endings, tl_data_word_endings_len, 1, &endings); }

/* Whether the lower-case piece s[0..n) is a word ending that is never a word alone. */
static int word_ending(const char *s, size_t n)
{
    pthread_once(&endings_once, endings_load);
    for (size_t i = 0; endings && i < nendings; i++)
        if (strlen(endings[i]) == n && !memcmp(endings[i], s, n))
            return 1;
    return 0;
}

/* Whether the word that ended a full line (left[0..ln), alone on it when alone) and
 * the piece starting the next line (s[0..n), in the same case) are one word the
 * cell's edge broke without a hyphen (a word processor breaks a word wider than its
 * column where it hits the edge, after other words on the line or not).  The
 * lexicon of the clean documents decides where it knows: the joined form a word it
 * knows and the first piece not ("дарг" "ын"), or the second piece a word ending
 * ("үйлчилгээ" "ний"; also after a first piece known nowhere, a misspelt stem:
 * "уйлчилгээн" "ий"), or no word of its own (in the lexicon: only where it knows
 * the joined form, hunspell otherwise); never the second piece a word and the
 * joined form none ("асуулгын" "явц").  Where it knows neither, a short piece (five
 * letters at most: "н", "уудын") is taken as a remnant, a longer one as a word.
 * After other words on the line only the joined form known and a piece not joins
 * them: a line may end at the edge by chance. */
static int broken_decision(int kj, int kl, int kr, int letters, const char *s, size_t rn, int alone)
{
    if (kj && (!kl || !kr || letters <= 2))
        return 1;
    if (!alone)
        return 0;
    /* The documents' lexicon (and hunspell's affix rules) accept the pieces broken
     * words leave ("ний", "гийг"): a word ending is no word alone.  Nor is it after
     * a first piece no one knows (a misspelt stem: "УЙЛЧИЛГЭЭН" / "ИЙ"). */
    if (kj || !kl) {
        char *piece = tl_strndup(s, rn), *low = piece ? tl_lower(piece) : NULL;
        int ending = low && word_ending(low, strlen(low));
        free(piece);
        free(low);
        if (kj || ending)
            return ending;
    }
    return letters <= 5 && !kr && !kl;
}

/* Where the letters that end w[0..n) begin, three of them at least: a word the edge
 * broke is read without what it is glued to ("Цөлж of «"Цөлж», "Жар" of "Г.Жар",
 * "шинж" of "Хяналт-шинж"); a shorter run is a case ending after its hyphen
 * ("ТАСЗ-д"), read with the word, as is a token ending in a mark ("судалгаа/"). */
static size_t letters_tail(const char *w, size_t n)
{
    int32_t i = 0;
    size_t from = 0;
    int letters = 0;
    while (i < (int32_t)n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)w, i, (int32_t)n, c);
        letters++;
        if (!u_isalpha(c)) {
            from = (size_t)i;
            letters = 0;
        }
    }
    return letters >= 3 ? from : 0;
}

static int broken_word(const char *left, size_t ln, const char *s, size_t n, int alone)
{
    /* a word broken inside has letters on both sides of the break, or a slash
     * ("Д/" over "д"); "21%" over "non-EU" is two words */
    int32_t back = (int32_t)ln;
    UChar32 last = 0;
    if (ln)
        U8_PREV((const uint8_t *)left, 0, back, last);
    if (!u_isalpha(last) && last != '/')
        return 0;
    size_t rn = 0, off = letters_tail(left, ln);
    left += off;
    ln -= off;
    int letters = case_piece(s, n, all_caps(left, ln), &rn);
    if (!letters || ln + rn > 256)
        return 0;
    char joined[260];
    memcpy(joined, left, ln);
    memcpy(joined + ln, s, rn);
    /* Whether each of the joined form, the left and the right piece is a word: the
     * lexicon first, hunspell-mn (a word the documents happen not to use) only while
     * its answer would change the decision, since loading it is most of a digital
     * document's conversion.  A letter alone is no evidence of a word of its own
     * ("л", "н" are particles). */
    const char *w[3] = { joined, left, s };
    size_t wn[3] = { ln + rn, ln, rn };
    int known[3], open[3], count[3];
    for (int i = 0; i < 3; i++) {
        int c = i == 2 && letters <= 1 ? -1 : tl_norm_lexicon_count(w[i], wn[i]);
        count[i] = c;
        known[i] = c >= 1;
        open[i] = c == 0; /* -1: no lexicon, or a lone letter: hunspell is not asked */
    }
    /* The documents use the joined form and never the second piece alone: hunspell's
     * affix rules would take "гаанд" ("АЖИЛЛА" over "ГААНД") for a word, the
     * documents do not. */
    if (count[0] >= 1 && count[2] == 0)
        return 1;
    /* Nor the first piece, alone on its full line (a word too long for the column):
     * hunspell-mn knows "суралц" (learn!), the documents "суралцахуйн". */
    if (alone && count[0] >= 1 && count[1] == 0)
        return 1;
    for (;;) {
        int first = -1, same = 1, d0 = -1;
        for (int m = 0; m < 8 && same; m++) {
            int k[3];
            for (int i = 0; i < 3; i++)
                k[i] = open[i] ? (m >> i) & 1 : known[i];
            if (!open[0] && (m & 1)) continue;
            if (!open[1] && (m & 2)) continue;
            if (!open[2] && (m & 4)) continue;
            int d = broken_decision(k[0], k[1], k[2], letters, s, rn, alone);
            same = d0 < 0 || d == d0;
            d0 = d;
        }
        if (same)
            return d0;
        for (int i = 0; i < 3 && first < 0; i++)
            if (open[i])
                first = i;
        known[first] = tl_norm_spell_knows(w[first], wn[first]);
        open[first] = 0;
    }
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

/* A line that starts with a mark that closes what comes before it ("." "," ")" "%")
 * was pushed there by a full line: "1" over "." is "1." in a narrow column. */
static int starts_closing(const sbuf *line)
{
    return line->n > 0 && strchr(".,;:)!?%", line->s[0]) != NULL &&
           (line->n == 1 || line->s[1] == ' ' || line->s[0] != '.');
}

/* A number too wide for its column, broken where it hit the edge ("1." over "1",
 * "1" over "00%"): a line of one token ending in a decimal mark, or in a digit with
 * a short rest below, over a line starting with a digit. */
static int broken_number(const sbuf *before, const sbuf *line)
{
    if (!before->n || !line->n || line->s[0] < '0' || line->s[0] > '9')
        return 0;
    char c = before->s[before->n - 1];
    if ((c == '.' || c == ',') &&
        (before->n == 1 || before->s[before->n - 2] == ' ' || (before->s[before->n - 2] >= '0' && before->s[before->n - 2] <= '9')))
        return 1; /* "1." over "1", "." over "7" (the "2" on the page before): an item
                   * number's second part; "мотоцикл," over "74" is no number */
    /* a digit over a short rest ("4" over "0%"), not over a number of its own: a
     * column of figures stacks them ("0.4590" over "0.0628") */
    size_t rest = 0;
    while (rest < line->n && line->s[rest] != ' ')
        rest++;
    return c >= '0' && c <= '9' && rest <= 3;
}

/* An address goes on in its own letters: a line opening with a Cyrillic word after
 * "www.tender.gov.mn" is the sentence going on, not the address. */
static int ascii_start(const sbuf *line)
{
    return line->n && (unsigned char)line->s[0] < 0x80;
}

static int ends_in_address(const sbuf *before)
{
    size_t i = before->n;
    while (i > 0 && before->s[i - 1] != ' ')
        i--;
    /* A number ("100.0") has dots too, but no letter; a slash alone is no address
     * ("Accel/decel", "а/байгууллагын"); nor is a name after its initial, in
     * Cyrillic letters alone ("Д.Мөнхсайхан" over "2024"). */
    int dotted = 0, letter = 0;
    for (; i < before->n; i++) {
        unsigned char c = (unsigned char)before->s[i];
        dotted |= (c == '.' || c == '@') && i + 1 < before->n;
        letter |= (unsigned)((c | 0x20) - 'a') < 26u;
    }
    return dotted && letter;
}

/* The source's white space, unless the two glyphs of a text layer nearly touch: a
 * PDF's text splits words where the font changes too (a Latin face's "." after a
 * fallback face's Cyrillic: "баталсугай" 0.35 pt from "."), and no space is that
 * narrow.  OCR's word boundaries (conf >= 0) stand as read. */
int tl_glyph_spaced(const tl_glyph *a, const tl_glyph *b)
{
    double gap = b->box.x0 - a->box.x1, h = tl_glyph_height(b);
    return (b->space_before && (b->conf >= 0 || gap > TL_TOUCH_GAP * h)) || gap > TL_SPACE_GAP * h;
}

/* One line of a cell: its text in the lines' buffer, its first and last glyphs,
 * whether it is one token. */
typedef struct cline {
    size_t at, len;
    const tl_glyph *first, *last;
    int single;
} cline;

/* Where the lines of a cell can reach: its drawn edge (less the padding), or the end
 * of the farthest of its three lines or more where that stops short of the drawn
 * edge by less than a letter.  A word processor lays text out in its own metrics
 * (LibreOffice in a printer's), so the glyphs of a full line can end a few points
 * inside the cell's padding: in narrow columns a word broken at the edge was taken
 * for a line that had room left ("хэрэгжүү" / "лэх").  The farthest line itself is
 * measured against the drawn edge, since the true one may lie a letter past it;
 * *far is set to the glyph that ends it. */
static double text_edge(const cline *l, size_t nl, double drawn, const tl_glyph **far)
{
    const tl_glyph *f = NULL;
    for (size_t k = 0; k < nl; k++)
        if (!f || l[k].last->box.x1 > f->box.x1)
            f = l[k].last;
    *far = f;
    if (nl >= 3 && f->box.x1 < drawn && f->box.x1 > drawn - tl_glyph_height(f))
        return f->box.x1;
    return drawn;
}

/* Whether line a left no room for the first letter of line b at the cell's right
 * edge, with a quarter of the text height to spare: the word processor's own
 * measure includes the rule's width and its rounding, which the glyph boxes do not
 * show. */
static int line_full(const cline *a, const cline *b, double drawn, double edge, const tl_glyph *far)
{
    double right = a->last == far ? drawn : edge;
    return right - a->last->box.x1 < b->first->box.x1 - b->first->box.x0 + 0.25 * tl_glyph_height(b->first);
}

/* Whether head[0..hn) and the piece that starts line c (lower case unless upper)
 * make a word the documents use, the two no longer than max bytes. */
static int known_with_piece(const char *head, size_t hn, int upper, const char *text, const cline *c, size_t max)
{
    size_t rn = 0;
    if (hn > max || !case_piece(text + c->at, c->len, upper, &rn) || hn + rn > max)
        return 0;
    char joined[520];
    memcpy(joined, head, hn);
    memcpy(joined + hn, text + c->at, rn);
    return tl_norm_lexicon_count(joined, hn + rn) >= 1;
}

/* Whether full line b of one token and the piece that starts line c make a word the
 * documents use ("доошг" over "үй"): the word began on b, so the line before b ended
 * a word ("2-оос" over "доошг" is no "2-оосдоошг"). */
static int starts_word(const char *text, const cline *b, const cline *c, int full)
{
    if (!b->single || !full)
        return 0;
    return known_with_piece(text + b->at, b->len, all_caps(text + b->at, b->len), text, c, 256);
}

/* Whether the word w[0..wn) that ended a full line, full line b of one token and the
 * piece that starts line c make a word the documents use: a word too long for its
 * column broken over three lines ("камерж" / "уулалты" / "г"), whose first two
 * pieces make no word on their own. */
static int spans_three(const char *w, size_t wn, const char *text, const cline *b, const cline *c)
{
    size_t off = letters_tail(w, wn);
    w += off;
    wn -= off;
    if (!b->single || wn + b->len > 256)
        return 0;
    char head[260];
    memcpy(head, w, wn);
    memcpy(head + wn, text + b->at, b->len);
    return known_with_piece(head, wn + b->len, all_caps(w, wn), text, c, 512);
}

/* Reads refs r[0..n) (in reading order, lines numbered) into lines of text in *all:
 * glyphs joined with a space where the source had one or the gap is wide. */
static int read_lines(const tl_lref *r, size_t n, int words, sbuf *all, cline **out, size_t *nl)
{
    size_t cap = 0;
    *out = NULL;
    *nl = 0;
    for (size_t i = 0; i < n; i++) {
        const tl_glyph *g = r[i].g;
        if (!i || r[i].line != r[i - 1].line) {
            if (tl_grow((void **)out, &cap, *nl + 1, sizeof **out))
                return -1;
            (*out)[(*nl)++] = (cline){ all->n, 0, g, g, !words };
        } else if (words || tl_glyph_spaced(r[i - 1].g, g)) {
            if (sb_put(all, " ", 1))
                return -1;
            (*out)[*nl - 1].single = 0;
        }
        /* A soft hyphen is the typesetter's: never text. */
        int soft = g->len == 2 && (unsigned char)g->text[0] == 0xC2 && (unsigned char)g->text[1] == 0xAD;
        if (soft ? sb_put(all, "-", 1) : sb_put(all, g->text, g->len))
            return -1;
        cline *l = &(*out)[*nl - 1];
        l->last = g;
        l->len = all->n - l->at;
    }
    return 0;
}

/* What the cell's last line leaves for a word that goes on in the next fragment's
 * cell (the page broke the row): TL_EDGE_FULL when it left no room for the widest
 * letter of the cell, TL_EDGE_ALONE when that line is one token too. */
static unsigned char end_edge(const cline *l, size_t nl, const tl_lref *r, size_t n, double drawn, double edge,
                              const tl_glyph *far)
{
    const cline *last = &l[nl - 1];
    double wide = 0;
    for (size_t i = 0; i < n; i++)
        wide = fmax(wide, fmin(r[i].g->box.x1 - r[i].g->box.x0, tl_glyph_height(r[i].g)));
    double right = last->last == far ? drawn : edge;
    if (right - last->last->box.x1 >= wide + 0.25 * tl_glyph_height(last->last))
        return 0;
    return last->single ? TL_EDGE_ALONE : TL_EDGE_FULL;
}

int tl_lines_word_goes_on(const char *left, size_t ln, const char *right, size_t rn, int alone)
{
    return broken_word(left, ln, right, rn, alone);
}

char *tl_lines_text(const tl_lref *r, size_t n, int words, const tl_box *cell)
{
    return tl_lines_text_edge(r, n, words, cell, NULL);
}

/* Text of refs r[0..n) (already in reading order, lines numbered): the lines joined
 * with a space, or with nothing after a hyphen, or with nothing when the line before
 * was full at the cell's right edge (line_full) and either it ended in a word the
 * edge broke (broken_word; not when this line's own word goes on below it,
 * starts_word) or the break is inside an address, a number or before a closing
 * mark.  cell may be NULL (paragraphs). */
char *tl_lines_text_edge(const tl_lref *r, size_t n, int words, const tl_box *cell, unsigned char *end)
{
    sbuf all = { 0 }, out = { 0 };
    cline *l = NULL;
    size_t nl = 0;
    if (read_lines(r, n, words, &all, &l, &nl))
        goto oom;
    double pad = INFINITY, drawn = 0, edge = 0;
    const tl_glyph *far = NULL;
    for (size_t i = 0; cell && i < n; i++)
        pad = fmin(pad, r[i].g->box.x0 - cell->x0);
    if (cell && nl) {
        drawn = cell->x1 - pad;
        edge = text_edge(l, nl, drawn, &far);
    }
    int next_full = 0;
    for (size_t k = 0; k < nl; k++) {
        sbuf line = { all.s + l[k].at, l[k].len, 0 };
        int full = next_full;
        next_full = cell && k + 1 < nl && line_full(&l[k], &l[k + 1], drawn, edge, far);
        if (k) {
            size_t w0 = out.n;
            while (w0 > 0 && out.s[w0 - 1] != ' ')
                w0--;
            int glue = joins_hyphen(&out) || ends_opening(&out, &line) ||
                       (full && l[k - 1].single && ends_in_address(&out) && ascii_start(&line)) ||
                       (full && !ends_word(&out) && !(k + 1 < nl && starts_word(all.s, &l[k], &l[k + 1], next_full)) &&
                        broken_word(out.s + w0, out.n - w0, line.s, line.n, l[k - 1].single)) ||
                       (full && next_full && l[k - 1].single && !ends_word(&out) &&
                        spans_three(out.s + w0, out.n - w0, all.s, &l[k], &l[k + 1])) ||
                       (full && (starts_address_tail(&line) || starts_closing(&line))) ||
                       (full && l[k - 1].single && broken_number(&out, &line));
            if (!glue && sb_put(&out, " ", 1))
                goto oom;
        }
        if (sb_put(&out, line.s, line.n))
            goto oom;
    }
    if (end)
        *end = cell && nl ? end_edge(l, nl, r, n, drawn, edge, far) : 0;
    free(all.s);
    free(l);
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
    free(all.s);
    free(l);
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
