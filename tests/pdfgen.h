/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tiny PDF writer for tests that need PDFs no fixture has (thousands of pages,
 * tables drawn without rules): each page a 3 x 3 table of Helvetica text
 * "p<page> r<row> c<col>", ruled or not. */
#ifndef TL_TEST_PDFGEN_H
#define TL_TEST_PDFGEN_H
/* Returns 0, or -1 when the file cannot be written. */
int pdfgen_tables(const char *path, int pages, int ruled);
/* The same on paper of grey level `paper` (1.0 white, 0.0 black) filling each page. */
int pdfgen_tables_on(const char *path, int pages, int ruled, double paper);
#endif
