/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OCR: scanned pages through Leptonica and Tesseract's C API (see ocr.h).
 *
 * A page is binarised (a 1-bit scan as it is; else Otsu over the whole page: scans
 * are evenly lit, and a local threshold turns paper noise into specks) and its skew
 * measured.  Ruling lines are what survives an opening with a long thin bar,
 * horizontal and vertical, found before the page is turned upright and then turned
 * alone; each connected line is a rule for the PDF extractor's grid builder.
 * Tesseract reads the upright page with the lines taken out (table rules confuse its
 * line finding) once, whole, and each recognised word is put into the cell its box
 * centre falls in by the shared layout code.  Words never cross a cell because they
 * are placed, not read in Tesseract's reading order: the shifted columns of seed
 * 000's OCR come from reading a table as running text.  Cells Tesseract left empty
 * or unsure, and number cells read as letters, are read again alone.
 *
 * Threads: one Tesseract handle per thread, each reading whole pages on one core
 * (ocr_queue.c reads a document's pages on several threads and places them in
 * order; a corpus worker reads on one, its run having a worker per core).  Debian's
 * libtesseract is built with OpenMP, which by default spreads a page over every core
 * and spins them: measured on seed002.scan-p1.png, 11.1 s with OpenMP against 1.8 s
 * with one thread (raw `tesseract`, OMP_THREAD_LIMIT=1).  OpenMP reads its thread
 * limit only when libgomp is loaded, and Tesseract's parallel loops name their own
 * thread counts (a num_threads clause outranks omp_set_num_threads).  What does hold
 * them is the active-levels limit: at 0 no parallel region is active, so each runs on
 * the thread that meets it.  libgomp keeps that limit per thread (GCC 11 on), so each
 * thread sets it before its first recognition (one_core).  The environment's
 * OMP_THREAD_LIMIT would do it too, but only if set before libgomp is loaded, and a
 * library does not write its host's environment.  libtesseract is loaded here, on
 * first use, which also lets tailan run without Tesseract installed, saying what to
 * install when a scan arrives. */
#include "extract.h"
#include "ocr.h"

#include "lept.h"
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <time.h>

#define OCR_LANGS "mon+eng"
#define DEFAULT_DPI 300
#define MIN_PAGE_PX 16         /* smaller images hold no readable text */
#define MIN_DPI 200            /* coarser scans are enlarged to about 300 dpi */
#define BIG_PAGE_PX 2400       /* an A4 page scanned under 200 dpi is smaller */
#define RULE_MIN_LEN 8.0       /* points, as for PDF */
#define RULE_MAX_THICK 6.0     /* points: a scanned line wobbles and is thickened */
#define MIN_SKEW_DEG 0.05f     /* smaller skews are left alone */
#define MIN_SKEW_CONF 2.0f     /* Leptonica's confidence in the angle it found */
#define LINE_BRICK_PT 12.0     /* an opening this long keeps lines and drops letters */
#define LINE_WOBBLE_PX 5       /* a turned line is thickened this much across */
#define LINE_SPARE_PX 5        /* lines are taken out of the text this wide */
#define CELL_INSET_PX 4        /* a cell read alone, without its borders */
#define MIN_CELL_INK 40        /* black pixels: less is specks, not text */
#define REREAD_CONF 0.5f       /* a cell whose best word is less sure is read again */
#define NUMBER_CELL_BYTES 8    /* "4.10", "сл": a number cell's text is this short */
#define LINE_REACH_Q 0.9       /* a word reaches as high and low as this share of lines do, */
#define FONT_OVER_CAP 1.25     /* and its font's box this much over a capital's height */
#define MAX_UNCOVERED 64       /* pieces of ink no word covers read again, a page at most */
#define UNCOVERED_CONF 0.6f    /* what such a piece reads as, kept when this sure */

struct tl_ocr {
    TessBaseAPI *api;
};

/* The Tesseract C API, resolved from libtesseract at first use. */
#define TESS_FUNCS(X)                                                                               \
    X(TessBaseAPICreate) X(TessBaseAPISetVariable) X(TessBaseAPIInit3) X(TessBaseAPIEnd)            \
    X(TessBaseAPIDelete) X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage2)                      \
    X(TessBaseAPISetSourceResolution) X(TessBaseAPIRecognize) X(TessBaseAPIClear)                  \
    X(TessBaseAPIGetIterator) X(TessResultIteratorGetUTF8Text) X(TessResultIteratorGetPageIteratorConst) \
    X(TessPageIteratorBoundingBox) X(TessResultIteratorConfidence) X(TessResultIteratorNext)        \
    X(TessResultIteratorDelete) X(TessDeleteText) X(TessBaseAPISetRectangle)                      \
    X(TessPageIteratorIsAtBeginningOf) X(TessPageIteratorBaseline)

static struct {
#define FIELD(f) __typeof__(f) *f;
    TESS_FUNCS(FIELD)
#undef FIELD
} tess;
static int tess_ok;
static pthread_once_t tess_once = PTHREAD_ONCE_INIT;

#define TESS_SONAME "libtesseract.so.5"
typedef void omp_levels_fn(int);
static omp_levels_fn *omp_levels; /* libgomp's omp_set_max_active_levels, if linked */

