#!/usr/bin/env bash
# PDF speed against Poppler's own pdftotext -bbox-layout on the same file, runs
# interleaved in one go so machine noise hits both alike.  Prints pages per second
# of each (median of N runs) and tailan's share of pdftotext's speed.
#   bench/pdf.sh [PDF] [N]      default: tests/fixtures/seed004.pdf (61 pages), 11 runs
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=${1:-tests/fixtures/seed004.pdf}
n=${2:-11}
tailan=${TAILAN:-build/tailan}
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for i in $(seq "$n"); do
  t "$tailan" convert "$pdf" -o "$tmp/out.xml" >>"$tmp/tailan"
  t pdftotext -bbox-layout "$pdf" "$tmp/out.html" >>"$tmp/pdftotext"
  t "$tailan" extract "$pdf" >>"$tmp/extract"
done
ta=$(median <"$tmp/tailan"); tp=$(median <"$tmp/pdftotext"); te=$(median <"$tmp/extract")
printf '%s: %d pages, median of %d runs\n' "$pdf" "$pages" "$n"
printf '  pdftotext -bbox-layout  %6.3f s  %7.1f pages/s\n' "$tp" "$(echo "$pages / $tp" | bc -l)"
printf '  tailan convert          %6.3f s  %7.1f pages/s  (%.2f of pdftotext)\n' "$ta" \
  "$(echo "$pages / $ta" | bc -l)" "$(echo "$tp / $ta" | bc -l)"
printf '  tailan extract          %6.3f s  %7.1f pages/s  (%.2f of pdftotext)\n' "$te" \
  "$(echo "$pages / $te" | bc -l)" "$(echo "$tp / $te" | bc -l)"
