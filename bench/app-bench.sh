#!/usr/bin/env bash
# The app's figures under Xvfb (issue 10): start to first frame with the shipped banks and a database of
# 1,000,000 responses, CPU per frame (building the UI, and the whole frame with Mesa's software
# renderer), CPU while idle on the home screen, and peak memory. Prints "name value unit" lines.
# Usage: bench/app-bench.sh [BUILD_DIR] [BIG_DB]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
big="${2:-$build/bench-data/progress-1m.db}"
app="$build/examsim"
if [[ ! -f "$big" ]]; then
    mkdir -p "$(dirname "$big")"
    python3 "$root/tools/gen_progress_db.py" "$big" --cli "$build/examsim-cli" >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

# Start to first frame and frame costs on the home screen of a learner with 2,000 answers.
cp "$big" "$work/run.db"
xvfb-run -a /usr/bin/time -f "peak_rss_kb %M" "$app" --screen home --measure 300 --db "$work/run.db" --learner "Learner 0001" \
    >"$work/home.txt" 2>&1
sed -n 's/^first_frame_ms \(.*\)/app_first_frame_home_1m_responses \1 ms/p; s/^ui_cpu_ms_median \(.*\)/app_ui_cpu_per_frame_home \1 ms/p; s/^frame_cpu_ms_median \(.*\)/app_whole_frame_cpu_home \1 ms/p; s/^peak_rss_kb \(.*\)/app_peak_memory_home \1 kB/p' "$work/home.txt"
# The exam screen mid-paper (sample data: a Foundation exam with 12 of 40 answered).
xvfb-run -a "$app" --screen exam --measure 300 >"$work/exam.txt" 2>&1
sed -n 's/^ui_cpu_ms_median \(.*\)/app_ui_cpu_per_frame_exam \1 ms/p; s/^ui_cpu_ms_p99 \(.*\)/app_ui_cpu_per_frame_exam_p99 \1 ms/p; s/^frame_cpu_ms_median \(.*\)/app_whole_frame_cpu_exam \1 ms/p' "$work/exam.txt"

# Idle: the app left alone on the home screen; CPU time used over 10 seconds after it settled.
cp "$big" "$work/idle.db"
xvfb-run -a sh -c "\"$app\" --screen home --db \"$work/idle.db\" --learner 'Learner 0001' & pid=\$!; sleep 4; \
  a=\$(awk '{print \$14+\$15}' /proc/\$pid/stat); sleep 10; b=\$(awk '{print \$14+\$15}' /proc/\$pid/stat); \
  kill \$pid; wait \$pid 2>/dev/null; echo \"app_idle_cpu \$(echo \"(\$b-\$a)/$(getconf CLK_TCK)/10*100\" | bc -l | xargs printf '%.2f') %\"" 2>/dev/null
