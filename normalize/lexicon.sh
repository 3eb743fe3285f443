#!/usr/bin/env bash
# Builds the normalizer's lexicon: one lower-case word, or two words that follow each
# other, and its count per line, "word<TAB>count" / "word word<TAB>count", sorted.
# Words are counted in the clean texts given (plans and reports whose spelling is the
# official one: "авлига", "түвшин"); pairs seen at least twice are the context the
# normalizer checks a word against ("тамгын газар").  The words of
# normalize/data/domain-words.txt count 10 each (the templates' own spellings the
# seeds happen not to use).  Whether a word is Mongolian at all is hunspell-mn's
# question, asked at run time (normalize/spell.c): its word list is stems only.
#   normalize/lexicon.sh OUT CLEAN.txt...        (run by the build; by hand to look)
set -euo pipefail
export LC_ALL=C.utf8
out=$1
shift
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.seen" "$tmp.pairs"' EXIT
# Words: runs of Cyrillic letters (Mongolian's ү and ө included), lower-cased.
cat "$@" | tr -s '[:space:][:punct:][:digit:]' '\n' | grep -P '^\p{Cyrillic}{2,}$' |
  sed 's/.*/\L&/' | sort | uniq -c | awk '{print $2 "\t" $1}' >"$tmp.seen"
# Pairs: two such words with only spaces between them, on one line.
cat "$@" | perl -CSD -ne 'while (/(?<!\p{L})(\p{Cyrillic}{2,})(?=[ \t]+(\p{Cyrillic}{2,})(?!\p{L}))/g) { print lc("$1 $2"), "\n" }' |
  sort | uniq -c | awk '$1 >= 2 {print $2 " " $3 "\t" $1}' >"$tmp.pairs"
domain=$(dirname "$0")/data/domain-words.txt
grep -v '^#' "$domain" | awk -F'\t' 'NR == FNR {n[$1] = $2; next} {n[$1] += 10} END {for (w in n) print w "\t" n[w]}' \
  "$tmp.seen" - >"$tmp"
cat "$tmp.pairs" >>"$tmp"
LC_ALL=C sort -t '	' -k1,1 "$tmp" -o "$out.tmp"
mv "$out.tmp" "$out"
