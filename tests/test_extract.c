/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text extractor on the seed documents and on encodings. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static size_t count_tables(const tl_doc *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        n += d->blocks[i].kind == TL_BLOCK_TABLE;
    return n;
}

Test(extract, seed002_markdown_fragments_and_paragraphs)
{
    tl_doc *d = load_doc(SEED002, 0);
    cr_assert_str_eq(d->format, "markdown");
    cr_assert_eq(count_tables(d), 4, "seed 002 has 4 page fragments");
    /* The bold title loses its ** markers and is flagged as emphasised. */
    cr_assert_eq(d->blocks[0].kind, TL_BLOCK_PARA);
    cr_assert_eq(d->blocks[0].heading, 9);
    cr_assert(strncmp(d->blocks[0].para.text, "ДОРНОГОВЬ АЙМГИЙН", strlen("ДОРНОГОВЬ АЙМГИЙН")) == 0);
    cr_assert_null(strstr(d->blocks[0].para.text, "**"));
    /* First fragment: header row marked, first data row cell values. */
    const tl_table *t = d->blocks[3].table;
    cr_assert_eq(t->rows[0].kind, TL_ROW_HEADER);
    cr_assert_str_eq(t->rows[0].cells[0].text, "Д/д");
    cr_assert_str_eq(t->rows[1].cells[0].text, "1");
    cr_assert_eq(t->rows[1].cells[0].prov.line, 12);
    tl_doc_free(d);
}

Test(extract, p_fragments_become_line_breaks)
{
    tl_doc *d = load_doc(SEED002, 0);
    /* Fragment 2 (line 17) holds several <p> paragraphs in its implementation cell. */
    const tl_table *t = NULL;
    for (size_t i = 0, k = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == TL_BLOCK_TABLE && k++ == 1)
            t = d->blocks[i].table;
    cr_assert_not_null(t);
    const char *impl = t->rows[1].cells[4].text;
    cr_assert_null(strstr(impl, "<p>"));
    cr_assert(strncmp(impl, "Хэлтсийн албан хаагчдын", strlen("Хэлтсийн албан хаагчдын")) == 0);
    cr_assert_not_null(strstr(impl, "байршуулсан.\nТус хэлтсийн"));
    tl_doc_free(d);
}

Test(extract, seed001_tab_separated)
{
    tl_doc *d = load_doc(SEED001, 0);
    cr_assert_str_eq(d->format, "tsv");
    const tl_table *t = NULL;
    for (size_t i = 0; i < d->nblocks && !t; i++)
        if (d->blocks[i].kind == TL_BLOCK_TABLE)
            t = d->blocks[i].table;
    cr_assert_eq(t->ncols, 5);
    cr_assert_str_eq(t->rows[0].cells[1].text, "Зорилт");
    cr_assert_str_eq(t->rows[3].cells[0].text, "1.1");
    cr_assert_str_eq(t->rows[3].cells[4].text, "100");
    cr_assert(strncmp(t->rows[2].cells[0].text, "Зорилт 1. Шударга", strlen("Зорилт 1. Шударга")) == 0);
    tl_doc_free(d);
}

Test(extract, seed003_prose_only)
{
    tl_doc *d = load_doc(SEED003, 0);
    cr_assert_str_eq(d->format, "text");
    cr_assert_eq(count_tables(d), 0);
    cr_assert_str_eq(d->blocks[2].para.text, "2019.11.14");
    tl_doc_free(d);
}

Test(extract, cp1251_is_transcoded_with_mongolian_letters)
{
    tl_doc *d = load_doc(TL_FIXTURES "/002-head.cp1251.txt", 0);
    cr_assert_str_eq(d->encoding, "windows-1251");
    /* Ө and Ү come back from the legacy font slots. */
    cr_assert_not_null(strstr(d->blocks[0].para.text, "ТӨЛӨВЛӨГӨӨНИЙ ХЭРЭГЖИЛТ"));
    cr_assert_str_eq(d->blocks[1].para.text, "2024 оны 11 дугаар сарын 15-ны өдөр");
    tl_doc_free(d);
}

static tl_code extract_bytes(const char *bytes, size_t n, tl_error *err)
{
    tl_source src = { "mem", (const unsigned char *)bytes, n };
    tl_doc *d = NULL;
    tl_code rc = tl_extract_mem(&src, &d, err);
    tl_doc_free(d);
    return rc;
}

Test(extract, bad_inputs_have_distinct_codes)
{
    tl_error err = { 0 };
    cr_assert_eq(extract_bytes("", 0, &err), TL_E_EMPTY);
    cr_assert_eq(extract_bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, &err), TL_E_CORRUPT);
    cr_assert_not_null(strstr(err.msg, "damaged image"), "%s", err.msg);
    cr_assert_eq(extract_bytes("\x01\x02\x03\x00binary\x00\x00", 12, &err), TL_E_FORMAT);
    cr_assert_not_null(strstr(err.msg, "binary"), "%s", err.msg);
    /* Latin-1 bytes in a short Latin text: not UTF-8, not windows-1251 Cyrillic. */
    cr_assert_eq(extract_bytes("caf\xe9 \xff\xfe\xfd ok\n", 12, &err), TL_E_ENCODING);
    cr_assert_not_null(strstr(err.msg, "line 1"), "%s", err.msg);
    cr_assert_eq(extract_bytes("   \n\n  \n", 8, &err), TL_E_EMPTY);
}

Test(extract, utf16_with_bom)
{
    /* "Сайншанд хот\n" in UTF-16LE with BOM. */
    const char *u8 = "Сайншанд хот\n";
    unsigned char buf[64] = { 0xFF, 0xFE };
    size_t n = 2;
    for (const unsigned char *p = (const unsigned char *)u8; *p;) {
        unsigned cp = *p < 0x80 ? *p++ : (unsigned)((p[0] & 0x1F) << 6 | (p[1] & 0x3F));
        if (cp >= 0x80)
            p += 2;
        buf[n++] = (unsigned char)(cp & 0xFF);
        buf[n++] = (unsigned char)(cp >> 8);
    }
    tl_source src = { "mem", buf, n };
    tl_doc *d = NULL;
    tl_error err = { 0 };
    cr_assert_eq(tl_extract_mem(&src, &d, &err), TL_OK, "%s", err.msg);
    cr_assert_str_eq(d->encoding, "UTF-16LE");
    cr_assert_str_eq(d->blocks[0].para.text, "Сайншанд хот");
    tl_doc_free(d);
}
