#!/bin/bash
# Suite package, test 5: the kiosk as installed. The INSTALLED hubview --demo
# runs inside cage as the user hubview, with cage's x11 backend inside an
# Xvfb screen managed by matchbox-window-manager, at 800x480 and 1280x800:
# cage's window covers the screen, the grid of the four demo cameras is on
# screen (grim screenshots, kept in $HUB_BUILD_ROOT/package/), and a click on
# the top-right tile opens that camera (cam-garage) in the event log.
. "$(dirname "$0")/common.sh"
need_root "installing the packages and switching to the user hubview"

build_debs reuse
install_debs

pids=()
work=$(mktemp -d /tmp/hubview-smoke-XXXXXX)
chmod 0711 "$work"   # the user hubview reaches its runtime directories in it
cleanup () {
  # our own processes, by id: the kiosk's process group, then the X side
  for p in "${pids[@]}"; do kill -- "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "${p#-}" 2>/dev/null || true; done
  rm -rf "$work"
  purge_debs
}
trap cleanup EXIT

# Polls (every 0.1 s) until "$@" succeeds, at most $timeout seconds.
wait_for () {
  local what=$1 timeout=$2; shift 2
  local end=$(( $(date +%s) + timeout ))
  until "$@" 2>/dev/null; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.1
  done
  say "ready: $what"
}

painted_cameras () {
  grep '"event":"frame-painted","view":"grid"' "$1" | grep -o '"camera":"[^"]*"' | sort -u | wc -l
}

green_fraction () {
  convert "$1" -crop "$2" +repage -fuzz 12% -fill black +opaque 'srgb(30,110,50)' \
    -fill white -opaque 'srgb(30,110,50)' -format '%[fx:mean]' info:
}

camera_on_screen () {
  setpriv --reuid=hubview --regid=hubview --init-groups \
    env -i XDG_RUNTIME_DIR="$1" WAYLAND_DISPLAY=wayland-0 grim "$1/camera.png" || return 1
  f=$(green_fraction "$1/camera.png" "$(($2 / 2))x$(($3 / 2))+0+0")
  awk -v f="$f" 'BEGIN { exit !(f < 0.002) }'
}

kiosk () {
  local w=$1 h=$2 rt display shot log
  rt="$work/run-${w}x${h}"
  mkdir -m 0700 "$rt" "$rt/home"
  chown -R hubview:hubview "$rt"
  log="$rt/events.jsonl"

  # an X screen of the size of the panel; -displayfd says when it is ready
  Xvfb -displayfd 3 -screen 0 "${w}x${h}x24" -nolisten tcp -ac 3>"$rt/displayfd" \
    2>"$PKG_OUT/smoke-${w}x${h}-xvfb.log" &
  pids+=("$!")
  wait_for "Xvfb ${w}x${h}" 10 test -s "$rt/displayfd" || fail "Xvfb did not start"
  display=":$(head -n 1 "$rt/displayfd")"
  DISPLAY=$display matchbox-window-manager -use_titlebar no 2>"$PKG_OUT/smoke-${w}x${h}-wm.log" &
  pids+=("$!")
  wait_for "matchbox-window-manager" 10 \
    sh -c "DISPLAY=$display xprop -root _NET_SUPPORTING_WM_CHECK | grep -q 'window id'" \
    || fail "matchbox-window-manager did not start"

  # the kiosk, as the unit runs it (cage -d -- hubview), plus --demo: its own
  # session (process group), its own session bus, no environment of ours
  setsid setpriv --reuid=hubview --regid=hubview --init-groups \
    env -i PATH=/usr/bin:/bin HOME="$rt/home" XDG_RUNTIME_DIR="$rt" DISPLAY="$display" \
      LANG=C.UTF-8 WLR_BACKENDS=x11 WLR_LIBINPUT_NO_DEVICES=1 NO_AT_BRIDGE=1 \
      dbus-run-session -- cage -d -- /usr/bin/hubview --demo --event-log "$log" \
    >"$PKG_OUT/smoke-${w}x${h}-kiosk.log" 2>&1 &
  pids=("-$!" "${pids[@]}")

  wait_for "cage's Wayland socket" 20 test -S "$rt/wayland-0" \
    || fail "cage did not start (log: $PKG_OUT/smoke-${w}x${h}-kiosk.log)"
  wait_for "the grid view" 60 grep -q '"view":"grid"' "$log" \
    || fail "hubview did not reach the grid (log: $PKG_OUT/smoke-${w}x${h}-kiosk.log)"
  # every camera has painted a few verified frames
  wait_for "frames of all four cameras" 60 \
    sh -c "[ \$(grep '\"event\":\"frame-painted\",\"view\":\"grid\"' '$log' | grep -o '\"camera\":\"[^\"]*\"' | sort -u | wc -l) -eq 4 ] \
           && [ \$(grep -c '\"event\":\"frame-painted\"' '$log') -ge 40 ]" \
    || fail "not every camera painted (log: $log)"

  # cage's window covers the X screen (the window manager made it so) ...
  geometry=$(DISPLAY=$display xwininfo -root -children | grep -av matchbox | grep -aEo '[0-9]+x[0-9]+\+0\+0 ' | head -n 1)
  say "cage's X window: $geometry"
  [ "$geometry" = "${w}x${h}+0+0 " ] || fail "cage's window is not ${w}x${h}+0+0"
  # ... and the output shows the grid: the screenshot of cage's output
  shot="$PKG_OUT/smoke-${w}x${h}-grid.png"
  setpriv --reuid=hubview --regid=hubview --init-groups \
    env -i XDG_RUNTIME_DIR="$rt" WAYLAND_DISPLAY=wayland-0 grim "$rt/shot.png" \
    || fail "grim failed"
  cp "$rt/shot.png" "$shot"
  size=$(identify -format '%wx%h' "$shot")
  say "screenshot $shot: $size"
  [ "$size" = "${w}x${h}" ] || fail "the output is $size, not ${w}x${h}"
  # the green "Verified" badge of a tile in each quarter of the screen
  local hw=$((w / 2)) hh=$((h / 2))
  for q in "${hw}x${hh}+0+0" "${hw}x${hh}+${hw}+0" "${hw}x${hh}+0+${hh}" "${hw}x${hh}+${hw}+${hh}"; do
    f=$(green_fraction "$shot" "$q")
    say "  quarter $q: verified badge covers $f"
    awk -v f="$f" 'BEGIN { exit !(f > 0.01) }' || fail "no verified tile in the quarter $q of $shot"
  done

  # a click on the top-right tile opens that camera: cam-garage
  DISPLAY=$display xdotool mousemove --sync $((w * 3 / 4)) $((h / 4)) click 1
  wait_for "the camera view" 20 grep -q '"view":"camera","camera":"cam-garage"' "$log" \
    || fail "the click did not open cam-garage (log: $log)"
  wait_for "frames of cam-garage full screen" 20 \
    grep -q '"event":"frame-painted","view":"camera","camera":"cam-garage"' "$log" \
    || fail "cam-garage did not paint full screen"
  # the output follows: the front door's tile (top-left, with its badge) is
  # gone once the camera fills the screen (after the view's transition)
  wait_for "cam-garage on the output" 20 camera_on_screen "$rt" "$w" "$h" \
    || fail "the output still shows the grid (see $rt/camera.png)"
  cp "$rt/camera.png" "$PKG_OUT/smoke-${w}x${h}-camera.png"
  cp "$log" "$PKG_OUT/smoke-${w}x${h}-events.jsonl"

  # tear this size down: the kiosk's process group, the window manager, Xvfb
  for p in "${pids[@]}"; do kill -- "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "${p#-}" 2>/dev/null || true; done
  pids=()
  # hubview quits on SIGTERM once its streams are closed and the simulator stopped
  wait_for "the kiosk's processes to end" 15 sh -c '! pgrep -u hubview >/dev/null' \
    || fail "processes of hubview outlived the kiosk: $(pgrep -a -u hubview)"
  say "ok: ${w}x${h}"
}

start=$(date +%s)
kiosk 800 480
kiosk 1280 800
say "ok: the installed kiosk at 800x480 and 1280x800 in $(( $(date +%s) - start )) s"
