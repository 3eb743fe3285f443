/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded cost: every input is refused early or read at a cost that grows with its
 * size, never read past a limit, never waited on.  Limits are lowered here to make
 * small inputs cross them; the defaults are the README's limits table.  The crafted
 * inputs (a FIFO, /dev/zero, a zip of many large parts, a 10 MB paragraph, a PNG
 * taller than libpng allows, a blank poster) are those an archive sweep meets. */
#include "helpers.h"
#include "zipgen.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <glib.h>
#include <leptonica/allheaders.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static tl_limits defaults;
static char dir[64];

static void setup(void)
{
    defaults = *tl_limits_get();
    snprintf(dir, sizeof dir, "/tmp/tl-cost-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    tl_limits_set(&defaults);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

static tl_code extract_bytes(const char *name, const void *data, size_t size, tl_doc **doc, tl_error *err)
{
    tl_source src = { name, data, size };
    return tl_extract_mem(&src, doc, err);
}

static tl_code extract_file(const char *path, tl_doc **doc, tl_error *err)
{
    unsigned char *data;
    size_t size;
    tl_code rc = tl_file_read(path, &data, &size, err);
    if (rc == TL_OK) {
        rc = extract_bytes(path, data, size, doc, err);
        free(data);
    }
    return rc;
}

/* A hang here is the bug: the timeout only turns it into a failure. */
Test(cost, fifo_refused_before_any_read, .init = setup, .fini = teardown, .timeout = 120)
{
    char fifo[128];
    snprintf(fifo, sizeof fifo, "%s/plan.pdf", dir);
    cr_assert_eq(mkfifo(fifo, 0644), 0);
    unsigned char *data = NULL;
    size_t size = 0;
    tl_error err = { 0 };
    cr_assert_eq(tl_file_read(fifo, &data, &size, &err), TL_E_IO);
    cr_expect(strstr(err.msg, "FIFO"), "%s", err.msg);
    cr_expect_null(data);

    char args[256], msg[1024];
    snprintf(args, sizeof args, "convert %s -o %s/out.xml", fifo, dir);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), TL_E_IO, "%s", msg);
    cr_expect(strstr(msg, "plan.pdf: is a FIFO"), "%s", msg);
    snprintf(args, sizeof args, "validate %s", fifo);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), TL_E_IO, "%s", msg);
    cr_expect(strstr(msg, "not a regular file"), "%s", msg);
}

Test(cost, devices_refused_at_once, .init = setup, .fini = teardown, .timeout = 120)
{
    unsigned char *data = NULL;
    size_t size = 0;
    tl_error err = { 0 };
    cr_assert_eq(tl_file_read("/dev/zero", &data, &size, &err), TL_E_IO);
    cr_expect(strstr(err.msg, "character device"), "%s", err.msg);
    char msg[1024];
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, "convert /dev/urandom", msg, sizeof msg), TL_E_IO, "%s", msg);
    cr_expect(strstr(msg, "/dev/urandom: is a character device") && !strchr(strchr(msg, '\n') + 1, '\n'),
              "not one line: %s", msg);
}

/* A source with no end (standard input from a runaway pipe) is read one byte past
 * the limit, no further; one exactly at the limit is read whole. */
Test(cost, endless_stream_stops_past_the_limit, .init = setup, .fini = teardown)
{
    tl_limits l = defaults;
    l.max_input_bytes = 4096;
    tl_limits_set(&l);
    int fd = open("/dev/zero", O_RDONLY);
    cr_assert_geq(fd, 0);
    unsigned char *data = NULL;
    size_t size = 0;
    tl_error err = { 0 };
    cr_expect_eq(tl_fd_read(fd, 0, &data, &size, &err), TL_E_LIMIT);
    cr_expect(strstr(err.msg, "4096-byte input limit"), "%s", err.msg);
    close(fd);

    char path[128];
    snprintf(path, sizeof path, "%s/exact.txt", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 4096; i++)
        fputc(i % 64 ? 'a' : '\n', f);
    fclose(f);
    cr_assert_eq(tl_file_read(path, &data, &size, &err), TL_OK, "%s", err.msg);
    cr_expect_eq(size, 4096);
    free(data);
    fputs("b", f = fopen(path, "a"));
    fclose(f);
    cr_expect_eq(tl_file_read(path, &data, &size, &err), TL_E_LIMIT);
    cr_expect(strstr(err.msg, "4097 bytes, over the 4096-byte input limit"), "%s", err.msg);
}

