#!/bin/sh
# Suite package, test 2: lintian -E -I --pedantic on the .changes (both
# .debs, the .buildinfo) prints no E: and no W: line. Overrides, if any, are
# in debian/*.lintian-overrides, each with a comment giving the reason.
. "$(dirname "$0")/common.sh"

build_debs reuse
changes=$(ls "$PKG_OUT"/hubview_*.changes)
# lintian warns about running as root: run as nobody where possible
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  run="setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp"
  chmod a+rx "$PKG_OUT" && chmod a+r "$PKG_OUT"/*
else
  run=
fi
set +e
$run lintian -E -I --pedantic --no-cfg "$changes" >"$PKG_OUT/lintian.txt" 2>&1
status=$?
set -e
cat "$PKG_OUT/lintian.txt"
if grep -E '^(E|W): ' "$PKG_OUT/lintian.txt"; then
  fail "lintian reported errors or warnings (above)"
fi
[ "$status" -eq 0 ] || fail "lintian exited with $status"
say "ok: lintian -E -I --pedantic: no E: or W: ($(grep -c '^[IPX]: ' "$PKG_OUT/lintian.txt" || true) I:/P:/X: lines)"
