# tests/package/common.sh — sourced by the tests of the suite "package".
#
# Environment (set by tests/meson.build): HUB_SOURCE_ROOT, the source tree
# (a git checkout); HUB_BUILD_ROOT, the meson build directory. Artifacts go
# to $HUB_BUILD_ROOT/package/.
set -eu

: "${HUB_SOURCE_ROOT:?HUB_SOURCE_ROOT is not set: run through meson test}"
: "${HUB_BUILD_ROOT:?HUB_BUILD_ROOT is not set: run through meson test}"
PKG_OUT="$HUB_BUILD_ROOT/package"
mkdir -p "$PKG_OUT"

say () { printf '%s\n' "$*"; }
fail () { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
skip () { printf 'SKIP: %s\n' "$*" >&2; exit 77; }

need_root () {
  [ "$(id -u)" -eq 0 ] || skip "$1 needs root (CI runs this suite as root): not root, so not run"
}

# A digest of every git-tracked file as it is in the working tree: the
# packages in $PKG_OUT were built from exactly this when the stamp matches.
source_digest () {
  git -C "$HUB_SOURCE_ROOT" ls-files -z -- . ":!tests/package" \
    | (cd "$HUB_SOURCE_ROOT" && xargs -0 sha256sum 2>/dev/null) | sha256sum | cut -d' ' -f1
}

# Builds the two packages from a copy of the git-tracked files (never in the
# source tree) into $PKG_OUT. Serialised with a lock; with $1 = reuse, a
# build of the same sources made earlier is kept.
build_debs () {
  mode=${1:-fresh}
  exec 9>"$PKG_OUT/.lock"
  flock 9
  digest=$(source_digest)
  if [ "$mode" = reuse ] && [ -f "$PKG_OUT/stamp" ] && [ "$(cat "$PKG_OUT/stamp")" = "$digest" ] \
     && ls "$PKG_OUT"/hubview_*.deb "$PKG_OUT"/hubview-sim_*.deb >/dev/null 2>&1; then
    say "packages of these sources already built: $(ls "$PKG_OUT"/*.deb | tr '\n' ' ')"
    flock -u 9
    return 0
  fi
  rm -f "$PKG_OUT"/stamp "$PKG_OUT"/*.deb "$PKG_OUT"/*.changes "$PKG_OUT"/*.buildinfo
  work=$(mktemp -d /tmp/hubview-pkg-XXXXXX)
  version=$(dpkg-parsechangelog -l "$HUB_SOURCE_ROOT/debian/changelog" -S Version)
  mkdir "$work/hubview-$version"
  (cd "$HUB_SOURCE_ROOT" && git ls-files -z | xargs -0 cp --parents -t "$work/hubview-$version")
  say "building hubview $version in $work (DEB_BUILD_OPTIONS='nocheck parallel=2')"
  start=$(date +%s)
  if ! (cd "$work/hubview-$version" \
        && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) \
        >"$PKG_OUT/build.log" 2>&1; then
    tail -n 40 "$PKG_OUT/build.log" >&2
    rm -rf "$work"
    fail "dpkg-buildpackage failed (log: $PKG_OUT/build.log)"
  fi
  say "built in $(( $(date +%s) - start )) s"
  mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$PKG_OUT"/
  rm -rf "$work"
  echo "$digest" >"$PKG_OUT/stamp"
  flock -u 9
}

deb_of () {
  set -- "$PKG_OUT"/"$1"_*_"$(dpkg --print-architecture)".deb
  [ -f "$1" ] || fail "no package $1"
  printf '%s\n' "$1"
}

# dpkg -i of both packages; any earlier install (an aborted run) is purged
# first. hubview.service is enabled but not started: dh_installsystemd
# --no-start, and without systemd as PID 1 deb-systemd-invoke starts nothing.
install_debs () {
  purge_debs quiet
  DEBIAN_FRONTEND=noninteractive dpkg -i "$(deb_of hubview)" "$(deb_of hubview-sim)" \
    >"$PKG_OUT/dpkg-install.log" 2>&1 \
    || { cat "$PKG_OUT/dpkg-install.log" >&2; fail "dpkg -i failed (all dependencies come with apt-get build-dep ./)"; }
}

purge_debs () {
  if dpkg-query -W -f='${db:Status-Abbrev}\n' hubview hubview-sim 2>/dev/null | grep -q '^.[^n]'; then
    [ "${1:-}" = quiet ] && say "purging an earlier install of hubview"
    DEBIAN_FRONTEND=noninteractive dpkg -P hubview hubview-sim >"$PKG_OUT/dpkg-purge.log" 2>&1 \
      || { cat "$PKG_OUT/dpkg-purge.log" >&2; fail "dpkg -P failed"; }
  fi
}
