/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One page of a PDF with a text layer, through Poppler glib: the text and one box
 * per character (poppler_page_get_text_layout), and a rendering at a pixel per
 * point without the text, so what ink there is is rules, fills and pictures, in
 * which rules.c finds the rules and grid.c the cell grids they draw.  Nothing here
 * touches a document model: pages are read on any thread (pdf_readers.c).
 *
 * Rendering uses poppler_page_render (screen mode), not the printing mode: screen
 * mode widens hairlines to a full pixel, while in printing mode Poppler's cairo
 * backend drops 0.5 pt rules that fall between pixel centres.
 *
 * The rendering for rules leaves the text out (see cairo_show_glyphs below). */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "extract.h"
#include "pdf_private.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define RENDER_SCALE 1.0          /* pixels per point: a border drawn as a filled
                                     rectangle half a point wide (Word's way) falls
                                     between two pixels at half this, each too faint */
#define MAX_RENDER_PIXELS 16000000 /* larger pages are rendered coarser */
#define RULE_MIN_LEN 8.0          /* points: shorter ink runs are not rules */
#define PAPER_SPREAD 6             /* ink levels either side of the paper's that are paper */
#define RULE_MAX_THICK 4.0        /* points: thicker runs are fills */
#define WORD_BLEED 1.5            /* points a line under a word may pass its box */

/* Text in the rendering for rules is only in the way: its glyphs had to be wiped
 * again box by box, which took rules that run close by with them (a table's border
 * beside its first column), and the anti-aliased edges they left made short false
 * rules next to real ones.  Drawing them was also a quarter of a text PDF's
 * extraction time.  Poppler's glib API has no way to render without text, but its
 * cairo backend draws every glyph of a text layer through two cairo calls (filled:
 * cairo_show_glyphs, Type 3 fonts included, as cairo user fonts; stroked or used as
 * a clip: cairo_glyph_path), which the dynamic linker lets us take: while this
 * thread renders for rules, glyphs are dropped; at any other time, and in any other
 * thread, the calls go on to cairo.  (Text used as a clip then clips everything
 * away inside it: a pattern painted through letters, which holds no rules.)  The two
 * must be seen by the dynamic linker, so they keep default visibility in a build that
 * hides every other symbol. */
#define TL_INTERPOSE __attribute__((visibility("default")))
static _Thread_local int drop_glyphs;
typedef void glyph_fn(cairo_t *, const cairo_glyph_t *, int);
static glyph_fn *cairo_show, *cairo_path;
static pthread_once_t cairo_found = PTHREAD_ONCE_INIT;

static void find_cairo(void)
{
    cairo_show = (glyph_fn *)dlsym(RTLD_NEXT, "cairo_show_glyphs");
    cairo_path = (glyph_fn *)dlsym(RTLD_NEXT, "cairo_glyph_path");
}

TL_INTERPOSE void cairo_show_glyphs(cairo_t *cr, const cairo_glyph_t *glyphs, int num_glyphs)
{
    if (drop_glyphs)
        return;
    pthread_once(&cairo_found, find_cairo);
    if (cairo_show)
        cairo_show(cr, glyphs, num_glyphs);
}

TL_INTERPOSE void cairo_glyph_path(cairo_t *cr, const cairo_glyph_t *glyphs, int num_glyphs)
{
    if (drop_glyphs)
        return;
    pthread_once(&cairo_found, find_cairo);
    if (cairo_path)
        cairo_path(cr, glyphs, num_glyphs);
}

void tl_pdf_canvas_free(tl_pdf_canvas *c)
{
    if (c->surface)
        cairo_surface_destroy(c->surface);
    free(c->mem);
    memset(c, 0, sizeof *c);
}

#define CANVAS_ALIGN ((size_t)2 << 20)

/* The canvas for a page of w x h pixels: one block for the rendering and the ink,
 * kept from page to page.  A page of A4 is 2.5 MB of it, first written by the
 * rendering: faulted in 4 KB at a time that is 600 faults a thread, which on a
 * virtual machine cost more than reading a short document (bench/pdf.sh); on 2 MB
 * pages where the system has them it is two. */
static int canvas_size(tl_pdf_canvas *c, int w, int h)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
    if (stride <= 0)
        return -1;
    size_t draw = (size_t)stride * (size_t)h, need = draw + (size_t)w * (size_t)h;
    if (c->surface && c->w == w && c->h == h && need <= c->mem_cap)
        return 0;
    if (c->surface)
        cairo_surface_destroy(c->surface);
    c->surface = NULL;
    if (need > c->mem_cap) {
        free(c->mem);
        c->mem = NULL;
        c->mem_cap = 0;
        size_t cap = (need + CANVAS_ALIGN - 1) / CANVAS_ALIGN * CANVAS_ALIGN;
        void *mem = NULL;
        if (posix_memalign(&mem, CANVAS_ALIGN, cap))
            return -1;
#ifdef MADV_HUGEPAGE
        madvise(mem, cap, MADV_HUGEPAGE);
#endif
        c->mem = mem;
        c->mem_cap = cap;
    }
    c->surface = cairo_image_surface_create_for_data(c->mem, CAIRO_FORMAT_RGB24, w, h, stride);
    c->px = c->mem + draw;
    c->w = w;
    c->h = h;
    if (cairo_surface_status(c->surface) != CAIRO_STATUS_SUCCESS) {
        tl_pdf_canvas_free(c);
        return -1;
    }
    return 0;
}

