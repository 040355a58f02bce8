#!/usr/bin/env bash
# Sets everything up, then starts the default servers of conf/sockserv.yaml in the
# foreground; each server logs where it listens. Ctrl-C stops them gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/bin/sockserv run "${1:-conf/sockserv.yaml}"
