#!/usr/bin/env bash
# Every stage against its baseline in one run, so the ratios share the machine's
# state (machines here are noisy: compare ratios, not seconds).
#   bench/all.sh [--cost]      about 4 minutes; --cost adds bench/cost.sh (3 more)
# PDF against pdftotext -bbox-layout; a scan per page against the tesseract command,
# and two at once against one after the other; DOCX/ODT/HTML documents per second in
# one process; the normalizer's MB/s, first call and dictionary load; single
# conversions' wall time and peak memory with and without normalization; a corpus
# run on one core against two, and a rerun with nothing changed.  The tools (bc,
# tesseract, pdftotext, sqlite3, GNU time) are installed by scripts/deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export TAILAN=${TAILAN:-build/tailan}
bin=$(dirname "$TAILAN")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== PDF (seed004.pdf, 61 pages), median of 5, against pdftotext -bbox-layout"
bench/pdf.sh tests/fixtures/seed004.pdf 5 | tail -3

echo "== Scan (seed002.scan.pdf, 4 pages), against the tesseract command"
bench/ocr.sh tests/fixtures/seed002.scan.pdf 4 | tail -4

echo "== DOCX, ODT, HTML: one process, one core, 20 runs (tailan-bench)"
for f in tests/fixtures/seed004.docx tests/fixtures/seed000.odt tests/fixtures/seed003.html; do
  printf '  %-32s %s\n' "$f" "$("$bin/tailan-bench" "$f" | tail -1 | sed 's/^total *//')"
done

echo "== Normalizer (tailan-bench-normalize)"
printf '  samples:        %s\n' "$("$bin/tailan-bench-normalize" samples/*.txt | tail -1)"
python3 bench/cost-inputs.py --words "$tmp" samples/*.txt
printf '  unknown words:  %s\n' "$("$bin/tailan-bench-normalize" "$tmp/unknown-words.txt" | tail -1)"

echo "== Single conversions: wall s and peak RSS, normalizing / not"
for f in tests/fixtures/seed004.pdf tests/fixtures/seed004.docx tests/fixtures/seed003.html; do
  /usr/bin/time -f '%e %M' -o "$tmp/a" "$TAILAN" convert "$f" -o "$tmp/o.xml"
  /usr/bin/time -f '%e %M' -o "$tmp/b" "$TAILAN" convert --no-normalize "$f" -o "$tmp/o.xml"
  read -r as ak <"$tmp/a"
  read -r bs bk <"$tmp/b"
  printf '  %-32s %5.2f s %4.0f MB   --no-normalize %5.2f s %4.0f MB\n' "$f" "$as" "$((ak / 1024))" "$bs" \
    "$((bk / 1024))"
done

echo "== Corpus (250 mixed documents): --jobs 1 against --jobs 2"
JOBS=1 bench/corpus.sh 250 >"$tmp/c1"
JOBS=2 bench/corpus.sh 250 >"$tmp/c2"
one=$(awk 'NR == 2 {print $2}' "$tmp/c1")
two=$(awk 'NR == 2 {print $2}' "$tmp/c2")
printf '  --jobs 1 %.2f s, --jobs 2 %.2f s: %.2f x (%d cores)\n' "$one" "$two" "$(echo "$one / $two" | bc -l)" \
  "$(nproc)"
sed -n 's/^rerun/  rerun/p' "$tmp/c2"

if [ "${1:-}" = --cost ]; then
  echo "== What an input costs as it grows (bench/cost.sh)"
  bench/cost.sh
fi
