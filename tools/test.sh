#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (the GUI smoke tests under Xvfb included).
# Exits non-zero when anything fails.
#   tools/test.sh              Release build in build/
#   tools/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-sanitize/
# Extra arguments after the options go to ctest (e.g. -R validate).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake_args=()
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  export EXAMSIM_BUILD_DIR="${EXAMSIM_BUILD_DIR:-$root/build-sanitize}"
  export EXAMSIM_BUILD_TYPE=RelWithDebInfo
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  cmake_args+=(-DEXAMSIM_SANITIZE=ON)
fi
build="${EXAMSIM_BUILD_DIR:-$root/build}"
"$root/tools/setup.sh"
"$root/tools/build.sh" -DEXAMSIM_BUILD_TESTS=ON "${cmake_args[@]}"
cd "$build"
ctest --output-on-failure --timeout 600 "$@"
