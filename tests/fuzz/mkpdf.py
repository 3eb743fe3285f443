#!/usr/bin/env python3
"""Writes the PDF fuzzer's seed corpus: small one- or two-page PDFs with a table
ruled in full, by horizontal rules only, shaded without rules, split over two
pages, and ink without text.  The text is Helvetica, not embedded, drawn
or invisible (rendering mode 3, as in an OCR'd PDF's text layer); a Type 3 font of
the file's own was tried and cost 6x more per input.  Usage: mkpdf.py OUTDIR"""
import os, sys

def pdf(name, pages):
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids, n = [], 4
    for w, h, content in pages:
        objs[n] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >>"
                   b" /Contents %d 0 R >>" % (w, h, n + 1))
        objs[n + 1] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        kids.append(n)
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offs = b"%PDF-1.4\n", {}
    for i in sorted(objs):
        offs[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size + b"".join(b"%010d 00000 n \n" % offs[i] for i in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    with open(name, "wb") as f:
        f.write(out)


def show(s):
    return b"(" + s.encode("latin-1") + b")"


def table(x0, y0, colw, rowh, cells, rules="full", shade=False, mode=0):
    c = b""
    xs = [x0]
    for w in colw:
        xs.append(xs[-1] + w)
    ys = [y0 - i * rowh for i in range(len(cells) + 1)]
    if shade:
        for r in range(0, len(cells), 2):
            c += b"0.9 g %d %d %d %d re f 0 g\n" % (xs[0], ys[r + 1], xs[-1] - xs[0], rowh)
    if rules == "full":
        c += b"".join(b"%d %d m %d %d l S\n" % (xs[0], y, xs[-1], y) for y in ys)
        c += b"".join(b"%d %d m %d %d l S\n" % (x, ys[0], x, ys[-1]) for x in xs)
    elif rules == "horizontal":
        c += b"".join(b"%d %d m %d %d l S\n" % (xs[0], y, xs[-1], y) for y in (ys[0], ys[1], ys[-1]))
    c += b"BT /F1 8 Tf %d Tr\n" % mode
    for r, row in enumerate(cells):
        for k, t in enumerate(row):
            c += b"1 0 0 1 %d %d Tm %s Tj\n" % (xs[k] + 3, ys[r] - rowh + 5, show(t))
    return c + b"ET\n"


def main(out):
    os.makedirs(out, exist_ok=True)
    hdr = ["No", "Action", "Indicator", "Deadline", "Budget", "Percent"]
    rows = [hdr] + [[str(i), "Train staff %d" % i, "%d people" % (10 * i), "2024-0%d" % i, "%d000" % i,
                     "%d%%" % (20 * i)] for i in range(1, 5)]
    cw = [30, 150, 100, 70, 60, 50]
    title = b"BT /F1 12 Tf 1 0 0 1 72 780 Tm " + show("Plan 2024") + b" Tj ET\n"
    pdf(out + "/ruled.pdf", [(595, 842, title + table(60, 760, cw, 18, rows))])
    pdf(out + "/booktabs.pdf", [(595, 842, title + table(60, 760, cw, 18, rows, "horizontal"))])
    pdf(out + "/shaded.pdf", [(842, 595, table(60, 500, cw, 18, rows, "none", True, 3))])
    pdf(out + "/two-pages.pdf", [(595, 842, title + table(60, 760, cw, 18, rows)),
                                 (595, 842, table(60, 760, cw, 18, [hdr] + rows[3:], mode=3))])
    pdf(out + "/ink-only.pdf", [(300, 200, b"2 w 10 10 m 290 190 l S 20 20 100 50 re f")])


if __name__ == "__main__":
    main(sys.argv[1])