static void tess_load(void)
{
    char why[256];
    TL_LIB_BIND(tess_ok, tess, TESS_FUNCS, TESS_SONAME, why, sizeof why); /* stays loaded */
    void *h = tess_ok ? dlopen(TESS_SONAME, RTLD_NOW | RTLD_LOCAL) : NULL;
    if (h) {
        /* POSIX: a function's address from dlsym is copied into its pointer as is */
        void *f = dlsym(h, "omp_set_max_active_levels");
        memcpy(&omp_levels, &f, sizeof f);
        dlclose(h); /* the bind's reference keeps it loaded */
    }
}

/* Tesseract's parallel loops on this thread alone (the top of the file says why). */
static void one_core(void)
{
    static _Thread_local int done;
    if (!done && omp_levels) {
        omp_levels(0);
        done = 1;
    }
}

#define T(f) (tess.f)

/* Starting Tesseract with its language data costs more than reading a page (about
 * 0.3 s): one recogniser closed is kept for the next document of the process. */
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static tl_ocr *spare;

static void ocr_free(tl_ocr *o)
{
    if (o && o->api) {
        T(TessBaseAPIEnd)(o->api);
        T(TessBaseAPIDelete)(o->api);
    }
    free(o);
}

static void spare_free(void)
{
    pthread_mutex_lock(&spare_lock);
    ocr_free(spare);
    spare = NULL;
    pthread_mutex_unlock(&spare_lock);
}

/* The spare is freed at exit, before the library's own destructors (registered at
 * dlopen, earlier) run. */
static void register_spare_free(void)
{
    atexit(spare_free);
}

tl_code tl_ocr_open(tl_ocr **out, tl_error *err)
{
    *out = NULL;
    tl_code lept = tl_lept_ready(err);
    if (lept != TL_OK)
        return lept;
    setMsgSeverity(L_SEVERITY_NONE); /* Leptonica reports by return value here */
    pthread_once(&tess_once, tess_load);
    if (!tess_ok)
        return tl_error_set(err, TL_E_MISSING,
                            "OCR needs Tesseract 5, which is not installed: install the Debian packages "
                            "libtesseract5, tesseract-ocr-mon and tesseract-ocr-eng");
    pthread_mutex_lock(&spare_lock);
    *out = spare;
    spare = NULL;
    pthread_mutex_unlock(&spare_lock);
    if (*out)
        return TL_OK;
    tl_ocr *o = calloc(1, sizeof *o);
    if (!o || !(o->api = T(TessBaseAPICreate)())) {
        free(o);
        return tl_error_set(err, TL_E_INTERNAL, "out of memory starting OCR");
    }
    /* Tesseract prints its warnings to stderr unless told to write them elsewhere. */
    T(TessBaseAPISetVariable)(o->api, "debug_file", "/dev/null");
    one_core();
    if (T(TessBaseAPIInit3)(o->api, NULL, OCR_LANGS) != 0) {
        ocr_free(o);
        return tl_error_set(err, TL_E_MISSING,
                            "OCR language data for Mongolian and English not found: install the "
                            "Debian packages tesseract-ocr-mon and tesseract-ocr-eng");
    }
    T(TessBaseAPISetVariable)(o->api, "debug_file", "/dev/null");
    *out = o;
    return TL_OK;
}

void tl_ocr_close(tl_ocr *o)
{
    static pthread_once_t at_exit = PTHREAD_ONCE_INIT;
    if (!o)
        return;
    T(TessBaseAPIClear)(o->api);
    pthread_mutex_lock(&spare_lock);
    if (!spare) {
        spare = o;
        o = NULL;
    }
    pthread_mutex_unlock(&spare_lock);
    ocr_free(o);
    pthread_once(&at_exit, register_spare_free);
}

/* Ruling lines of the binarised page: horizontal and vertical runs far longer than
 * any letter stroke.  No closing first: bridging breaks also bridges the letters of
 * a word into a bar (tried: every text line became a "rule").  A skewed page's lines
 * are found before it is turned, where a thin rule is still solid (turned, it breaks
 * into steps: measured, every rule of seed002.scan broken each 34 pt), and turned
 * alone; then thickened across its length, so that the steps and its wobble of a
 * pixel or two are one connected piece. */
static PIX *line_part(PIX *bin, int hsize, int vsize, float rad, int across_h, int across_v)
{
    /* Over the opening's length a skewed rule climbs a pixel every 1/tan(skew)
     * pixels (29 at 2 degrees): when that is shorter than the opening, a rule a
     * pixel thick has no run that long and would vanish.  Thickened across by that
     * climb first, it keeps one (letters, parted along the line, do not join); what
     * is kept is then cut back to the page's own pixels. */
    int climb = (int)lround((hsize > vsize ? hsize : vsize) * fabs(tan((double)rad)));
    PIX *src = climb >= 1 ? pixDilateBrick(NULL, bin, hsize > vsize ? 1 : climb + 1, hsize > vsize ? climb + 1 : 1)
                          : pixClone(bin);
    PIX *l = src ? pixOpenBrick(NULL, src, hsize, vsize) : NULL;
    pixDestroy(&src);
    if (l && climb >= 1) {
        /* Thickened, the bars of neighbouring letters ("ртг") may line up into a run
         * the opening keeps: a rule runs on for three openings at least. */
        int horiz = hsize > vsize, keep = 3 * (horiz ? hsize : vsize);
        PIX *sel = pixSelectBySize(l, horiz ? keep : 0, horiz ? 0 : keep, 8,
                                   horiz ? L_SELECT_WIDTH : L_SELECT_HEIGHT, L_SELECT_IF_GTE, NULL);
        pixDestroy(&l);
        l = sel;
        if (l)
            pixAnd(l, l, bin); /* the rule's own pixels: the thickening reached letters near it */
    }
    if (l && rad != 0) {
        PIX *t = pixRotate(l, rad, L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0);
        pixDestroy(&l);
        l = t;
    }
    if (l) {
        PIX *d = pixDilateBrick(NULL, l, across_h, across_v);
        pixDestroy(&l);
        l = d;
    }
    return l;
}

