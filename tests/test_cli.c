/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line on good and bad input: one line of error, its own exit code, no
 * output file left behind. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/tl-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Runs tailan with args; returns its exit code and the stderr it printed. */
static int run(const char *args, char *err, size_t errlen)
{
    return run_tailan(TL_CLI, dir, NULL, args, err, errlen);
}

static void write_file(const char *name, const void *data, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Only the inputs and the captured streams may be in the directory. */
static int leftovers(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s | grep -v -e '^in' -e '^stderr$' -e '^stdout$')\"", dir);
    return system(cmd) != 0;
}

static void bad_input(const char *name, int want_code, const char *want_words)
{
    char args[256], err[4096];
    snprintf(args, sizeof args, "convert %s/%s -o %s/out.xml", dir, name, dir);
    int rc = run(args, err, sizeof err);
    cr_assert_eq(rc, want_code, "%s: exit %d, want %d (%s)", name, rc, want_code, err);
    cr_assert_eq(count_lines(err), 1, "one line of error, got: %s", err);
    cr_assert(strncmp(err, dir, strlen(dir)) == 0, "error names the file: %s", err);
    cr_assert_not_null(strstr(err, want_words), "%s", err);
    cr_assert_not(leftovers(), "an output file was left behind");
}

TestSuite(cli, .init = setup, .fini = teardown);

Test(cli, empty_file) { write_file("in.txt", "", 0); bad_input("in.txt", 4, "empty"); }

Test(cli, binary_garbage)
{
    unsigned char buf[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    buf[10] = 0;
    write_file("in.bin", buf, sizeof buf);
    bad_input("in.bin", 5, "unsupported format");
}

Test(cli, invalid_utf8)
{
    write_file("in.txt", "Plain text with a bad byte \xC3\x28 in it\n", 36);
    bad_input("in.txt", 6, "not UTF-8");
}

Test(cli, hundred_megabyte_line)
{
    size_t n = (size_t)100 << 20;
    char *buf = malloc(n);
    cr_assert_not_null(buf);
    memset(buf, 'a', n);
    write_file("in.txt", buf, n);
    free(buf);
    bad_input("in.txt", 7, "line limit");
}

Test(cli, missing_file)
{
    char args[256], err[1024];
    snprintf(args, sizeof args, "convert %s/nope.txt -o %s/out.xml", dir, dir);
    cr_assert_eq(run(args, err, sizeof err), 3);
    cr_assert_eq(count_lines(err), 1);
}

Test(cli, usage_and_version)
{
    char err[1024];
    cr_assert_eq(run("frobnicate", err, sizeof err), 2);
    cr_assert_eq(run("--version", err, sizeof err), 0);
    cr_assert_eq(run("--help", err, sizeof err), 0);
}

/* Every command answers --help (or -h) on standard output with exit 0 and does
 * nothing else: no file made where it runs ("corpus merge --help a b" once made a
 * folder "--help"). */
Test(cli, each_command_has_help)
{
    static const char *const cmds[][2] = {
        { "convert --help", "usage: tailan convert IN" },         { "validate --help", "usage: tailan validate" },
        { "extract -h", "usage: tailan extract IN" },             { "normalize --help", "usage: tailan normalize" },
        { "corpus --help", "usage: tailan corpus build|search|export|merge" },
        { "corpus export --help", "usage: tailan corpus export DIR" },
        { "review --help", "usage: tailan review IN" },
        { "corpus build --help", "usage: tailan corpus build SRC" },
        { "corpus search --help", "usage: tailan corpus search DIR" },
        { "corpus merge --help out shard", "usage: tailan corpus merge OUT" },
        { "convert in.txt -o out.xml --help", "usage: tailan convert IN" },
    };
    char where[128], env[200], err[4096], out[256];
    snprintf(where, sizeof where, "%s/cwd", dir);
    cr_assert_eq(mkdir(where, 0700), 0);
    snprintf(env, sizeof env, "cd %s &&", where);
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        cr_expect_eq(run_tailan(TL_CLI, dir, env, cmds[i][0], err, sizeof err), 0, "%s: %s", cmds[i][0], err);
        snprintf(out, sizeof out, "%s/stdout", dir);
        gchar *text = NULL;
        cr_assert(g_file_get_contents(out, &text, NULL, NULL));
        cr_expect(g_str_has_prefix(text, cmds[i][1]), "%s printed: %.200s", cmds[i][0], text);
        g_free(text);
        GDir *d = g_dir_open(where, 0, NULL);
        cr_assert(d);
        const char *made = g_dir_read_name(d);
        cr_expect_null(made, "%s made %s", cmds[i][0], made ? made : "");
        g_dir_close(d);
    }
}