/* A Word package of many header parts, each under the per-part limits, is refused
 * by the sum its directory states, before one part is inflated; so is one of too
 * many parts.  With the defaults the same package reads. */
Test(cost, zip_totals, .init = setup, .fini = teardown)
{
    static const char doc[] = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                              "<w:body><w:p><w:r><w:t>Тамгын газрын төлөвлөгөө</w:t></w:r></w:p></w:body></w:document>";
    size_t hlen = 300000;
    char *hdr = malloc(hlen + 1);
    const char *head = "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">";
    size_t n = (size_t)snprintf(hdr, hlen, "%s", head);
    while (n + 200 < hlen)
        n += (size_t)snprintf(hdr + n, hlen - n, "<w:p><w:r><w:t>Авлигын эсрэг хөтөлбөр %zu</w:t></w:r></w:p>", n);
    n += (size_t)snprintf(hdr + n, hlen - n, "</w:hdr>");
    zipgen_part parts[8] = { { "word/document.xml", doc, sizeof doc - 1, 0 } };
    char names[7][32];
    for (int i = 0; i < 7; i++) {
        snprintf(names[i], sizeof names[i], "word/header%d.xml", i + 1);
        parts[i + 1] = (zipgen_part){ names[i], hdr, n, 0 };
    }
    size_t zlen = 0;
    unsigned char *z = zipgen(parts, 8, &zlen);
    cr_assert_not_null(z);

    tl_doc *d = NULL;
    tl_error err = { 0 };
    cr_assert_eq(extract_bytes("headers.docx", z, zlen, &d, &err), TL_OK, "%s", err.msg);
    cr_expect_gt(d->nblocks, 7 * 1000);
    tl_doc_free(d);

    tl_limits l = defaults;
    l.max_zip_bytes = 1 << 20;
    tl_limits_set(&l);
    cr_expect_eq(extract_bytes("headers.docx", z, zlen, &d, &err), TL_E_LIMIT);
    cr_expect(strstr(err.msg, "over the 1048576-byte limit"), "%s", err.msg);

    l = defaults;
    l.max_zip_parts = 5;
    tl_limits_set(&l);
    cr_expect_eq(extract_bytes("headers.docx", z, zlen, &d, &err), TL_E_LIMIT);
    cr_expect(strstr(err.msg, "zip package of 8 parts, over the 5-part limit"), "%s", err.msg);
    free(z);
    free(hdr);
}

/* What one document may hold in all, whatever its format: text, and table cells. */
Test(cost, document_totals, .init = setup, .fini = teardown)
{
    tl_doc *d = NULL;
    tl_error err = { 0 };
    tl_limits l = defaults;
    l.max_text_bytes = 20000;
    tl_limits_set(&l);
    cr_expect_eq(extract_file(SEED004, &d, &err), TL_E_LIMIT);
    cr_expect(strstr(err.msg, "over 20000 bytes of text in one document"), "%s", err.msg);
    cr_expect_eq(extract_file(TL_FIXTURES "/seed004.docx", &d, &err), TL_E_LIMIT);

    l = defaults;
    l.max_cells = 50;
    tl_limits_set(&l);
    cr_expect_eq(extract_file(TL_FIXTURES "/seed004.pdf", &d, &err), TL_E_LIMIT);
    cr_expect(strstr(err.msg, "over 50 table cells in one document"), "%s", err.msg);
    cr_expect_eq(extract_file(TL_FIXTURES "/seed004.docx", &d, &err), TL_E_LIMIT);

    l = defaults;
    l.max_pages = 3;
    tl_limits_set(&l);
    cr_expect_eq(extract_file(TL_FIXTURES "/seed000.pdf", &d, &err), TL_E_LIMIT);
    cr_expect(strstr(err.msg, "5 pages, over the 3-page limit"), "%s", err.msg);
}

