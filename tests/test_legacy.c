/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Legacy office files read through LibreOffice (extract/legacy.c): seed 001 as Word 97
 * .doc and RTF, seed 004 as Excel 97 .xls (saved by LibreOffice 7.4 from the DOCX and
 * XLSX fixtures; tests/fixtures/src/sheets.py) give the plan of the seed's text; the
 * conversion is recorded and leaves nothing behind; without LibreOffice a .doc fails
 * with exit 12 and what to install, and nothing else is affected; a corpus build over
 * a folder of every format is all ok.
 *
 * Each conversion starts LibreOffice (4-6 s): under the sanitizers (CI's second run)
 * only the tests that start none run, as for the scans. */
#include "helpers.h"
#include "plans.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <glib.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEGACY TL_FIXTURES "/legacy"

#ifdef TL_SANITIZED
#define SOFFICE_OFF 1
#else
#define SOFFICE_OFF 0
#endif

static void same_plan(const char *file, const char *text, size_t actions)
{
    plan_score s;
    tl_error err = { 0 };
    cr_assert_eq(plan_compare(file, text, &s, &err), 0, "%s: %s", file, err.msg);
    double recall = s.words ? (double)s.words_found / (double)s.words : 0;
    cr_expect_eq(s.actions, actions);
    cr_expect(s.actions_found == s.actions && s.parents_equal == s.actions && s.values_equal == s.values &&
                  recall >= 0.999,
              "%s: actions %zu/%zu, under the same objectives %zu, values %zu/%zu, recall %.4f: %s", file,
              s.actions_found, s.actions, s.parents_equal, s.values_equal, s.values, recall, s.first_loss);
}

Test(legacy, seed001_doc_same_plan_as_text, .disabled = SOFFICE_OFF) { same_plan(LEGACY "/seed001.doc", SEED001, 28); }
Test(legacy, seed001_rtf_same_plan_as_text, .disabled = SOFFICE_OFF) { same_plan(LEGACY "/seed001.rtf", SEED001, 28); }
Test(legacy, seed004_xls_same_plan_as_text, .disabled = SOFFICE_OFF) { same_plan(LEGACY "/seed004.xls", SEED004, 44); }

static char *scratch(void)
{
    char *d = strdup("/tmp/tailan-legacy-XXXXXX");
    cr_assert(mkdtemp(d));
    return d;
}

static void rm_rf(const char *d)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    cr_assert_eq(system(cmd), 0);
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert(d, "%s", dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

/* "{\rtf1\ansi Hello}" read as a document, not as text whose title is its markup;
 * the converter named in the XML; the private folder gone afterwards. */
Test(legacy, rtf_read_recorded_nothing_left, .disabled = SOFFICE_OFF)
{
    char *dir = scratch(), in[600], tmp[600], args[1600], env[700], err[4096];
    snprintf(in, sizeof in, "%s/a.txt", dir); /* the name says text: the bytes decide */
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    cr_assert_eq(mkdir(tmp, 0700), 0);
    FILE *f = fopen(in, "w");
    cr_assert(f);
    fputs("{\\rtf1\\ansi Hello}", f);
    fclose(f);
    snprintf(env, sizeof env, "TMPDIR=%s", tmp);
    snprintf(args, sizeof args, "convert %s -o %s/a.xml", in, dir);
    cr_assert_eq(run_tailan(TL_CLI, dir, env, args, err, sizeof err), 0, "%s", err);
    char xml[700];
    snprintf(xml, sizeof xml, "%s/a.xml", dir);
    gchar *body = NULL;
    cr_assert(g_file_get_contents(xml, &body, NULL, NULL));
    cr_expect(strstr(body, "format=\"rtf\"") && strstr(body, "convertedBy=\"LibreOffice "), "%.600s", body);
    cr_expect(strstr(body, ">Hello</") != NULL, "the text of the RTF: %.900s", body);
    cr_expect(strstr(body, "rtf1") == NULL, "no markup as text");
    g_free(body);
    cr_expect_eq(entries(tmp), 0, "LibreOffice's folder is removed");
    rm_rf(dir);
    free(dir);
}

/* The library writes no environment (issue 22): LibreOffice gets TMPDIR naming its
 * conversion's own folder in the environment it is started with, and Tesseract is held
 * to one core through libgomp's own call (extract/ocr.c), not OMP_THREAD_LIMIT.  Its
 * folder is made under tl_extract_set_scratch's, not $TMPDIR: a scratch folder that
 * does not exist is named in the error. */
Test(legacy, library_writes_no_environment, .disabled = SOFFICE_OFF, .timeout = 300)
{
    char *dir = scratch(), env_tmp[600], mine[600], missing[600], in[600];
    snprintf(env_tmp, sizeof env_tmp, "%s/env", dir);
    snprintf(mine, sizeof mine, "%s/mine", dir);
    snprintf(missing, sizeof missing, "%s/missing", dir);
    snprintf(in, sizeof in, "%s/a.rtf", dir);
    cr_assert_eq(mkdir(env_tmp, 0700), 0);
    cr_assert_eq(mkdir(mine, 0700), 0);
    FILE *f = fopen(in, "w");
    cr_assert(f);
    fputs("{\\rtf1\\ansi Hello}", f);
    fclose(f);
    setenv("TMPDIR", env_tmp, 1);
    unsetenv("OMP_THREAD_LIMIT");
    gchar **before = g_get_environ();

    unsigned char *data;
    size_t size;
    tl_error err = { 0 };
    cr_assert_eq(tl_file_read(in, &data, &size, &err), TL_OK, "%s", err.msg);
    tl_source src = { in, data, size };
    tl_result res = { 0 };
    tl_extract_set_scratch(missing);
    cr_expect_eq(tl_convert_mem(&src, NULL, &res, &err), TL_E_IO);
    cr_expect(strstr(err.msg, missing) != NULL, "the scratch folder named: %s", err.msg);
    tl_result_free(&res);

    tl_extract_set_scratch(mine);
    cr_assert_eq(tl_convert_mem(&src, NULL, &res, &err), TL_OK, "%s", err.msg);
    cr_expect(strstr(res.xml, ">Hello</") != NULL, "the text of the RTF: %.900s", res.xml);
    tl_result_free(&res);
    free(data);
    convert(TL_FIXTURES "/seed002.scan-p1.png", &res);
    cr_expect(strstr(res.xml, "Сайншанд") != NULL, "the scan read: %.600s", res.xml);
    tl_result_free(&res);
    tl_extract_set_scratch(NULL);

    gchar **after = g_get_environ();
    cr_expect(g_strv_equal((const gchar *const *)before, (const gchar *const *)after),
              "the environment is as it was");
    cr_expect_null(getenv("OMP_THREAD_LIMIT"));
    cr_expect_eq(entries(mine), 0, "LibreOffice's folder is removed");
    cr_expect_eq(entries(env_tmp), 0, "nothing made under $TMPDIR");
    g_strfreev(before);
    g_strfreev(after);
    rm_rf(dir);
    free(dir);
}

/* Without LibreOffice (not on PATH): a .doc, .xls, RTF each exit 12 with the package
 * to install; a DOCX beside them converts as ever. */
Test(legacy, without_libreoffice)
{
    char *dir = scratch(), args[1600], err[4096];
    static const char *const files[] = { LEGACY "/seed001.doc", LEGACY "/seed004.xls", LEGACY "/seed001.rtf" };
    static const char *const package[] = { "libreoffice-writer-nogui", "libreoffice-calc-nogui",
                                           "libreoffice-writer-nogui" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(args, sizeof args, "convert %s -o %s/out.xml", files[i], dir);
        int rc = run_tailan(TL_CLI, dir, "PATH=/nonexistent", args, err, sizeof err);
        cr_expect_eq(rc, 12, "%s: exit %d, %s", files[i], rc, err);
        cr_expect(strstr(err, package[i]) != NULL && strstr(err, files[i]) != NULL, "%s", err);
        cr_expect(strchr(err, '\n') == strrchr(err, '\n'), "one line: %s", err);
        cr_expect_eq(access(strcat(strcpy(args, dir), "/out.xml"), F_OK), -1, "no output written");
    }
    snprintf(args, sizeof args, "convert %s -o %s/docx.xml", TL_FIXTURES "/seed001.docx", dir);
    cr_expect_eq(run_tailan(TL_CLI, dir, "PATH=/nonexistent", args, err, sizeof err), 0, "%s", err);
    rm_rf(dir);
    free(dir);
}

/* What LibreOffice cannot read (a .doc whose streams are zeroed, an RTF cut short)
 * fails with its reason, and nothing is left. */
Test(legacy, damaged_doc_and_rtf, .disabled = SOFFICE_OFF)
{
    char *dir = scratch(), in[600], tmp[600], args[1600], env[700], err[4096];
    snprintf(in, sizeof in, "%s/cut.doc", dir);
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    cr_assert_eq(mkdir(tmp, 0700), 0);
    unsigned char *data;
    size_t size;
    tl_error e;
    cr_assert_eq(tl_file_read(LEGACY "/seed001.doc", &data, &size, &e), TL_OK);
    /* the header and the directory kept, the streams' sectors zeroed */
    memset(data + 512, 0, size / 2);
    FILE *f = fopen(in, "wb");
    cr_assert(f);
    fwrite(data, 1, size, f);
    fclose(f);
    free(data);
    snprintf(env, sizeof env, "TMPDIR=%s", tmp);
    snprintf(args, sizeof args, "convert %s -o %s/out.xml", in, dir);
    int rc = run_tailan(TL_CLI, dir, env, args, err, sizeof err);
    cr_expect_eq(rc, 8, "exit %d: %s", rc, err);
    cr_expect(strstr(err, "cut.doc: LibreOffice could not convert the .doc file") != NULL, "%s", err);
    cr_expect_eq(entries(tmp), 0, "LibreOffice's folder is removed");
    /* an RTF cut short (its groups never closed) */
    cr_assert_eq(tl_file_read(LEGACY "/seed001.rtf", &data, &size, &e), TL_OK);
    snprintf(in, sizeof in, "%s/cut.rtf", dir);
    f = fopen(in, "wb");
    cr_assert(f);
    fwrite(data, 1, 2000, f);
    fclose(f);
    free(data);
    snprintf(args, sizeof args, "convert %s -o %s/out.xml", in, dir);
    rc = run_tailan(TL_CLI, dir, env, args, err, sizeof err);
    cr_expect_eq(rc, 8, "exit %d: %s", rc, err);
    cr_expect(strstr(err, "cut.rtf: LibreOffice could not convert the .rtf file") != NULL, "%s", err);
    cr_expect_eq(access(strcat(strcpy(args, dir), "/out.xml"), F_OK), -1, "no output written");
    cr_expect_eq(entries(tmp), 0, "LibreOffice's folder is removed");
    rm_rf(dir);
    free(dir);
}

/* A corpus of every format: all ok. */
Test(legacy, corpus_of_every_format, .disabled = SOFFICE_OFF, .timeout = 600)
{
    static const char *const files[] = {
        LEGACY "/seed001.doc", LEGACY "/seed001.rtf", LEGACY "/seed004.xls", TL_FIXTURES "/sheets/seed004.xlsx",
        TL_FIXTURES "/sheets/seed001.ods", TL_FIXTURES "/seed001.docx", TL_FIXTURES "/seed001.odt",
        TL_FIXTURES "/seed002.pdf", TL_FIXTURES "/seed003.html", SEED000,
    };
    char *dir = scratch(), src[600], to[800], args[1600], err[4096], out[700];
    snprintf(src, sizeof src, "%s/src", dir);
    cr_assert_eq(mkdir(src, 0700), 0);
    size_t n = sizeof files / sizeof *files;
    for (size_t i = 0; i < n; i++) {
        snprintf(to, sizeof to, "%s/%zu-%s", src, i, strrchr(files[i], '/') + 1);
        copy_file(files[i], to);
    }
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(args, sizeof args, "corpus build %s --out %s --jobs 2 --quiet", src, out);
    int rc = run_tailan(TL_CLI, dir, NULL, args, err, sizeof err);
    cr_expect_eq(rc, 0, "exit %d: %s", rc, err);
    cr_expect_eq(catalog_int(out, "SELECT count(*) FROM documents WHERE status = 'ok'"), (long long)n);
    cr_expect_eq(catalog_int(out, "SELECT count(DISTINCT format) FROM documents"), 10);
    rm_rf(dir);
    free(dir);
}

/* A corpus worker killed at its deadline while LibreOffice converts: the document
 * fails on time, and neither LibreOffice nor its folder outlives the worker (it ran
 * in a temporary folder of the worker's, which the build removes). */
Test(legacy, corpus_deadline_leaves_nothing, .disabled = SOFFICE_OFF)
{
    char *dir = scratch(), src[600], tmp[600], to[700], args[1600], env[700], err[4096], out[700];
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    cr_assert_eq(mkdir(src, 0700), 0);
    cr_assert_eq(mkdir(tmp, 0700), 0);
    snprintf(to, sizeof to, "%s/plan.doc", src);
    copy_file(LEGACY "/seed001.doc", to);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(env, sizeof env, "TMPDIR=%s", tmp);
    /* LibreOffice takes 4 s and more to start: a second's deadline stops it */
    snprintf(args, sizeof args, "corpus build %s --out %s --timeout 1 --quiet", src, out);
    int rc = run_tailan(TL_CLI, dir, env, args, err, sizeof err);
    cr_expect_eq(rc, 11, "exit %d: %s", rc, err);
    cr_expect_eq(catalog_int(out, "SELECT count(*) FROM documents WHERE status = 'failed' AND code = 7"), 1);
    cr_expect_eq(entries(tmp), 0, "the worker's temporary folder is removed");
    rm_rf(dir);
    free(dir);
}