/* The rules of a lines image: each connected piece is one rule, its box's long side
 * the rule's extent and its middle the rule's position.  (The PDF's run scanner,
 * tl_rules_find, wants a rule to be straight to the pixel; a scanned one wobbles a
 * pixel or two and came out as two interleaved dashed rules.) */
static int rules_of(PIX *part, int horiz, double pt_per_px, double min_len, double max_thick, tl_rule **out,
                    size_t *n)
{
    BOXA *boxes = pixConnComp(part, NULL, 8);
    int nb = boxes ? boxaGetCount(boxes) : 0;
    *out = calloc(nb ? (size_t)nb : 1, sizeof **out);
    *n = 0;
    if (!*out) {
        boxaDestroy(&boxes);
        return -1;
    }
    for (int i = 0; i < nb; i++) {
        l_int32 x, y, w, h;
        if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h))
            continue;
        double len = (horiz ? w : h) * pt_per_px, thick = (horiz ? h : w) * pt_per_px;
        if (len < min_len || thick > max_thick)
            continue;
        (*out)[(*n)++] = horiz ? (tl_rule){ (y + h / 2.0) * pt_per_px, x * pt_per_px, (x + w) * pt_per_px }
                               : (tl_rule){ (x + w / 2.0) * pt_per_px, y * pt_per_px, (y + h) * pt_per_px };
    }
    boxaDestroy(&boxes);
    return 0;
}

/* The page's lines (for taking them out of the text) and its rules. */
static int find_lines(PIX *bin, double px_per_pt, float rad, PIX **lines, tl_rules *rules)
{
    int len = (int)lround(LINE_BRICK_PT * px_per_pt);
    double pt_per_px = 1 / px_per_pt;
    PIX *h = line_part(bin, len, 1, rad, 1, LINE_WOBBLE_PX);
    PIX *v = line_part(bin, 1, len, rad, LINE_WOBBLE_PX, 1);
    int rc = !h || !v || rules_of(h, 1, pt_per_px, RULE_MIN_LEN, RULE_MAX_THICK, &rules->h, &rules->nh) ||
             rules_of(v, 0, pt_per_px, RULE_MIN_LEN, RULE_MAX_THICK, &rules->v, &rules->nv);
    *lines = rc ? NULL : pixOr(NULL, h, v);
    pixDestroy(&h);
    pixDestroy(&v);
    return rc || !*lines ? -1 : 0;
}

/* The words Tesseract read, as layout glyphs in points.  Texts are owned by the
 * returned array's words (freed with free_words). */
typedef struct words {
    tl_glyph *g;
    char **text;
    size_t n, cap;
} words;

static void free_words(words *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->text[i])
            T(TessDeleteText)(w->text[i]);
    free(w->text);
    free(w->g);
}

/* Appends a word; takes t on success. */
static int push_word(words *w, char *t, tl_glyph g)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 256;
        tl_glyph *ng = realloc(w->g, cap * sizeof *ng);
        if (!ng)
            return -1;
        w->g = ng;
        char **tx = realloc(w->text, cap * sizeof *tx);
        if (!tx)
            return -1;
        w->text = tx;
        w->cap = cap;
    }
    g.text = t;
    w->text[w->n] = t;
    w->g[w->n++] = g;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The value a share q of v[0..n) lies under (sorted in place; 0.5: the median), or 0. */
static int quantile_int(int *v, size_t n, double q)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_int);
    return v[(size_t)(q * (double)(n - 1) + 0.5)];
}

/* The words of the last recognition, boxes in points (the page image's pixels,
 * whatever rectangle was read).
 *
 * A word's box is its ink: a line of Cyrillic without ascenders or descenders is
 * half as high as a line of text, and the blank between two lines of one cell
 * looks like the blank between two rows.  So each word reaches from its line's
 * baseline up and down as far as nearly all of the recognition's lines do (capitals,
 * ascenders, descenders; a median is an x-height where narrow cells hold a word or
 * two a line), and at least over its line's own box, as a PDF's glyphs have their
 * font's height. */
