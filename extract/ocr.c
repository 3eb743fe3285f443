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
#include "ocr_private.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OCR_LANGS "mon+eng"
#define DEFAULT_DPI 300
#define MIN_PAGE_PX 16         /* smaller images hold no readable text */
#define MIN_DPI 200            /* coarser scans are enlarged to about 300 dpi */
#define BIG_PAGE_PX 2400       /* an A4 page scanned under 200 dpi is smaller */
#define MIN_SKEW_DEG 0.05f     /* smaller skews are left alone */
#define MIN_SKEW_CONF 2.0f     /* Leptonica's confidence in the angle it found */
#define LINE_SPARE_PX 5        /* lines are taken out of the text this wide */

struct tl_ocr {
    TessBaseAPI *api;
};

tl_tess_api tl_tess;
static int tess_ok;
static pthread_once_t tess_once = PTHREAD_ONCE_INIT;

#define TESS_SONAME "libtesseract.so.5"
typedef void omp_levels_fn(int);
static omp_levels_fn *omp_levels; /* libgomp's omp_set_max_active_levels, if linked */

static void tess_load(void)
{
    char why[256];
    TL_LIB_BIND(tess_ok, tl_tess, TESS_FUNCS, TESS_SONAME, why, sizeof why); /* stays loaded */
    void *h = tess_ok ? dlopen(TESS_SONAME, RTLD_NOW | RTLD_LOCAL) : NULL;
    if (h) {
        /* POSIX: a function's address from dlsym is copied into its pointer as is */
        void *f = dlsym(h, "omp_set_max_active_levels");
        memcpy(&omp_levels, &f, sizeof f);
        dlclose(h); /* the bind's reference keeps it loaded */
    }
}

/* Tesseract's parallel loops on this thread alone (the top of the file says why). */
void tl_ocr_one_core(void)
{
    static _Thread_local int done;
    if (!done && omp_levels) {
        omp_levels(0);
        done = 1;
    }
}

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
    tl_ocr_one_core();
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
    tl_ocr_words w;
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
    tl_ocr_words_free(&r->w);
    tl_grids_free(r->grids, r->ngrids);
    free(r);
}

/* The page in black and white at *dpi (raised where it is enlarged), or NULL.  A
 * 1-bit scan is binarised already; anything else is made grey and Otsu's threshold
 * taken over the whole page (scans are evenly lit; a local threshold turns paper
 * noise into specks).  Coarse scans are enlarged first. */
static PIX *binarise(PIX *pix, int *dpi)
{
    PIX *grey = NULL, *bin = NULL;
    int pw = (int)pixGetWidth(pix), ph = (int)pixGetHeight(pix);
    if (pixGetDepth(pix) == 1 && *dpi >= MIN_DPI) {
        bin = pixClone(pix);
    } else {
        grey = pixGetDepth(pix) == 8 && !pixGetColormap(pix) ? pixClone(pix) : pixConvertTo8(pix, 0);
        if (grey && *dpi < MIN_DPI) {
            /* Enlarged within the pixel limit like any rendering. */
            float f = (float)DEFAULT_DPI / (float)*dpi;
            double most = sqrt((double)tl_limits_get()->max_pixels / ((double)pw * ph));
            if (f > most)
                f = most > 1 ? (float)most : 1.0f;
            PIX *big = pixScale(grey, f, f);
            pixDestroy(&grey);
            grey = big;
            *dpi = (int)lround((double)*dpi * f);
        }
        /* Otsu's split over the one tile that is the whole page, off the grey
         * page's histogram: pixSplitDistributionFgBg's split without the copy of the
         * page it makes first (a blank 11000 x 10900 poster: peak 418 -> 199 MB);
         * the grey page is let go before the rest of the reading. */
        NUMA *histogram = grey ? pixGetGrayHistogram(grey, 1) : NULL;
        l_int32 thresh = 0;
        if (histogram && numaSplitDistribution(histogram, 0.1f, &thresh, NULL, NULL, NULL, NULL, NULL) == 0)
            bin = pixThresholdToBinary(grey, thresh);
        numaDestroy(&histogram);
    }
    pixDestroy(&grey);
    return bin;
}

/* The rules found on a page, under TL_OCR_DEBUG_RULES (a folder, as
 * TL_PDF_DEBUG_RULES): the lines image there, the rules on stderr. */
static void dump_rules(const char *dir, int number, PIX *lines, const tl_rules *rules, size_t ngrids)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/ocr-lines-%d.png", dir, number);
    pixWrite(path, lines, IFF_PNG);
    fprintf(stderr, "rules h %zu v %zu grids %zu\n", rules->nh, rules->nv, ngrids);
    for (size_t i = 0; i < rules->nh; i++)
        fprintf(stderr, "H %.1f %.1f-%.1f\n", rules->h[i].pos, rules->h[i].a0, rules->h[i].a1);
    for (size_t i = 0; i < rules->nv; i++)
        fprintf(stderr, "V %.1f %.1f-%.1f\n", rules->v[i].pos, rules->v[i].a0, rules->v[i].a1);
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
    PIX *bin = NULL, *straight = NULL, *lines = NULL, *wide = NULL, *text = NULL;
    tl_rules rules = { 0 };
    float angle = 0, conf = 0;
    tl_grid *grids = NULL;
    size_t ngrids = 0;
    tl_ocr_words w = { 0 };
    tl_code rc = TL_OK;
    int pw = (int)pixGetWidth(pix), ph = (int)pixGetHeight(pix);
    r->where = (tl_prov){ number, 0, { 0, 0, pw * 72.0 / dpi, ph * 72.0 / dpi } };

    if (pw < MIN_PAGE_PX || ph < MIN_PAGE_PX) {
        note(r, TL_WARN, "page %d is %d x %d pixels: too small to hold text", number, pw, ph);
        return;
    }
    bin = binarise(pix, &dpi);
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
    if (tl_ocr_find_lines(bin, px_per_pt, angle * (float)M_PI / 180.0f, &lines, &rules) ||
        tl_grids_build(&rules, &grids, &ngrids)) {
        tl_rules_free(&rules);
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory finding rules on page %d", number);
        goto out;
    }
    STAMP("lines");
    const char *debug_dir = tl_hook("TL_OCR_DEBUG_RULES");
    if (debug_dir)
        dump_rules(debug_dir, number, lines, &rules, ngrids);
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
    tl_ocr_one_core();
    if (T(TessBaseAPIRecognize)(o->api, NULL) != 0) {
        note(r, TL_FAILED, "page %d: the recogniser failed on this page", number);
        goto out;
    }
    STAMP("recognise");
    if (tl_ocr_read_words(o->api, pt_per_px, &w)) {
        rc = tl_error_set(err, TL_E_INTERNAL, "out of memory reading page %d", number);
        goto out;
    }
    if (tl_ocr_reread_cells(o->api, text, grids, ngrids, px_per_pt, &w) ||
        tl_ocr_reread_numbers(o->api, grids, ngrids, px_per_pt, &w) || tl_ocr_reread_uncovered(o->api, text, dpi, &w)) {
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
    w = (tl_ocr_words){ 0 };
    grids = NULL;
    ngrids = 0;
out:
    r->rc = rc;
    T(TessBaseAPIClear)(o->api);
    tl_ocr_words_free(&w);
    tl_grids_free(grids, ngrids);
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
