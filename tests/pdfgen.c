/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pdfgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pdfgen_tables(const char *path, int pages, int ruled)
{
    return pdfgen_tables_on(path, pages, ruled, 1.0);
}

int pdfgen_tables_on(const char *path, int pages, int ruled, double paper)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    /* Objects: 1 catalog, 2 page tree, 3 font, then per page: page, content. */
    long *off = calloc((size_t)(3 + 2 * pages + 1), sizeof *off);
    int n = 0;
    fputs("%PDF-1.4\n", f);
    off[++n] = ftell(f);
    fputs("1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n", f);
    off[++n] = ftell(f);
    fprintf(f, "2 0 obj<</Type/Pages/Count %d/Kids[", pages);
    for (int p = 0; p < pages; p++)
        fprintf(f, "%d 0 R ", 4 + 2 * p);
    fputs("]>>endobj\n", f);
    off[++n] = ftell(f);
    fputs("3 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n", f);
    char content[4096];
    for (int p = 0; p < pages; p++) {
        size_t len = 0;
        if (paper < 1.0)
            len += (size_t)snprintf(content, sizeof content, "%.2f g 0 0 595 842 re f 0 g\n", paper);
        /* Rules: 4 horizontal, 4 vertical, table 300 x 120 pt at (100, 600). */
        for (int i = 0; ruled && i < 4; i++)
            len += (size_t)snprintf(content + len, sizeof content - len,
                                    "0.5 w 100 %d m 400 %d l S %d 600 m %d 720 l S\n",
                                    600 + 40 * i, 600 + 40 * i, 100 + 100 * i, 100 + 100 * i);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                len += (size_t)snprintf(content + len, sizeof content - len,
                                        "BT /F1 10 Tf %d %d Td (p%d r%d c%d) Tj ET\n",
                                        106 + 100 * c, 706 - 40 * r, p + 1, r + 1, c + 1);
        off[++n] = ftell(f);
        fprintf(f, "%d 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
                   "/Resources<</Font<</F1 3 0 R>>>>/Contents %d 0 R>>endobj\n", 4 + 2 * p, 5 + 2 * p);
        off[++n] = ftell(f);
        fprintf(f, "%d 0 obj<</Length %zu>>stream\n%sendstream endobj\n", 5 + 2 * p, len, content);
    }
    long xref = ftell(f);
    fprintf(f, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 1; i <= n; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f, "trailer<</Size %d/Root 1 0 R>>\nstartxref\n%ld\n%%%%EOF\n", n + 1, xref);
    free(off);
    return fclose(f) == 0 ? 0 : -1;
}
