/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cross-checks: where a document states its own totals (seed 004's summary,
 * "товчоо": 44 items, 43 fully done, 1 at 70%, 99,3% overall), the statements are
 * compared with the mapped plan rows, and the XML says whether they agree.
 *
 * A summary table is read by shape, not by position: a cell naming a count
 * ("... тоо: 44") states the number of items; a row holding a bare percent level
 * ("100%") and a count ("43", or "-" for none) states how many items reached that
 * level; a cell with "хувь" and a percent states the overall percent, which is
 * compared with the mean of the actions' percents at the stated precision. */
#include "private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An integer cell ("43"), "-" (none, 0), or -1. */
static long count_cell(const char *s)
{
    while (*s == ' ')
        s++;
    if (s[0] == '-' && (s[1] == '\0' || s[1] == ' '))
        return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || v < 0)
        return -1;
    while (*end == ' ')
        end++;
    return *end ? -1 : v;
}

/* A bare percent level ("100%", "70 %"): its value, or -1. */
static long level_cell(const char *s)
{
    while (*s == ' ')
        s++;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || v < 0 || v > 100)
        return -1;
    while (*end == ' ')
        end++;
    return *end == '%' && end[1] == '\0' ? v : -1;
}

/* The number after the last ':' of a cell that names a count ("... тоо: 44"). */
static long stated_total(const char *s)
{
    char *low = tl_lower(s);
    long v = -1;
    const char *colon = low ? strrchr(low, ':') : NULL;
    if (colon && tl_marker_find("summarytotal", low, 0))
        v = count_cell(colon + 1);
    free(low);
    return v;
}

/* The percent in a cell that names the overall share ("Хэрэгжилтийн хувь 99,3%"),
 * with its number of decimals; returns whether one was found. */
static int stated_overall(const char *s, double *v, int *decimals)
{
    char *low = tl_lower(s);
    int found = 0;
    if (low && strchr(low, '%') && tl_marker_find("summaryoverall", low, 0) && tl_parse_number(low, v)) {
        const char *p = strpbrk(low, "0123456789");
        while (p && *p >= '0' && *p <= '9')
            p++;
        *decimals = 0;
        if (p && (*p == ',' || *p == '.'))
            for (p++; *p >= '0' && *p <= '9'; p++)
                (*decimals)++;
        found = 1;
    }
    free(low);
    return found;
}

typedef struct tally {
    size_t actions, with_percent;
    double sum;
    size_t at[101];
} tally;

static void count_action(const tl_item *it, void *ctx)
{
    tally *t = ctx;
    t->actions++;
    const char *p = tl_item_value(it, TL_F_PERCENT, NULL);
    double v;
    if (p && tl_parse_number(p, &v)) {
        t->with_percent++;
        t->sum += v;
        if (v >= 0 && v <= 100 && v == floor(v))
            t->at[(int)v]++;
    }
}

static void plans_tally(const tl_node *n, tally *t)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        if (n->children[i]->kind == TL_NODE_PLAN)
            tl_plan_each_action(n->children[i], count_action, t);
        plans_tally(n->children[i], t);
    }
}

static int add_check(tl_mapped *m, tl_check c)
{
    tl_check *p = realloc(m->checks, (m->nchecks + 1) * sizeof *p);
    if (!p)
        return -1;
    m->checks = p;
    p[m->nchecks++] = c;
    return 0;
}

static int check_summary(tl_mapped *m, const tl_node *n, const tally *t)
{
    const tl_table *tb = n->block->table;
    for (size_t r = 0; r < tb->nrows; r++) {
        const tl_row *row = &tb->rows[r];
        long level = -1, count = -1;
        for (size_t c = 0; c < row->ncells; c++) {
            const char *x = row->cells[c].text ? row->cells[c].text : "";
            tl_prov prov = row->cells[c].prov;
            long total = stated_total(x);
            double overall;
            int decimals;
            if (total >= 0) {
                tl_check k = { "actions", -1, (double)total, (double)t->actions, 0, prov };
                k.agrees = k.stated == k.found;
                if (add_check(m, k))
                    return -1;
            } else if (stated_overall(x, &overall, &decimals) && t->with_percent) {
                double mean = t->sum / (double)t->with_percent, scale = pow(10, decimals);
                tl_check k = { "overall-percent", -1, overall, round(mean * scale) / scale, 0, prov };
                k.agrees = fabs(k.stated - k.found) < 0.5 / scale + 1e-9;
                if (add_check(m, k))
                    return -1;
            } else if (level < 0 && level_cell(x) >= 0) {
                level = level_cell(x);
            } else if (level >= 0 && count < 0 && count_cell(x) >= 0) {
                count = count_cell(x);
                tl_check k = { "percent-level", (int)level, (double)count, (double)t->at[level], 0, prov };
                k.agrees = k.stated == k.found;
                if (add_check(m, k))
                    return -1;
            }
        }
    }
    return 0;
}

static int walk(tl_mapped *m, const tl_node *n, const tally *t)
{
    for (size_t i = 0; i < n->nchildren; i++) {
        const tl_node *c = n->children[i];
        if (c->kind == TL_NODE_TABLE && c->plan_kind && strcmp(c->plan_kind, "summary") == 0 &&
            check_summary(m, c, t))
            return -1;
        if (walk(m, c, t))
            return -1;
    }
    return 0;
}

int tl_checks_run(tl_mapped *m)
{
    tally t;
    memset(&t, 0, sizeof t);
    plans_tally(&m->body, &t);
    if (!t.actions)
        return 0;
    return walk(m, &m->body, &t);
}
