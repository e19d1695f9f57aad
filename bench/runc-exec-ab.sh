#!/usr/bin/env bash
# Usage: bench/runc-exec-ab.sh BEFORE AFTER   (as root, after bench/runc.sh made its bundles)
#   Times `exec /bin/true` into a running container for runc and two pier-runc launchers (say the
#   previous build and this one: a copy of ./pier-runc beside an older cli/target/pier.jar, with
#   scripts/jdk.sh and a `pier` that does nothing), in turn, BENCH_RUNS rounds (default 30), so
#   that a changing load weighs on all three alike. Both pier-runc exec into one container that
#   AFTER runs. Prints the median and p90 in milliseconds of each.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
before=$1 after=$2
WORK=${BENCH_WORK:-bench/work}
RUNS=${BENCH_RUNS:-30}
sleeper=$WORK/runc-sleep-bundle
state=$WORK/runc-ab-state
[[ -f $sleeper/config.json ]] || { echo "run bench/runc.sh first (it makes $sleeper)" >&2; exit 1; }
stop() {
  runc --root "$state" delete --force ab-runc >/dev/null 2>&1 || true
  "$after" --root "$state-pier" delete --force ab-pier >/dev/null 2>&1 || true
}
trap stop EXIT
stop
runc --root "$state" run --detach --bundle "$sleeper" ab-runc </dev/null >/dev/null 2>&1
"$after" --root "$state-pier" run --detach --bundle "$sleeper" ab-pier </dev/null >/dev/null 2>&1
commands=("runc --root $state exec ab-runc /bin/true" "$before --root $state-pier exec ab-pier /bin/true"
  "$after --root $state-pier exec ab-pier /bin/true")
names=(runc before after)
times=("" "" "")
now() { date +%s%N; }
for c in "${commands[@]}"; do $c; done   # each must work before it is timed
for ((i = 0; i < RUNS; i++)); do
  for k in 0 1 2; do
    t0=$(now)
    ${commands[k]} >/dev/null
    times[k]+="$(( ($(now) - t0) / 1000000 ))"$'\n'
  done
done
for k in 0 1 2; do
  printf '%s: ' "${names[k]}"
  printf '%s' "${times[k]}" | sort -n | awk '{v[NR]=$1} END {print "median", v[int((NR+1)/2)], "p90", v[int(NR*0.9+0.999)]}'
done
