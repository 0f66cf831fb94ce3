#!/usr/bin/env bash
# Installs what is missing, builds Release and opens the app with the bundled banks.
# Arguments are passed to examsim (try --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh"
"$root/tools/build.sh" >/dev/null
exec "${EXAMSIM_BUILD_DIR:-$root/build}/examsim" "$@"
