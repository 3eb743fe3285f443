#!/usr/bin/env bash
# OCR accuracy on whole scanned documents (minutes: a page costs about 2 s), kept
# out of the tests.  For each scan with a digital twin:
#   - text similarity (1 - character error rate) of the cells against the truth JSON,
#     before any normalization (build/tests/truth-report);
#   - the action numbers of the plan, compared with those of the digital PDF.
#   bench/ocr-accuracy.sh [NAME ...]     default: seed002 seed004
set -euo pipefail
cd "$(dirname "$0")/.."
tailan=${TAILAN:-build/tailan}
shared=../shared/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
actions() { "$tailan" convert "$1" -o - | grep -o '<action number="[^"]*"' | sed 's/.*="//; s/"$//'; }
status=0
for name in "${@:-seed002 seed004}"; do
  for n in $name; do
    scan=$shared/$n.scan.pdf
    build/tests/truth-report "$scan" "tests/fixtures/$n.truth.json" | tail -1
    actions "$scan" >"$tmp/scan"
    actions "tests/fixtures/$n.pdf" >"$tmp/pdf"
    if diff -q "$tmp/pdf" "$tmp/scan" >/dev/null; then
      echo "  actions: all $(wc -l <"$tmp/pdf") of the digital PDF, same numbers"
    else
      echo "  actions differ from the digital PDF (< pdf, > scan):"
      diff "$tmp/pdf" "$tmp/scan" | sed 's/^/    /' || true
      status=1
    fi
  done
done
exit $status
