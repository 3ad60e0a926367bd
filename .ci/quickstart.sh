#!/usr/bin/env bash
# Quick start 1: set up, build, and run soaplint on the bundled example notes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOAPLINT_TESTS=OFF > /dev/null
cmake --build build --target soaplint
echo "== soaplint extract --format text fixtures/examples   (what soaplint understood)"
./build/soaplint extract --format text fixtures/examples
echo "== soaplint check fixtures/examples   (complete notes: no findings)"
./build/soaplint check fixtures/examples && echo "no findings"
echo "== soaplint check fixtures/rules/T003/bad-cms-33-plus-7-billed-4.txt   (a note billed wrong)"
./build/soaplint check fixtures/rules/T003/bad-cms-33-plus-7-billed-4.txt || true
