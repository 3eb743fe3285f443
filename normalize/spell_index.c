/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tailan-spell-index DIC AFF OUT: the build's index of hunspell-mn's word list
 * (spell_groups.c), so that a conversion opens it without reading the list.  With no
 * dictionary at DIC it writes an empty index, and tailan cuts the list at run time. */
#include "private.h"

#include <stdio.h>

/* This tool makes the index, so it has none */
const char *tl_spell_index_data(size_t *len)
{
    *len = 0;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: tailan-spell-index DIC AFF OUT\n");
        return 2;
    }
    FILE *out = fopen(argv[3], "wb");
    if (!out) {
        perror(argv[3]);
        return 1;
    }
    tl_spell_groups *g = tl_spell_groups_cut(argv[1], argv[2]);
    int rc = g && tl_spell_groups_write(g, out) ? 1 : 0;
    if (!g)
        fprintf(stderr, "tailan-spell-index: %s: no dictionary to index; the index is empty\n", argv[1]);
    tl_spell_groups_free(g);
    if (fclose(out) || rc) {
        fprintf(stderr, "tailan-spell-index: %s: cannot write\n", argv[3]);
        remove(argv[3]);
        return 1;
    }
    return 0;
}
