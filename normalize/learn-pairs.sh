#!/usr/bin/env bash
# Makes (garbled, correct) word pairs for learning the OCR confusions: each page of the
# digital PDFs given is rendered at low resolution, read by Tesseract (mon+eng, as the
# OCR extractor reads), and diffed word by word against the page's own text layer;
# single words that came out a little different (at most 2 letters in 5) are a pair.
# Prints the normalizer's pair format, "train<TAB>garbled<TAB>correct".
#   normalize/learn-pairs.sh DPI FILE.pdf... > pairs.tsv
#   build/tests/norm-learn pairs.tsv tests/fixtures/normalize-dev.tsv
# Needs pdftoppm and pdftotext (poppler-utils), the tesseract command (tesseract-ocr)
# and git (its word diff aligns the texts).  A development aid: the build does not
# run it; its output is tests/fixtures/normalize-train.tsv.
set -euo pipefail
export LC_ALL=C.utf8
dpi=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pdf in "$@"; do
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  for ((p = 1; p <= pages; p++)); do
    pdftoppm -r "$dpi" -gray -png -f "$p" -l "$p" -singlefile "$pdf" "$tmp/page"
    OMP_THREAD_LIMIT=1 tesseract "$tmp/page.png" "$tmp/ocr" -l mon+eng >/dev/null 2>&1
    pdftotext -f "$p" -l "$p" "$pdf" "$tmp/text.txt"
    git diff --no-index --word-diff=porcelain "$tmp/text.txt" "$tmp/ocr.txt" || true
  done
done | grep -v '^@@\|^diff\|^index\|^---\|^+++' |
  awk '/^-/ {m = m " " substr($0, 2); next}
       /^\+/ {p = p " " substr($0, 2); next}
       {if (m != "" && p != "") print substr(p, 2) "\t" substr(m, 2); m = ""; p = ""}' |
  perl -CSD -ne 'chomp; my ($g, $c) = split /\t/;
    # one word each, letters only around the punctuation, Cyrillic
    for ($g, $c) { s/^[[:punct:]«»“”„]+|[[:punct:]«»“”„]+$//g }
    next if $g =~ /\s/ || $c =~ /\s/ || $g eq $c;
    next unless $g =~ /^\p{Cyrillic}+$/ && $c =~ /^\p{Cyrillic}{3,}$/;
    # close: the same length give or take one, and most letters shared
    my ($lg, $lc) = (length $g, length $c);
    next if abs($lg - $lc) > 1;
    # a different first letter is mostly a table rule read as a letter (the OCR
    # extractor takes rules out first); case is no confusion
    my ($a, $b) = (lc $g, lc $c);
    next if $a eq $b || substr($a, 0, 1) ne substr($b, 0, 1);
    my %h; $h{$_}++ for split //, lc $c; my $shared = 0;
    for (split //, lc $g) { if ($h{$_}) { $shared++; $h{$_}-- } }
    next if $shared * 5 < $lc * 3;
    print "train\t$g\t$c\n"'
