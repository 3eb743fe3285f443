#!/usr/bin/env bash
# One command: install dependencies, build, and convert the bundled sample documents
# into out/ (one validated XML per sample).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p out
status=0
for f in samples/*.txt tests/fixtures/seed00[0-4].pdf tests/fixtures/seed00[0-4].docx \
         tests/fixtures/seed00[0-4].odt tests/fixtures/seed003.html; do
  b=$(basename "$f")
  o="out/${b%.*}.${b##*.}.xml"
  if build/tailan convert "$f" -o "$o"; then echo "ok   $f -> $o"; else status=1; fi
done
xmllint --noout --schema schema/tailan-plan.xsd out/*.xml
exit $status
