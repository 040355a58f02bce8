#!/usr/bin/env bash
# install.out_of_tree BUILD_DIR SOURCE_DIR
# Installs the framework into a temporary prefix, builds examples/plugins/greet against it
# as an out-of-tree project, runs greet's own tests, then serves greet and the bundled echo
# with the installed `sockserv`: `check`, then `run`, a request to each, SIGTERM, exit 0.
# Every wait is bounded.
set -euo pipefail
build=$(realpath "$1")
source=$(realpath "$2")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockserv-install-XXXXXX")
prefix=$tmp/prefix
server=""
cleanup() {
  if [[ -n $server ]]; then kill -KILL "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
for f in bin/sockserv lib/libsockserv.so.0 lib/libsockserv_testing.so.0 \
         lib/sockserv/plugins/echo.so include/sockserv/server.hpp include/sockserv/testing.hpp \
         lib/cmake/sockserv/sockservConfig.cmake lib/cmake/sockserv/SockservPlugin.cmake \
         lib/pkgconfig/sockserv.pc; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done
[[ ! -e $prefix/etc ]] || fail "a plain install wrote etc/ (the config belongs to the .deb)"
ls "$prefix/lib/sockserv/plugins" | grep -qvx -e 'echo.so' -e 'file.so' -e 'http.so' -e 'metrics.so' && fail "a test or example plugin was installed"
ls "$prefix/include/sockserv" | grep -q '_impl\|\.h$' && fail "a private header was installed"
# Relocatable: the installed binary finds libsockserv.so in the prefix, not in the build tree.
readelf -d "$prefix/bin/sockserv" | grep -q 'R.*PATH.*\$ORIGIN/../lib' || fail "binary RPATH"
readelf -d "$prefix/bin/sockserv" | grep -q "$build" && fail "binary RPATH names the build tree"
ldd "$prefix/bin/sockserv" | grep "libsockserv.so" | grep -q "=> $prefix/" || fail "ldd: libsockserv.so not from the prefix"
PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs sockserv-testing | grep -q -- "-lsockserv" \
  || fail "pkg-config"

step "configure and build examples/plugins/greet against the install"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$source/examples/plugins/greet" -B "$tmp/greet-build" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/configure.log" \
  || { cat "$tmp/configure.log"; fail "configure greet"; }
cmake --build "$tmp/greet-build" -j1

step "greet's own tests (sockserv::testing)"
ctest --test-dir "$tmp/greet-build" --output-on-failure --timeout 60

step "sockserv plugins: the installed folder is searched with no configuration"
# Into a file first: with pipefail, `grep -q` quitting early would fail the pipe (SIGPIPE).
"$prefix/bin/sockserv" plugins >"$tmp/plugins.txt"
grep -q 'echo' "$tmp/plugins.txt" || fail "sockserv plugins does not list echo"

step "sockserv check: echo from the installed plugin folder, greet from plugin_path"
cat >"$tmp/sockserv.yaml" <<YAML
plugin_path: [greet-build/plugins]
allow_root: true   # the suite runs as root in CI; greet-build is in a 0700 temporary folder
servers:
  greet:
    listen: tcp://127.0.0.1:0
    policy: {type: coroutine, threads: 1}
    handler: {plugin: greet, greeting: bonjour}
  echo:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
YAML
"$prefix/bin/sockserv" check "$tmp/sockserv.yaml"

step "sockserv run"
"$prefix/bin/sockserv" run "$tmp/sockserv.yaml" >"$tmp/run.log" 2>&1 &
server=$!
port_of() { sed -n "s/.*\[$1\].*listening on tcp:\/\/127.0.0.1:\([0-9]*\).*/\1/p" "$tmp/run.log" | head -1; }
for _ in $(seq 200); do
  [[ -n $(port_of greet) && -n $(port_of echo) ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/run.log"; fail "sockserv run exited early"; }
  sleep 0.1
done
[[ -n $(port_of greet) && -n $(port_of echo) ]] || { cat "$tmp/run.log"; fail "no 'listening on'"; }
ask() {  # ask PORT LINE: one line sent, one line back, within 5 s
  python3 - "$1" "$2" <<'PY'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as s:
    s.sendall(sys.argv[2].encode() + b"\n")
    print(s.makefile().readline(), end="")
PY
}
[[ $(ask "$(port_of greet)" Ada) == "bonjour, Ada!" ]] || { cat "$tmp/run.log"; fail "greet answer"; }
[[ $(ask "$(port_of echo)" ping) == "ping" ]] || { cat "$tmp/run.log"; fail "echo answer"; }

step "SIGTERM"
kill -TERM "$server"
for _ in $(seq 150); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
kill -0 "$server" 2>/dev/null && { cat "$tmp/run.log"; fail "still running 15 s after SIGTERM"; }
rc=0
wait "$server" || rc=$?
server=""
[[ $rc -eq 0 ]] || { cat "$tmp/run.log"; fail "sockserv run exited $rc after SIGTERM"; }
echo "PASS"
