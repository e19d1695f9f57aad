#!/usr/bin/env bash
# Usage: bench/runc.sh   (as root)
#   Times runc against pier-runc on one busybox-static bundle (bench/work/runc-bundle, /bin/true):
#   `run` of /bin/true, `create` + `start` + `delete` (the container exits at once), and `exec` of
#   /bin/true into a running container (the same rootfs, `sleep 1000`, one per runtime), each
#   BENCH_RUNS times (default 30), one after the other, in one session. Prints a markdown table
#   with the median and p90 in milliseconds and the ratio runc/pier-runc of the medians (below 1:
#   pier-runc is slower). Environment: PIER_RUNC (default ./pier-runc), BENCH_WORK, BENCH_RUNS.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
WORK=${BENCH_WORK:-bench/work}
RUNS=${BENCH_RUNS:-30}
PIER_RUNC=${PIER_RUNC:-./pier-runc}
bundle=$WORK/runc-bundle
state=$WORK/runc-state
sleeper=$WORK/runc-sleep-bundle

if [[ ! -x $bundle/rootfs/bin/busybox ]]; then
  rm -rf "$bundle" && mkdir -p "$bundle/rootfs/bin"
  cp "$(command -v busybox)" "$bundle/rootfs/bin/busybox"
  for a in $("$bundle/rootfs/bin/busybox" --list); do [[ $a == busybox ]] || ln -sf busybox "$bundle/rootfs/bin/$a"; done
  mkdir -p "$bundle"/rootfs/{proc,sys,dev,tmp}
  (cd "$bundle" && runc spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"\/bin\/true"/' config.json)
fi
"$PIER_RUNC" --version >/dev/null   # builds the jar first if needed
# the running container exec enters: the same read-only rootfs, sleeping
mkdir -p "$sleeper"
sed "s|\"/bin/true\"|\"/bin/sleep\", \"1000\"|; s|\"path\": \"rootfs\"|\"path\": \"$(cd "$bundle" && pwd)/rootfs\"|" \
  "$bundle/config.json" >"$sleeper/config.json"

now() { date +%s%N; }
# measure SNIPPET: runs the shell snippet RUNS times; sets STATS to "median p90" in ms (a run that
# fails is timed too, and counted in a warning on stderr: a failing command is fast, not fair)
measure() {
  local i t0 times="" failed=0
  for ((i = 0; i < RUNS; i++)); do
    t0=$(now)
    bash -c "$1" >/dev/null 2>&1 || failed=$((failed + 1))
    times+="$(( ($(now) - t0) / 1000000 ))"$'\n'
  done
  ((failed == 0)) || echo "warning: $failed of $RUNS runs failed: $1" >&2
  STATS=$(printf '%s' "$times" | sort -n | awk '{v[NR]=$1} END {m=v[int((NR+1)/2)]; p=v[int(NR*0.9+0.999)]; print m, p}')
}

row() {
  local what=$1 pm pp m p
  measure "$2"
  read -r pm pp <<<"$STATS"
  measure "$3"
  read -r m p <<<"$STATS"
  printf '| %s | %s | %s | %s | %s | %.2f |\n' "$what" "$pm" "$pp" "$m" "$p" "$(echo "$pm / $m" | bc -l)"
}

# a container b left by an interrupted run would make every later run of both runtimes fail at once
runc --root "$state" delete --force b >/dev/null 2>&1 || true
"$PIER_RUNC" --root "$state" delete --force b >/dev/null 2>&1 || true
echo "### runc vs pier-runc ($RUNS runs each, $(nproc) cores, $(uname -r))"
echo
echo '| operation | runc median ms | runc p90 ms | pier-runc median ms | pier-runc p90 ms | runc/pier-runc |'
echo '| --- | ---: | ---: | ---: | ---: | ---: |'
row "run /bin/true" \
  "runc --root $state run --bundle $bundle b" \
  "$PIER_RUNC --root $state run --bundle $bundle b"
row "create + start + delete" \
  "runc --root $state create --bundle $bundle b && runc --root $state start b && runc --root $state delete --force b" \
  "$PIER_RUNC --root $state create --bundle $bundle b && $PIER_RUNC --root $state start b && $PIER_RUNC --root $state delete --force b"
stop_sleepers() {
  runc --root "$state" delete --force ex-runc >/dev/null 2>&1 || true
  "$PIER_RUNC" --root "$state-pier" delete --force ex-pier >/dev/null 2>&1 || true
}
trap stop_sleepers EXIT
stop_sleepers
runc --root "$state" run --detach --bundle "$sleeper" ex-runc </dev/null >/dev/null 2>&1
"$PIER_RUNC" --root "$state-pier" run --detach --bundle "$sleeper" ex-pier </dev/null >/dev/null 2>&1
runc --root "$state" exec ex-runc /bin/true   # both must work before they are timed
"$PIER_RUNC" --root "$state-pier" exec ex-pier /bin/true
row "exec /bin/true (running container)" \
  "runc --root $state exec ex-runc /bin/true" \
  "$PIER_RUNC --root $state-pier exec ex-pier /bin/true"
echo
echo "Command: \`bench/runc.sh\` (BENCH_RUNS=$RUNS)"
