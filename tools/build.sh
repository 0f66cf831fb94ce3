#!/usr/bin/env bash
# Configures and builds into build/ (or $EXAMSIM_BUILD_DIR). Extra arguments go to cmake's configure
# step. Used by run.sh and test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${EXAMSIM_BUILD_DIR:-$root/build}"
generator=()
if [[ ! -f "$build/CMakeCache.txt" ]] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE="${EXAMSIM_BUILD_TYPE:-Release}" "$@" >/dev/null
cmake --build "$build" --parallel "${EXAMSIM_JOBS:-2}"
