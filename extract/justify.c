/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Blanks down a grid column that are no gutter (refine.c asks tl_gutter_holds
 * before it cuts one): a justified paragraph's stretched word spaces, one above the
 * other; a gap most lines (in a justified open table, most rows) near it run
 * through; a new gutter that one ruled row alone shows where the table goes on
 * from the page before or its header does not show it.  And where lines end and
 * start again together, to the half point: two columns' edge, however narrow
 * (justified columns without rules down).  A column's lines are read once, at the
 * first test that needs them (tl_column).  Internal to the extract stage
 * (refine.h). */
#include "refine.h"

#include <math.h>
#include <stdlib.h>

#define WORD_GAP 0.12    /* of the glyph height: a blank between glyphs this wide parts words */
#define EVEN_SPACES 0.2  /* a line's word spaces this close in width are stretched alike */
#define EMPTY_CELL 1.5   /* of the glyph height: a blank wider is more than two cells' margins */
#define WIDE_BLANK 4.0   /* of the glyph height: no justified line stretches a space this wide */
#define SHORT_OF 3.0     /* of the glyph height: a line ending this far short of an edge is ragged there */
#define FLUSH_ENDS 4     /* lines ending together, at least, for a justified column */
#define NEAR_X 3.0       /* of the glyph height: a line with text this close to a gutter has text there */

static int cmp_blank(const void *x, const void *y)
{
    const tl_blank *p = x, *q = y;
    return (p->a > q->a) - (p->a < q->a);
}

void tl_blanks_sort(tl_blank *b, size_t n)
{
    qsort(b, n, sizeof *b, cmp_blank);
}

int tl_flush_edge(const tl_blank *blanks, size_t n, double a, double z)
{
    size_t k = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n && blanks[i].a <= a + TL_FLUSH_PT; i++)
        if (blanks[i].a >= a - TL_FLUSH_PT && fabs(blanks[i].z - z) <= TL_FLUSH_PT) {
            k++;
            lo = fmin(lo, blanks[i].word);
            hi = fmax(hi, blanks[i].word);
        }
    return k >= TL_FLUSH_LINES && hi - lo > TL_FLUSH_PT;
}

/* Whether TL_FLUSH_LINES of the blanks end at x (ends) or start there, within
 * TL_FLUSH_PT: a column's text starts (or ends) there; stretched word spaces end
 * and start where their words fall. */
static int flush_at(const tl_blank *blanks, size_t n, double x, int ends)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += fabs((ends ? blanks[i].z : blanks[i].a) - x) <= TL_FLUSH_PT;
    return k >= TL_FLUSH_LINES;
}

/* A glyph of one column: its middle's height, its ends, whether a figure, its row. */
typedef struct gn {
    double cy, x0, x1;
    int figure, row;
} gn;

static int cmp_gn(const void *x, const void *y)
{
    const gn *p = x, *q = y;
    return (p->cy > q->cy) - (p->cy < q->cy);
}

int tl_grid_row_at(const tl_grid *g, double y)
{
    int r = 0;
    while (r < g->nrows - 1 && y > g->ys[r + 1])
        r++;
    return r;
}

/* A line with a blank wider than a word space at the cut: where it ends, where the
 * words after the blank start, whether a word space next to it is as wide (1), none
 * is (-1), or it has none (0), and whether the words after it hold letters. */
typedef struct jline {
    double end, after;
    int even, letters;
} jline;

struct tl_column {
    const tl_grid *g; /* what it reads, borrowed: the grid, its column c, the boxes */
    int c;
    const tl_box *b;
    const unsigned char *num;
    const int *cell;
    size_t n;
    int nrows;        /* the grid's */
    double h;         /* the glyph height */
    int read;         /* whether the glyphs below were read (v NULL then on OOM) */
    gn *v;            /* the glyphs, in reading order down the column */
    size_t m;
    tl_blank *blanks; /* every line's blanks wider than a word space, sorted */
    size_t nb;
    tl_span *line;    /* room for one line's spans */
    jline *jl;        /* room for one entry a line */
};

void tl_column_free(tl_column *col)
{
    if (!col)
        return;
    free(col->v);
    free(col->blanks);
    free(col->line);
    free(col->jl);
    free(col);
}

