/* libFuzzer harness for the zip-package extractors (DOCX, ODT) and the pipeline
 * behind them.  Mutated zip bytes mostly fail the zip's own checks (CRC), so the
 * first byte chooses, modulo 3: 1, the rest is a package as it is; 0, the rest is
 * word/document.xml and 2, an ODT's content.xml, packed into a zip here, which is
 * where the XML readers, tables and numbering get exercised. */
#include "corpus/corpus.h"
#include "tests/zipgen.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const char *name, const unsigned char *bytes, size_t n)
{
    tl_source src = { name, bytes, n };
    tl_result res;
    tl_error err;
    if (tl_convert_mem(&src, NULL, &res, &err) == TL_OK)
        tl_result_free(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    static const char mime[] = "application/vnd.oasis.opendocument.text";
    size_t n;
    unsigned char *z = NULL;
    switch (data[0] % 3) {
    case 1:
        run("fuzz.docx", data + 1, size - 1);
        return 0;
    case 0: {
        zipgen_part p[] = { { "word/document.xml", data + 1, size - 1, 1 } };
        z = zipgen(p, 1, &n);
        if (z)
            run("fuzz.docx", z, n);
        break;
    }
    default: {
        zipgen_part p[] = { { "mimetype", mime, sizeof mime - 1, 1 }, { "content.xml", data + 1, size - 1, 1 } };
        z = zipgen(p, 2, &n);
        if (z)
            run("fuzz.odt", z, n);
    }
    }
    free(z);
    return 0;
}
