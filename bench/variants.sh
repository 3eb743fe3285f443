#!/usr/bin/env bash
# The same plan out of every layout: scores each file of tests/fixtures/variants
# (tests/fixtures/src/variants.py) against its seed's text (actions found, under the
# same objectives, values equal, word recall), then sums them by format and seed.
#   bench/variants.sh [MANIFEST]     default: tests/fixtures/variants/variants.tsv
# TL_VARIANT_WORDS=1 also lists the words each file lost.
set -uo pipefail
cd "$(dirname "$0")/.."
manifest=${1:-tests/fixtures/variants/variants.tsv}
report=${REPORT:-build/tests/variant-report}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$report" "$manifest" samples | tee "$out"
echo
printf "%-12s %6s %8s %18s %18s %16s %8s\n" "seed format" files perfect actions "under objectives" values recall
awk 'NR > 1 && $2 ~ /\// {
       kind = $1 ~ /scan/ ? "scan" : ($1 ~ /docx$/ ? "docx" : "pdf")
       k = substr($1, 5, 3) " " kind
       split($2, a, "/"); split($3, p, "/"); split($4, v, "/")
       files[k]++; act[k] += a[1]; acts[k] += a[2]; par[k] += p[1]; val[k] += v[1]; vals[k] += v[2]
       rec[k] += $5; perfect[k] += (a[1] == a[2] && p[1] == a[2] && v[1] == v[2])
     }
     END {
       for (k in files)
         printf "%-12s %6d %8d %10d/%-7d %10d/%-7d %8d/%-7d %8.4f\n", k, files[k], perfect[k], act[k], acts[k], par[k], acts[k], val[k], vals[k], rec[k] / files[k]
     }' "$out" | sort
