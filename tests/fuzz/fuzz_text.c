/* libFuzzer harness for the text extractor and the whole pipeline behind it: any
 * bytes must give a document or an error, never a crash, leak or hang. */
#include "corpus/corpus.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    tl_source src = { "fuzz", data, size };
    tl_result res;
    tl_error err;
    if (tl_convert_mem(&src, NULL, &res, &err) == TL_OK)
        tl_result_free(&res);
    return 0;
}