/* RGB to ink (255 - luminance).  Most of a page is paper: it is skipped eight
 * pixels at a time. */
static void to_ink(const unsigned char *d, size_t stride, int w, int h, unsigned char *px)
{
    const uint64_t white2 = 0x00FFFFFF00FFFFFFull;
    for (int y = 0; y < h; y++) {
        const unsigned char *row = d + (size_t)y * stride;
        unsigned char *out = px + (size_t)y * (size_t)w;
        int x = 0;
        while (x < w) {
            if (x + 8 <= w) {
                uint64_t q[4];
                memcpy(q, row + 4 * (size_t)x, sizeof q);
                if ((q[0] & q[1] & q[2] & q[3] & white2) == white2) {
                    memset(out + x, 0, 8);
                    x += 8;
                    continue;
                }
            }
            uint32_t p;
            memcpy(&p, row + 4 * (size_t)x, sizeof p);
            uint32_t lum = (77 * ((p >> 16) & 0xFF) + 150 * ((p >> 8) & 0xFF) + 29 * (p & 0xFF)) >> 8;
            out[x++] = (unsigned char)(255 - lum);
        }
    }
}

/* A page printed on grey or tinted paper, or a scan of one under a text layer, is
 * ink all over: every row a faint run, every letter's ground a fill.  Where over half
 * of the page (a sample of every fourth row) is one level of ink, that level is the
 * paper, and it is taken off every pixel. */
static void lift_paper(unsigned char *px, int w, int h)
{
    size_t hist[256] = { 0 }, seen = 0;
    for (int y = 0; y < h; y += 4) {
        const unsigned char *row = px + (size_t)y * (size_t)w;
        int x = 0;
        for (; x + 8 <= w; x += 8) {
            uint64_t eight;
            memcpy(&eight, row + x, sizeof eight);
            if (!eight) /* white paper, the most of a page: counted 8 at a time */
                hist[0] += 8;
            else
                for (int i = 0; i < 8; i++)
                    hist[row[x + i]]++;
        }
        for (; x < w; x++)
            hist[row[x]]++;
        seen += (size_t)w;
    }
    int mode = 0;
    for (int v = 1; v < 128; v++)
        if (hist[v] > hist[mode])
            mode = v;
    size_t near = 0;
    for (int v = mode - PAPER_SPREAD; v <= mode + PAPER_SPREAD; v++)
        near += v >= 0 && v < 256 ? hist[v] : 0;
    if (mode == 0 || 2 * near < seen)
        return;
    int lift = mode + PAPER_SPREAD;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        px[i] = px[i] > lift ? (unsigned char)(px[i] - lift) : 0;
}

