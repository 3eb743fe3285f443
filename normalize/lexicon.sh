#!/usr/bin/env bash
# Builds the normalizer's lexicon: one lower-case word and its count per line,
# "word<TAB>count", sorted.  Words are counted in the clean texts given (plans and
# reports whose spelling is the official one: "авлига", "түвшин"), and the stems of
# Debian's hunspell-mn word list are added with count 0 when it is installed (its
# own spellings "авилга", "төвшин" never outweigh the documents').
# The words of normalize/data/domain-words.txt count 10 each (the templates' own
# spellings the seeds happen not to use).
#   normalize/lexicon.sh OUT CLEAN.txt...        (run by the build; by hand to look)
set -euo pipefail
export LC_ALL=C.utf8
out=$1
shift
dic=${HUNSPELL_MN:-/usr/share/hunspell/mn_MN.dic}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# Words: runs of Cyrillic letters (Mongolian's ү and ө included), lower-cased.
cat "$@" | tr -s '[:space:][:punct:][:digit:]' '\n' | grep -P '^\p{Cyrillic}{2,}$' |
  sed 's/.*/\L&/' | sort | uniq -c | awk '{print $2 "\t" $1}' >"$tmp.seen"
domain=$(dirname "$0")/data/domain-words.txt
grep -v '^#' "$domain" | awk -F'\t' 'NR == FNR {n[$1] = $2; next} {n[$1] += 10} END {for (w in n) print w "\t" n[w]}' \
  "$tmp.seen" - >"$tmp"
rm -f "$tmp.seen"
if [ -r "$dic" ]; then
  # Stems before the affix flags; a capital first letter is a name: left out.
  tail -n +2 "$dic" | cut -d/ -f1 | grep -P '^\p{Ll}\p{Cyrillic}+$' | sort -u |
    awk -F'\t' 'NR == FNR {seen[$1] = 1; print; next} !($1 in seen) {print $1 "\t0"}' "$tmp" - >"$out.tmp"
else
  cp "$tmp" "$out.tmp"
fi
LC_ALL=C sort -t '	' -k1,1 "$out.tmp" -o "$out.tmp"
mv "$out.tmp" "$out"
