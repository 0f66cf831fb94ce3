#!/usr/bin/env bash
# Installs the Debian packages ExamSim 20000 needs to build, run and test. Idempotent: quiet and quick
# when everything is present. Usage: tools/setup.sh [--fuzz]
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri libfontconfig-dev fonts-dejavu-core
  libsqlite3-dev libsqlitecpp-dev nlohmann-json3-dev doctest-dev libcli11-dev libfmt-dev
  xvfb xauth xdotool sqlite3 python3 python3-jsonschema
)
if [[ "${1:-}" == "--fuzz" ]]; then packages+=(clang libclang-rt-14-dev); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo=(sudo); else
    echo "setup: not root and no sudo; install these packages: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
