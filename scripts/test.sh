#!/usr/bin/env bash
# Sets everything up, then runs every test (unit, integration, examples) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --preset default "$@"