/* The line of v that starts at i: its glyphs' spans (each widened by pad) merged
 * into line, *k of them; returns where the next line starts. */
static size_t line_at(const gn *v, size_t m, size_t i, double h, double pad, tl_span *line, size_t *k)
{
    size_t e = i + 1, n = 0;
    while (e < m && v[e].cy - v[e - 1].cy <= 0.5 * h)
        e++;
    for (size_t j = i; j < e; j++)
        line[n++] = (tl_span){ v[j].x0, v[j].x1 + pad };
    *k = tl_spans_merge(line, n);
    return e;
}

tl_column *tl_column_new(const tl_grid *g, int c, const tl_box *b, const unsigned char *num, const int *cell,
                         size_t n, double h)
{
    tl_column *col = calloc(1, sizeof *col);
    if (col)
        *col = (tl_column){ .g = g, .c = c, .b = b, .num = num, .cell = cell, .n = n, .nrows = g->nrows, .h = h };
    return col;
}

/* Reads col's glyphs and blanks at the first need (a ruled column asks only for a
 * cut that got that far); 0 on OOM. */
static int column_read(tl_column *col)
{
    if (col->read)
        return col->v != NULL;
    col->read = 1;
    const tl_grid *g = col->g;
    const tl_box *b = col->b;
    double h = col->h;
    gn *v = malloc((col->n ? col->n : 1) * sizeof *v);
    size_t m = 0, k;
    for (size_t i = 0; v && i < col->n; i++) {
        const tl_gcell *gc = &g->cells[col->cell[i]];
        double cy = (b[i].y0 + b[i].y1) / 2;
        if (gc->col == col->c && gc->colspan == 1 && b[i].x1 > b[i].x0)
            v[m++] = (gn){ cy, b[i].x0, b[i].x1, col->num && (col->num[i] & TL_GLYPH_FIGURE), tl_grid_row_at(g, cy) };
    }
    size_t room = m ? m : 1;
    col->blanks = malloc(room * sizeof *col->blanks);
    col->line = malloc(room * sizeof *col->line);
    col->jl = malloc(room * sizeof *col->jl);
    if (!v || !col->blanks || !col->line || !col->jl) {
        free(v);
        return 0;
    }
    qsort(v, m, sizeof *v, cmp_gn);
    for (size_t i = 0; i < m;) {
        i = line_at(v, m, i, h, 0, col->line, &k);
        for (size_t j = 1; j < k; j++)
            if (col->line[j].a - col->line[j - 1].b > TL_KNOWN_GAP * h)
                col->blanks[col->nb++] = (tl_blank){ col->line[j - 1].b, col->line[j].a, col->line[j - 1].a };
    }
    tl_blanks_sort(col->blanks, col->nb);
    col->v = v;
    col->m = m;
    return 1;
}

/* Whether the blank (a, z) is where one column's text ends and the next one's
 * starts: lines end and start again together there, or three lines' words start
 * at z after a blank (an open grid's one column is the whole table, and a line of
 * it runs through every column: the space beside a blank may be the gutter to the
 * next column, as narrow as two cells' padding). */
static int column_edge(const tl_blank *blanks, size_t nb, double a, double z)
{
    return tl_flush_edge(blanks, nb, a, z) || flush_at(blanks, nb, z, 1);
}

/* Whether the blank at x in column c is a justified paragraph's word space, not a
 * gutter.  Justifying stretches a line's spaces alike, so on a justified line the
 * word space next to the blank is as wide; a gutter is wider than the word spaces
 * beside it.  Lines of two words have no space beside it: such a line is justified
 * where it ends with the others (at the cell's end).  The blank is a word space
 * where the words after it hold letters (right-aligned figures end together too)
 * and: two lines or more have a space as wide beside it, more than have a gutter's
 * look; or no line has a space beside it, two or more end together and the words
 * after it start at different places (a column's text starts where the column
 * does); or no line looks like a gutter and two are justified.  Where three lines
 * end and start again together at it, it is a column's edge whatever the rest.  A
 * header set justified in a narrow cell ("Стратеги    төлөвлөгөө    болон" over
 * "үндэслэж    байгаа    бусад"), or an objective over a wide one, has such blanks
 * one above the other. */
