#!/usr/bin/env bash
# Quick start 1: set up, build, and run soaplint on the bundled example notes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOAPLINT_TESTS=OFF > /dev/null
cmake --build build --target soaplint
echo "== soaplint extract --format text fixtures/examples"
./build/soaplint extract --format text fixtures/examples