/* Letters that touch on one line, as one box (drop_letter_rules, open grids). */
static tl_box *word_boxes(const tl_glyph *g, size_t n, size_t *nb)
{
    *nb = 0;
    tl_box *b = malloc((n ? n : 1) * sizeof *b);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        tl_box x = g[i].box;
        tl_box *run = *nb ? &b[*nb - 1] : NULL;
        if (run && !g[i].space_before && fabs(x.y0 - run->y0) < 0.5 && fabs(x.y1 - run->y1) < 0.5 &&
            x.x0 >= run->x0 && x.x0 <= run->x1 + 0.5) {
            if (x.x1 > run->x1)
                run->x1 = x.x1;
            continue;
        }
        b[(*nb)++] = x;
    }
    return b;
}

static int inside(const tl_box *b, double x0, double y0, double x1, double y1)
{
    return x0 >= b->x0 - WORD_BLEED && x1 <= b->x1 + WORD_BLEED && y0 >= b->y0 - WORD_BLEED &&
           y1 <= b->y1 + WORD_BLEED;
}

/* Drops "rules" that lie within a word: a line drawn under or through one word
 * (underlined, struck out).  A table's rule always leaves the word. */
static size_t drop_letter_rules(tl_rule *r, size_t n, int horiz, const tl_box *b, size_t nb)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        for (; j < nb; j++)
            if (horiz ? inside(&b[j], r[i].a0, r[i].pos, r[i].a1, r[i].pos)
                      : inside(&b[j], r[i].pos, r[i].a0, r[i].pos, r[i].a1))
                break;
        if (j == nb)
            r[k++] = r[i];
    }
    return k;
}

/* The page rendered as ink in the canvas, its text left out unless asked for. */
static int render_ink(tl_pdf_canvas *c, PopplerPage *page, double w, double h, const cairo_matrix_t *up, int text,
                      tl_ink *ink)
{
    double scale = RENDER_SCALE, most = fmin(MAX_RENDER_PIXELS, (double)tl_limits_get()->max_pixels);
    if (w * h * scale * scale > most)
        scale = sqrt(most / (w * h));
    /* Within the pixel budget a page may still be a sliver wider than cairo draws
     * (32767 pixels a side) or than an int holds. */
    if (!(w * scale < 32767 && h * scale < 32767))
        return -1;
    int pw = (int)ceil(w * scale), ph = (int)ceil(h * scale);
    if (pw < 1 || ph < 1 || canvas_size(c, pw, ph))
        return -1;
    cairo_surface_flush(c->surface);
    unsigned char *d = cairo_image_surface_get_data(c->surface);
    size_t stride = (size_t)cairo_image_surface_get_stride(c->surface);
    memset(d, 0xFF, stride * (size_t)ph);
    cairo_surface_mark_dirty(c->surface);
    cairo_t *cr = cairo_create(c->surface);
    cairo_scale(cr, scale, scale);
    cairo_transform(cr, up);
    drop_glyphs = !text;
    poppler_page_render(page, cr);
    drop_glyphs = 0;
    int bad = cairo_status(cr) != CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    cairo_surface_flush(c->surface);
    if (bad)
        return -1;
    to_ink(d, stride, pw, ph, c->px);
    lift_paper(c->px, pw, ph);
    *ink = (tl_ink){ c->px, pw, ph, (size_t)pw, scale };
    return 0;
}

/* TL_PDF_DEBUG_RULES=DIR: the rule image and the rules found, to see why a table was
 * or was not found (DIR/rules-PAGE.pgm; the rules on stderr). */