/* The man page covers what --help and every command's --help say: each option
 * named there, every exit code, every input format the README's table lists. */
Test(cli, man_page_covers_help)
{
    gchar *man = NULL;
    cr_assert(g_file_get_contents(TL_SAMPLES "/../doc/tailan.1", &man, NULL, NULL));
    /* roff writes a hyphen as \- */
    GString *plain = g_string_new(NULL);
    for (const char *p = man; *p; p++)
        if (!(p[0] == '\\' && p[1] == '-'))
            g_string_append_c(plain, *p);
    static const char *const helps[] = { "--help", "convert --help", "validate --help", "extract --help",
                                         "normalize --help", "corpus build --help", "corpus search --help",
                                         "corpus merge --help" };
    GRegex *opt = g_regex_new("--[a-z][a-z-]*", 0, 0, NULL);
    size_t seen = 0;
    for (size_t i = 0; i < sizeof helps / sizeof *helps; i++) {
        char err[1024], path[128];
        cr_assert_eq(run(helps[i], err, sizeof err), 0, "%s: %s", helps[i], err);
        snprintf(path, sizeof path, "%s/stdout", dir);
        gchar *text = NULL;
        cr_assert(g_file_get_contents(path, &text, NULL, NULL));
        GMatchInfo *m;
        g_regex_match(opt, text, 0, &m);
        for (; g_match_info_matches(m); g_match_info_next(m, NULL)) {
            gchar *o = g_match_info_fetch(m, 0);
            cr_expect(strstr(plain->str, o) != NULL, "%s names %s; the man page does not", helps[i], o);
            seen++;
            g_free(o);
        }
        g_match_info_free(m);
        g_free(text);
    }
    cr_expect_gt(seen, 30, "options read off the help texts: %zu", seen);
    const char *status = strstr(plain->str, ".SH EXIT STATUS");
    cr_assert(status);
    for (int code = 0; code <= 13; code++) {
        char want[8];
        snprintf(want, sizeof want, "%d ", code);
        cr_expect(strstr(status, want) != NULL, "exit %d not in EXIT STATUS", code);
    }
    static const char *const formats[] = { "PDF", "PNG", "JPEG", "TIFF", "DOCX", "ODT", "XLSX", "ODS",
                                           "DOC", "XLS", "RTF", "HTML", "markdown" };
    const char *fsec = strstr(plain->str, ".SH FORMATS");
    cr_assert(fsec);
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        cr_expect(strstr(fsec, formats[i]) != NULL, "format %s not in FORMATS", formats[i]);
    g_regex_unref(opt);
    g_string_free(plain, TRUE);
    g_free(man);
}

/* An option not understood is named; --name=value is --name value. */
Test(cli, options_named_and_equals)
{
    char err[4096], args[600];
    cr_expect_eq(run("convert --bogus in.txt", err, sizeof err), 2);
    cr_expect_str_eq(err, "tailan: convert: Unknown option --bogus (tailan convert --help)\n");
    /* a usage error is one line pointing to the command's help */
    cr_expect_eq(run("corpus search onlydir", err, sizeof err), 2);
    cr_expect_str_eq(err, "tailan: corpus search needs DIR and QUERY (tailan corpus search --help)\n");
    cr_expect_eq(run("frobnicate", err, sizeof err), 2);
    cr_expect(strncmp(err, "tailan: unknown command \"frobnicate\"\nusage: tailan convert", 57) == 0, "%s", err);
    cr_expect_eq(run("corpus build src --out o --jobs x", err, sizeof err), 2);
    cr_expect(strstr(err, "corpus build: ") && strstr(err, "--jobs") && strstr(err, "x"), "%s", err);
    cr_expect_eq(run("corpus build src --out o --jobs 0", err, sizeof err), 2);
    cr_expect(strstr(err, "bad value for --jobs: \"0\"") != NULL, "%s", err);
    snprintf(args, sizeof args, "convert %s --output=%s/a.xml --limit=pages=3", SEED000, dir);
    cr_expect_eq(run(args, err, sizeof err), 0, "%s", err);
    snprintf(args, sizeof args, "validate -- %s/a.xml", dir);
    cr_expect_eq(run(args, err, sizeof err), 0, "%s", err);
}

