#!/usr/bin/env bash
# One command: install dependencies, build, and run the corpus build over the bundled
# sample documents (the five seeds as text; their PDF, DOCX and ODT renderings, seed
# 003's web page and seed 002's scan - 4 pages read by OCR - seeds 001 and 004 as
# XLSX/ODS workbooks and as legacy .doc, RTF and .xls read through LibreOffice, from
# tests/fixtures) into out/: out/xml/*.xml (validated),
# out/catalog.sqlite, out/report.html and out/report.json.  A second run redoes
# nothing.  Then one search over the catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
build/tailan corpus build samples tests/fixtures/seed00[0-4].pdf tests/fixtures/seed00[0-4].docx \
  tests/fixtures/seed00[0-2].odt tests/fixtures/seed003.html tests/fixtures/seed002.scan.pdf \
  tests/fixtures/sheets/*.xlsx tests/fixtures/sheets/*.ods tests/fixtures/legacy/seed* --out out
xmllint --noout --schema schema/tailan-plan.xsd out/xml/*.xml
echo "report: out/report.html"
echo 'search "шилэн данс":'
build/tailan corpus search out "шилэн данс" | cut -c1-160
