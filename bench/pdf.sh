#!/usr/bin/env bash
# PDF speed against Poppler's own pdftotext -bbox-layout on the same file, runs
# interleaved in one go so machine noise hits both alike.  Prints pages per second
# of each (median of N runs) and tailan's share of pdftotext's speed.
#   bench/pdf.sh [PDF] [N]      default: tests/fixtures/seed004.pdf (61 pages), 11 runs
#   bench/pdf.sh DIR [N]        every PDF under DIR, each timed N times (default 5),
#                               the medians summed (e.g. the ICDAR development half)
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=${1:-tests/fixtures/seed004.pdf}
tailan=${TAILAN:-build/tailan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# one file, n rounds: appends its medians to $tmp/sum.{tailan,pdftotext,extract}
one() {
  local f=$1 n=$2
  rm -f "$tmp/tailan" "$tmp/pdftotext" "$tmp/extract"
  for i in $(seq "$n"); do
    t "$tailan" convert "$f" -o "$tmp/out.xml" >>"$tmp/tailan"
    t pdftotext -bbox-layout "$f" "$tmp/out.html" >>"$tmp/pdftotext"
    t "$tailan" extract "$f" >>"$tmp/extract"
  done
  for k in tailan pdftotext extract; do median <"$tmp/$k" >>"$tmp/sum.$k"; done
}
if [ -d "$pdf" ]; then
  n=${2:-5}
  mapfile -t files < <(find "$pdf" -name '*.pdf' | sort)
  pages=0
  for f in "${files[@]}"; do
    one "$f" "$n"
    pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')))
  done
  what="$pdf: ${#files[@]} PDFs, $pages pages, each the median of $n runs, summed"
else
  n=${2:-11}
  one "$pdf" "$n"
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  what="$pdf: $pages pages, median of $n runs"
fi
sum() { awk '{s += $1} END {print s}' "$tmp/sum.$1"; }
ta=$(sum tailan); tp=$(sum pdftotext); te=$(sum extract)
printf '%s\n' "$what"
printf '  pdftotext -bbox-layout  %6.3f s  %7.1f pages/s\n' "$tp" "$(echo "$pages / $tp" | bc -l)"
printf '  tailan convert          %6.3f s  %7.1f pages/s  (%.2f of pdftotext)\n' "$ta" \
  "$(echo "$pages / $ta" | bc -l)" "$(echo "$tp / $ta" | bc -l)"
printf '  tailan extract          %6.3f s  %7.1f pages/s  (%.2f of pdftotext)\n' "$te" \
  "$(echo "$pages / $te" | bc -l)" "$(echo "$tp / $te" | bc -l)"
