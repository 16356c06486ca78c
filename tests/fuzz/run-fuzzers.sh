#!/bin/sh
# run-fuzzers.sh [SECONDS] — builds the libFuzzer targets (provenance core,
# cloud client) in their own build directory and runs each for SECONDS
# (default 60).
#
#   tests/fuzz/run-fuzzers.sh            # 60 s per target
#   tests/fuzz/run-fuzzers.sh 600        # longer
#
# The build directory is build-fuzz beside the source tree (CC=clang,
# -Dfuzzing=true -Dtests=true), configured on the first run; set
# HUB_FUZZ_BUILD_DIR to put it elsewhere. The seed corpora in
# tests/fuzz/corpus/<target>/ are read, never written: new inputs go to
# <build>/fuzz-work/corpus/<target>/ and crashes to <build>/fuzz-work/artifacts/.
# Extra libFuzzer flags can be given in HUB_FUZZ_FLAGS (e.g. -runs=N), a
# subset of the targets in HUB_FUZZ_TARGETS.
#
# The cloud client's targets (fuzz-camera-list, fuzz-token, fuzz-stream-lease)
# run GLib and json-glib, which keep memory across inputs (GSlice's
# magazines, type and quark tables): libFuzzer's check after each input
# would stop the world for nothing at every such input, dividing the speed
# by ten or more. They fuzz with -detect_leaks=0; then a leak pass runs every
# input of their corpus (seeds and new ones) with LeakSanitizer, GSlice off
# and full stacks.
#
# Prints the executions of each target; exits non-zero when a target crashed,
# leaked, hung or broke one of its invariants (the log's tail is printed).
set -eu

secs=${1:-60}
case $secs in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${HUB_FUZZ_BUILD_DIR:-$src/build-fuzz}
targets=${HUB_FUZZ_TARGETS:-fuzz-sei-tag fuzz-device-cert fuzz-stream fuzz-camera-list fuzz-token fuzz-stream-lease}

if [ -f "$build/build.ninja" ]; then
  # reconfigured, not just configured: meson compile looks targets up in the
  # build directory's introspection files, which would not know a target
  # added since the directory was set up
  meson setup --reconfigure "$build" "$src" -Dfuzzing=true -Dtests=true >/dev/null
else
  CC=clang meson setup "$build" "$src" -Dfuzzing=true -Dtests=true
fi
# shellcheck disable=SC2086
meson compile -C "$build" $targets

work="$build/fuzz-work"
mkdir -p "$work/artifacts"
status=0
total=0

for t in $targets; do
  mkdir -p "$work/corpus/$t"
  log="$work/$t.log"
  flags=
  app=false
  case $t in
    fuzz-sei-tag | fuzz-stream) flags="-dict=$here/h264.dict" ;;
    fuzz-camera-list) app=true flags="-dict=$here/json.dict -max_len=4096" ;;
    fuzz-token | fuzz-stream-lease) app=true flags="-dict=$here/json.dict -max_len=2048" ;;
  esac
  if $app; then
    flags="$flags -detect_leaks=0"
  fi
  rc=0
  start=$(date +%s)
  # shellcheck disable=SC2086
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=$($app && echo 0 || echo 1)} \
    "$build/tests/fuzz/$t" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
    -artifact_prefix="$work/artifacts/$t-" $flags ${HUB_FUZZ_FLAGS:-} \
    "$work/corpus/$t" "$here/corpus/$t" >"$log" 2>&1 || rc=$?
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  if [ "$rc" -eq 0 ] && $app; then
    # the leak pass: every input of the corpus once, leaks checked
    G_SLICE=always-malloc ASAN_OPTIONS=fast_unwind_on_malloc=0:detect_leaks=1 \
      "$build/tests/fuzz/$t" -runs=0 -detect_leaks=1 -timeout=10 \
      -artifact_prefix="$work/artifacts/$t-" "$work/corpus/$t" "$here/corpus/$t" \
      >"$work/$t-leaks.log" 2>&1 || { rc=$?; log="$work/$t-leaks.log"; }
  fi
  if [ "$rc" -ne 0 ]; then
    printf '%-18s FAILED (exit %s) after %s executions; log: %s\n' "$t" "$rc" "${execs:-?}" "$log"
    tail -n 40 "$log"
    status=1
  else
    printf '%-18s %12s executions in %s s (%s/s)\n' "$t" "${execs:-?}" "$elapsed" "${rate:-?}"
    total=$((total + ${execs:-0}))
  fi
done

printf '%-18s %12s executions\n' total "$total"
exit $status
