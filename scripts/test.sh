#!/usr/bin/env bash
# One command: install dependencies, build, run the fuzzers for a short while, then
# every test, then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)
# Leaks inside system libraries we cannot fix (see the file) are not failures.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"

# fuzz NAME DICT MAX_LEN SEED...: runs one harness for FUZZ_SECONDS (default 45).
fuzz() {
  local name=$1 dict=$2 maxlen=$3
  shift 3
  mkdir -p "build-fuzz/corpus-$name"
  cp "$@" "build-fuzz/corpus-$name/"
  if ! "build-fuzz/fuzz-$name" -max_total_time="${FUZZ_SECONDS:-45}" -max_len="$maxlen" \
       -timeout=20 -dict="$dict" "build-fuzz/corpus-$name" >"build-fuzz/fuzz-$name.log" 2>&1; then
    tail -60 "build-fuzz/fuzz-$name.log"
    exit 1
  fi
  echo "fuzz-$name: $(grep -E '^Done' "build-fuzz/fuzz-$name.log")"
}

if command -v clang >/dev/null; then
  # -O1: the normalizer searches its lexicon for every unknown word, which at -O0
  # under ASan takes seconds for a 64 KB page of them (libFuzzer advises -O1 anyway).
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 -DTL_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz-text fuzz-pdf fuzz-docx fuzz-html fuzz-normalize >/dev/null
  fuzz text tests/fuzz/text.dict 65536 samples/*.txt tests/fixtures/*.txt
  fuzz pdf tests/fuzz/pdf.dict 131072 tests/fixtures/portrait.pdf tests/fixtures/seed002.pdf \
    tests/fixtures/mixed.pdf tests/fixtures/bad/*.pdf
  # Seeds (see the harness): a packed document.xml, a whole package, a packed content.xml.
  mkdir -p build-fuzz/seed-docx
  printf '\0' >build-fuzz/seed-docx/0
  unzip -p tests/fixtures/numbered.docx word/document.xml >>build-fuzz/seed-docx/0
  { printf '\1'; cat tests/fixtures/numbered.docx; } >build-fuzz/seed-docx/1
  { printf '\2'; unzip -p tests/fixtures/numbered.odt content.xml; } >build-fuzz/seed-docx/2
  fuzz docx tests/fuzz/docx.dict 131072 build-fuzz/seed-docx/*
  fuzz html tests/fuzz/html.dict 131072 tests/fixtures/seed003.html
  FUZZ_SECONDS=${FUZZ_SECONDS:-30} fuzz normalize tests/fuzz/text.dict 65536 samples/*.txt
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
(cd build && ctest --output-on-failure)

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTL_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure)
