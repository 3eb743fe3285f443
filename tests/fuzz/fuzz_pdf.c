/* libFuzzer harness for the PDF extractor (Poppler, rendering, rules, grids, layout)
 * and the pipeline behind it.  Inputs are named .pdf, so bytes without a signature
 * exercise the refusal too. */
#include "corpus/corpus.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    tl_source src = { "fuzz.pdf", data, size };
    tl_result res;
    tl_error err;
    if (tl_convert_mem(&src, NULL, &res, &err) == TL_OK)
        tl_result_free(&res);
    return 0;
}
