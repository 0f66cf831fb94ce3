#!/usr/bin/env bash
# Runs every benchmark of issue 10 and prints one markdown table: figure, value, target, met.
# Builds Release if needed and generates its data into build/bench-data/ when missing (never committed):
# a 10,000-question bank (tools/gen_bank.py) and a 1,000,000-response database (tools/gen_progress_db.py).
#   tools/bench.sh            everything
#   EXAMSIM_BENCH_DIR=DIR     generated data elsewhere
# The app's figures (start to first frame, CPU per frame, idle CPU, peak memory) come from the app's
# own benchmark (bench/app-bench.sh, under Xvfb) when build/examsim exists; otherwise their row says so.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${EXAMSIM_BUILD_DIR:-$root/build}"
data="${EXAMSIM_BENCH_DIR:-$build/bench-data}"
banks="$root/question-banks"

if [[ ! -x "$build/bank-bench" || ! -x "$build/store-bench" || ! -x "$build/paper-bench" || ! -x "$build/examsim-cli" ]]; then
  echo "building Release into $build ..." >&2
  EXAMSIM_BUILD_DIR="$build" EXAMSIM_BUILD_TYPE=Release "$root/tools/build.sh" -DEXAMSIM_BUILD_BENCH=ON >&2
fi
if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release' "$build/CMakeCache.txt"; then
  echo "warning: $build is not a Release build; the figures will be slow" >&2
fi
mkdir -p "$data"
if [[ ! -f "$data/bank-10k.json" ]]; then
  python3 "$root/tools/gen_bank.py" "$data/bank-10k.json" --questions 10000 >&2
fi
if [[ ! -f "$data/progress-1m.db" ]]; then
  python3 "$root/tools/gen_progress_db.py" "$data/progress-1m.db.part" --cli "$build/examsim-cli" >&2
  mv "$data/progress-1m.db.part" "$data/progress-1m.db"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| figure | value | target | met |"
echo "|---|---|---|---|"
"$build/bank-bench" "$banks" --runs 20 --label "the shipped banks"
"$build/bank-bench" "$data/bank-10k.json" --runs 5 --label "a generated 10,000-question bank" --target-mbps 100
"$build/paper-bench" "$banks"
"$build/store-bench" "$data/progress-1m.db" "$banks" 2>/dev/null
if [[ -x "$build/examsim" ]] && command -v xvfb-run >/dev/null; then
  # bench/app-bench.sh prints "name value unit" lines; each becomes a row with its target.
  "$root/bench/app-bench.sh" "$build" "$data/progress-1m.db" | awk '
    function row(figure, target, limit, below) {
      met = limit == "" ? "—" : (below ? ($2 < limit ? "yes" : "no") : "—")
      printf "| app: %s | %s %s | %s | %s |\n", figure, $2, $3, target, met
    }
    $1 == "app_first_frame_home_1m_responses" { row("start to first frame, home, 1,000,000-response database (Xvfb)", "< 300 ms", 300, 1) }
    $1 == "app_ui_cpu_per_frame_home" { row("CPU building the UI per frame, home (NewFrame to Render)", "< 1 ms", 1, 1) }
    $1 == "app_whole_frame_cpu_home" { row("whole frame with Mesa llvmpipe, home", "(reported)", "", 0) }
    $1 == "app_peak_memory_home" { $2 = sprintf("%.0f", $2 / 1024); $3 = "MB"; row("peak memory, home, 1,000,000-response database", "< 150 MB", 150, 1) }
    $1 == "app_ui_cpu_per_frame_exam" { row("CPU building the UI per frame, exam screen mid-paper (median)", "< 1 ms", 1, 1) }
    $1 == "app_ui_cpu_per_frame_exam_p99" { row("CPU building the UI per frame, exam screen mid-paper (p99)", "(reported)", "", 0) }
    $1 == "app_whole_frame_cpu_exam" { row("whole frame with Mesa llvmpipe, exam screen", "(reported)", "", 0) }
    $1 == "app_idle_cpu" { row("CPU while idle on the home screen (10 s)", "< 1 % of a core", 1, 1) }'
else
  echo "| app: start to first frame, CPU per frame, idle CPU, peak memory | not measured here (needs build/examsim and xvfb-run) | < 300 ms, < 1 ms, < 1 %, < 150 MB | — |"
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