Test(cli, convert_then_validate)
{
    char args[512], err[1024];
    snprintf(args, sizeof args, "convert %s -o %s/out.xml", SEED002, dir);
    cr_assert_eq(run(args, err, sizeof err), 0, "%s", err);
    snprintf(args, sizeof args, "validate %s/out.xml", dir);
    cr_assert_eq(run(args, err, sizeof err), 0, "%s", err);
    /* --sync (waiting for the disk) writes the same file */
    snprintf(args, sizeof args, "convert %s -o %s/synced.xml --sync", SEED002, dir);
    cr_assert_eq(run(args, err, sizeof err), 0, "%s", err);
    gchar *a = NULL, *b = NULL;
    gsize na = 0, nb = 0;
    char pa[600], pb[600];
    snprintf(pa, sizeof pa, "%s/out.xml", dir);
    snprintf(pb, sizeof pb, "%s/synced.xml", dir);
    cr_assert(g_file_get_contents(pa, &a, &na, NULL) && g_file_get_contents(pb, &b, &nb, NULL));
    cr_expect(na > 1000 && na == nb && !memcmp(a, b, na), "%zu vs %zu bytes", (size_t)na, (size_t)nb);
    g_free(a);
    g_free(b);
    /* A document that breaks the schema: exit 9 and the reason. */
    write_file("in.xml", "<document xmlns=\"urn:tailan:plan:1\" version=\"1\"><body/></document>", 66);
    snprintf(args, sizeof args, "validate %s/in.xml", dir);
    cr_assert_eq(run(args, err, sizeof err), 9, "%s", err);
    cr_assert_eq(count_lines(err), 1, "%s", err);
}

/* --format: a wrong name or --excel without CSV is a usage error; bad input exported
 * leaves no file, as with XML; a good one writes the CSV at -o atomically. */
Test(cli, convert_format_csv)
{
    char args[512], err[1024];
    cr_assert_eq(run("convert in.txt --format pdf", err, sizeof err), 2, "%s", err);
    cr_assert_not_null(strstr(err, "xml, csv or json"), "%s", err);
    cr_assert_eq(run("convert in.txt --format json --excel", err, sizeof err), 2, "%s", err);
    write_file("in.pdf", "%PDF-1.4\n%%EOF\n", 15);
    snprintf(args, sizeof args, "convert %s/in.pdf --format csv -o %s/out.csv", dir, dir);
    cr_assert_eq(run(args, err, sizeof err), 8, "%s", err);
    cr_assert_not(leftovers(), "an output file was left behind");
    snprintf(args, sizeof args, "convert %s --format=csv --excel -o %s/out.csv", SEED002, dir);
    cr_assert_eq(run(args, err, sizeof err), 0, "%s", err);
    char path[256], head[512] = { 0 };
    snprintf(path, sizeof path, "%s/out.csv", dir);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    cr_assert_gt(n, 3);
    cr_assert(memcmp(head, "\xEF\xBB\xBFsource,format,title,", 23) == 0, "%.40s", head);
}

/* review: bad input is its one-line error and leaves no page; a good one leaves the
 * page and its images (what they show: tests/review_check.py, in a browser). */
