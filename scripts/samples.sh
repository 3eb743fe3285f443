#!/usr/bin/env bash
# One command: install dependencies, build, and run the corpus build over the bundled
# sample documents (the five seeds as text; their PDF, DOCX and ODT renderings, seed
# 003's web page and seed 002's scan - 4 pages read by OCR - seeds 001 and 004 as
# XLSX/ODS workbooks and as legacy .doc, RTF and .xls read through LibreOffice, from
# tests/fixtures) into out/: out/xml/*.xml (validated),
# out/catalog.sqlite, out/report.html and out/report.json, with a review page per
# document (out/review/<id>/index.html, linked from the report).  A second run
# redoes nothing.  Then one search over the catalog and every action as one CSV
# (out/actions.csv, Excel's byte-order mark first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
build/tailan corpus build samples tests/fixtures/seed00[0-4].pdf tests/fixtures/seed00[0-4].docx \
  tests/fixtures/seed00[0-2].odt tests/fixtures/seed003.html tests/fixtures/seed002.scan.pdf \
  tests/fixtures/sheets/*.xlsx tests/fixtures/sheets/*.ods tests/fixtures/legacy/seed* --out out --review
xmllint --noout --schema schema/tailan-plan.xsd out/xml/*.xml
echo "report: out/report.html"
echo 'search "шилэн данс":'
build/tailan corpus search out "шилэн данс" | cut -c1-160
build/tailan corpus export out --format csv --excel -o out/actions.csv
echo "every action: out/actions.csv ($(($(wc -l < out/actions.csv) - 1)) rows)"
