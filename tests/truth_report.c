/* SPDX-License-Identifier: GPL-3.0-or-later */
/* truth-report FILE TRUTH.json: scores an extraction against a fixture's truth and
 * lists the mismatching cells (a development aid beside test_pdf).
 * TL_TRUTH_NORMALIZE=1: also scores the cells after the normalizer (its effect on the
 * character error rate); TL_TRUTH_EDITS=1 prints its edits, TL_TRUTH_AFTER=1 the
 * cells still wrong after it. */
#include "truth.h"
#include "extract/extract.h"
#include "normalize/normalize.h"

#include <stdlib.h>

int main(int argc, char **argv)
{
    tl_norm_set_data(getenv("TL_NORM_LEXICON"), getenv("TL_HUNSPELL_DIR")); /* see normalize.h */
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
    int log = getenv("TL_TRUTH_EDITS") != NULL;
    if (truth_score_doc(argv[2], doc, &s, getenv("TL_TRUTH_NORMALIZE") ? NULL : stdout)) {
        fprintf(stderr, "%s: cannot read\n", argv[2]);
        return 3;
    }
    printf("%s: %zu of %zu truth cells (%.2f%%) in %zu rows; text similarity %.4f (%zu edits in %zu characters)\n",
           argv[1], s.matched, s.cells, 100.0 * (double)s.matched / (double)(s.cells ? s.cells : 1), s.rows,
           1.0 - (double)s.errors / (double)(s.chars ? s.chars : 1), s.errors, s.chars);
    if (getenv("TL_TRUTH_NORMALIZE")) {
        /* The same cells after the normalizer: its effect on the character error rate. */
        size_t changed = 0;
        for (size_t b = 0; b < doc->nblocks; b++) {
            if (doc->blocks[b].kind != TL_BLOCK_TABLE)
                continue;
            tl_table *t = doc->blocks[b].table;
            for (size_t r = 0; r < t->nrows; r++)
                for (size_t c = 0; c < t->rows[r].ncells; c++) {
                    tl_cell *cell = &t->rows[r].cells[c];
                    if (!cell->text)
                        continue;
                    tl_edits e = { 0 };
                    char *n = tl_norm_text(cell->text, &e);
                    changed += e.n;
                    for (size_t i = 0; log && i < e.n; i++)
                        fprintf(stderr, "edit %s: %s -> %s\n", e.v[i].rule, e.v[i].orig, e.v[i].repl);
                    tl_edits_free(&e);
                    if (n)
                        tl_cell_replace(cell, n);
                }
        }
        truth_score n;
        truth_score_doc(argv[2], doc, &n, getenv("TL_TRUTH_AFTER") ? stdout : NULL);
        printf("after normalize (%zu edits): %zu of %zu cells; text similarity %.4f (%zu edits); character error "
               "rate %.4f -> %.4f\n",
               changed, n.matched, n.cells, 1.0 - (double)n.errors / (double)(n.chars ? n.chars : 1), n.errors,
               (double)s.errors / (double)s.chars, (double)n.errors / (double)n.chars);
    }
    tl_doc_free(doc);
    return 0;
fail:
    fprintf(stderr, "%s: %s\n", argv[1], err.msg);
    return 1;
}