static int gutter_justified(tl_column *col, double x)
{
    if (!column_read(col))
        return 0;
    const gn *v = col->v;
    const tl_blank *blanks = col->blanks;
    tl_span *line = col->line;
    jline *jl = col->jl;
    size_t m = col->m, nb = col->nb, nl = 0, k;
    double h = col->h, right = -INFINITY;
    for (size_t i = 0, e; i < m; i = e) {
        e = line_at(v, m, i, h, 0, line, &k);
        /* the blank holding x, and the word spaces either side of it */
        size_t at = 0;
        for (size_t j = 1; j < k && !at; j++)
            if (line[j - 1].b <= x && line[j].a >= x && line[j].a - line[j - 1].b > TL_KNOWN_GAP * h)
                at = j;
        /* a blank wider than a cell's margins that starts where a column's text
         * ends or ends where one starts (a line short of its column's edge, an
         * empty cell between), or wider than any stretched space (a centred
         * title's line), says nothing of x inside it */
        if (at && line[at].a - line[at - 1].b > EMPTY_CELL * h &&
            (flush_at(blanks, nb, line[at].a, 1) || flush_at(blanks, nb, line[at - 1].b, 0) ||
             line[at].a - line[at - 1].b > WIDE_BLANK * h))
            at = 0;
        if (at && tl_flush_edge(blanks, nb, line[at - 1].b, line[at].a))
            return 0; /* lines end and start again together here: a column's edge */
        if (at) {
            /* the word spaces beside it: a column's edge, or a blank wider than
             * this one (another gutter, an empty column), tells nothing */
            double w = line[at].a - line[at - 1].b, side[2] = { -1, -1 };
            for (size_t j = at - 1; j >= 1 && side[0] < 0; j--)
                if (line[j].a - line[j - 1].b >= WORD_GAP * h)
                    side[0] = column_edge(blanks, nb, line[j - 1].b, line[j].a) ? 0 : line[j].a - line[j - 1].b;
            for (size_t j = at + 1; j < k && side[1] < 0; j++)
                if (line[j].a - line[j - 1].b >= WORD_GAP * h)
                    side[1] = column_edge(blanks, nb, line[j - 1].b, line[j].a) ? 0 : line[j].a - line[j - 1].b;
            int even = 0;
            for (int s = 0; s < 2; s++) {
                if (side[s] <= 0 || side[s] > (1 + EVEN_SPACES) * w)
                    continue;
                even = fabs(side[s] - w) <= EVEN_SPACES * w ? 1 : even ? even : -1;
            }
            /* where the line's text ends in this column: at the next column's edge */
            size_t last = at;
            while (last + 1 < k && !column_edge(blanks, nb, line[last].b, line[last + 1].a))
                last++;
            jline *l = &jl[nl++];
            *l = (jline){ line[last].b, line[at].a, even, 0 };
            for (size_t j = i; j < e; j++)
                l->letters |= v[j].x0 >= x && v[j].x1 <= l->end + 0.01 && !v[j].figure;
            right = fmax(right, l->end);
        }
    }
    size_t even = 0, uneven = 0, flush = 0, ragged = 0;
    int letters = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t l = 0; l < nl; l++) {
        if (!jl[l].letters)
            continue; /* figures after it: right-aligned numbers end together too */
        letters = 1;
        if (jl[l].even) {
            even += jl[l].even > 0;
            uneven += jl[l].even < 0;
        } else if (jl[l].end >= right - TL_ALIGN_PT) {
            flush++;
            lo = fmin(lo, jl[l].after);
            hi = fmax(hi, jl[l].after);
        } else {
            ragged++;
        }
    }
    size_t not = uneven + ragged;
    /* words after the blank starting together on three lines: a column's start
     * (a justified line's words fall wherever its spaces stretch them) */
    for (size_t l = 0; l < nl; l++) {
        size_t together = 0;
        for (size_t o = 0; o < nl; o++)
            together += jl[o].letters && fabs(jl[o].after - jl[l].after) <= TL_FLUSH_PT;
        if (jl[l].letters && together >= TL_FLUSH_LINES)
            return 0;
    }
    return letters && ((even >= 2 && even > not) || (!even && !not && flush >= 2 && hi - lo > 2 * TL_ALIGN_PT) ||
                       (even && !not && even + flush >= 2));
}