/* tl_convert_file(path) and tl_convert_mem(path's bytes): the same XML byte for
 * byte (the source's digest in it too), or the same failure and nothing written. */
static void same_as_in_memory(const char *path, const char *out)
{
    tl_error ef = { 0 }, em = { 0 };
    unlink(out);
    tl_code rf = tl_convert_file(path, out, NULL, &ef);
    unsigned char *data;
    size_t size;
    cr_assert_eq(tl_file_read(path, &data, &size, &em), TL_OK, "%s", em.msg);
    tl_source src = { path, data, size };
    tl_result res;
    tl_code rm = tl_convert_mem(&src, NULL, &res, &em);
    cr_expect_eq(rf, rm, "%s: %d (%s) from the file, %d (%s) from memory", path, rf, ef.msg, rm, em.msg);
    if (rf == TL_OK && rm == TL_OK) {
        gchar *x = NULL;
        gsize n = 0;
        cr_assert(g_file_get_contents(out, &x, &n, NULL));
        cr_expect(n == res.xml_len && !memcmp(x, res.xml, n), "%s: %zu bytes from the file, %zu from memory",
                  path, (size_t)n, res.xml_len);
        g_free(x);
    } else {
        cr_expect_str_eq(ef.msg, em.msg);
        cr_expect_neq(access(out, F_OK), 0, "%s: an output was left", path);
    }
    if (rm == TL_OK)
        tl_result_free(&res);
    free(data);
}

/* A file is converted without holding what memory need not: its XML written to the
 * output as it is made and validated there, a PDF read by Poppler from the file
 * (never all in memory), any other input freed once extracted.  None of it changes
 * what comes out: seed 004's PDF (over the 64 KB a bid reads, so from the file) and
 * DOCX, a plan in text, and the PDF cut at 100,000 bytes. */
Test(cost, a_file_converts_as_its_bytes_in_memory, .init = setup, .fini = teardown)
{
    char cut[128], out[128];
    snprintf(cut, sizeof cut, "%s/cut.pdf", dir);
    snprintf(out, sizeof out, "%s/out.xml", dir);
    unsigned char *pdf;
    size_t n;
    tl_error err = { 0 };
    cr_assert_eq(tl_file_read(TL_FIXTURES "/seed004.pdf", &pdf, &n, &err), TL_OK);
    cr_assert(n > 100000 && 100000 > TL_BID_BYTES);
    cr_assert_eq(tl_save_mem((const char *)pdf, 100000, cut, &err), TL_OK, "%s", err.msg);
    free(pdf);
    const char *inputs[] = { TL_FIXTURES "/seed004.pdf", TL_FIXTURES "/seed004.docx", SEED002, cut };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        same_as_in_memory(inputs[i], out);
}

/* Under the sanitizers (CI's second run) a 10 MB paragraph takes four minutes, a
 * fifth of CI's time: there it is 2.5 MB, over the 1 MB from which a text is
 * validated as a tree but under libxml2's own text limit, which the plain run
 * crosses. */
#ifdef TL_SANITIZED
#define LONG_PARAGRAPH 2500000
#else
#define LONG_PARAGRAPH 10500000
#endif

/* A paragraph of over 10,000,000 bytes is one XML text node larger than libxml2
 * takes by default: written, validated and saved all the same. */
