/* libFuzzer harness for one extractor and the whole pipeline behind it: any bytes
 * must give a document or an error, never a crash, leak or hang.  Built once per
 * extractor with FUZZ_NAME, the name the input goes by: "fuzz" (text), "fuzz.pdf"
 * (PDF: bytes without a signature exercise the refusal too), "fuzz.html". */
#include "corpus/corpus.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    tl_source src = { FUZZ_NAME, data, size };
    tl_result res;
    tl_error err;
    if (tl_convert_mem(&src, NULL, &res, &err) == TL_OK)
        tl_result_free(&res);
    return 0;
}