static void debug_rules(const char *dir, const tl_ink *ink, const tl_rules *r, int page)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/rules-%d.pgm", dir, page);
    FILE *f = fopen(path, "wb");
    if (f) {
        fprintf(f, "P5\n%d %d\n255\n", ink->w, ink->h);
        for (int y = 0; y < ink->h; y++)
            for (int x = 0; x < ink->w; x++)
                fputc(255 - ink->px[(size_t)y * ink->stride + (size_t)x], f);
        fclose(f);
    }
    fprintf(stderr, "page %d: %zu rules across, %zu down (%s)\n", page, r->nh, r->nv, path);
    for (size_t i = 0; i < r->nh; i++)
        fprintf(stderr, "  H y=%.1f x=%.1f-%.1f\n", r->h[i].pos, r->h[i].a0, r->h[i].a1);
    for (size_t i = 0; i < r->nv; i++)
        fprintf(stderr, "  V x=%.1f y=%.1f-%.1f\n", r->v[i].pos, r->v[i].a0, r->v[i].a1);
}

/* Whether anything at all is drawn: a page without text may just be empty. */
static int has_ink(const tl_ink *ink)
{
    for (int y = 0; y < ink->h; y++)
        for (int x = 0; x < ink->w; x++)
            if (ink->px[(size_t)y * ink->stride + (size_t)x] >= 32)
                return 1;
    return 0;
}

/* Characters of the page's text with their boxes.  White space is not kept as
 * glyphs but as a mark on the next character: Poppler gives a space the box of the
 * gap it fills, which on a turned page lies over the word before it. */
static tl_glyph *page_glyphs(const char *text, const PopplerRectangle *rects, guint nrects,
                             size_t *n)
{
    size_t len = strlen(text);
    tl_glyph *g = malloc((len ? len : 1) * sizeof *g);
    if (!g)
        return NULL;
    size_t k = 0, i = 0;
    guint ri = 0;
    int space = 0;
    while (i < len && ri < nrects) {
        size_t s = i;
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
        const PopplerRectangle *r = &rects[ri++];
        if (text[s] == '\n' || text[s] == '\r' || text[s] == ' ' || text[s] == '\t') {
            space = 1;
            continue;
        }
        g[k++] = (tl_glyph){ text + s, i - s,
                             { fmin(r->x1, r->x2), fmin(r->y1, r->y2), fmax(r->x1, r->x2),
                               fmax(r->y1, r->y2) },
                             -1, space };
        space = 0;
    }
    *n = k;
    return g;
}

/* How far the text of a page is turned on the displayed page: the direction most
 * consecutive letters advance in (0: left to right; 90: top to bottom; 180; 270).
 * Sideways text is a landscape table put on a portrait page, or a scan fed in turned. */
