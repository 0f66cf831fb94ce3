#!/usr/bin/env bash
# A learner sits a whole Foundation exam with the keyboard alone (no mouse), the way a keyboard or
# screen-reader user would: under Xvfb, xdotool types the learner's name, opens the Foundation exam from
# the home screen, answers all 40 questions with a letter and Right, submits with Ctrl+Enter and
# confirms with Enter. The database must then hold one submitted Foundation exam with 40 answers.
# Usage (ctest runs it): xvfb-run -a tests/keyboard_exam.sh EXAMSIM EXAMSIM-CLI
# Keys are held for 100 ms: ImGui 1.86 reads key state once a frame, so a press and release inside one
# frame can be missed.
set -euo pipefail
app="$1" cli="$2"
command -v xdotool >/dev/null || { echo "keyboard_exam: xdotool is missing (tools/setup.sh installs it)" >&2; exit 1; }
work="$(mktemp -d)"
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
db="$work/progress.db"
"$app" --db "$db" --size 1280x800 >"$work/app.log" 2>&1 &
pid=$!
win="$(timeout 30 xdotool search --sync --onlyvisible --name "ExamSim 20000" | head -1)"
[[ -n $win ]] || { echo "keyboard_exam: the window did not appear" >&2; cat "$work/app.log" >&2; exit 1; }
sleep 1
press() {
  for k in "$@"; do
    xdotool keydown --window "$win" "$k"; sleep 0.1
    xdotool keyup --window "$win" "$k"; sleep 0.05
  done
}
type_text() {
  local i c
  for ((i = 0; i < ${#1}; i++)); do c="${1:i:1}"; [[ $c == " " ]] && c=space; press "$c"; done
}

# The learner screen: the name field has the focus; Enter creates the learner and opens the home screen.
type_text "Kim Keys"; press Return; sleep 0.5
# Home: Tab enters the level cards; Down walks to "Start Foundation exam"; Space presses it.
press Tab Down Down Down space; sleep 1
# The exam: a letter answers, Right goes to the next question.
for _ in $(seq 1 40); do press a Right; done
# Ctrl+Enter asks to submit; Enter confirms.
xdotool keydown --window "$win" ctrl; press Return; xdotool keyup --window "$win" ctrl; sleep 0.5
press Return; sleep 1
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

got="$(sqlite3 "$db" "SELECT a.profile_id || ' ' || a.status || ' ' || (SELECT count(*) FROM responses r WHERE r.attempt_id = a.id AND r.answer != '{\"m\":[],\"s\":[]}') FROM attempts a")"
if [[ "$got" != "foundation submitted 40" ]]; then
  echo "keyboard_exam: expected one submitted Foundation exam with 40 answers; the database holds: '${got}'" >&2
  "$cli" --db "$db" history --learner "Kim Keys" >&2 || true
  exit 1
fi
echo "keyboard_exam: a Foundation exam sat with the keyboard alone: $got"
