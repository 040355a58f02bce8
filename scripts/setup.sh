#!/usr/bin/env bash
# Installs what sockserv needs from Debian 12's packages (only what is missing), then
# configures and builds it. Safe to run again: each step skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-context1.81-dev   # Asio, DLL, Beast (headers); Context (fibers)
  libyaml-cpp-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev                            # bench/micro (Google Benchmark), built when found
  libhiredis-dev                              # the chat plugin's Redis protocol (RESP) codec
  redis-server                                # the chat tests start their own, on a free port
  libssl-dev                                  # libcrypto: password hashes (file plugin)
  python3 netcat-openbsd curl lftp            # stock clients used by the tests
  python3-prometheus-client                   # the metrics tests parse scrapes with it
)
# scripts/fuzz.sh installs what it needs itself (clang, libclang-rt-14-dev): the default
# build and tests do not use them.

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The chat tests run redis-server themselves (a free loopback port, no persistence) and
# never use the service the package may have started; conf/chat-redis.yaml uses whatever
# Redis listens on 127.0.0.1:6379, that service or a `redis-server` started by hand.

cmake --preset default >/dev/null
cmake --build --preset default
