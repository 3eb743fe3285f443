#!/usr/bin/env python3
"""Writes the layout fuzzer's seeds (tests/fuzz/fuzz_layout.c reads them): a fully
ruled 3 x 4 table, the same with rules above, under the header and below only, and
columns of text without rules.  Usage: mklayout.py OUTDIR"""
import os, sys


def rule(vertical, pos, a0, length):
    p = int(pos)
    return bytes([(0x80 if vertical else 0) | (p // 6), int(a0 / 3), p % 6, int(length / 3)])


def glyphs(x, y, text):
    out = b""
    for i, ch in enumerate(text):
        k = "ab1.%- ".find(ch) if ch in "ab1.%- " else 0
        out += bytes([int((x + 5 * i) / 3) & 0xFF, int(y / 3) & 0xFF, 4, 3, k | (0x80 if ch == " " else 0)])
    return out


def table(ruled):
    rules = []
    xs, ys = [30, 120, 180, 240, 300], [60, 80, 100, 120]
    if ruled == "full":
        rules += [rule(0, y, xs[0], xs[-1] - xs[0]) for y in ys]
        rules += [rule(1, x, ys[0], ys[-1] - ys[0]) for x in xs]
    elif ruled == "booktabs":
        rules += [rule(0, y, xs[0], xs[-1] - xs[0]) for y in (ys[0], ys[1], ys[-1])]
    g = b""
    for r in range(3):
        for c in range(4):
            g += glyphs(xs[c] + 3, ys[r] + 6, ["ab", "1.1", "a b", "1%"][c] if r else "ab")
    return bytes([3, len(rules)]) + b"".join(rules) + g


def main(out):
    os.makedirs(out, exist_ok=True)
    for kind in ("full", "booktabs", "none"):
        with open(os.path.join(out, kind + ".bin"), "wb") as f:
            f.write(table(kind))


if __name__ == "__main__":
    main(sys.argv[1])
