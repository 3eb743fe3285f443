/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTML extractor: seed 003 as the web page it was scraped from gives the report's
 * section tree with none of the site's chrome in it; charsets; bad pages. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The string values of the nodes xpath selects in res, one per line. */
static char *strings(const tl_result *res, const char *xpath)
{
    xmlDocPtr d = result_tree(res);
    xmlXPathContextPtr cx = xmlXPathNewContext(d);
    xmlXPathRegisterNs(cx, (const xmlChar *)"t", (const xmlChar *)"urn:tailan:plan:1");
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, cx);
    char *out = NULL;
    for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlChar *s = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        /* Compared whitespace-normalised: a no-break space (U+00A0) is a space. */
        for (xmlChar *p = s; p && p[0]; p++)
            if (p[0] == 0xC2 && p[1] == 0xA0)
                p[0] = ' ', p[1] = ' ';
        char *sq = tl_str_squash((const char *)s);
        cr_assert(tl_str_append(&out, "\n", sq) == 0);
        free(sq);
        xmlFree(s);
    }
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(cx);
    xmlFreeDoc(d);
    return out ? out : tl_strdup("");
}

/* Words of the page's chrome that the report itself never uses. */
static const char *const chrome_words[] = { "Нүүр", "Бидний тухай", "Холбоо барих", "Холбоотой мэдээлэл",
                                            "E Mongolia", "Веб статистик", "Таны IP хаяг", "Онлайн",
                                            "Өчигдөр", "Нийт хандалт", "Санал асуулга", "Маш сайн",
                                            "Бүх эрх хуулиар", NULL };

Test(html, seed003_sections_without_chrome)
{
    tl_result h, t;
    convert(TL_FIXTURES "/seed003.html", &h);
    convert(SEED003, &t);
    /* The same section tree: numbers and titles. */
    char *hs = strings(&h, "//t:section/@number | //t:section/t:title");
    char *ts = strings(&t, "//t:section/@number | //t:section/t:title");
    cr_assert_gt(strlen(ts), 200);
    cr_expect_str_eq(hs, ts);
    /* The body: the same paragraphs.  The text version (the page saved as text)
     * ends in the same chrome, found by its titles and kept outside the body. */
    char *hb = strings(&h, "//t:body//t:p");
    char *tb = strings(&t, "//t:body//t:p");
    cr_expect_str_eq(hb, tb);
    /* 15: a chrome title ("Таны IP хаяг", "Нийт саналын тоо") is a paragraph of its
     * own even with no blank line before it */
    cr_expect_eq(xcount(&t, "//t:unmapped/t:item[starts-with(@reason, 'site chrome')]"), 15);
    cr_expect_eq(xcount(&t, "//t:unmapped/t:item[. = 'Холбоотой мэдээлэл']"), 1);
    for (const char *const *w = chrome_words; *w; w++) {
        cr_expect(strstr(hb, *w) == NULL, "chrome \"%s\" in the body", *w);
        char *all = strings(&h, "//t:body");
        cr_expect(strstr(all, *w) == NULL, "chrome \"%s\" in the body", *w);
        free(all);
    }
    /* Kept, outside the body. */
    char *un = strings(&h, "//t:unmapped/t:item");
    for (const char *const *w = chrome_words; *w; w++)
        cr_expect(strstr(un, *w) != NULL, "chrome \"%s\" lost", *w);
    /* The title is the report's, not the site's name in the header. */
    char *title = strings(&h, "//t:meta/t:title");
    cr_expect_str_eq(title, "Орхон аймгийн ЗДТГ-ын авлигын эсрэг үйл ажиллагааны 2019 оны тайлан");
    free(title);
    free(un);
    free(hs);
    free(ts);
    free(hb);
    free(tb);
    tl_result_free(&h);
    tl_result_free(&t);
}