static int read_words(TessBaseAPI *api, double pt_per_px, words *w)
{
    TessResultIterator *it = T(TessBaseAPIGetIterator)(api);
    if (!it)
        return 0; /* nothing recognised */
    int rc = 0, ly0 = INT_MAX, ly1 = INT_MIN, bx0 = 0, by0 = 0, bx1 = 1, by1 = 0, have_base = 0;
    size_t from = w->n, nlines = 0, ucap = 0, dcap = 0, bcap = 0;
    int *up = NULL, *down = NULL, *base = NULL; /* per line; per word of this call */
    do {
        const TessPageIterator *pit = T(TessResultIteratorGetPageIteratorConst)(it);
        int lx0, lx1, line_start = T(TessPageIteratorIsAtBeginningOf)(pit, RIL_TEXTLINE);
        if (line_start) {
            if (!T(TessPageIteratorBoundingBox)(pit, RIL_TEXTLINE, &lx0, &ly0, &lx1, &ly1))
                ly0 = INT_MAX, ly1 = INT_MIN;
            have_base = T(TessPageIteratorBaseline)(pit, RIL_TEXTLINE, &bx0, &by0, &bx1, &by1) && bx1 != bx0;
        }
        char *t = T(TessResultIteratorGetUTF8Text)(it, RIL_WORD);
        int x0, y0, x1, y1;
        if (!t || !*t || tl_str_blank(t) || !T(TessPageIteratorBoundingBox)(pit, RIL_WORD, &x0, &y0, &x1, &y1)) {
            T(TessDeleteText)(t);
            continue;
        }
        if (ly0 < y1 && ly1 > y0) {
            y0 = ly0 < y0 ? ly0 : y0;
            y1 = ly1 > y1 ? ly1 : y1;
        }
        /* the baseline under the word's middle; none: the box's foot */
        int bl = have_base ? by0 + (int)lround((double)(by1 - by0) * ((x0 + x1) / 2.0 - bx0) / (bx1 - bx0)) : y1;
        if (bl < y0 || bl > y1)
            bl = y1;
        size_t k = w->n - from;
        int new_line = line_start && ly1 > ly0;
        if (tl_grow((void **)&base, &bcap, k + 1, sizeof *base) ||
            (new_line && (tl_grow((void **)&up, &ucap, nlines + 1, sizeof *up) ||
                          tl_grow((void **)&down, &dcap, nlines + 1, sizeof *down)))) {
            T(TessDeleteText)(t);
            rc = -1;
            break;
        }
        if (new_line) {
            up[nlines] = bl - ly0;
            down[nlines++] = ly1 - bl;
        }
        base[k] = bl;
        float conf = T(TessResultIteratorConfidence)(it, RIL_WORD) / 100.0f;
        tl_glyph g = { t, strlen(t), { x0 * pt_per_px, y0 * pt_per_px, x1 * pt_per_px, y1 * pt_per_px },
                       conf < 0 ? 0 : conf, 1 };
        if (push_word(w, t, g)) {
            T(TessDeleteText)(t);
            rc = -1;
            break;
        }
    } while (T(TessResultIteratorNext)(it, RIL_WORD));
    T(TessResultIteratorDelete)(it);
    if (!rc && nlines) {
        /* A line's ink reaches a cap's or an ascender's height above the baseline at
         * most, and a font's box (what a PDF's glyphs have, and what the layout's
         * measures of blank between lines expect) about a quarter more. */
        int a = (int)lround(FONT_OVER_CAP * quantile_int(up, nlines, LINE_REACH_Q));
        int d = quantile_int(down, nlines, LINE_REACH_Q);
        for (size_t i = from; i < w->n; i++) {
            tl_box *b = &w->g[i].box;
            b->y0 = fmin(b->y0, (base[i - from] - a) * pt_per_px);
            b->y1 = fmax(b->y1, (base[i - from] + d) * pt_per_px);
        }
    }
    free(up);
    free(down);
    free(base);
    return rc;
}

/* The resolution to read a page at: its tag, or 300 dpi when it has none, or when a
 * tag under 200 dpi sits on an image too big for it (pdfimages writes 72 dpi into
 * every PNG; 3528 px at 72 dpi would be a page 49 inches long). */
int tl_ocr_dpi(PIX *pix, int dpi)
{
    if (dpi <= 0)
        return DEFAULT_DPI;
    if (dpi < MIN_DPI && (pixGetWidth(pix) > BIG_PAGE_PX || pixGetHeight(pix) > BIG_PAGE_PX))
        return DEFAULT_DPI;
    return dpi;
}

/* Whether the word's box centre lies in the grid cell. */
static int in_cell(const tl_glyph *g, const tl_grid *gr, int cell)
{
    double x = (g->box.x0 + g->box.x1) / 2, y = (g->box.y0 + g->box.y1) / 2;
    return tl_grid_cell_at(gr, x, y) == cell;
}

/* A grid cell's pixels, inside its borders; returns 0 when too small to read. */
static int cell_rect(const tl_grid *gr, const tl_gcell *gc, double px_per_pt, int *x0, int *y0, int *w, int *h)
{
    *x0 = (int)(gr->xs[gc->col] * px_per_pt) + CELL_INSET_PX;
    *y0 = (int)(gr->ys[gc->row] * px_per_pt) + CELL_INSET_PX;
    *w = (int)(gr->xs[gc->col + gc->colspan] * px_per_pt) - CELL_INSET_PX - *x0;
    *h = (int)(gr->ys[gc->row + gc->rowspan] * px_per_pt) - CELL_INSET_PX - *y0;
    return *w >= 8 && *h >= 8;
}

