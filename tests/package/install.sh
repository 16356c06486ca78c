#!/bin/sh
# Suite package, test 4: the packages installed on this machine (as CI does,
# as root): the user hubview and its groups, the enabled unit, the files, a
# conffile that survives a reinstall; then a purge leaves the machine clean.
. "$(dirname "$0")/common.sh"
need_root "installing the packages with dpkg"

build_debs reuse
install_debs
trap 'purge_debs' EXIT

# --- the user, through systemd-sysusers in postinst
entry=$(getent passwd hubview) || fail "no user hubview after install"
say "user: $entry"
[ "$(echo "$entry" | cut -d: -f6)" = /var/lib/hubview ] || fail "home of hubview is not /var/lib/hubview"
uid=$(id -u hubview)
[ "$uid" -lt 1000 ] || fail "hubview is not a system user (uid $uid)"
groups=" $(id -nG hubview) "
say "groups: $groups"
for g in video render input audio; do
  case "$groups" in *" $g "*) ;; *) fail "hubview is not in group $g" ;; esac
done

# --- the unit: enabled (the wants symlink), not started
link=/etc/systemd/system/multi-user.target.wants/hubview.service
[ -L "$link" ] || fail "hubview.service is not enabled: no $link"
[ "$(readlink -f "$link")" = "$(readlink -f /lib/systemd/system/hubview.service)" ] \
  || fail "$link points to $(readlink "$link")"
state=$(systemctl --root=/ is-enabled hubview.service || true)
[ "$state" = enabled ] || fail "systemctl --root=/ is-enabled hubview.service: $state"
if pgrep -u hubview >/dev/null; then fail "a process of hubview runs: the unit was started on install"; fi

# --- the files
for f in /usr/bin/hubview /usr/bin/hubview-verify /usr/bin/hubview-listen /usr/bin/hubview-sim; do
  [ -x "$f" ] || fail "$f is not installed"
done
for f in /etc/pam.d/hubview /usr/lib/sysusers.d/hubview.conf \
         /usr/lib/udev/rules.d/70-hubview-backlight.rules \
         /usr/share/applications/io.hubview.Hubview.desktop \
         /usr/share/metainfo/io.hubview.Hubview.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/io.hubview.Hubview.svg \
         /usr/share/man/man1/hubview.1.gz /usr/share/man/man1/hubview-sim.1.gz \
         /usr/share/hubview-sim/demo-keys.json; do
  [ -f "$f" ] || fail "$f is not installed"
done
[ -d /etc/hubview/trust-roots.d ] || fail "no /etc/hubview/trust-roots.d"
[ -z "$(ls -A /etc/hubview/trust-roots.d)" ] || fail "/etc/hubview/trust-roots.d is not empty: the hub must trust no demo root"
/usr/bin/hubview --version
/usr/bin/hubview-sim --version
desktop-file-validate /usr/share/applications/io.hubview.Hubview.desktop
appstreamcli validate --no-net --pedantic /usr/share/metainfo/io.hubview.Hubview.metainfo.xml
for page in hubview hubview-verify hubview-listen hubview-sim; do
  out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 "$page" 2>&1 >/dev/null) || fail "man $page failed"
  [ -z "$out" ] || fail "man $page: $out"
done
# the schema compiled by the glib trigger: the installed keys, no build tree
keys=$(env -u GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND=memory gsettings list-keys io.hubview.Hubview | sort | tr '\n' ' ')
say "schema keys: $keys"
case "$keys" in *cloud-url*trust-roots-dir*) ;; *) fail "io.hubview.Hubview is not installed" ;; esac

# --- the configuration: a conffile, every key commented out, kept on reinstall
dpkg-query -W -f='${Conffiles}\n' hubview | grep -q '/etc/hubview/hubview.conf ' \
  || fail "/etc/hubview/hubview.conf is not a conffile"
grep -E '^[a-z-]+ *=' /etc/hubview/hubview.conf && fail "the shipped hubview.conf sets a key"
printf 'client-id=edited-by-the-test\n' >>/etc/hubview/hubview.conf
DEBIAN_FRONTEND=noninteractive dpkg -i "$(deb_of hubview)" >"$PKG_OUT/dpkg-reinstall.log" 2>&1 \
  || { cat "$PKG_OUT/dpkg-reinstall.log"; fail "reinstall failed"; }
grep -qx 'client-id=edited-by-the-test' /etc/hubview/hubview.conf \
  || fail "the reinstall overwrote the edited /etc/hubview/hubview.conf"
DEBIAN_FRONTEND=noninteractive dpkg -r hubview >/dev/null
grep -qx 'client-id=edited-by-the-test' /etc/hubview/hubview.conf \
  || fail "dpkg -r removed the edited /etc/hubview/hubview.conf"
[ -L "$link" ] || fail "dpkg -r (not purge) removed the enablement symlink"

# --- purge: nothing left but the user
mkdir -p /var/lib/hubview/.local/state/hubview   # what the running unit creates
trap - EXIT
DEBIAN_FRONTEND=noninteractive dpkg -P hubview hubview-sim >"$PKG_OUT/dpkg-purge.log" 2>&1 \
  || { cat "$PKG_OUT/dpkg-purge.log"; fail "dpkg -P failed"; }
for f in /usr/bin/hubview /usr/bin/hubview-sim /etc/hubview /etc/pam.d/hubview "$link" \
         /var/lib/hubview /usr/lib/sysusers.d/hubview.conf /var/lib/systemd/deb-systemd-helper-enabled/hubview.service.dsh-also \
         /usr/lib/udev/rules.d/70-hubview-backlight.rules; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is still there after purge"
done
! dpkg-query -W -f='${db:Status-Abbrev}\n' hubview hubview-sim 2>/dev/null | grep -q '^.[^n]' \
  || fail "dpkg still knows hubview after purge"
env -u GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND=memory gsettings list-keys io.hubview.Hubview >/dev/null 2>&1 \
  && fail "the schema io.hubview.Hubview is still compiled in after purge"
say "after purge the user stays, as users of systemd-sysusers do: $(getent passwd hubview || echo none)"
say "ok: installed, checked, purged"