Test(cost, paragraph_over_ten_megabytes, .init = setup, .fini = teardown)
{
    unsigned char *seed;
    size_t slen;
    tl_error err = { 0 };
    cr_assert_eq(tl_file_read(SEED003, &seed, &slen, &err), TL_OK);
    /* Lines of the seed's words, no blank line: one paragraph. */
    size_t want = LONG_PARAGRAPH, n = 0;
    char *text = malloc(want + slen + 2);
    while (n < want)
        for (size_t i = 0; i < slen && n < want + slen; i++)
            text[n++] = seed[i] == '\n' || seed[i] == '#' || seed[i] == '|' ? ' ' : (char)seed[i];
    text[n++] = '\n';
    for (size_t i = 3000; i < n; i += 3000) { /* lines of about 3,000 bytes */
        while (i < n && text[i] != ' ')
            i++;
        if (i < n)
            text[i] = '\n';
    }
    char path[128], out[128];
    snprintf(path, sizeof path, "%s/long.txt", dir);
    snprintf(out, sizeof out, "%s/long.xml", dir);
    cr_assert_eq(tl_save_mem(text, n, path, &err), TL_OK, "%s", err.msg);
    /* written to the file and validated there, as a tree read from it (that it is
     * what memory would give: a_file_converts_as_its_bytes_in_memory) */
    tl_convert_opts opts = { .no_normalize = 1 };
    cr_assert_eq(tl_convert_file(path, out, &opts, &err), TL_OK, "%s", err.msg);
    struct stat st;
    cr_assert_eq(stat(out, &st), 0);
    cr_expect_gt((size_t)st.st_size, want);
    cr_expect_eq(tl_xml_validate_file(out, &err), TL_OK, "%s", err.msg);
    free(text);
    free(seed);
}

/* ---- images ---------------------------------------------------------------- */

typedef struct membuf {
    unsigned char *data;
    size_t len, cap;
} membuf;

static void mem_write(png_structp p, png_bytep d, size_t n)
{
    membuf *m = png_get_io_ptr(p);
    if (m->len + n > m->cap) {
        m->cap = (m->len + n) * 2;
        m->data = realloc(m->data, m->cap);
    }
    memcpy(m->data + m->len, d, n);
    m->len += n;
}

static void mem_flush(png_structp p)
{
    (void)p;
}

/* A PNG of w x h: grey (8-bit) from pix, or RGBA at 16 bits interlaced when rgba16;
 * a blank page when pix is NULL. */
static membuf png_of(PIX *pix, int w, int h, int rgba16)
{
    membuf m = { 0 };
    png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(p);
    png_set_write_fn(p, &m, mem_write, mem_flush);
    png_set_user_limits(p, 0x7fffffff, 0x7fffffff);
    png_set_IHDR(p, info, (png_uint_32)w, (png_uint_32)h, rgba16 ? 16 : 8,
                 rgba16 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_GRAY,
                 rgba16 ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(p, info, 11811, 11811, PNG_RESOLUTION_METER); /* 300 dpi */
    png_write_info(p, info);
    int passes = png_set_interlace_handling(p);
    size_t bpp = rgba16 ? 8 : 1;
    unsigned char *row = malloc((size_t)w * bpp);
    for (int pass = 0; pass < passes; pass++)
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                l_uint32 v = 255;
                if (pix)
                    pixGetPixel(pix, x, y, &v);
                if (rgba16)
                    for (int c = 0; c < 4; c++)
                        row[x * 8 + c * 2] = row[x * 8 + c * 2 + 1] = c == 3 ? 0xFF : (unsigned char)v;
                else
                    row[x] = (unsigned char)v;
            }
            png_write_row(p, row);
        }
    png_write_end(p, info);
    png_destroy_write_struct(&p, &info);
    free(row);
    return m;
}

/* Every word of a document's blocks and cells, in order, one line. */
static char *words_of(const tl_doc *d)
{
    char *out = NULL;
    for (size_t i = 0; i < d->nblocks; i++) {
        const tl_block *b = &d->blocks[i];
        if (b->kind == TL_BLOCK_PARA)
            cr_assert_eq(tl_str_append(&out, " ", b->para.text), 0);
        else
            for (size_t r = 0; r < b->table->nrows; r++)
                for (size_t c = 0; c < b->table->rows[r].ncells; c++)
                    cr_assert_eq(tl_str_append(&out, " ", b->table->rows[r].cells[c].text), 0);
    }
    return out ? out : tl_strdup("");
}

/* The same scan as 8-bit grey and as 16-bit RGBA, interlaced, with an alpha
 * channel: decoded to the same grey page, read to the same words. */