/* Reads one rectangle of the page set in api as one block; the words go to out. */
static int read_rect(TessBaseAPI *api, int x0, int y0, int w, int h, double px_per_pt, words *out)
{
    T(TessBaseAPISetPageSegMode)(api, PSM_SINGLE_BLOCK);
    T(TessBaseAPISetRectangle)(api, x0, y0, w, h);
    one_core();
    if (T(TessBaseAPIRecognize)(api, NULL) != 0)
        return -1;
    return read_words(api, 1 / px_per_pt, out);
}

/* The words of cell c replaced by those read again (taken from again, which is
 * freed).  Returns -1 when out of memory. */
static int replace_cell_words(words *w, const tl_grid *gr, int c, words *again)
{
    size_t m = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (in_cell(&w->g[i], gr, c)) {
            T(TessDeleteText)(w->text[i]);
            continue;
        }
        w->g[m] = w->g[i];
        w->text[m++] = w->text[i];
    }
    w->n = m;
    int oom = 0;
    for (size_t i = 0; i < again->n && !oom; i++) {
        if (push_word(w, again->text[i], again->g[i]))
            oom = 1;
        else
            again->text[i] = NULL;
    }
    free_words(again);
    return oom ? -1 : 0;
}

/* Tesseract's page layout drops a short text alone in a wide cell ("3.2" in a number
 * column) and misreads a word set tight against a line ("Д/д" as "AVA").  A cell with
 * ink but no word, or only words under REREAD_CONF, is read again alone as one
 * block; the new reading replaces the old when it is surer. */
static int reread_cells(TessBaseAPI *api, PIX *text, const tl_grid *grids, size_t ngrids, double px_per_pt,
                        words *w)
{
    for (size_t k = 0; k < ngrids; k++) {
        const tl_grid *gr = &grids[k];
        for (int c = 0; c < gr->ncells; c++) {
            int x0, y0, cw, ch;
            if (!cell_rect(gr, &gr->cells[c], px_per_pt, &x0, &y0, &cw, &ch))
                continue;
            size_t nin = 0;
            float best = 0, sum = 0;
            for (size_t i = 0; i < w->n; i++)
                if (in_cell(&w->g[i], gr, c)) {
                    nin++;
                    sum += w->g[i].conf;
                    if (w->g[i].conf > best)
                        best = w->g[i].conf;
                }
            if (nin && best >= REREAD_CONF)
                continue;
            BOX *box = boxCreate(x0, y0, cw, ch);
            l_int32 ink = 0;
            if (!box || pixCountPixelsInRect(text, box, &ink, NULL) || ink < MIN_CELL_INK) {
                boxDestroy(&box);
                continue;
            }
            boxDestroy(&box);
            words again = { 0 };
            if (read_rect(api, x0, y0, cw, ch, px_per_pt, &again)) {
                free_words(&again);
                continue;
            }
            float asum = 0;
            for (size_t i = 0; i < again.n; i++)
                asum += again.g[i].conf;
            if (!again.n || (nin && asum / (float)again.n <= sum / (float)nin)) {
                free_words(&again);
                continue;
            }
            if (replace_cell_words(w, gr, c, &again))
                return -1;
        }
    }
    return 0;
}

/* Whether text is an item number or a count: digits and dots only. */
static int numeric(const char *t)
{
    int digits = 0;
    for (; *t; t++) {
        if (*t >= '0' && *t <= '9')
            digits++;
        else if (*t != '.' && *t != ' ')
            return 0;
    }
    return digits > 0;
}

/* The words of one cell joined, or NULL when it has none; *nw their count. */
static char *cell_words(const words *w, const tl_grid *gr, int cell, size_t *nw)
{
    char *out = NULL;
    *nw = 0;
    for (size_t i = 0; i < w->n; i++)
        if (in_cell(&w->g[i], gr, cell)) {
            (*nw)++;
            if (tl_str_append(&out, " ", w->g[i].text)) {
                free(out);
                return NULL;
            }
        }
    return out;
}

/* A number column (most of its short cells read as numbers: "1.3", "2") whose other
 * short cells read as letters ("сл" for "5.1"): those are read again with digits and
 * dots only.  The mon model takes a digit standing alone for a letter it resembles. */
