#!/usr/bin/env bash
# Runs every libFuzzer harness (needs clang): scripts/fuzz.sh HOURS for a long run,
# the hours shared out among the harnesses, two at a time (the machine's cores);
# scripts/fuzz.sh --seconds N --no-merge for CI's short run (N seconds each).
#
# Each harness starts from its corpus kept in the repo (tests/fuzz/corpus/NAME), plus
# the fixtures as extra seeds; what it finds goes to build-fuzz/work-NAME, and after a
# long run the inputs that reach new code are merged (minimised) back into the repo's
# corpus, so the next run starts where this one stopped: commit them.  A crash, leak or
# timeout stops with the harness's log and the input in build-fuzz/artifacts/.
# Prints each harness's executions per second.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds= merge=1
case "${1:-}" in
--seconds) seconds=$2; shift 2 ;;
'' | -h | --help) echo "usage: scripts/fuzz.sh HOURS | --seconds N [--no-merge]" >&2; exit 2 ;;
*) seconds=$(awk -v h="$1" 'BEGIN { printf "%d", h * 3600 / 4 }'); shift ;;
esac
[ "${1:-}" = --no-merge ] && merge=0
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
jobs=$(nproc)

# -O1: the normalizer searches its lexicon for every unknown word, which at -O0 under
# ASan takes seconds for a 64 KB page of them (libFuzzer advises -O1 anyway).
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 -DTL_FUZZ=ON -DTL_WERROR=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz-text fuzz-pdf fuzz-docx fuzz-html fuzz-normalize fuzz-image fuzz-layout >/dev/null
mkdir -p build-fuzz/artifacts

# run NAME DICT MAX_LEN [EXTRA_SEED_DIR...]
run() {
  local name=$1 dict=$2 maxlen=$3
  shift 3
  local work=build-fuzz/work-$name log=build-fuzz/fuzz-$name.log
  mkdir -p "$work"
  if ! "build-fuzz/fuzz-$name" -max_total_time="$seconds" -max_len="$maxlen" -timeout=20 -rss_limit_mb=4096 \
       -dict="$dict" -artifact_prefix=build-fuzz/artifacts/"$name"- -print_final_stats=1 \
       "$work" "tests/fuzz/corpus/$name" "$@" >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz-$name: FAILED (input in build-fuzz/artifacts/)"
    return 1
  fi
  local runs secs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
  echo "fuzz-$name: $runs runs in $secs s, $(( runs / (secs > 0 ? secs : 1) )) executions/s, no crash"
  if [ "$merge" = 1 ]; then
    "build-fuzz/fuzz-$name" -merge=1 -max_len="$maxlen" "tests/fuzz/corpus/$name" "$work" >>"$log" 2>&1
  fi
}

# Text and HTML seeds beyond the kept corpus: the samples and fixtures as they are.
mkdir -p build-fuzz/seed-text build-fuzz/seed-html
cp samples/*.txt build-fuzz/seed-text/
cp tests/fixtures/seed003.html build-fuzz/seed-html/

# Two harnesses at once: one core each.
status=0
run pdf tests/fuzz/pdf.dict 8192 & p1=$!
run image tests/fuzz/image.dict 65536 & p2=$!
wait $p1 || status=1; wait $p2 || status=1
run text tests/fuzz/text.dict 16384 build-fuzz/seed-text & p1=$!
run html tests/fuzz/html.dict 32768 build-fuzz/seed-html & p2=$!
wait $p1 || status=1; wait $p2 || status=1
run docx tests/fuzz/docx.dict 131072 & p1=$!
run normalize tests/fuzz/text.dict 1024 & p2=$!
wait $p1 || status=1; wait $p2 || status=1
run layout tests/fuzz/layout.dict 8192 || status=1
exit $status
