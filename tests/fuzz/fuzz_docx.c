/* libFuzzer harness for the DOCX extractor and the pipeline behind it.  Mutated zip
 * bytes mostly fail the zip's own checks (CRC), so the first byte chooses: odd, the
 * rest is the package as it is; even, the rest is word/document.xml, packed into a
 * zip here, which is where the XML reader, tables and numbering get exercised. */
#include "corpus/corpus.h"
#include "tests/zipgen.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const unsigned char *bytes, size_t n)
{
    tl_source src = { "fuzz.docx", bytes, n };
    tl_result res;
    tl_error err;
    if (tl_convert_mem(&src, NULL, &res, &err) == TL_OK)
        tl_result_free(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    if (data[0] & 1) {
        run(data + 1, size - 1);
        return 0;
    }
    zipgen_part p[] = { { "word/document.xml", data + 1, size - 1, 1 } };
    size_t n;
    unsigned char *z = zipgen(p, 1, &n);
    if (z)
        run(z, n);
    free(z);
    return 0;
}
