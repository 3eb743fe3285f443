/* truth-report FILE TRUTH.json: scores an extraction against a fixture's truth and
 * lists the mismatching cells (a development aid beside test_pdf). */
#include "truth.h"
#include "extract/extract.h"

#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: truth-report FILE TRUTH.json\n");
        return 2;
    }
    unsigned char *data;
    size_t size;
    tl_error err = { 0 };
    tl_doc *doc = NULL;
    if (tl_file_read(argv[1], &data, &size, &err) != TL_OK)
        goto fail;
    tl_source src = { argv[1], data, size };
    tl_code rc = tl_extract_mem(&src, &doc, &err);
    free(data);
    if (rc != TL_OK)
        goto fail;
    truth_score s;
    if (truth_score_doc(argv[2], doc, &s, stdout)) {
        fprintf(stderr, "%s: cannot read\n", argv[2]);
        return 3;
    }
    printf("%s: %zu of %zu truth cells (%.2f%%) in %zu rows; text similarity %.4f (%zu edits in %zu characters)\n",
           argv[1], s.matched, s.cells, 100.0 * (double)s.matched / (double)(s.cells ? s.cells : 1), s.rows,
           1.0 - (double)s.errors / (double)(s.chars ? s.chars : 1), s.errors, s.chars);
    tl_doc_free(doc);
    return 0;
fail:
    fprintf(stderr, "%s: %s\n", argv[1], err.msg);
    return 1;
}