static tl_doc *doc_of(const char *name, const char *bytes, size_t n, tl_code want, tl_error *err)
{
    tl_source src = { name, (const unsigned char *)bytes, n };
    tl_doc *doc = NULL;
    tl_code rc = tl_extract_mem(&src, &doc, err);
    cr_expect_eq(rc, want, "%s: %s (%s)", name, tl_code_name(rc), err->msg);
    return doc;
}

/* An old layout-table page: no classes, the chrome shows by its title and links. */
Test(html, layout_table_chrome)
{
    const char *page =
        "<html><body><table><tr><td>"
        "<p>Тайлан</p><table border=1><tr><td>Д/д</td><td>Арга хэмжээ</td></tr>"
        "<tr><td rowspan=2>1</td><td>Сургалт</td></tr><tr><td>Зөвлөмж</td></tr></table>"
        "</td><td><b>Веб статистик</b><p>12 Онлайн</p><p>229 Өнөөдөр</p></td></tr>"
        "<tr><td><a href=1>Нүүр</a> | <a href=2>Мэдээ</a> | <a href=3>Холбоо</a></td></tr>"
        "</table></body></html>";
    tl_error err;
    tl_doc *d = doc_of("old.html", page, strlen(page), TL_OK, &err);
    cr_assert(d);
    int body_table = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const tl_block *b = &d->blocks[i];
        if (b->kind == TL_BLOCK_TABLE) {
            cr_expect_eq(b->chrome, 0);
            const tl_table *t = b->table;
            cr_assert_eq(t->nrows, 3);
            cr_expect_eq(t->rows[1].cells[0].rowspan, 2);
            cr_expect(t->rows[2].cells[0].covered);
            cr_expect_str_eq(t->rows[2].cells[1].text, "Зөвлөмж");
            body_table++;
            continue;
        }
        int chrome_text = strstr(b->para.text, "Онлайн") || strstr(b->para.text, "Өнөөдөр") ||
                          strstr(b->para.text, "Веб статистик") ||
                          strstr(b->para.text, "Нүүр");
        cr_expect_eq((int)b->chrome, chrome_text, "\"%s\"", b->para.text);
    }
    cr_expect_eq(body_table, 1);
    tl_doc_free(d);
}

/* windows-1251 named by the page's meta tag. */
Test(html, meta_charset_windows_1251)
{
    /* "Зорилт 1. Сургалт" in windows-1251. */
    const char page[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
                        "</head><body><p>\xc7\xee\xf0\xe8\xeb\xf2 1. \xd1\xf3\xf0\xe3\xe0\xeb\xf2</p></body></html>";
    tl_error err;
    tl_doc *d = doc_of("cp.html", page, sizeof page - 1, TL_OK, &err);
    cr_assert(d && d->nblocks == 1);
    cr_expect_str_eq(d->blocks[0].para.text, "Зорилт 1. Сургалт");
    cr_expect_str_eq(d->encoding, "windows-1251");
    tl_doc_free(d);
}

/* 100,000 nested elements: refused by the parser's depth limit, not a stack overflow. */
Test(html_bad, nested_100000_deep)
{
    size_t n = 100000, len = 0;
    char *page = malloc(n * 11 + 64);
    cr_assert(page);
    len += (size_t)sprintf(page, "<html><body>");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(page + len, "<div>");
    len += (size_t)sprintf(page + len, "deep");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(page + len, "</div>");
    tl_error err;
    tl_doc *d = doc_of("deep.html", page, len, TL_E_LIMIT, &err);
    cr_expect(strstr(err.msg, "nested deeper") != NULL, "%s", err.msg);
    tl_doc_free(d);
    free(page);
}

Test(html_bad, no_text)
{
    const char *page = "<!DOCTYPE html><html><head><title>x</title><script>var a=1;</script></head><body></body></html>";
    tl_error err;
    tl_doc *d = doc_of("empty.html", page, strlen(page), TL_E_EMPTY, &err);
    cr_expect(strstr(err.msg, "no text") != NULL, "%s", err.msg);
    tl_doc_free(d);
}
