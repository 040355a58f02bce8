#!/usr/bin/env bash
# Fuzzes the http plugin's request parsing and path resolution with libFuzzer for SECONDS
# (default 60). Builds with clang in its own folder, build-fuzz/ (the default build is
# not touched); installs clang and the fuzzer runtime from Debian if missing. The corpus
# grows in build-fuzz/corpus/http; a crash is saved in build-fuzz/artifacts/ and makes
# this script fail. Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

packages=(clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "fuzz: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DSOCKSERV_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j1 --target http_fuzzer

corpus=build-fuzz/corpus/http
mkdir -p "$corpus" build-fuzz/artifacts
exec build-fuzz/bin/http_fuzzer -max_total_time="$seconds" -print_final_stats=1 \
  -dict=plugins/http/fuzz/http.dict -artifact_prefix=build-fuzz/artifacts/ \
  -timeout=10 -rss_limit_mb=2048 "$corpus" plugins/http/fuzz/seeds
