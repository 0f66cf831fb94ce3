#!/usr/bin/env bash
# Builds Release and runs the benchmark programs, generating the 1,000,000-response database first
# (in $EXAMSIM_BENCH_DIR, default /tmp/examsim-bench; it is never committed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${EXAMSIM_BUILD_DIR:-$root/build}"
work="${EXAMSIM_BENCH_DIR:-/tmp/examsim-bench}"
"$root/tools/setup.sh"
"$root/tools/build.sh" -DEXAMSIM_BUILD_BENCH=ON >/dev/null
mkdir -p "$work"
if [[ ! -f "$work/progress-1m.db" ]]; then
  python3 "$root/tools/gen_progress_db.py" "$work/progress-1m.db" --cli "$build/examsim-cli"
fi
echo "== banks and papers"
"$build/paper-bench" "$root/question-banks"
echo
echo "== progress store ($work/progress-1m.db)"
"$build/store-bench" "$work/progress-1m.db" "$root/question-banks"
