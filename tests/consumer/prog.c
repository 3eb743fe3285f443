/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A program outside tailan using the installed library as a user would: converts a
 * file, prints what the plan says of one action, and the CSV's size in rows. */
#include <tailan/tailan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    tailan_error err;
    tailan_set_data(NULL, NULL); /* the defaults: the built-in lexicon, Debian's hunspell-mn */
    tailan_doc *doc = tailan_convert_file(argv[1], 0, &err);
    if (!doc) {
        fprintf(stderr, "%s: %s (%d)\n", argv[1], err.message, err.code);
        return err.code;
    }
    printf("tailan %s: %zu plan(s), %zu actions, year %d\n", tailan_version(), tailan_doc_plan_count(doc),
           tailan_plan_action_count(doc, 0), tailan_doc_year(doc));
    for (size_t i = 0; i < tailan_plan_action_count(doc, 0); i++)
        if (!strcmp(tailan_action_number(doc, 0, i) ? tailan_action_number(doc, 0, i) : "", argv[2]))
            printf("%s budget: %s\n", argv[2], tailan_action_value(doc, 0, i, "budget", NULL));
    size_t len = 0;
    char *csv = tailan_doc_write(doc, TAILAN_CSV, &len, &err);
    /* records: a quoted field may hold a line break (a title set over two lines) */
    size_t rows = 0;
    int quoted = 0;
    for (size_t i = 0; csv && i < len; i++) {
        quoted ^= csv[i] == '"';
        rows += csv[i] == '\n' && !quoted;
    }
    printf("csv: %zu records\n", rows);
    char *xml = tailan_doc_write(doc, TAILAN_XML, &len, NULL);
    printf("valid: %d\n", xml && tailan_validate(xml, len, NULL) == TAILAN_OK);
    free(csv);
    free(xml);
    tailan_doc_free(doc);
    return 0;
}