/* Whether most of the lines with text near x (within NEAR_X glyph heights) have a
 * word across it: a blank that a few lines leave there (justified lines' stretched
 * spaces, one above the other by chance) while the rest of the paragraph runs
 * through is no gutter.  Counted over the lines near x, not all of the table's:
 * an objective's lines are a few of an open grid's. */
static int gutter_crossed(tl_column *col, double x)
{
    size_t near = 0, across = 0, k;
    double h = col->h;
    for (size_t i = 0; column_read(col) && i < col->m;) {
        /* letters closer than a space: one word */
        i = line_at(col->v, col->m, i, h, WORD_GAP * h, col->line, &k);
        int is_near = 0, is_across = 0;
        for (size_t j = 0; j < k; j++) {
            const tl_span *s = &col->line[j];
            is_near |= s->a < x + NEAR_X * h && s->b - WORD_GAP * h > x - NEAR_X * h;
            is_across |= s->a < x && s->b - WORD_GAP * h > x;
        }
        near += is_near != 0;
        across += is_across != 0;
    }
    return near && 2 * across > near;
}

/* Whether glyph of v[i..e) ending (at_end) or starting at x is a figure. */
static int figure_at(const gn *v, size_t i, size_t e, double x, int at_end)
{
    for (; i < e; i++)
        if (fabs((at_end ? v[i].x1 : v[i].x0) - x) < 0.01)
            return v[i].figure;
    return 0;
}

int tl_column_justified(tl_column *col)
{
    if (!col || !column_read(col))
        return 0;
    const gn *v = col->v;
    size_t m = col->m, k, nb = 0, ne = 0;
    double h = col->h;
    tl_span *line = col->line;
    tl_blank *blanks = malloc((m ? m : 1) * sizeof *blanks), *ends = malloc((m ? m : 1) * sizeof *ends);
    int justified = 0;
    /* letters on both sides: figures end together where they are right-aligned */
    for (size_t i = 0, e; blanks && ends && i < m; i = e) {
        e = line_at(v, m, i, h, 0, line, &k);
        for (size_t j = 1; j <= k; j++) {
            int blank = j < k && line[j].a - line[j - 1].b > TL_KNOWN_GAP * h;
            if (blank && !figure_at(v, i, e, line[j - 1].b, 1) && !figure_at(v, i, e, line[j].a, 0))
                blanks[nb++] = (tl_blank){ line[j - 1].b, line[j].a, line[j - 1].a };
            if ((blank || j == k) && !figure_at(v, i, e, line[j - 1].b, 1))
                ends[ne++] = (tl_blank){ line[j - 1].b, line[j - 1].b, line[j - 1].a };
        }
    }
    if (blanks && ends) {
        tl_blanks_sort(blanks, nb);
        for (size_t i = 0; i < nb && !justified; i++)
            justified = tl_flush_edge(blanks, nb, blanks[i].a, blanks[i].z);
        /* or lines ending together, more than end short of that edge (ragged
         * lines end anywhere, a few together by chance among many near) */
        for (size_t i = 0; i < ne && !justified; i++) {
            size_t flush = 0, near = 0;
            double lo = INFINITY, hi = -INFINITY;
            for (size_t o = 0; o < ne; o++) {
                double d = ends[i].a - ends[o].a;
                if (fabs(d) <= TL_FLUSH_PT) {
                    flush++;
                    lo = fmin(lo, ends[o].word);
                    hi = fmax(hi, ends[o].word);
                } else if (d > 0 && d < SHORT_OF * h) {
                    near++;
                }
            }
            justified = flush >= FLUSH_ENDS && flush > near && hi - lo > TL_FLUSH_PT;
        }
    }
    free(blanks);
    free(ends);
    return justified;
}

#define LINE_ACROSS 1 /* line_side: a word of the line runs across x */
#define LINE_PARTED 2 /* text left of x and text starting right of it */

/* Where the line read into col->line (k spans, letters closer than a word space
 * joined) lies from x: LINE_ACROSS, LINE_PARTED where its text right of x starts
 * within reach of it, or 0. */
