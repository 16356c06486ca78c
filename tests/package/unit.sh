#!/bin/sh
# Suite package, test 3: the unit as packaged passes systemd-analyze verify,
# says what the kiosk needs, and its sandbox keeps systemd-analyze security's
# exposure at or below 2.0 (1.6 as written; see docs/kiosk.md).
. "$(dirname "$0")/common.sh"

build_debs reuse
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$(deb_of hubview)" "$root"
unit="$root/lib/systemd/system/hubview.service"
[ -f "$unit" ] || fail "no hubview.service in the package"

# verify wants the binaries of ExecStart: the packaged hubview, cage on PATH
command -v cage >/dev/null || fail "cage is not installed (apt-get build-dep ./)"
systemd-analyze verify --man=no "$unit" 2>&1 | tee "$PKG_OUT/unit-verify.txt"
[ ! -s "$PKG_OUT/unit-verify.txt" ] || fail "systemd-analyze verify complained (above)"

for line in 'User=hubview' 'PAMName=hubview' 'TTYPath=/dev/tty1' \
            'Conflicts=getty@tty1.service' 'StateDirectory=hubview' 'Restart=always' \
            'Environment=WLR_LIBINPUT_NO_DEVICES=1' 'WantedBy=multi-user.target' \
            'NoNewPrivileges=yes' 'ProtectSystem=strict' 'CapabilityBoundingSet=' \
            'SystemCallArchitectures=native' \
            'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK'; do
  grep -qx -- "$line" "$unit" || fail "hubview.service lacks '$line'"
done
grep -q '^ExecStart=/usr/bin/cage -d -- /usr/bin/hubview$' "$unit" \
  || fail "hubview.service does not run cage -d -- hubview"
# the PAM service it names is in the package
[ -f "$root/etc/pam.d/hubview" ] || fail "no PAM service hubview"

systemd-analyze security --offline=true --threshold=20 "$unit" >"$PKG_OUT/unit-security.txt" 2>&1 \
  || { cat "$PKG_OUT/unit-security.txt"; fail "exposure above 2.0"; }
grep -E '✗' "$PKG_OUT/unit-security.txt" | sed 's/  */ /g' || true
tail -n 1 "$PKG_OUT/unit-security.txt"
say "ok: unit verified; $(tail -n 1 "$PKG_OUT/unit-security.txt")"
