#!/usr/bin/env bash
# Quick start 2: build and run the whole test suite (CTest + doctest). `.ci/run` runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
build="${SOAPLINT_BUILD_DIR:-build-test}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOAPLINT_TESTS=ON -DSOAPLINT_WERROR=ON ${SOAPLINT_CMAKE_ARGS:-} > /dev/null
cmake --build "$build"
ctest --test-dir "$build" --output-on-failure --no-tests=error -j2
