/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stage throughput on the sample documents: extract, stitch, map, XML build and
 * validation, each timed over repeated runs.  Later issues add their baselines
 * (pdftotext, tesseract) as ratios; run: build/tailan-bench samples/NNN.txt ... */
#include "corpus/corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int reps = 20;
    double t_ext = 0, t_sti = 0, t_map = 0, t_xml = 0, t_val = 0;
    size_t bytes = 0, docs = 0;
    for (int r = 0; r < reps; r++) {
        for (int i = 1; i < argc; i++) {
            unsigned char *data;
            size_t size;
            tl_error err;
            if (tl_file_read(argv[i], &data, &size, &err)) {
                fprintf(stderr, "%s: %s\n", argv[i], err.msg);
                return 1;
            }
            tl_source src = { argv[i], data, size };
            tl_doc *doc;
            tl_mapped *m;
            char *xml;
            size_t xml_len;
            double a = now();
            if (tl_extract_mem(&src, &doc, &err)) {
                fprintf(stderr, "%s: %s\n", argv[i], err.msg);
                return 1;
            }
            double b = now();
            tl_doc_stitch(doc, &err);
            tl_schema_join(doc, &err);
            double c = now();
            tl_schema_map(doc, &m, &err);
            double d = now();
            char sha[65];
            tl_sha256_hex(data, size, sha);
            tl_source_info info = { argv[i], sha, size };
            tl_xml_build(doc, m, &info, &xml, &xml_len, &err);
            double e = now();
            tl_xml_validate(xml, xml_len, &err);
            double f = now();
            t_ext += b - a, t_sti += c - b, t_map += d - c, t_xml += e - d, t_val += f - e;
            bytes += size;
            docs++;
            free(xml);
            tl_mapped_free(m);
            tl_doc_free(doc);
            free(data);
        }
    }
    double total = t_ext + t_sti + t_map + t_xml + t_val;
    double mb = (double)bytes / 1e6;
    printf("%zu documents, %.2f MB over %d runs\n", docs / (size_t)reps, mb / reps, reps);
    printf("%-10s %10s %10s\n", "stage", "MB/s", "share");
    const char *names[] = { "extract", "stitch", "map", "xml", "validate" };
    double ts[] = { t_ext, t_sti, t_map, t_xml, t_val };
    for (int i = 0; i < 5; i++)
        printf("%-10s %10.1f %9.1f%%\n", names[i], mb / ts[i], 100 * ts[i] / total);
    printf("%-10s %10.1f  (%.0f documents/s)\n", "total", mb / total, (double)docs / total);
    return 0;
}
