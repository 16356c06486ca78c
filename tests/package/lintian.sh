#!/bin/sh
# Suite package, test 2: lintian -E -I --pedantic on the .changes (both
# .debs, the .buildinfo) prints no E: and no W: line. Overrides, if any, are
# in debian/*.lintian-overrides, each with a comment giving the reason.
. "$(dirname "$0")/common.sh"

build_debs reuse
changes=$(ls "$PKG_OUT"/hubview_*.changes)
# lintian warns about running as root: as root, run it as nobody, on a copy
# of the .changes and its files in a directory of its own under /tmp (nobody
# may not enter the build tree: a clone under /root or in any 0700 folder),
# and from that directory (lintian goes back to its working directory)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  copy=$(mktemp -d /tmp/hubview-lintian-XXXXXX)
  trap 'rm -rf "$copy"' EXIT
  # build_debs leaves in $PKG_OUT the files of this one build: the .changes
  # names the two .debs and the .buildinfo
  cp "$PKG_OUT"/*.changes "$PKG_OUT"/*.buildinfo "$PKG_OUT"/*.deb "$copy"/
  chmod 0644 "$copy"/*
  mkdir "$copy/home" && chown nobody:nogroup "$copy/home"
  chmod 0755 "$copy"
  changes="$copy/$(basename "$changes")"
  cd "$copy"
  run="setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=$copy/home"
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
