/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A scanned page's ruling lines: what survives an opening with a long thin bar,
 * horizontal and vertical; each connected line a rule for the grid builder. */
#include "ocr_private.h"

#include <math.h>
#include <stdlib.h>

#define RULE_MIN_LEN 8.0       /* points, as for PDF */
#define RULE_MAX_THICK 6.0     /* points: a scanned line wobbles and is thickened */
#define LINE_BRICK_PT 12.0     /* an opening this long keeps lines and drops letters */
#define LINE_WOBBLE_PX 5       /* a turned line is thickened this much across */

/* Ruling lines of the binarised page: horizontal and vertical runs far longer than
 * any letter stroke.  No closing first: bridging breaks also bridges the letters of
 * a word into a bar (tried: every text line became a "rule").  A skewed page's lines
 * are found before it is turned, where a thin rule is still solid (turned, it breaks
 * into steps: measured, every rule of seed002.scan broken each 34 pt), and turned
 * alone; then thickened across its length, so that the steps and its wobble of a
 * pixel or two are one connected piece. */
static PIX *line_part(PIX *bin, int hsize, int vsize, float rad, int across_h, int across_v)
{
    /* Over the opening's length a skewed rule climbs a pixel every 1/tan(skew)
     * pixels (29 at 2 degrees): when that is shorter than the opening, a rule a
     * pixel thick has no run that long and would vanish.  Thickened across by that
     * climb first, it keeps one (letters, parted along the line, do not join); what
     * is kept is then cut back to the page's own pixels. */
    int climb = (int)lround((hsize > vsize ? hsize : vsize) * fabs(tan((double)rad)));
    PIX *src = climb >= 1 ? pixDilateBrick(NULL, bin, hsize > vsize ? 1 : climb + 1, hsize > vsize ? climb + 1 : 1)
                          : pixClone(bin);
    PIX *l = src ? pixOpenBrick(NULL, src, hsize, vsize) : NULL;
    pixDestroy(&src);
    if (l && climb >= 1) {
        /* Thickened, the bars of neighbouring letters ("ртг") may line up into a run
         * the opening keeps: a rule runs on for three openings at least. */
        int horiz = hsize > vsize, keep = 3 * (horiz ? hsize : vsize);
        PIX *sel = pixSelectBySize(l, horiz ? keep : 0, horiz ? 0 : keep, 8,
                                   horiz ? L_SELECT_WIDTH : L_SELECT_HEIGHT, L_SELECT_IF_GTE, NULL);
        pixDestroy(&l);
        l = sel;
        if (l)
            pixAnd(l, l, bin); /* the rule's own pixels: the thickening reached letters near it */
    }
    if (l && rad != 0) {
        PIX *t = pixRotate(l, rad, L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0);
        pixDestroy(&l);
        l = t;
    }
    if (l) {
        PIX *d = pixDilateBrick(NULL, l, across_h, across_v);
        pixDestroy(&l);
        l = d;
    }
    return l;
}

/* The rules of a lines image: each connected piece is one rule, its box's long side
 * the rule's extent and its middle the rule's position.  (The PDF's run scanner,
 * tl_rules_find, wants a rule to be straight to the pixel; a scanned one wobbles a
 * pixel or two and came out as two interleaved dashed rules.) */
static int rules_of(PIX *part, int horiz, double pt_per_px, double min_len, double max_thick, tl_rule **out,
                    size_t *n)
{
    BOXA *boxes = pixConnComp(part, NULL, 8);
    int nb = boxes ? boxaGetCount(boxes) : 0;
    *out = calloc(nb ? (size_t)nb : 1, sizeof **out);
    *n = 0;
    if (!*out) {
        boxaDestroy(&boxes);
        return -1;
    }
    for (int i = 0; i < nb; i++) {
        l_int32 x, y, w, h;
        if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h))
            continue;
        double len = (horiz ? w : h) * pt_per_px, thick = (horiz ? h : w) * pt_per_px;
        if (len < min_len || thick > max_thick)
            continue;
        (*out)[(*n)++] = horiz ? (tl_rule){ (y + h / 2.0) * pt_per_px, x * pt_per_px, (x + w) * pt_per_px }
                               : (tl_rule){ (x + w / 2.0) * pt_per_px, y * pt_per_px, (y + h) * pt_per_px };
    }
    boxaDestroy(&boxes);
    return 0;
}

/* The page's lines (for taking them out of the text) and its rules. */
int tl_ocr_find_lines(PIX *bin, double px_per_pt, float rad, PIX **lines, tl_rules *rules)
{
    int len = (int)lround(LINE_BRICK_PT * px_per_pt);
    double pt_per_px = 1 / px_per_pt;
    PIX *h = line_part(bin, len, 1, rad, 1, LINE_WOBBLE_PX);
    PIX *v = line_part(bin, 1, len, rad, LINE_WOBBLE_PX, 1);
    int rc = !h || !v || rules_of(h, 1, pt_per_px, RULE_MIN_LEN, RULE_MAX_THICK, &rules->h, &rules->nh) ||
             rules_of(v, 0, pt_per_px, RULE_MIN_LEN, RULE_MAX_THICK, &rules->v, &rules->nv);
    *lines = rc ? NULL : pixOr(NULL, h, v);
    pixDestroy(&h);
    pixDestroy(&v);
    return rc || !*lines ? -1 : 0;
}

