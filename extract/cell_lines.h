/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tables a web page saved as text leaves one cell per line (text.c).  Internal to
 * the extract stage.  Ownership: the table found is the caller's. */
#ifndef TL_EXTRACT_CELL_LINES_H
#define TL_EXTRACT_CELL_LINES_H

#include "../model/model.h"

#include <stddef.h>

/* A line of the text: s[0..n), not NUL-terminated; lineno 1-based. */
typedef struct tl_text_line {
    const char *s;
    size_t n;
    int lineno;
} tl_text_line;

/* Whether lines[from..n) open with such a table: a header of three cells or more,
 * one a line, each a known column title (tl_field_match), the first naming the item
 * number ("д/д", "№"), then rows of as many cells, each opened by an item number, or
 * a row across opened by an objective ("Зорилт 1. ..."); blank lines between cells
 * are nothing.  Returns the lines the table takes (0: none, or out of memory) and
 * the table in *out. */
size_t tl_cell_lines_table(const tl_text_line *lines, size_t from, size_t n, tl_table **out);

#endif
