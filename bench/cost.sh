#!/usr/bin/env bash
# What an input costs as it grows: wall time and peak memory of `tailan convert`
# per unit of input (MB of text, 100 pages of PDF), from the smallest size to the
# largest, so the per-unit columns show whether cost is linear (flat) and memory
# bounded; and the crafted inputs that used to cost minutes or gigabytes, with the
# exit code each gets now.  Inputs are made in a temporary folder from the samples
# and tests/fixtures/seed000.pdf (pdfunite), the crafted ones by cost-inputs.py.
#   bench/cost.sh            (about 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
tailan=${TAILAN:-build/tailan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# text of about N MB: the samples (prose and plan tables) over and over
text() {
  local mb=$1 f=$tmp/text-$1mb.txt
  : >"$f"
  while [ "$(stat -c %s "$f")" -lt $((mb * 1048576)) ]; do cat samples/*.txt >>"$f"; done
  echo "$f"
}
# a PDF of N pages: seed000.pdf (5 pages) over and over
pdf() {
  local n=$1 f=$tmp/pages-$1.pdf src=tests/fixtures/seed000.pdf
  if [ "$n" -le 1000 ]; then
    pdfunite $(for _ in $(seq $((n / 5))); do echo $src; done) "$f"
  else
    pdf 1000 >/dev/null
    pdfunite $(for _ in $(seq $((n / 1000))); do echo "$tmp/pages-1000.pdf"; done) "$f"
  fi
  echo "$f"
}

# label, units in the input, unit name, file
row() {
  local label=$1 units=$2 unit=$3 f=$4 rc=0
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$tailan" convert "$f" -o "$tmp/out.xml" >/dev/null 2>"$tmp/err" || rc=$?
  read -r s kb < <(tail -1 "$tmp/time")
  local why=""
  [ "$rc" = 0 ] || why=$(head -1 "$tmp/err" | sed 's/^[^:]*: //' | cut -c1-70)
  printf '| %s | %s | %.2f | %.3f s/%s | %.0f | %.1f MB/%s | %s |\n' "$label" "$rc" "$s" \
    "$(echo "$s / $units" | bc -l)" "$unit" "$(echo "$kb / 1024" | bc -l)" "$(echo "$kb / 1024 / $units" | bc -l)" \
    "$unit" "$why"
}

echo "| input | exit | wall s | per unit | peak RSS MB | per unit | refused because |"
echo "|---|---|---|---|---|---|---|"
for mb in 1 10 50 100; do row "text, $mb MB" "$mb" MB "$(text "$mb")"; done
for n in 100 1000 5000; do row "PDF, $n pages" "$(echo "$n / 100" | bc -l)" 100p "$(pdf "$n")"; done
python3 bench/cost-inputs.py "$tmp"
for n in 10 60 300; do
  mb=$(unzip -l "$tmp/headers-$n.docx" | tail -1 | awk '{printf "%.1f", $1 / 1048576}')
  row "DOCX, $n headers, $mb MB inflated" "$mb" MB "$tmp/headers-$n.docx"
done
row "PNG 11000x10900 grey, blank" 1 image "$tmp/poster-grey.png"
row "PNG 10000x10000 RGBA16, blank" 1 image "$tmp/poster-rgba16.png"
row "/dev/zero" 1 input /dev/zero
