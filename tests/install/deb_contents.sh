#!/usr/bin/env bash
# install.deb_contents BUILD_DIR
# Builds the .deb with CPack into a temporary folder (never installs it) and checks its
# file list, control fields and conffiles; then checks the shipped config with the shipped
# binary and plugins, unpacked into a temporary root.
set -euo pipefail
build=$(realpath "$1")
out=$(mktemp -d "${TMPDIR:-/tmp}/sockserv-deb-XXXXXX")
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$out" && cpack -G DEB -B "$out" --config "$build/CPackConfig.cmake" >"$out/cpack.log") \
  || { cat "$out/cpack.log"; fail "cpack"; }
deb=$(ls "$out"/*.deb)
echo "== $(basename "$deb")"
dpkg-deb -c "$deb" | awk '{print $6}' >"$out/contents"
cat "$out/contents"
for f in ./usr/bin/sockserv ./usr/lib/libsockserv.so.0 ./usr/lib/libsockserv_testing.so.0 \
         ./usr/lib/sockserv/plugins/echo.so ./usr/include/sockserv/server.hpp \
         ./usr/include/sockserv/testing.hpp ./usr/lib/cmake/sockserv/sockservConfig.cmake \
         ./usr/lib/cmake/sockserv/sockservTargets.cmake ./usr/lib/cmake/sockserv/SockservPlugin.cmake \
         ./usr/lib/pkgconfig/sockserv.pc ./etc/sockserv/sockserv.yaml \
         ./lib/systemd/system/sockserv.service; do
  grep -qx -- "$f" "$out/contents" || fail "not in the package: $f"
done
grep '^./usr/lib/sockserv/plugins/.' "$out/contents" \
  | grep -vqx -e './usr/lib/sockserv/plugins/echo.so' -e './usr/lib/sockserv/plugins/file.so' -e './usr/lib/sockserv/plugins/http.so' -e './usr/lib/sockserv/plugins/metrics.so' \
  && fail "a test or example plugin is packaged"

echo "== control"
dpkg-deb -f "$deb" Package Version Architecture Depends
[[ $(dpkg-deb -f "$deb" Package) == sockserv ]] || fail "Package"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libyaml-cpp0.7 libspdlog1.10 libfmt9 libboost-context1.81.0; do
  [[ $depends == *"$d"* ]] || fail "Depends lacks $d"
done
dpkg-deb -I "$deb" conffiles | grep -qx /etc/sockserv/sockserv.yaml || fail "conffiles"

echo "== unpacked"
dpkg-deb -x "$deb" "$out/root"
# The config switches to user nobody before loading plugins: let it read them, as it can
# under /usr once installed (mktemp -d made the folder 0700).
chmod 755 "$out"
unit=$out/root/lib/systemd/system/sockserv.service
grep -qx 'ExecStart=/usr/bin/sockserv run /etc/sockserv/sockserv.yaml' "$unit" || fail "ExecStart"
grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$unit" || fail "ExecReload"
# The shipped config is valid with the shipped binary and plugins (found in <exe>/../lib).
"$out/root/usr/bin/sockserv" check "$out/root/etc/sockserv/sockserv.yaml"
echo "PASS"
