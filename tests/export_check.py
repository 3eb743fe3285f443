#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tailan's CSV and JSON export read by independent parsers: Python's csv module
(RFC 4180), jsonschema against schema/tailan-export.schema.json, and the plan XML
itself through ElementTree.  Run by ctest as `export`:

    export_check.py TAILAN FIXTURES SCHEMA
"""
import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema

TAILAN, FIX, SCHEMA = sys.argv[1:4]
NS = {"t": "urn:tailan:plan:1"}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    p = subprocess.run([TAILAN, *args], capture_output=True)
    if p.returncode != 0:
        raise SystemExit(f"tailan {' '.join(args)}: exit {p.returncode}: {p.stderr.decode()}")
    return p.stdout


def csv_rows(path, *extra):
    raw = run("convert", path, "--format", "csv", *extra)
    text = raw.decode("utf-8")
    return raw, list(csv.DictReader(io.StringIO(text, newline="")))


def xml_actions(path):
    root = ET.fromstring(run("convert", path))
    return root, root.findall(".//t:body//t:action", NS)


# 1. The issue's figures: seed 004's 44 actions, 43 at 100 % and one at 70 %, and its
#    budget "132,32 сая ОНХС" as 132320000 tögrög from the fund ОНХС.
raw, rows = csv_rows(f"{FIX}/seed004.pdf")
check(len(rows) == 44, f"seed004.pdf: {len(rows)} CSV rows, want 44")
pct = sorted(r["percent_value"] for r in rows)
check(pct.count("100") == 43 and pct.count("70") == 1, f"seed004.pdf percents {pct}")
b = [r for r in rows if r["budget"] == "132,32 сая ОНХС"]
check(len(b) == 1 and b[0]["budget_amount"] == "132320000" and b[0]["budget_source"] == "ОНХС"
      and b[0]["budget_currency"] == "MNT", f"seed004.pdf budget row {b[:1]}")
check(all(r["year"] == "2024" and r["kind"] == "performance-report" for r in rows), "seed004 year/kind on every row")
check(raw.endswith(b"\r\n") and raw.split(b"\n", 1)[0].endswith(b"\r"), "CSV records end in CRLF")
check(not raw.startswith(b"\xef\xbb\xbf"), "a BOM without --excel")
# Targets by period: action 1.1 has 3 for the half year and 4 for the year.
a11 = [r for r in rows if r["number"] == "1.1"]
check(a11 and a11[0]["target_half_year_value"] == "3" and a11[0]["target_year_value"] == "4",
      f"seed004 1.1 targets {a11[:1]}")

# 2. Every CSV text cell is the XML's text, quotes, commas and line breaks included.
FIELDS = ["text", "indicator", "baseline", "responsible", "budget", "implementation", "percent"]
for src in ["seed004.pdf", "seed001.docx", "seed000.pdf", "seed002.scan.pdf", "seed003.html"]:
    path = f"{FIX}/{src}"
    _, rows = csv_rows(path)
    root, acts = xml_actions(path)
    check(len(rows) == len(acts), f"{src}: {len(rows)} rows for {len(acts)} actions")
    for r, a in zip(rows, acts):
        check(r["number"] == (a.get("number") or ""), f"{src}: number {r['number']} vs {a.get('number')}")
        for f in FIELDS:
            own = [e for e in a if e.tag == f"{{{NS['t']}}}{f}" and e.get("period") is None]
            if not own or a.get("sharesWith"):
                continue
            want = "\n".join("".join(e.itertext()) for e in own)
            check(r[f] == want, f"{src} {r['number']} {f}: {r[f][:60]!r} vs {want[:60]!r}")
    quoted = sum(1 for r in rows for f in FIELDS if any(c in r[f] for c in ',"\n'))
    if src == "seed004.pdf":
        check(quoted > 10, f"seed004: only {quoted} cells needed quoting")

# 3. An action that shares its row (seed 001's 2.3.2 and 2.3.3 with 2.3.1) carries the
#    shared values in its own row.
_, rows = csv_rows(f"{FIX}/seed001.docx")
by = {r["number"]: r for r in rows}
check(len(rows) == 28, f"seed001.docx: {len(rows)} rows, want 28")
for n in ["2.3.2", "2.3.3"]:
    r = by.get(n, {})
    check(r.get("shares_with") == "2.3.1", f"seed001 {n} shares_with {r.get('shares_with')}")
    check(r.get("implementation") and r.get("implementation") == by["2.3.1"]["implementation"],
          f"seed001 {n} implementation not shared")
    check(r.get("text") != by["2.3.1"]["text"], f"seed001 {n} text copied from 2.3.1")

# 4. --excel: a byte-order mark first, the rest the same.
raw_x, rows_x = csv_rows(f"{FIX}/seed001.docx", "--excel")
raw_p = run("convert", f"{FIX}/seed001.docx", "--format", "csv")
check(raw_x == b"\xef\xbb\xbf" + raw_p, "--excel is the plain CSV with a BOM")

# 5. JSON validates against the shipped schema, and the schema bites.
schema = json.load(open(SCHEMA))
v = jsonschema.Draft7Validator(schema)
for src in ["seed004.pdf", "seed001.docx", "seed002.scan.pdf", "seed000.docx", "seed003.html"]:
    d = json.loads(run("convert", f"{FIX}/{src}", "--format", "json"))
    errs = [e.message for e in v.iter_errors(d)]
    check(not errs, f"{src} JSON: {errs[:2]}")
    if src == "seed004.pdf":
        acts = [a for p in d["plans"] for a in p["actions"]]
        check(len(acts) == 44, f"seed004 JSON {len(acts)} actions")
        bud = [x for a in acts for x in a["values"].get("budget", []) if x["text"] == "132,32 сая ОНХС"]
        check(bud and bud[0]["amount"] == 132320000 and bud[0]["source"] == "ОНХС", f"seed004 JSON budget {bud}")
        broken = json.loads(json.dumps(d))
        broken["plans"][0]["actions"][0]["values"]["percent"][0]["value"] = "100"
        check(any(True for _ in v.iter_errors(broken)), "the schema takes a percent given as a string")
    if src == "seed002.scan.pdf":
        confs = [x.get("conf") for p in d["plans"] for a in p["actions"] for xs in a["values"].values() for x in xs]
        check(any(c is not None for c in confs), "seed002 scan JSON carries OCR confidence")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
