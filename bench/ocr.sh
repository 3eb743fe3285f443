#!/usr/bin/env bash
# OCR speed against raw Tesseract on the same page images, in the same run.
#   bench/ocr.sh [SCAN.pdf] [PAGES]   default: seed002.scan.pdf, its first 4 pages
# 1. Per page: the scan's page images (pdfimages, as scanned: 300 dpi, 1 bit) are
#    read by `tesseract IMG - -l mon` and by `tailan convert IMG`, interleaved, both
#    on one thread (OMP_THREAD_LIMIT=1 for tesseract; tailan sets it itself).
#    Prints seconds per page of each and the ratio (goal: tailan <= 1.15 x).
#    (`--limit threads=1`: one page at a time, as raw tesseract).
# 2. One document on every core: `tailan convert` of the whole scan with its pages
#    read one at a time (`--limit threads=1`) and on every core (the default),
#    interleaved; prints the speed-up (goal on 2 cores: >= 1.8).
# 3. Two documents: `tailan convert` of the scan twice one after the other, then twice
#    at once (each on one thread); prints the speed-up of running them together.
set -euo pipefail
cd "$(dirname "$0")/.."
scan=${1:-../shared/fixtures/seed002.scan.pdf}
want=${2:-4}
tailan=${TAILAN:-build/tailan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
sum() { awk '{s += $1} END {printf "%.3f", s}'; }

pdfimages -f 1 -l "$want" -png "$scan" "$tmp/p"
pages=$(ls "$tmp"/p-*.png | wc -l)
for img in "$tmp"/p-*.png; do
  t env OMP_THREAD_LIMIT=1 tesseract "$img" - -l mon >>"$tmp/raw"
  t "$tailan" convert --limit threads=1 "$img" -o "$tmp/out.xml" >>"$tmp/tailan"
done
raw=$(sum <"$tmp/raw"); tl=$(sum <"$tmp/tailan")
printf '%s: %d page images\n' "$scan" "$pages"
printf '  tesseract -l mon (1 thread)  %6.2f s/page\n' "$(echo "$raw / $pages" | bc -l)"
printf '  tailan convert               %6.2f s/page  (%.2f x tesseract)\n' "$(echo "$tl / $pages" | bc -l)" \
  "$(echo "$tl / $raw" | bc -l)"

seq=0 par=0
for r in 1 2; do
  seq=$(echo "$seq + $(t "$tailan" convert --limit threads=1 "$scan" -o "$tmp/s.xml")" | bc -l)
  par=$(echo "$par + $(t "$tailan" convert "$scan" -o "$tmp/p.xml")" | bc -l)
done
printf '  one document, pages one at a time %6.2f s, on every core %6.2f s: %.2f x faster (%d cores)\n' \
  "$(echo "$seq / 2" | bc -l)" "$(echo "$par / 2" | bc -l)" "$(echo "$seq / $par" | bc -l)" "$(nproc)"

one=$( { t "$tailan" convert --limit threads=1 "$scan" -o "$tmp/a.xml"; t "$tailan" convert --limit threads=1 "$scan" -o "$tmp/b.xml"; } | sum)
s=$(date +%s.%N)
"$tailan" convert --limit threads=1 "$scan" -o "$tmp/c.xml" >/dev/null 2>&1 &
"$tailan" convert --limit threads=1 "$scan" -o "$tmp/d.xml" >/dev/null 2>&1 &
wait
both=$(echo "$(date +%s.%N) - $s" | bc -l)
printf '  two conversions one after the other %6.2f s, at once %6.2f s: %.2f x faster (%d cores)\n' \
  "$one" "$both" "$(echo "$one / $both" | bc -l)" "$(nproc)"
