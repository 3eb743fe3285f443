#!/usr/bin/env bash
# Corpus run cost: full runs over 250, 500 and 1,000 documents (copies of the
# fixtures: text, PDF, DOCX, ODT, HTML) and a rerun over the unchanged 1,000.
# Prints seconds, documents/s and pages/s per size, so linear growth shows as a
# steady rate.   bench/corpus.sh [SIZES...]    default: 250 500 1000; JOBS=N sets --jobs
set -euo pipefail
cd "$(dirname "$0")/.."
tailan=${TAILAN:-build/tailan}
sizes=("${@:-250 500 1000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pool=(samples/*.txt tests/fixtures/seed00[0-4].pdf tests/fixtures/seed00[0-4].docx
      tests/fixtures/seed00[0-2].odt tests/fixtures/seed003.html)
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
printf '%8s %9s %9s %9s %9s\n' docs seconds docs/s pages pages/s
for n in "${sizes[@]}"; do
  src="$tmp/src$n" out="$tmp/out$n"
  mkdir -p "$src"
  for ((i = 0; i < n; i++)); do
    f=${pool[$((i % ${#pool[@]}))]}
    d="$src/d$((i / 100))"
    mkdir -p "$d"
    cp "$f" "$d/$i-$(basename "$f")"
  done
  s=$(t "$tailan" corpus build "$src" --out "$out" --quiet ${JOBS:+--jobs "$JOBS"})
  pages=$(sqlite3 "$out/catalog.sqlite" "select coalesce(sum(pages),0) from documents where status='ok'")
  printf '%8d %9.2f %9.1f %9d %9.1f\n' "$n" "$s" "$(echo "$n / $s" | bc -l)" "$pages" "$(echo "$pages / $s" | bc -l)"
  last=$n
done
r=$(t "$tailan" corpus build "$tmp/src$last" --out "$tmp/out$last" --quiet ${JOBS:+--jobs "$JOBS"})
printf 'rerun over %d unchanged documents: %.2f s\n' "$last" "$r"
