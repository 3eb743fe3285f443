#!/usr/bin/env bash
# One command: install dependencies, build, run every test; then the same tests under
# AddressSanitizer + UndefinedBehaviorSanitizer, and the text fuzzer for a short while.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure)

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTL_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure)

if command -v clang >/dev/null; then
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DTL_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz-text
  mkdir -p build-fuzz/corpus
  cp samples/*.txt tests/fixtures/*.txt build-fuzz/corpus/
  build-fuzz/fuzz-text -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 \
    -dict=tests/fuzz/text.dict build-fuzz/corpus
fi
