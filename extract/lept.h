/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leptonica, opened at the first scan (model/dynlib.c says why): the files that use
 * it include this header instead of <leptonica/allheaders.h>, and every call below
 * goes through the table.  An entry point calls tl_lept_ready first, which fails
 * with the reason when the library cannot be loaded; past that the calls are safe.
 * Internal to the extract stage. */
#ifndef TL_EXTRACT_LEPT_H
#define TL_EXTRACT_LEPT_H

#include "../model/model.h"

#include <leptonica/allheaders.h>

#define TL_LEPT_FUNCS(X)                                                                             \
    X(boxCreate) X(boxDestroy) X(boxaDestroy) X(boxaGetBoxGeometry) X(boxaGetCount) X(pixAnd)         \
    X(pixClearInRect) X(pixClone) X(pixConnComp) X(pixCopy) X(pixConvertTo8) X(pixCountPixels) X(pixCountPixelsInRect) X(pixCreate) X(pixDestroy) \
    X(pixDilateBrick) X(pixFindSkew) X(pixGetColormap) X(pixGetData) X(pixGetDepth) X(pixGetHeight)  \
    X(pixGetWidth) X(pixGetWpl) X(pixGetXRes) X(pixOpenBrick) X(pixOr) X(numaDestroy)                   \
    X(pixReadHeaderMem) X(pixReadMemJpeg) X(pixReadMemTiff) X(pixRotate) X(pixScale)                 \
    X(pixSelectBySize) X(pixSetResolution) X(pixGetGrayHistogram) X(numaSplitDistribution) X(pixSubtract) \
    X(pixThresholdToBinary) X(pixWrite) X(pixWriteStream) X(readHeaderMemTiff) X(setMsgSeverity)     \
    X(tiffGetCount)

typedef struct tl_lept_fns {
#define TL_LEPT_FIELD(f) __typeof__(f) *f;
    TL_LEPT_FUNCS(TL_LEPT_FIELD)
#undef TL_LEPT_FIELD
} tl_lept_fns;

/* Loads Leptonica once: TL_OK, or TL_E_MISSING naming what is missing. */
tl_code tl_lept_ready(tl_error *err);
/* The table; its entries are NULL unless tl_lept_ready succeeded. */
extern tl_lept_fns tl_lept;

#ifndef TL_LEPT_TABLE
#define boxCreate tl_lept.boxCreate
#define boxDestroy tl_lept.boxDestroy
#define boxaDestroy tl_lept.boxaDestroy
#define boxaGetBoxGeometry tl_lept.boxaGetBoxGeometry
#define boxaGetCount tl_lept.boxaGetCount
#define pixAnd tl_lept.pixAnd
#define pixClearInRect tl_lept.pixClearInRect
#define pixClone tl_lept.pixClone
#define pixConnComp tl_lept.pixConnComp
#define pixConvertTo8 tl_lept.pixConvertTo8
#define pixCopy tl_lept.pixCopy
#define pixCountPixels tl_lept.pixCountPixels
#define pixCountPixelsInRect tl_lept.pixCountPixelsInRect
#define pixCreate tl_lept.pixCreate
#define pixDestroy tl_lept.pixDestroy
#define pixDilateBrick tl_lept.pixDilateBrick
#define pixFindSkew tl_lept.pixFindSkew
#define pixGetColormap tl_lept.pixGetColormap
#define pixGetData tl_lept.pixGetData
#define pixGetDepth tl_lept.pixGetDepth
#define pixGetHeight tl_lept.pixGetHeight
#define pixGetWidth tl_lept.pixGetWidth
#define pixGetWpl tl_lept.pixGetWpl
#define pixGetXRes tl_lept.pixGetXRes
#define pixOpenBrick tl_lept.pixOpenBrick
#define pixOr tl_lept.pixOr
#define numaDestroy tl_lept.numaDestroy
#define pixReadHeaderMem tl_lept.pixReadHeaderMem
#define pixReadMemJpeg tl_lept.pixReadMemJpeg
#define pixReadMemTiff tl_lept.pixReadMemTiff
#define pixRotate tl_lept.pixRotate
#define pixScale tl_lept.pixScale
#define pixSelectBySize tl_lept.pixSelectBySize
#define pixSetResolution tl_lept.pixSetResolution
#define pixGetGrayHistogram tl_lept.pixGetGrayHistogram
#define numaSplitDistribution tl_lept.numaSplitDistribution
#define pixSubtract tl_lept.pixSubtract
#define pixThresholdToBinary tl_lept.pixThresholdToBinary
#define pixWrite tl_lept.pixWrite
#define pixWriteStream tl_lept.pixWriteStream
#define readHeaderMemTiff tl_lept.readHeaderMemTiff
#define setMsgSeverity tl_lept.setMsgSeverity
#define tiffGetCount tl_lept.tiffGetCount
#endif

#endif
