#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tailan review's page opened in headless Chromium: after its script has run, the page
must show every page image (loaded), link every plan value to a box on a page (or to
its cell in the source text), mark every repair with its original and flag every value
read under the OCR review mark.  The figures are compared with the plan XML of the same
document (tailan convert), not with constants.  Run by ctest as `review`:

    review_check.py TAILAN CHROMIUM FIXTURES WORKDIR
"""
import html
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

TAILAN, CHROMIUM, FIX, WORK = sys.argv[1:5]
NS = "{urn:tailan:plan:1}"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def dom(page):
    """The page's DOM after its scripts ran (and its images loaded)."""
    profile = os.path.join(WORK, "chromium-profile")
    p = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=10000",
                        "--dump-dom", "file://" + os.path.abspath(page)],
                       capture_output=True, timeout=300)
    return p.stdout.decode("utf-8", "replace")


def truth(path):
    """What the plan XML says: values of actions, repairs of plan values, values for review, pages."""
    root = ET.fromstring(subprocess.run([TAILAN, "convert", path], capture_output=True, check=True).stdout)
    values, texts = 0, set()
    for a in root.iter(NS + "action"):
        for c in a:
            if c.tag not in (NS + "label", NS + "provenance", NS + "action"):
                values += 1
                texts.add("".join(c.itertext()))
    repairs = [(r.find(NS + "orig").text or "", r.find(NS + "text").text or "") for r in root.iter(NS + "repair")]
    # A repaired cell's text is a value's, or a piece of one folded from several rows.
    in_plan = [orig for orig, new in repairs if new and any(new in t for t in texts)]
    review = len(root.findall(".//" + NS + "body//*[@review='true']"))
    fmt = root.find(NS + "source").get("format")
    pages = int(root.find(NS + "source").get("pages")) if fmt in ("pdf", "image") else 0
    return values, in_plan, review, pages


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
# A scan (OCR: review marks, a repair), a digital PDF of 61 pages, an image, a DOCX
# (no pages: the source text beside the plan).
for name in ["seed002.scan.pdf", "seed004.pdf", "seed002.scan-p1.png", "seed001.docx"]:
    src = os.path.join(FIX, name)
    out = os.path.join(WORK, name)
    r = subprocess.run([TAILAN, "review", src, "-o", out], capture_output=True)
    check(r.returncode == 0, f"{name}: review exit {r.returncode}: {r.stderr.decode()}")
    if r.returncode:
        continue
    values, repairs, review, pages = truth(src)
    d = dom(os.path.join(out, "index.html"))
    m = re.search(r'<div id="check"[^>]*>', d)
    check(m is not None, f"{name}: the page's script did not run in Chromium")
    if not m:
        continue
    got = dict(re.findall(r'data-([a-z-]+)="(\d+)"', m.group(0)))
    got = {k: int(v) for k, v in got.items()}
    print(name, got, "truth: values", values, "repairs", len(repairs), "review", review, "pages", pages)
    check(got["images"] == pages and got["images-shown"] == pages,
          f"{name}: {got['images-shown']} of {got['images']} page images shown, want {pages}")
    check(got["values"] == values, f"{name}: {got['values']} values on the page, {values} in the XML")
    check(got["linked"] == got["values"], f"{name}: {got['linked']} of {got['values']} values linked to a box")
    check(got["repaired"] == len(repairs), f"{name}: {got['repaired']} repairs marked, {len(repairs)} in the plan")
    for orig in repairs:
        check("<del>" + html.escape(orig, quote=True) + "</del>" in d,
              f"{name}: the original {orig[:40]!r} is not shown")
    check(got["flagged"] == review, f"{name}: {got['flagged']} values flagged, {review} marked for review")
    if name == "seed002.scan.pdf":
        check(review > 0, "the scan has values for review (the test needs them)")
    if name == "seed004.pdf":
        check(len(repairs) > 0, "seed 004 has repairs (the test needs them)")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