static int text_turn(const tl_glyph *g, size_t n)
{
    size_t votes[4] = { 0 };
    for (size_t i = 1; i < n; i++) {
        double dx = (g[i].box.x0 + g[i].box.x1 - g[i - 1].box.x0 - g[i - 1].box.x1) / 2;
        double dy = (g[i].box.y0 + g[i].box.y1 - g[i - 1].box.y0 - g[i - 1].box.y1) / 2;
        double gw = g[i].box.x1 - g[i].box.x0, gh = g[i].box.y1 - g[i].box.y0;
        /* Only steps of about one letter: a line break jumps back. */
        if (fabs(dx) > 2 * fmax(gw, gh) || fabs(dy) > 2 * fmax(gw, gh))
            continue;
        if (fabs(dx) >= fabs(dy))
            votes[dx >= 0 ? 0 : 2]++;
        else
            votes[dy >= 0 ? 1 : 3]++;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (votes[k] > votes[best])
            best = k;
    return best * 90;
}

/* The transform from display space (w x h) to the space where the text reads left
 * to right, and that space's size. */
static void upright(int turn, double w, double h, cairo_matrix_t *m, double *uw, double *uh)
{
    *uw = w;
    *uh = h;
    switch (turn) {
    case 90:  /* text runs down: turn the page a quarter to the left */
        cairo_matrix_init(m, 0, -1, 1, 0, 0, w);
        *uw = h;
        *uh = w;
        break;
    case 270: /* text runs up */
        cairo_matrix_init(m, 0, 1, -1, 0, h, 0);
        *uw = h;
        *uh = w;
        break;
    case 180:
        cairo_matrix_init(m, -1, 0, 0, -1, w, h);
        break;
    default:
        cairo_matrix_init_identity(m);
    }
}

static void turn_box(const cairo_matrix_t *m, tl_box *b)
{
    double x0 = b->x0, y0 = b->y0, x1 = b->x1, y1 = b->y1;
    cairo_matrix_transform_point(m, &x0, &y0);
    cairo_matrix_transform_point(m, &x1, &y1);
    *b = (tl_box){ fmin(x0, x1), fmin(y0, y1), fmax(x0, x1), fmax(y0, y1) };
}

/* The rules of page p's rendering, the grids they draw and the ink off them. */
static int find_rules(tl_pdf_page *p, const tl_ink *ink)
{
    if (tl_rules_find(ink, RULE_MIN_LEN, RULE_MAX_THICK, p->words, p->nwords, &p->rules))
        return -1;
    const char *debug = tl_hook("TL_PDF_DEBUG_RULES");
    if (debug)
        debug_rules(debug, ink, &p->rules, p->number);
    p->rules.nh = drop_letter_rules(p->rules.h, p->rules.nh, 1, p->words, p->nwords);
    p->rules.nv = drop_letter_rules(p->rules.v, p->rules.nv, 0, p->words, p->nwords);
    /* a grid is drawn by rules: without, there is none to test for a chart */
    if (p->rules.nh + p->rules.nv && tl_plot_find(ink, &p->rules, &p->plot))
        return -1;
    return tl_grids_build(&p->rules, &p->grids, &p->ngrids);
}

void tl_pdf_page_read(PopplerPage *page, int number, tl_pdf_canvas *cv, tl_pdf_page *out)
{
    tl_pdf_page *p = out;
    *p = (tl_pdf_page){ .state = TL_PDF_READ, .number = number };
    poppler_page_get_size(page, &p->w, &p->h);
    p->uw = p->w, p->uh = p->h;
    /* Rendered first: on screen, Poppler's cairo backend collects the page's text
     * as it draws and keeps it for the text calls below, which would otherwise
     * read the page a second time. */
    cairo_matrix_t up;
    cairo_matrix_init_identity(&up);
    tl_ink ink;
    int drawn = render_ink(cv, page, p->w, p->h, &up, 0, &ink) == 0;
    p->text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    if (p->text && *p->text && !poppler_page_get_text_layout(page, &rects, &nrects))
        nrects = 0;
    p->g = page_glyphs(p->text ? p->text : "", rects, nrects, &p->n);
    g_free(rects);
    if (!p->g) {
        p->state = TL_PDF_NO_MEMORY;
        return;
    }
    /* Layout works where the text reads left to right; boxes are kept there. */
    p->turn = text_turn(p->g, p->n);
    upright(p->turn, p->w, p->h, &up, &p->uw, &p->uh);
    for (size_t i = 0; p->turn && i < p->n; i++)
        turn_box(&up, &p->g[i].box);
    if (!p->n) {
        /* glyphs no text maps to still mark a page that is not blank */
        p->state = TL_PDF_NO_TEXT;
        if (drawn && !has_ink(&ink))
            drawn = render_ink(cv, page, p->uw, p->uh, &up, 1, &ink) == 0;
        p->blank = drawn && !has_ink(&ink);
        return;
    }
    p->words = word_boxes(p->g, p->n, &p->nwords);
    if (!p->words) {
        p->state = TL_PDF_NO_MEMORY;
        return;
    }
    if (p->turn)
        drawn = render_ink(cv, page, p->uw, p->uh, &up, 0, &ink) == 0;
    if (drawn) {
        p->rendered = 1;
        if (find_rules(p, &ink))
            p->state = TL_PDF_NO_MEMORY_RULES;
    }
}

void tl_pdf_page_free(tl_pdf_page *p)
{
    g_free(p->text);
    free(p->g);
    free(p->words);
    tl_plot_free(&p->plot);
    tl_rules_free(&p->rules);
    tl_grids_free(p->grids, p->ngrids);
    memset(p, 0, sizeof *p);
}