Test(cli, review_writes_a_page_or_nothing)
{
    char args[512], err[1024], path[256];
    write_file("in.pdf", "%PDF-1.4\n%%EOF\n", 15);
    snprintf(args, sizeof args, "review %s/in.pdf -o %s/rv", dir, dir);
    cr_assert_eq(run(args, err, sizeof err), 8, "%s", err);
    cr_expect_eq(count_lines(err), 1, "%s", err);
    snprintf(path, sizeof path, "%s/rv/index.html", dir);
    cr_expect_neq(access(path, F_OK), 0, "a page was left for a damaged PDF");
    cr_assert_eq(run("review in.pdf", err, sizeof err), 2, "%s", err);
    snprintf(args, sizeof args, "review %s -o %s/rv", TL_FIXTURES "/seed002.pdf", dir);
    cr_assert_eq(run(args, err, sizeof err), 0, "%s", err);
    cr_expect_eq(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/rv/page-1.png", dir);
    cr_expect_eq(access(path, R_OK), 0);
}

/* A corpus run with a document that fails: exit 11, the run itself went through; a
 * second run at once exits the same without converting; search finds the action. */
Test(cli, corpus_exit_codes_and_search)
{
    char err[4096], args[512], path[160];
    snprintf(path, sizeof path, "%s/src", dir);
    mkdir(path, 0777);
    write_file("src/plan.txt", "", 0); /* empty: fails with code 4 */
    snprintf(args, sizeof args, "corpus build %s %s/src --out %s/out --quiet --jobs 2", TL_SAMPLES, dir, dir);
    cr_expect_eq(run(args, err, sizeof err), 11, "%s", err);
    snprintf(args, sizeof args, "corpus build %s %s/src --out %s/out", TL_SAMPLES, dir, dir);
    cr_expect_eq(run(args, err, sizeof err), 11, "%s", err);
    cr_expect(strstr(err, "6 documents: 5 ok (3 to review, 0 not plans), 1 failed, 0 removed (this run: 6 unchanged, 0 converted") != NULL,
              "%s", err);
    snprintf(args, sizeof args, "corpus search %s/out \"шилэн данс\"", dir);
    cr_expect_eq(run(args, err, sizeof err), 0, "%s", err);
    snprintf(path, sizeof path, "%s/stdout", dir);
    FILE *f = fopen(path, "r");
    char out[4096] = "";
    size_t n = f ? fread(out, 1, sizeof out - 1, f) : 0;
    out[n] = 0;
    if (f)
        fclose(f);
    cr_expect(strstr(out, "001_1fb14d448e6d2ac5.txt (tsv)") != NULL, "%s", out);
    /* The words are marked, a case ending included ("Шилэн дансны"), with what holds them. */
    cr_expect(strstr(out, "action 3.1.1: 3.1.1.Орон нутгийн хөгжлийн сангийн санхүүжилт, зарцуулалтын мэдээллийг "
                          "[Шилэн] [дансны]") != NULL, "%s", out);
    cr_expect(strstr(out, "2 documents match \"шилэн данс\" (2 files), best first\n") == out, "%s", out);
    /* Prose is searched too, its words apart and declined (seed 003: "хөрөнгө орлогын
     * 2018 оны мэдүүлэг"); both spellings of "авлига" find the same documents: the four
     * that say it, though only 002 ever writes "авилга". */
    char *found[2] = { 0 };
    const char *queries[] = { "хөрөнгө орлогын мэдүүлэг", "авлига", "авилга", "zzzz" };
    for (int i = 0; i < 4; i++) {
        snprintf(args, sizeof args, "corpus search %s/out \"%s\"", dir, queries[i]);
        cr_expect_eq(run(args, err, sizeof err), 0, "%s", err);
        gchar *text = NULL;
        cr_assert(g_file_get_contents(path, &text, NULL, NULL));
        if (i == 0)
            cr_expect(g_str_has_prefix(text, "1 document matches") && strstr(text, "1. ") &&
                          strstr(text, "003_9969067fe9d7e0c9.txt (text)"), "%s", text);
        if (i == 1 || i == 2) {
            cr_expect(strstr(text, "4 documents match") == text, "%s", text);
            found[i - 1] = g_strdup(strchr(text, '\n'));
        }
        if (i == 3)
            cr_expect_str_eq(text, "no documents match \"zzzz\"\n");
        g_free(text);
    }
    cr_expect_str_eq(found[0], found[1]);
    g_free(found[0]);
    g_free(found[1]);
    /* --org keeps 002 (Дорноговь) and says what it cannot tell: 001 names no
     * organisation; 000 (the district governor) and 003 name others. */
    snprintf(args, sizeof args, "corpus search %s/out авлига --org дорноговь", dir);
    cr_expect_eq(run(args, err, sizeof err), 0, "%s", err);
    gchar *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL));
    cr_expect(g_str_has_prefix(text, "1 document matches") && strstr(text, "002_829daa7892635b35.txt") &&
                  g_str_has_suffix(text, "(1 more document matches but gives no organisation: not shown)\n"),
              "%s", text);
    g_free(text);
    snprintf(args, sizeof args, "corpus build --out %s/out", dir);
    cr_expect_eq(run(args, err, sizeof err), 2, "%s", err);
}

/* The worker memory limit holds: 8 MB of address space cannot convert a PDF, and that
 * is the document's failure, not the run's.  (No limit under AddressSanitizer, which
 * reserves terabytes before main: see corpus/build.c.) */
