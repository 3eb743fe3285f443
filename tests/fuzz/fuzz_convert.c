/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for one extractor and the whole pipeline behind it: any bytes
 * must give a document or an error, never a crash, leak or hang.  Built once per
 * extractor with FUZZ_NAME, the name the input goes by: "fuzz" (text), "fuzz.pdf"
 * (PDF: bytes without a signature exercise the refusal too), "fuzz.html", "fuzz.img"
 * (PNG, JPEG, TIFF by their signatures, read by Leptonica and Tesseract).
 *
 * Speed decides what a fuzzer finds in CI's minute: the limits are lowered once
 * (three pages; OCR at 50 dpi within 100,000 pixels), so a mutated page size or
 * page count costs nothing, and with FUZZ_NO_NORMALIZE the normalizer, which has
 * its own harness, is left out.
 *
 * The PDF harness also keeps Poppler's process-wide state alive: its global
 * parameters live only while some document is open, so one small document stays
 * open for the whole run (building them anew cost a fifth of every execution).  And
 * it runs with no system fonts: a substituted font is read and parsed for every
 * document and its glyphs are drawn only to be wiped from the rule image again, work
 * inside Poppler and FreeType rather than ours (the text itself comes from the PDF's
 * own widths, so every word still reaches the table code).  Together: 48 -> over 100
 * executions a second. */
#include "corpus/corpus.h"
#include "views.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef FUZZ_PDF
#include <poppler.h>
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifdef FUZZ_PDF
static char fonts_conf[] = "/tmp/tailan-fuzz-fonts-XXXXXX";

static void remove_fonts_conf(void)
{
    unlink(fonts_conf);
}
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    tl_limits l = *tl_limits_get();
    l.max_pages = 3;
    l.ocr_dpi = 50;
    l.min_ocr_dpi = 10;
    l.max_pixels = 100000;
    tl_limits_set(&l);
    /* An input that starts "{\rtf" would start LibreOffice (seconds each): with no
     * soffice on PATH it fails at once, as on a machine without it. */
    setenv("PATH", "/nonexistent", 1);
#ifdef FUZZ_PDF
    static const char conf[] = "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n";
    int fd = mkstemp(fonts_conf);
    if (fd >= 0) {
        FILE *f = fdopen(fd, "w");
        if (f) {
            fputs(conf, f);
            fclose(f);
            setenv("FONTCONFIG_FILE", fonts_conf, 1);
        }
        atexit(remove_fonts_conf);
    }
    static const char pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                              "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                              "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
                              "trailer<</Root 1 0 R>>\n%%EOF\n";
    static PopplerDocument *keep;
    GBytes *bytes = g_bytes_new_static(pdf, sizeof pdf - 1);
    keep = poppler_document_new_from_bytes(bytes, NULL, NULL);
    g_bytes_unref(bytes);
    if (!keep) {
        fprintf(stderr, "fuzz-pdf: the document that keeps Poppler loaded did not open\n");
        abort();
    }
#endif
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    tl_source src = { FUZZ_NAME, data, size };
    tl_convert_opts opts = { 0 };
#ifdef FUZZ_NO_NORMALIZE
    opts.no_normalize = 1;
#endif
    tl_result res;
    tl_error err;
    if (tl_convert_mem(&src, &opts, &res, &err) == TL_OK) {
        fuzz_views(&res);
        tl_result_free(&res);
    }
    return 0;
}
