#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/ if needed and runs one or all.
#   tools/fuzz.sh TARGET SECONDS   TARGET: bank_loader profile_loader gift_import csv_import records_bundle
#   tools/fuzz.sh all SECONDS      each target in turn, SECONDS each
# Extra arguments after SECONDS go to libFuzzer (e.g. -jobs=1, -max_len=4096). Each run starts from the
# seed corpus (assembled from the shipped files into build-fuzz/seeds/) plus every input kept in
# tests/data/fuzz-regressions/TARGET/, grows build-fuzz/corpus/TARGET/, writes crashing inputs to
# build-fuzz/artifacts/TARGET/ and its log to build-fuzz/logs/. Exits non-zero when a run finds anything.
# Needs clang and libclang-rt-14-dev (tools/setup.sh --fuzz installs them). See docs/fuzzing/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets=(bank_loader profile_loader gift_import csv_import records_bundle)
if [[ $# -lt 2 ]]; then
  echo "usage: tools/fuzz.sh TARGET|all SECONDS [libFuzzer options]   (targets: ${targets[*]})" >&2; exit 2
fi
target="$1" seconds="$2"; shift 2
if [[ "$target" == all ]]; then run=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $target "* ]]; then run=("$target")
else echo "fuzz.sh: unknown target '$target' (targets: ${targets[*]})" >&2; exit 2; fi

build="${EXAMSIM_FUZZ_BUILD_DIR:-$root/build-fuzz}"
"$root/tools/setup.sh" --fuzz
# Only examcore and the fuzz targets: no GUI, tests, CLI or benchmarks.
CC=clang CXX=clang++ EXAMSIM_BUILD_DIR="$build" EXAMSIM_BUILD_TYPE=RelWithDebInfo EXAMSIM_JOBS="${EXAMSIM_JOBS:-1}" \
  "$root/tools/build.sh" -DEXAMSIM_FUZZ=ON -DEXAMSIM_BUILD_GUI=OFF -DEXAMSIM_BUILD_TESTS=OFF -DEXAMSIM_BUILD_BENCH=OFF

# The seeds of each target, from the files the project ships and tests with.
seeds_of() {
  case "$1" in
    bank_loader) ls "$root"/question-banks/*.json "$root"/tests/data/valid-bank.json "$root"/tests/data/lint/*.json 2>/dev/null ;;
    profile_loader) ls "$root"/question-banks/exams.json "$root"/tests/data/exams-fixture.json ;;
    gift_import) ls "$root"/tests/data/gift/* ;;
    csv_import) ls "$root"/tests/data/csv/* "$root"/docs/examples/*.csv ;;
    records_bundle) ls "$root"/docs/examples/records-bundle.json ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for t in "${run[@]}"; do
  seeds="$build/seeds/$t" corpus="$build/corpus/$t" artifacts="$build/artifacts/$t"
  rm -rf "$seeds" && mkdir -p "$seeds" "$corpus" "$artifacts" "$build/logs"
  while read -r f; do cp "$f" "$seeds/"; done < <(seeds_of "$t")
  dirs=("$corpus" "$seeds")
  [[ -d "$root/tests/data/fuzz-regressions/$t" ]] && dirs+=("$root/tests/data/fuzz-regressions/$t")
  log="$build/logs/$t-$(date -u +%Y-%m-%d-%H%M%S).log"
  echo "fuzz.sh: $t for ${seconds}s, log $log" >&2
  if ! "$build/fuzz_$t" -max_total_time="$seconds" -timeout=20 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$@" "${dirs[@]}" >"$log" 2>&1; then
    echo "fuzz.sh: $t FOUND A PROBLEM: see $log and $artifacts/" >&2; tail -n 40 "$log" >&2; status=1
  else
    grep -E '^(Done|stat::)' "$log" | sed "s/^/fuzz.sh: $t: /" >&2 || true
  fi
done
exit $status
