#!/usr/bin/env bash
# Installs what soaplint needs on Debian 12 (idempotent; apt runs only when something is missing).
set -euo pipefail
packages=(g++ cmake ninja-build libicu-dev doctest-dev libboost1.81-dev
          libboost-program-options1.81-dev libboost-json1.81-dev python3 python3-jsonschema
          pre-commit git chromium python3-distributed)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