static int line_side(const tl_column *col, size_t k, double x, double reach)
{
    int across = 0, left = 0, right = 0;
    for (size_t j = 0; j < k; j++) {
        const tl_span *s = &col->line[j];
        double end = s->b - WORD_GAP * col->h;
        across |= s->a < x && end > x;
        left |= end <= x;
        right |= s->a >= x && s->a < x + reach;
    }
    return across ? LINE_ACROSS : left && right ? LINE_PARTED : 0;
}

/* Whether more of g's rows run through x than part there, in column c: a row runs
 * through where more of its lines have a word across x than have text on both sides
 * near it.  An open grid's rows are whole bands between rules, and one column of it
 * spans the table: a justified cell's stretched spaces, one above the other in one
 * row, part that row's few lines while every other row with text there runs
 * through; a gutter parts row after row, and a title across the table is one row
 * however many its lines.  A line parts at x where it has text left of x and text
 * starting within a glyph height right of it (a cut stands just before the next
 * column's text; a line with an empty cell there tells nothing). */
static int gutter_rows_crossed(tl_column *col, double x)
{
    if (!column_read(col))
        return 0;
    size_t k;
    double h = col->h;
    int *across = calloc((size_t)col->nrows + 1, sizeof *across), *parts = calloc((size_t)col->nrows + 1, sizeof *parts);
    for (size_t i = 0, e; across && parts && i < col->m; i = e) {
        e = line_at(col->v, col->m, i, h, WORD_GAP * h, col->line, &k);
        int side = line_side(col, k, x, h);
        /* the line's row: its first glyph's */
        if (side == LINE_ACROSS)
            across[col->v[i].row]++;
        else if (side == LINE_PARTED)
            parts[col->v[i].row]++;
    }
    int rows_across = 0, rows_parted = 0;
    for (int r = 0; across && parts && r < col->nrows; r++) {
        rows_across += across[r] > parts[r];
        rows_parted += parts[r] > across[r];
    }
    free(across);
    free(parts);
    return rows_across > rows_parted;
}

/* Whether one line alone parts at x while another runs across it (a header over
 * the column): one line's blanks are no evidence of a column under a header that
 * spans it.  A justified line spreads its words over its cell, and a row broken
 * over a page may leave a single line of it on the page, its word spaces as wide
 * as a gutter. */
static int one_line_under_across(tl_column *col, double x)
{
    size_t parted = 0, crossing = 0, k;
    double h = col->h;
    for (size_t i = 0; column_read(col) && i < col->m;) {
        i = line_at(col->v, col->m, i, h, WORD_GAP * h, col->line, &k);
        int side = line_side(col, k, x, INFINITY);
        parted += side == LINE_PARTED;
        crossing += side == LINE_ACROSS;
    }
    return parted < 2 && crossing;
}

/* Whether known holds the gutters of the table g continues from the page before:
 * the same left and right ends, and it ended lower on its page than g starts on
 * this one (a table above g on this page ends above it). */
static int gutters_continue(const tl_grid *g, const tl_gutters *known)
{
    return known && known->n && known->y1 > g->ys[0] && fabs(known->x0 - g->xs[0]) <= TL_ALIGN_PT &&
           fabs(known->x1 - g->xs[g->ncols]) <= TL_ALIGN_PT;
}

/* Where box b lies from x: 1 left of it, 2 right, 4 across. */
static unsigned char side_of(const tl_box *b, double x)
{
    return b->x1 <= x ? 1 : b->x0 >= x ? 2 : 4;
}

/* Whether the ruled rows agree on a gutter at x in column c: two rows or more have
 * text on both sides of it, or only one row has text in the column at all.  Asked
 * of a table the page before had without that gutter: one that one row's text
 * shows and another row's does not (a header over the column, its words left of x)
 * is most likely the chance of that row's words - two justified lines whose last
 * words are as long ("хэрэглэж    буй" over "иргэдийн    тоо") start them at one
 * x, as a column would.  (Asked of every table it lost the gutter between two
 * header cells that touch, "Хүрсэн түвшин ..." and "Номгон Гүйцэтгэлийн хувь",
 * whose one row is the only evidence there.) */
