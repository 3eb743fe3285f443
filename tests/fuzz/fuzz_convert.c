/* libFuzzer harness for one extractor and the whole pipeline behind it: any bytes
 * must give a document or an error, never a crash, leak or hang.  Built once per
 * extractor with FUZZ_NAME, the name the input goes by: "fuzz" (text), "fuzz.pdf"
 * (PDF: bytes without a signature exercise the refusal too), "fuzz.html", "fuzz.img"
 * (PNG, JPEG, TIFF by their signatures, read by Leptonica and Tesseract).
 *
 * Speed decides what a fuzzer finds in CI's minute: the limits are lowered once
 * (three pages; OCR at 50 dpi within 100,000 pixels), so a mutated page size or
 * page count costs nothing, and with FUZZ_NO_NORMALIZE the normalizer, which has
 * its own harness, is left out. */
#include "corpus/corpus.h"

#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    tl_limits l = { .max_pages = 3, .ocr_dpi = 50, .min_ocr_dpi = 10, .max_pixels = 100000 };
    tl_limits_set(&l);
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
    if (tl_convert_mem(&src, &opts, &res, &err) == TL_OK)
        tl_result_free(&res);
    return 0;
}
