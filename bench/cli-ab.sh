#!/usr/bin/env bash
# Usage: bench/cli-ab.sh BEFORE AFTER   (as root)
#   Times a warm `pier run --rm --network none bench/busybox:1 true` and a `pier images` for two
#   pier launchers (say a copy of the previous build's checkout and this one, each with its own
#   jar and AOT cache), in turn, BENCH_RUNS rounds (default 30), so that a changing load weighs on
#   both alike. Both use one store, made here as bench/run.sh makes it. Prints the median and p90
#   wall time and the median user and system CPU time (/usr/bin/time), in milliseconds.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
before=$1 after=$2
WORK=${BENCH_WORK:-bench/work}
RUNS=${BENCH_RUNS:-30}
store=$PWD/$WORK/run/store
if ! "$after" --root "$store" inspect bench/busybox:1 >/dev/null 2>&1; then
  rootfs=$WORK/run/rootfs
  rm -rf "$rootfs" && mkdir -p "$rootfs/bin" && cp /bin/busybox "$rootfs/bin/busybox"
  for tool in sh true; do ln -s busybox "$rootfs/bin/$tool"; done
  "$after" --root "$store" import -q -c 'CMD ["/bin/sh"]' "$rootfs" bench/busybox:1 >/dev/null
fi
# stat_ms COLUMN QUANTILE < lines of "wall user sys" seconds: that quantile of the column, in ms
stat_ms() { awk -v c="$1" '{print $c * 1000}' | sort -n | awk -v q="$2" '{v[NR]=$1} END {i=int(NR*q+0.999); if (i<1) i=1; printf "%d", v[i]}'; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for what in run images; do
  case $what in
    run) args=(--root "$store" run --rm --network none bench/busybox:1 true) ;;
    images) args=(--root "$store" images) ;;
  esac
  for who in before after; do "${!who}" "${args[@]}" >/dev/null 2>&1; done   # each must work before it is timed
  for ((i = 0; i < RUNS; i++)); do
    for who in before after; do
      /usr/bin/time -a -o "$out/$what-$who" -f '%e %U %S' "${!who}" "${args[@]}" >/dev/null 2>&1
    done
  done
  for who in before after; do
    printf '%s %s: wall median %s p90 %s, user %s, sys %s (ms, %s runs)\n' "$what" "$who" \
      "$(stat_ms 1 0.5 <"$out/$what-$who")" "$(stat_ms 1 0.9 <"$out/$what-$who")" \
      "$(stat_ms 2 0.5 <"$out/$what-$who")" "$(stat_ms 3 0.5 <"$out/$what-$who")" "$(wc -l <"$out/$what-$who")"
  done
done
