/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table mapping's files and what they share (not installed): map.c places each
 * table (tl_map_table) and adds items and values; columns.c names the columns' fields
 * (header rows, or the cells' content), finds the header and the table's kind;
 * objectives.c keeps the numbering hierarchy (objectives, parents, numbers OCR or a
 * layout damaged, several actions in one cell); rows.c maps each body row.  The
 * mapper (private.h) owns everything they make; plan_ctx and row_map live on the
 * stack of the call that maps a table or a row. */
#ifndef TL_SCHEMA_MAPPING_H
#define TL_SCHEMA_MAPPING_H

#include "private.h"

#include <stddef.h>

typedef tl_mapper mapper;

typedef struct plan_ctx {
    mapper *mp;
    tl_node *plan;
    const tl_table *t;
    size_t ncols;
    int col_number, col_objective, col_action;
    tl_item *last;            /* last item placed (for continuation rows) */
    tl_item *current_obj;     /* objective rows set this; unnumbered actions go under it */
    int last_shifted;         /* pc->last came from a row OCR shifted one column left */
    int serial;               /* the number column counts the actions' rows (serial_column) */
} plan_ctx;

/* One row being mapped: its cells as the columns see them (view, which the repairs
 * below rearrange), and the numbers read from the number, objective and action
 * columns. */
typedef struct row_map {
    plan_ctx *pc;
    const tl_row *row;
    size_t ri, n;
    tl_prov prov;
    const char **view;
    const char *num_txt, *obj_txt, *act_txt;
    char *nc_num, *act_num, *obj_num;   /* owned */
    int shifted;
    /* settled by row_numbers */
    const char *action_number, *objective_number;
    int obj_is_action, stray_objective;
} row_map;

/* map.c */
/* An item under parent (the plan root when NULL); NULL and mp->oom on OOM. */
tl_item *tl_map_item_add(mapper *mp, tl_item *parent, tl_item_kind kind);
/* The OCR confidence of the row's cell holding text (1 for digital text). */
float tl_map_conf_of(const tl_row *row, const char *text);
float tl_map_min_conf(float a, float b);
/* A field's value on the item, with its column and confidence; -1 on OOM. */
int tl_map_value_add(mapper *mp, tl_item *it, tl_field f, const char *period, size_t col, const char *text,
                     float conf);

/* columns.c */
int tl_map_pure_number(const char *s);
/* Row r's text in column c, "" past its cells. */
const char *tl_map_cell_text(const tl_row *r, size_t c);
int tl_map_dash_or_blank(const char *s);
/* Whether a body row repeats the table's header (a page's top in a stitched table). */
int tl_map_repeats_header(const tl_table *t, const tl_row *row);
/* The columns' fields from the header rows (fields.tsv), *ncols of them. */
tl_column *tl_map_build_columns(mapper *mp, const tl_table *t, size_t *ncols);
int tl_map_first_col(const tl_column *cols, size_t n, tl_field f);
const char *tl_map_table_kind(mapper *mp, size_t bi, const tl_column *cols, size_t n);
const char *tl_map_plan_kind(mapper *mp, size_t bi, int has_results);
/* Fields for columns no header names, from what their cells hold. */
void tl_map_infer_columns(const tl_table *t, tl_column *cols, size_t n, int headed);

/* objectives.c */
tl_item *tl_map_parent_for(plan_ctx *pc, const char *number);
tl_item *tl_map_parent_for_existing(plan_ctx *pc, const char *number);
tl_item *tl_map_objective_add(plan_ctx *pc, tl_item *parent, tl_prov prov, size_t row);
tl_item *tl_map_ensure_objective(plan_ctx *pc, const char *number, tl_prov prov, size_t row);
void tl_map_objective_title(plan_ctx *pc, tl_item *o, const char *text, size_t col, tl_prov prov);
void tl_map_objective_label(plan_ctx *pc, tl_item *o, tl_item *action, const char *text, size_t col,
                            tl_prov prov);
char *tl_map_objective_marker_number(const char *text, int *is_marker);
void tl_map_next_number(const char *a, char out[80]);
char *tl_map_dot_restored(plan_ctx *pc, char *num, const char *row_objective);
char *tl_map_number_cell(plan_ctx *pc, const char *cell);
void tl_map_fold_into(plan_ctx *pc, tl_item *it, const char **view, const tl_row *row, size_t ri);
void tl_map_split_multi_action(plan_ctx *pc, tl_item *act);

/* rows.c */
void tl_map_row(plan_ctx *pc, const tl_row *row, size_t ri);
void tl_map_interlude(plan_ctx *pc, const tl_row *row, size_t ri);

#endif