static int rows_agree(const tl_column *col, double x)
{
    const tl_grid *g = col->g;
    const tl_box *b = col->b;
    unsigned char *seen = calloc((size_t)g->nrows, 1); /* 1 left, 2 right, 4 across */
    if (!seen)
        return 1;
    for (size_t i = 0; i < col->n; i++) {
        const tl_gcell *gc = &g->cells[col->cell[i]];
        if (gc->col != col->c || gc->colspan != 1 || !(b[i].x1 > b[i].x0))
            continue;
        seen[gc->row] |= side_of(&b[i], x);
    }
    int with_text = 0, both = 0;
    for (int r = 0; r < g->nrows; r++) {
        with_text += seen[r] != 0;
        both += (seen[r] & 3) == 3;
    }
    free(seen);
    return both >= 2 || with_text < 2;
}

/* Whether the text right of x starts at one x (within TL_FLUSH_PT) on two lines or
 * more, or with a figure on two, in the lines with text on both sides of x between
 * the gutters known either side: a column's cells start at its edge (set left or
 * justified), where a justified line's stretched words fall anywhere ("Төрийн
 * албан" over "Багийн    Засаг", their second words 4 pt apart); figures may be
 * set right or centred. */
static int starts_together(tl_column *col, const tl_gutters *known, double x)
{
    if (!column_read(col))
        return 1;
    double lo = col->g->xs[col->c], hi = col->g->xs[col->c + 1];
    for (size_t i = 0; i < known->n; i++) {
        if (known->x[i] < x)
            lo = fmax(lo, known->x[i]);
        else
            hi = fmin(hi, known->x[i]);
    }
    size_t k, nl = 0, figures = 0;
    double *first = malloc((col->m ? col->m : 1) * sizeof *first);
    if (!first)
        return 1;
    for (size_t i = 0, e; i < col->m; i = e) {
        e = line_at(col->v, col->m, i, col->h, 0, col->line, &k);
        double at = INFINITY;
        int figure = 0, left = 0;
        for (size_t j = i; j < e; j++) {
            left |= col->v[j].x0 > lo && col->v[j].x1 <= x;
            if (col->v[j].x0 >= x && col->v[j].x0 < hi && col->v[j].x0 < at) {
                at = col->v[j].x0;
                figure = col->v[j].figure;
            }
        }
        if (left && isfinite(at)) {
            first[nl++] = at;
            figures += figure != 0;
        }
    }
    tl_sort_doubles(first, nl);
    int together = figures >= 2;
    for (size_t l = 1; l < nl && !together; l++)
        together = first[l] - first[l - 1] <= TL_FLUSH_PT;
    free(first);
    return together;
}

/* Whether the grid's first row has text in the column, all of it on one side of x:
 * a header that does not show a gutter there (one across it may be a title over
 * two columns). */
static int header_aside(const tl_column *col, double x)
{
    int seen = 0; /* 1 left, 2 right, 4 across */
    for (size_t i = 0; i < col->n; i++) {
        const tl_gcell *gc = &col->g->cells[col->cell[i]];
        const tl_box *b = &col->b[i];
        if (gc->row == 0 && gc->col == col->c && gc->colspan == 1 && b->x1 > b->x0)
            seen |= side_of(b, x);
    }
    return seen == 1 || seen == 2;
}

int tl_gutter_holds(tl_column *col, const tl_gutters *known, int near_known, int justified, double x)
{
    const tl_grid *g = col->g;
    /* a justified word space: in an open grid asked only where its text is
     * justified (figures and ragged labels evenly spaced look like stretched
     * spaces) */
    if ((!g->open || justified) && gutter_justified(col, x))
        return 0;
    if (near_known)
        return 1;
    if (one_line_under_across(col, x))
        return 0;
    /* a table going on from the page before, or a ruled column whose header lies
     * on one side of x: two rows must show it */
    if ((gutters_continue(g, known) || (!g->open && header_aside(col, x))) && !rows_agree(col, x))
        return 0;
    /* a table going on from the page before: a new gutter where its text starts */
    if (justified && gutters_continue(g, known) && !starts_together(col, known, x))
        return 0;
    return !gutter_crossed(col, x) && !(g->open && justified && gutter_rows_crossed(col, x));
}
