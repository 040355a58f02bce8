#!/usr/bin/env bash
# The benchmark suite (docs/benchmarks.md): installs what it needs, builds what is missing,
# then runs every scenario x server with repeats interleaved, servers pinned to CPU 1 and
# the load to CPU 0, loopback only. Prints markdown tables; raw JSON lines go to
# build/bench/results-TIME.jsonl (and the tables beside them, .md).
#   bench/run.sh                      full run (3 repeats x 5 s; about 20 minutes)
#   bench/run.sh --quick              1 repeat x 1 s (a few minutes), for development
#   bench/run.sh --only tcp-64,idle --repeats 5 --duration 10
#   bench/run.sh --help               every option and scenario
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(nginx-light wrk python3 util-linux)   # util-linux: taskset
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ $(nproc) -lt 2 ]]; then
  echo "bench: needs 2 CPUs (server on CPU 1, load on CPU 0); this machine has $(nproc)" >&2
  exit 2
fi

build=build prev=""
for arg in "$@"; do
  [[ $prev == --build ]] && build=$arg
  prev=$arg
done
# The default build folder is configured and brought up to date (cheap when it is: ninja
# only checks timestamps); another --build folder is used as it is.
if [[ $build == build ]]; then
  [[ -f build/build.ninja ]] || cmake --preset default >/dev/null
  cmake --build build -j2 --target sockserv_app echo http sockserv-load sockserv-ref-echo \
    sockserv-ref-http sockserv-fork-cost >/dev/null
fi

# 10,000 idle connections need more descriptors than the usual 1024, in the load tool and
# in the server alike (both inherit this limit).
hard=$(ulimit -Hn)
[[ $hard == unlimited ]] && hard=65536
ulimit -n $((hard < 65536 ? hard : 65536))

# The harness starts every server in a session of its own and stops each by its PID; this
# trap stops the harness itself (which then stops its servers) on Ctrl-C or an error.
harness=""
stop() { [[ -n $harness ]] && kill -TERM "$harness" 2>/dev/null && wait "$harness" 2>/dev/null; }
trap 'stop; exit 130' INT TERM
trap stop EXIT
python3 bench/harness/bench.py "$@" &
harness=$!
status=0
wait "$harness" || status=$?
harness=""
exit $status
