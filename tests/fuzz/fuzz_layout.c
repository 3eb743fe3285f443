/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness for page layout alone: the rules and glyphs a PDF page or a scan
 * gives, made from the bytes, through grid building (ruled and open grids), the
 * refinement by text alignment and tl_layout_page.  No Poppler, no Tesseract: this
 * is the code tailan wrote for tables, fuzzed thousands of times a second (the PDF
 * harness spends most of an input in Poppler's font handling).
 *
 * Input: a byte of flags (bit 0 words, bit 1 unruled tables, bit 2 the gutters of
 * the page before), a byte n of rules, n rules of 4 bytes (axis and position, two
 * ends; points are bytes x 3), then glyphs of 5 bytes (x, y, width, height, letter)
 * to the end. */
#include "extract/layout.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_rule(const void *a, const void *b)
{
    const tl_rule *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return (x->a0 > y->a0) - (x->a0 < y->a0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 8192)
        return 0;
    int flags = data[0];
    size_t nr = data[1], at = 2;
    tl_rules rules = { 0 };
    rules.h = calloc(nr + 1, sizeof *rules.h);
    rules.v = calloc(nr + 1, sizeof *rules.v);
    for (size_t i = 0; i < nr && at + 4 <= size && rules.h && rules.v; i++, at += 4) {
        double a0 = data[at + 1] * 3.0;
        tl_rule r = { (data[at] & 0x7F) * 6.0 + data[at + 2] % 6, a0, a0 + 1 + data[at + 3] * 3.0 };
        if (data[at] & 0x80)
            rules.v[rules.nv++] = r;
        else
            rules.h[rules.nh++] = r;
    }
    /* As tl_rules_find gives them: by position, then start. */
    qsort(rules.h, rules.nh, sizeof *rules.h, cmp_rule);
    qsort(rules.v, rules.nv, sizeof *rules.v, cmp_rule);
    size_t ng = (size - at) / 5;
    tl_glyph *g = calloc(ng + 1, sizeof *g);
    tl_box *words = calloc(ng + 1, sizeof *words);
    static const char letters[] = "ab1.%- \xd0\x90";
    for (size_t i = 0; g && words && i < ng; i++, at += 5) {
        double x = data[at] * 3.0, y = data[at + 1] * 3.0;
        g[i].box = (tl_box){ x, y, x + 1 + (data[at + 2] & 15), y + 4 + (data[at + 3] & 7) };
        int k = data[at + 4] % 8;
        g[i].text = letters + k;
        g[i].len = k == 7 ? 2 : 1;
        g[i].conf = -1;
        g[i].space_before = (data[at + 4] & 0x80) != 0;
        words[i] = g[i].box;
    }
    tl_grid *grids = NULL;
    size_t ngrids = 0;
    /* bit 2: the page before ended with a table of the first rule's ends, its
     * gutters at the other rules' starts (open.c's carried cells) */
    tl_layout_carry carry = { 0 };
    if ((flags & 4) && rules.nh) {
        carry.gutters.x0 = rules.h[0].a0;
        carry.gutters.x1 = rules.h[0].a1;
        for (size_t i = 1; i < rules.nh && carry.gutters.n < TL_CARRY_MAX; i++)
            carry.gutters.x[carry.gutters.n++] = rules.h[i].a0;
    }
    if (g && words && rules.h && rules.v && tl_grids_build(&rules, &grids, &ngrids) == 0 &&
        tl_grids_add_open(&rules, words, ng, (flags & 4) ? &carry.gutters : NULL, &grids, &ngrids) == 0) {
        tl_doc *doc = tl_doc_new("fuzz", "pdf");
        tl_layout_opts o = { flags & 1, (flags & 2) != 0, &carry };
        tl_error err;
        if (doc && tl_doc_add_page(doc, 800, 800, 0) > 0)
            tl_layout_page(doc, 1, g, ng, grids, ngrids, &o, &err);
        tl_doc_free(doc);
    }
    tl_grids_free(grids, ngrids);
    free(rules.h);
    free(rules.v);
    free(g);
    free(words);
    return 0;
}