static int reread_numbers(TessBaseAPI *api, const tl_grid *grids, size_t ngrids, double px_per_pt, words *w)
{
    for (size_t k = 0; k < ngrids; k++) {
        const tl_grid *gr = &grids[k];
        for (int col = 0; col < gr->ncols; col++) {
            int nums = 0, others = 0;
            for (int c = 0; c < gr->ncells; c++) {
                if (gr->cells[c].col != col || gr->cells[c].colspan != 1)
                    continue;
                size_t nw;
                char *t = cell_words(w, gr, c, &nw);
                if (t && strlen(t) <= NUMBER_CELL_BYTES)
                    numeric(t) ? nums++ : others++;
                free(t);
            }
            if (nums < 2 || nums < others)
                continue;
            T(TessBaseAPISetVariable)(api, "tessedit_char_whitelist", "0123456789.");
            for (int c = 0; c < gr->ncells; c++) {
                const tl_gcell *gc = &gr->cells[c];
                if (gc->col != col || gc->colspan != 1)
                    continue;
                size_t nw;
                char *t = cell_words(w, gr, c, &nw);
                int redo = t && strlen(t) <= NUMBER_CELL_BYTES && !numeric(t);
                free(t);
                if (!redo)
                    continue;
                int x0, y0, cw, ch;
                if (!cell_rect(gr, gc, px_per_pt, &x0, &y0, &cw, &ch))
                    continue;
                words again = { 0 };
                if (read_rect(api, x0, y0, cw, ch, px_per_pt, &again) || !again.n) {
                    free_words(&again);
                    continue;
                }
                if (replace_cell_words(w, gr, c, &again)) {
                    T(TessBaseAPISetVariable)(api, "tessedit_char_whitelist", "");
                    return -1;
                }
            }
            T(TessBaseAPISetVariable)(api, "tessedit_char_whitelist", "");
        }
    }
    return 0;
}

/* Whether a word read again holds a letter or a digit (not a speck read as "'"). */
static int has_alnum(const char *t)
{
    int32_t i = 0, n = (int32_t)strlen(t);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)t, i, n, c);
        if (u_isalnum(c))
            return 1;
    }
    return 0;
}

/* Whether a word read lies on the same line as the ink at x, y (w x h pixels) and
 * less than a line's height from it: then the ink is what the word's box left out
 * (a letter's tail, a rule's remnant), and read alone it is noise ("3", "ie)"). */
static int beside_word(const words *w, double px_per_pt, int x, int y, int wd, int ht, int lh)
{
    for (size_t i = 0; i < w->n; i++) {
        const tl_box *b = &w->g[i].box;
        double x0 = b->x0 * px_per_pt, x1 = b->x1 * px_per_pt, y0 = b->y0 * px_per_pt, y1 = b->y1 * px_per_pt;
        if (y0 < y + ht && y1 > y && x0 < x + wd + lh && x1 > x - lh)
            return 1;
    }
    return 0;
}

/* Tesseract's page layout drops short text standing alone outside any ruled cell as
 * well: an item number in a column of its own beside tall cells of an unruled table
 * ("1." at the top of each row), a page number.  The ink no word read covers is
 * joined into pieces (letters and words of a line, a third of a line apart) and each
 * piece at least a third of a line high, and a line's height from any word on its
 * line, is read again alone.  Only sure words with a letter or digit are kept:
 * specks, stamps and signatures read as unsure noise. */
static int reread_uncovered(TessBaseAPI *api, PIX *text, int dpi, words *w)
{
    double px_per_pt = dpi / 72.0;
    if (!w->n)
        return 0;
    int *hs = malloc(w->n * sizeof *hs);
    if (!hs)
        return -1;
    for (size_t i = 0; i < w->n; i++)
        hs[i] = (int)lround((w->g[i].box.y1 - w->g[i].box.y0) * px_per_pt);
    int lh = quantile_int(hs, w->n, 0.5);
    free(hs);
    if (lh < 8)
        return 0;
    PIX *left = pixCopy(NULL, text);
    if (!left)
        return -1;
    int pw = (int)pixGetWidth(left), ph = (int)pixGetHeight(left), pad = lh / 8 + 1;
    for (size_t i = 0; i < w->n; i++) {
        const tl_box *b = &w->g[i].box;
        BOX *r = boxCreate((int)(b->x0 * px_per_pt) - pad, (int)(b->y0 * px_per_pt) - pad,
                           (int)((b->x1 - b->x0) * px_per_pt) + 2 * pad, (int)((b->y1 - b->y0) * px_per_pt) + 2 * pad);
        if (r)
            pixClearInRect(left, r);
        boxDestroy(&r);
    }
    int gx = lh / 3, gy = lh / 4;
    PIX *joined = pixDilateBrick(NULL, left, 2 * gx + 1, 2 * gy + 1);
    BOXA *parts = joined ? pixConnComp(joined, NULL, 8) : NULL;
    pixDestroy(&joined);
    int np = parts ? boxaGetCount(parts) : 0, tried = 0, rc = 0;
    if (np) {
        T(TessBaseAPISetImage2)(api, left);
        T(TessBaseAPISetSourceResolution)(api, dpi);
    }
    for (int k = 0; k < np && tried < MAX_UNCOVERED && !rc; k++) {
        l_int32 x, y, bw, bh, ink = 0;
        if (boxaGetBoxGeometry(parts, k, &x, &y, &bw, &bh))
            continue;
        /* the piece's ink, without the joining's margin */
        int inkh = bh - 2 * gy, inkw = bw - 2 * gx;
        if (inkh < lh / 3 || inkw < lh / 4 || inkh > 6 * lh || (double)bw * bh > (double)pw * ph / 16)
            continue;
        if (beside_word(w, px_per_pt, x + gx, y + gy, inkw, inkh, lh))
            continue;
        BOX *r = boxCreate(x, y, bw, bh);
        if (!r || pixCountPixelsInRect(left, r, &ink, NULL) || ink < MIN_CELL_INK) {
            boxDestroy(&r);
            continue;
        }
        boxDestroy(&r);
        tried++;
        words again = { 0 };
        if (read_rect(api, x, y, bw, bh, px_per_pt, &again)) {
            free_words(&again);
            continue;
        }
        for (size_t i = 0; i < again.n && !rc; i++) {
            if (again.g[i].conf < UNCOVERED_CONF || !has_alnum(again.text[i]))
                continue;
            if (push_word(w, again.text[i], again.g[i]))
                rc = -1;
            else
                again.text[i] = NULL;
        }
        free_words(&again);
    }
    boxaDestroy(&parts);
    pixDestroy(&left);
    return rc;
}

