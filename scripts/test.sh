#!/usr/bin/env bash
# One command: install dependencies, build, run the fuzzers for a short while, then
# every test, then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)
# Leaks inside system libraries we cannot fix (see the file) are not failures.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"

# The fuzzers for a short while each (scripts/fuzz.sh HOURS for a long run).
# The suites run on every core; the tests with a deadline run alone (RUN_SERIAL).
if command -v clang >/dev/null; then
  scripts/fuzz.sh --seconds "${FUZZ_SECONDS:-20}" --no-merge
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTL_WERROR=ON >/dev/null
cmake --build build -j"$jobs" >/dev/null
(cd build && ctest -j"$jobs" --output-on-failure)

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTL_SANITIZE=ON -DTL_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest -j"$jobs" --output-on-failure)
