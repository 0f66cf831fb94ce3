#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (the GUI smoke tests under Xvfb included).
# Exits non-zero when anything fails.
#   tools/test.sh              Release build in build/
#   tools/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-sanitize/
#                              (no GUI, no benchmarks: the release run covers the GUI smoke tests)
# The release run then runs each fuzz target for $EXAMSIM_FUZZ_SECONDS (default 20; 0 skips) when clang
# and libclang-rt-14-dev are installed (tools/fuzz.sh, docs/fuzzing/README.md).
# Extra arguments after the options go to ctest (e.g. -R validate).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake_args=()
sanitize=0
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  sanitize=1
  export EXAMSIM_BUILD_DIR="${EXAMSIM_BUILD_DIR:-$root/build-sanitize}"
  export EXAMSIM_BUILD_TYPE=RelWithDebInfo
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  cmake_args+=(-DEXAMSIM_SANITIZE=ON -DEXAMSIM_BUILD_GUI=OFF -DEXAMSIM_BUILD_BENCH=OFF)
fi
build="${EXAMSIM_BUILD_DIR:-$root/build}"
"$root/tools/setup.sh"
"$root/tools/build.sh" -DEXAMSIM_BUILD_TESTS=ON "${cmake_args[@]}"
cd "$build"
ctest --output-on-failure --timeout 600 "$@"
if [[ $sanitize == 0 && "${EXAMSIM_FUZZ_SECONDS:-20}" != 0 ]] && command -v clang++ >/dev/null &&
   dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
  "$root/tools/fuzz.sh" all "${EXAMSIM_FUZZ_SECONDS:-20}"
fi
