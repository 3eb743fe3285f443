/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The build's index of hunspell-mn's word list (tailan-spell-index), linked in whole
 * with .incbin: opening it costs no parsing and no data path. */
#include "private.h"

__asm__(".section .rodata\n"
        ".balign 8\n"
        ".global tl_spell_index_start\n"
        ".hidden tl_spell_index_start\n" /* not part of libtailan.so's interface */
        "tl_spell_index_start:\n"
        ".incbin \"" TL_SPELL_INDEX_PATH "\"\n"
        ".global tl_spell_index_end\n"
        ".hidden tl_spell_index_end\n" /* not part of libtailan.so's interface */
        "tl_spell_index_end:\n"
        ".previous\n");
extern const char tl_spell_index_start[], tl_spell_index_end[];

const char *tl_spell_index_data(size_t *len)
{
    *len = (size_t)(tl_spell_index_end - tl_spell_index_start);
    return *len ? tl_spell_index_start : NULL;
}