/* Stage timings on stderr under TL_OCR_DEBUG (where a page's time goes). */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
#define STAMP(what)                                                                                \
    do {                                                                                           \
        if (dbg) {                                                                                 \
            double t_ = now();                                                                     \
            fprintf(stderr, "%-10s %.3f\n", what, t_ - t0);                                         \
            t0 = t_;                                                                               \
        }                                                                                          \
    } while (0)

/* One page read and not yet placed: its words and cell grids, what to say about it,
 * and how the reading ended */
struct tl_ocr_read {
    int number;
    tl_prov where;
    words w;
    tl_grid *grids;
    size_t ngrids;
    struct {
        tl_level level;
        char msg[160];
    } note[4];
    int nnote;
    tl_code rc;
    tl_error err;
};

static void note(tl_ocr_read *r, tl_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(tl_ocr_read *r, tl_level level, const char *fmt, ...)
{
    if (r->nnote >= (int)(sizeof r->note / sizeof *r->note))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->note[r->nnote].msg, sizeof r->note[r->nnote].msg, fmt, ap);
    va_end(ap);
    r->note[r->nnote++].level = level;
}

void tl_ocr_read_free(tl_ocr_read *r)
{
    if (!r)
        return;
    free_words(&r->w);
    tl_grids_free(r->grids, r->ngrids);
    free(r);
}

/* Reads a page into r (its words and grids); touches no document, so pages can be
 * read on several threads, each with its own recogniser. */