Test(cost, png_read_as_grey_whatever_its_encoding, .init = setup, .fini = teardown)
{
    PIX *scan = pixRead(TL_FIXTURES "/seed002.scan-p1.png");
    cr_assert_not_null(scan);
    PIX *grey = pixConvertTo8(scan, 0);
    int w = pixGetWidth(grey), h = pixGetHeight(grey);
    membuf a = png_of(grey, w, h, 0), b = png_of(grey, w, h, 1);
    tl_doc *da = NULL, *db = NULL;
    tl_error err = { 0 };
    cr_assert_eq(extract_bytes("grey.png", a.data, a.len, &da, &err), TL_OK, "%s", err.msg);
    cr_assert_eq(extract_bytes("rgba16.png", b.data, b.len, &db, &err), TL_OK, "%s", err.msg);
    char *wa = words_of(da), *wb = words_of(db);
    cr_expect_gt(strlen(wa), 1000);
    cr_expect(strstr(wa, "Сайншанд"), "the place line is read");
    cr_expect_str_eq(wa, wb);
    free(wa);
    free(wb);
    tl_doc_free(da);
    tl_doc_free(db);
    free(a.data);
    free(b.data);
    pixDestroy(&grey);
    pixDestroy(&scan);
}

/* A blank page (a poster-sized one: 20 million pixels) is told blank on its ink
 * count, before recognition: no text, like any image without any. */
Test(cost, blank_image_not_recognised, .init = setup, .fini = teardown)
{
    membuf m = png_of(NULL, 4000, 5000, 0);
    tl_doc *d = NULL;
    tl_error err = { 0 };
    cr_expect_eq(extract_bytes("blank.png", m.data, m.len, &d, &err), TL_E_EMPTY, "%s", err.msg);
    free(m.data);
}

/* Taller than libpng reads: refused on the header, as a size, in one line, with
 * nothing of libpng's on stderr. */
Test(cost, png_taller_than_libpng_reads, .init = setup, .fini = teardown)
{
    membuf m = png_of(NULL, 8, 1000001, 0);
    char path[128], args[256], msg[1024];
    snprintf(path, sizeof path, "%s/tall.png", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_eq(fwrite(m.data, 1, m.len, f), m.len);
    fclose(f);
    free(m.data);
    snprintf(args, sizeof args, "convert %s -o %s/tall.xml", path, dir);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), TL_E_LIMIT, "%s", msg);
    cr_expect(strstr(msg, "8 x 1000001 pixels, a side over the 1000000-pixel limit"), "%s", msg);
    cr_expect(strchr(msg, '\n') && !strchr(strchr(msg, '\n') + 1, '\n'), "not one line: %s", msg);
}

/* The command line sets every limit: lowered, the same input is refused; an unknown
 * name is a usage error that lists the known ones. */
Test(cost, limits_from_the_command_line, .init = setup, .fini = teardown)
{
    char args[512], msg[4096];
    snprintf(args, sizeof args, "convert %s/seed000.pdf --limit pages=3 -o %s/a.xml", TL_FIXTURES, dir);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), TL_E_LIMIT, "%s", msg);
    cr_expect(strstr(msg, "5 pages, over the 3-page limit"), "%s", msg);
    snprintf(args, sizeof args, "convert %s/seed000.pdf --limit pages=5 -o %s/a.xml", TL_FIXTURES, dir);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), 0, "%s", msg);
    snprintf(args, sizeof args, "extract %s --limit text=2K", SEED000);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), TL_E_LIMIT, "%s", msg);
    cr_expect(strstr(msg, "over 2048 bytes of text"), "%s", msg);
    snprintf(args, sizeof args, "convert %s --limit colour=2", SEED000);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), TL_E_USAGE, "%s", msg);
    cr_expect(strstr(msg, "input, text, zip"), "%s", msg);
    snprintf(args, sizeof args, "convert %s --limit text=-1", SEED000);
    cr_expect_eq(run_tailan(TL_CLI, dir, NULL, args, msg, sizeof msg), TL_E_USAGE, "%s", msg);
}
