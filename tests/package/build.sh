#!/bin/sh
# Suite package, test 1: dpkg-buildpackage -us -uc -b builds hubview and
# hubview-sim from a copy of the git-tracked files, and each holds its files.
. "$(dirname "$0")/common.sh"

build_debs fresh

hub=$(deb_of hubview)
sim=$(deb_of hubview-sim)
dpkg-deb -c "$hub" >"$PKG_OUT/hubview.contents"
dpkg-deb -c "$sim" >"$PKG_OUT/hubview-sim.contents"

expect () {
  grep -Eq -- " \./$2\$" "$PKG_OUT/$1.contents" || fail "$1 lacks /$2"
}
refuse () {
  ! grep -q -- "$2" "$PKG_OUT/$1.contents" || fail "$1 must not contain $2"
}
for f in usr/bin/hubview usr/bin/hubview-verify etc/hubview/hubview.conf \
         etc/hubview/trust-roots.d/ lib/systemd/system/hubview.service \
         usr/lib/sysusers.d/hubview.conf etc/pam.d/hubview \
         usr/share/glib-2.0/schemas/io.hubview.Hubview.gschema.xml \
         usr/share/applications/io.hubview.Hubview.desktop \
         usr/share/metainfo/io.hubview.Hubview.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/io.hubview.Hubview.svg \
         usr/lib/udev/rules.d/70-hubview-backlight.rules \
         usr/share/man/man1/hubview.1.gz usr/share/man/man1/hubview-verify.1.gz \
         "usr/share/doc/hubview/kiosk.md(.gz)?" usr/share/doc/hubview/copyright; do
  expect hubview "$f"
done
for f in usr/bin/hubview-sim usr/share/hubview-sim/demo-keys.json \
         usr/share/man/man1/hubview-sim.1.gz; do
  expect hubview-sim "$f"
done
refuse hubview 'hubview-sim'
refuse hubview 'demo'
refuse hubview 'trust-roots.d/.'
refuse hubview-sim 'usr/bin/hubview$'

# the configuration file is a conffile, the trust directory empty
dpkg-deb --ctrl-tarfile "$hub" | tar -xO ./conffiles | grep -qx /etc/hubview/hubview.conf \
  || fail "/etc/hubview/hubview.conf is not a conffile"
# no build-tree path in the installed program (it would look for a simulator there)
tmp=$(mktemp -d)
dpkg-deb -x "$hub" "$tmp"
if grep -q -a 'obj-.*-linux-gnu' "$tmp/usr/bin/hubview"; then
  rm -rf "$tmp"; fail "usr/bin/hubview embeds a build-tree path"
fi
rm -rf "$tmp"

dpkg-deb -I "$hub" control
ls -l "$PKG_OUT"/*.deb
say "ok: both packages built, with their files"