static void read_page(tl_ocr *o, PIX *pix, int dpi, tl_ocr_read *r)
{
    int dbg = tl_hook("TL_OCR_DEBUG") != NULL;
    int number = r->number;
    tl_error *err = &r->err;
    double t0 = now();
    dpi = tl_ocr_dpi(pix, dpi);
    PIX *grey = NULL, *big = NULL, *bin = NULL, *straight = NULL, *lines = NULL, *wide = NULL, *text = NULL;
    tl_rules rules = { 0 };
    float angle = 0, conf = 0;
    tl_grid *grids = NULL;
    size_t ngrids = 0;
    words w = { 0 };
    tl_code rc = TL_OK;
    int pw = (int)pixGetWidth(pix), ph = (int)pixGetHeight(pix);
    r->where = (tl_prov){ number, 0, { 0, 0, pw * 72.0 / dpi, ph * 72.0 / dpi } };

    if (pw < MIN_PAGE_PX || ph < MIN_PAGE_PX) {
        note(r, TL_WARN, "page %d is %d x %d pixels: too small to hold text", number, pw, ph);
        return;
    }
    /* A 1-bit scan is binarised already; anything else is made grey and Otsu's
     * threshold taken over the whole page (scans are evenly lit; a local threshold
     * turns paper noise into specks).  Coarse scans are enlarged first. */
    if (pixGetDepth(pix) == 1 && dpi >= MIN_DPI) {
        bin = pixClone(pix);
    } else {
        grey = pixGetDepth(pix) == 8 && !pixGetColormap(pix) ? pixClone(pix) : pixConvertTo8(pix, 0);
        if (grey && dpi < MIN_DPI) {
            /* Enlarged within the pixel limit like any rendering. */
            float f = (float)DEFAULT_DPI / (float)dpi;
            double most = sqrt((double)tl_limits_get()->max_pixels / ((double)pw * ph));
            if (f > most)
                f = most > 1 ? (float)most : 1.0f;
            big = pixScale(grey, f, f);
            pixDestroy(&grey);
            grey = big;
            big = NULL;
            dpi = (int)lround((double)dpi * f);
        }
        /* Otsu's split over the one tile that is the whole page, as
         * pixOtsuAdaptiveThreshold takes it, without its two copies of the page. */
        l_int32 thresh = 0;
        if (grey && pixSplitDistributionFgBg(grey, 0.1f, 1, &thresh, NULL, NULL, 0) == 0)
            bin = pixThresholdToBinary(grey, thresh);
    }
    if (!bin) {
        note(r, TL_FAILED, "page %d: the image cannot be binarised", number);
        goto out;
    }
    STAMP("binarise");
    /* A blank page costs no recognition (on a poster-sized blank image that is
     * seconds): below a cell's worth of specks, or a millionth of the page. */
    l_int32 ink = 0;
    pixCountPixels(bin, &ink, NULL);
    if ((long long)ink < MIN_CELL_INK || (double)ink < (double)pixGetWidth(bin) * pixGetHeight(bin) / 1e6) {
        note(r, TL_WARN, "page %d: blank (%d dark pixels), not recognised", number, (int)ink);
        goto out;
    }
    /* The text is turned upright by shear, which Tesseract reads well; the rules
     * are found before turning (see find_lines). */
    double px_per_pt = dpi / 72.0, pt_per_px = 72.0 / dpi;
    if (pixFindSkew(bin, &angle, &conf) == 0 && conf >= MIN_SKEW_CONF && fabsf(angle) >= MIN_SKEW_DEG)
        straight = pixRotate(bin, angle * (float)M_PI / 180.0f, L_ROTATE_SHEAR, L_BRING_IN_WHITE, 0, 0);
    if (!straight) {
        straight = pixClone(bin);
        angle = 0;
    }
    STAMP("deskew");
    if (angle != 0)
        note(r, TL_WARN, "page %d straightened by %.2f degrees", number, (double)angle);
    if (find_lines(bin, px_per_pt, angle * (float)M_PI / 180.0f, &lines, &rules) ||
        tl_grids_build(&rules, &grids, &ngrids)) {
        tl_rules_free(&rules);
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory finding rules on page %d", number);
        goto out;
    }
    STAMP("lines");
    const char *debug_dir = tl_hook("TL_OCR_DEBUG_RULES"); /* a folder, as TL_PDF_DEBUG_RULES */
    if (debug_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/ocr-lines-%d.png", debug_dir, number);
        pixWrite(path, lines, IFF_PNG);
        fprintf(stderr, "rules h %zu v %zu grids %zu\n", rules.nh, rules.nv, ngrids);
        for (size_t i = 0; i < rules.nh; i++) fprintf(stderr, "H %.1f %.1f-%.1f\n", rules.h[i].pos, rules.h[i].a0, rules.h[i].a1);
        for (size_t i = 0; i < rules.nv; i++) fprintf(stderr, "V %.1f %.1f-%.1f\n", rules.v[i].pos, rules.v[i].a0, rules.v[i].a1);
    }
    tl_rules_free(&rules);
    /* The lines' antialiased edges, left behind, read as "|" and "!": taken out
     * with a pixel or two to spare. */
    wide = pixDilateBrick(NULL, lines, LINE_SPARE_PX, LINE_SPARE_PX);
    text = wide ? pixSubtract(NULL, straight, wide) : NULL;
    if (!text)
        text = pixClone(straight);
    STAMP("unline");

    T(TessBaseAPISetPageSegMode)(o->api, PSM_AUTO);
    T(TessBaseAPISetImage2)(o->api, text);
    T(TessBaseAPISetSourceResolution)(o->api, dpi);
    one_core();
    if (T(TessBaseAPIRecognize)(o->api, NULL) != 0) {
        note(r, TL_FAILED, "page %d: the recogniser failed on this page", number);
        goto out;
    }
    STAMP("recognise");
    if (read_words(o->api, pt_per_px, &w)) {
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory reading page %d", number);
        goto out;
    }
    if (reread_cells(o->api, text, grids, ngrids, px_per_pt, &w) ||
        reread_numbers(o->api, grids, ngrids, px_per_pt, &w) || reread_uncovered(o->api, text, dpi, &w)) {
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory reading page %d", number);
        goto out;
    }
    STAMP("reread");
    if (!w.n) {
        note(r, TL_WARN, "page %d: no text recognised", number);
        goto out;
    }
    /* kept for placing */
    r->w = w;
    r->grids = grids;
    r->ngrids = ngrids;
    w = (words){ 0 };
    grids = NULL;
    ngrids = 0;
out:
    r->rc = rc;
    T(TessBaseAPIClear)(o->api);
    free_words(&w);
    tl_grids_free(grids, ngrids);
    pixDestroy(&grey);
    pixDestroy(&big);
    pixDestroy(&bin);
    pixDestroy(&straight);
    pixDestroy(&lines);
    pixDestroy(&wide);
    pixDestroy(&text);
}

tl_ocr_read *tl_ocr_read_page(tl_ocr *o, PIX *pix, int dpi, int number)
{
    tl_ocr_read *r = calloc(1, sizeof *r);
    if (r) {
        r->number = number;
        read_page(o, pix, dpi, r);
    }
    return r;
}

tl_code tl_ocr_place(tl_ocr_read *r, tl_doc *doc, tl_layout_carry *carry, tl_error *err)
{
    if (!r)
        return tl_error_set(err, TL_E_INTERNAL, "out of memory reading a page");
    for (int i = 0; i < r->nnote; i++)
        tl_doc_diag(doc, r->note[i].level, r->where, "%s", r->note[i].msg);
    tl_code rc = r->rc;
    if (rc != TL_OK)
        *err = r->err;
    else if (r->w.n) {
        tl_layout_opts opts = { 1, 1, carry };
        rc = tl_layout_page(doc, r->number, r->w.g, r->w.n, r->grids, r->ngrids, &opts, err);
    }
    tl_ocr_read_free(r);
    return rc;
}

tl_code tl_ocr_page(tl_ocr *o, PIX *pix, int dpi, tl_doc *doc, int number, tl_layout_carry *carry,
                    tl_error *err)
{
    return tl_ocr_place(tl_ocr_read_page(o, pix, dpi, number), doc, carry, err);
}
