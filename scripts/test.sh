#!/usr/bin/env bash
# One command: install dependencies, build, run the text fuzzer for a short while, then
# every test, then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

if command -v clang >/dev/null; then
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DTL_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz-text >/dev/null
  mkdir -p build-fuzz/corpus
  cp samples/*.txt tests/fixtures/*.txt build-fuzz/corpus/
  if ! build-fuzz/fuzz-text -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 \
       -dict=tests/fuzz/text.dict build-fuzz/corpus >build-fuzz/fuzz.log 2>&1; then
    tail -60 build-fuzz/fuzz.log
    exit 1
  fi
  echo "fuzz-text: $(grep -E '^Done' build-fuzz/fuzz.log)"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
(cd build && ctest --output-on-failure)

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTL_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure)