Test(cli, corpus_memory_limit)
{
#if defined(__SANITIZE_ADDRESS__)
    cr_skip_test("no address-space limit under AddressSanitizer");
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    cr_skip_test("no address-space limit under AddressSanitizer");
#endif
#endif
    char err[4096], args[512];
    snprintf(args, sizeof args, "corpus build %s/seed002.pdf --out %s/out --memory 8 --quiet", TL_FIXTURES, dir);
    cr_expect_eq(run(args, err, sizeof err), 11, "%s", err);
    snprintf(args, sizeof args, "corpus build %s/seed002.pdf --out %s/out2 --memory 2048 --quiet", TL_FIXTURES, dir);
    cr_expect_eq(run(args, err, sizeof err), 0, "%s", err);
}

/* extract --json: the tables as a table-extraction user reads them.  Seed 002's PDF:
 * one table stitched from 4 page fragments, its header row as the truth file has it,
 * cells at grid positions with the page they are on. */
Test(cli, extract_json)
{
    char err[4096], args[512], path[128];
    snprintf(args, sizeof args, "extract %s/seed002.pdf --json", TL_FIXTURES);
    cr_assert_eq(run(args, err, sizeof err), 0, "%s", err);
    snprintf(path, sizeof path, "%s/stdout", dir);
    GError *ge = NULL;
    JsonParser *p = json_parser_new();
    cr_assert(json_parser_load_from_file(p, path, &ge), "%s", ge ? ge->message : "");
    JsonObject *root = json_node_get_object(json_parser_get_root(p));
    JsonArray *blocks = json_object_get_array_member(root, "blocks");
    JsonObject *table = NULL;
    int tables = 0;
    for (guint i = 0; i < json_array_get_length(blocks); i++) {
        JsonObject *b = json_array_get_object_element(blocks, i);
        if (!strcmp(json_object_get_string_member(b, "type"), "table") && !tables++)
            table = b;
    }
    cr_assert_eq(tables, 1);
    cr_expect_eq(json_object_get_int_member(table, "fragments"), 4);
    cr_expect_eq(json_array_get_length(json_object_get_array_member(table, "pages")), 4);
    JsonArray *cells = json_object_get_array_member(table, "cells");
    static const char *const head[] = { "Д/д", "Зорилт", "Хэрэгжүүлэх арга хэмжээ", "Шалгуур үзүүлэлт", "Гүйцэтгэл" };
    int seen = 0, last_page = 0;
    for (guint i = 0; i < json_array_get_length(cells); i++) {
        JsonObject *c = json_array_get_object_element(cells, i);
        gint64 row = json_object_get_int_member(c, "row"), col = json_object_get_int_member(c, "col");
        if (row == 0 && col < 5) {
            cr_expect_str_eq(json_object_get_string_member(c, "text"), head[col]);
            seen++;
        }
        cr_expect(json_object_has_member(c, "box"), "cell %d,%d has no box", (int)row, (int)col);
        last_page = (int)json_object_get_int_member(c, "page");
    }
    cr_expect_eq(seen, 5);
    cr_expect_eq(last_page, 4);
    g_object_unref(p);
}

/* The rendering that rules are found in leaves the text out, however it is drawn:
 * filled, in a Type 3 font of square frames set edge to edge (drawn, a 3 x 6 grid
 * of rules), stroked, filled and stroked (tests/fixtures/src/glyph-ink.py).  With
 * the letters drawn it held 116 rules across and 30 down; the text is all still read. */
Test(cli, text_left_out_of_the_rule_image)
{
#if !TL_TEST_HOOKS
    cr_skip_test("built without TL_TEST_HOOKS: no fault injection or debug dumps");
#endif
    char err[4096], args[512], env[128], path[128];
    snprintf(env, sizeof env, "TL_PDF_DEBUG_RULES=%s", dir);
    snprintf(args, sizeof args, "extract %s/glyph-ink.pdf", TL_FIXTURES);
    cr_assert_eq(run_tailan(TL_CLI, dir, env, args, err, sizeof err), 0, "%s", err);
    cr_expect(strstr(err, "page 1: 0 rules across, 0 down"), "%s", err);
    snprintf(path, sizeof path, "%s/rules-1.pgm", dir);
    cr_expect_eq(access(path, R_OK), 0, "no rule image at %s", path);
    char *out = NULL;
    size_t n = 0;
    snprintf(path, sizeof path, "%s/stdout", dir);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(getdelim(&out, &n, '\0', f) > 0, 1);
    fclose(f);
    cr_expect(strstr(out, "HELL HELL HELL") && strstr(out, "TEETH TEETH") && strstr(out, "AAAAAA"), "%s", out);
    cr_expect_null(strstr(out, "TABLE"), "a table: %s", out);
    free(out);
}
