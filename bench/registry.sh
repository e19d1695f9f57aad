#!/usr/bin/env bash
# Usage: bench/registry.sh
#   Serves the same content from `pier registry serve` and docker-registry (CNCF distribution
#   2.8), side by side on 127.0.0.1, and measures each with wrk (2 threads, 32 connections,
#   BENCH_SECONDS each, default 10): GET manifest by tag, GET a small blob, GET a 1 MiB blob.
#   Also HEAD (ab), a 32 MiB blob, 200 x 256 KiB pushes from 8 clients, and resident memory
#   and proportional memory sampled under the load, and each server's CPU time per row. Prints
#   markdown on stdout.
#   Environment: PIER (default ./pier), BENCH_WORK (default bench/work), BENCH_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
PIER=${PIER:-./pier}
WORK=$(realpath -m "${BENCH_WORK:-bench/work}")/registry   # absolute: distribution.yml needs one
SECONDS_EACH=${BENCH_SECONDS:-10}
rm -rf "$WORK" && mkdir -p "$WORK"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

cat >"$WORK/distribution.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/distribution}, delete: {enabled: true}}
http: {addr: 127.0.0.1:5102}
YML
docker-registry serve "$WORK/distribution.yml" >"$WORK/distribution.log" 2>&1 & pids+=($!)
$PIER registry serve --addr 127.0.0.1:5101 --root "$WORK/pier" --quiet >"$WORK/pier.log" 2>&1 & pids+=($!)
for port in 5101 5102; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done
done

# Content: a 1 MiB layer, a config and a manifest, pushed with plain HTTP to both.
head -c 1048576 /dev/urandom >"$WORK/layer"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' >"$WORK/config"
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$(sha "$WORK/config")" "$(size "$WORK/config")" "$(sha "$WORK/layer")" "$(size "$WORK/layer")" >"$WORK/manifest"
push_blob() { # base file
  local loc
  loc=$(curl -fsi -X POST "$1/v2/bench/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [[ $loc == http* ]] || loc=$1$loc
  [[ $loc == *\?* ]] && sep='&' || sep='?'
  curl -fs -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$2" "$loc${sep}digest=sha256:$(sha "$2")" >/dev/null
}
for base in http://127.0.0.1:5101 http://127.0.0.1:5102; do
  push_blob $base "$WORK/config"
  push_blob $base "$WORK/layer"
  curl -fs -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$WORK/manifest" "$base/v2/bench/app/manifests/latest" >/dev/null
done

cat >"$WORK/accept.lua" <<'LUA'
wrk.headers["Accept"] = "application/vnd.oci.image.manifest.v1+json"
LUA
wrk_run() { # port path [script] -> wrk's report
  # 30 s timeout: 32 concurrent 32 MiB answers can take longer than wrk's default 2 s.
  local args=(-t2 -c32 -d"${SECONDS_EACH}s" --timeout 30s --latency)
  [[ -n ${3:-} ]] && args+=(-s "$3")
  local out
  out=$(wrk "${args[@]}" "http://127.0.0.1:$1$2")
  if grep -q 'Non-2xx' <<<"$out"; then echo "warning: port $1 $2: $(grep 'Non-2xx' <<<"$out")" >&2; fi
  echo "$out"
}
rps() { awk '/Requests\/sec/ {print $2}' <<<"$(wrk_run "$@")"; }
layer=sha256:$(sha "$WORK/layer")
config=sha256:$(sha "$WORK/config")
pier_pid=${pids[1]}
dist_pid=${pids[0]}
# Memory under load: a background sampler records, every 0.2 s while the load runs, each server's
# resident set (VmRSS) and proportional set (Pss, /proc/PID/smaps_rollup: shared file pages such as
# a JVM's AOT cache divided among the processes mapping them); it keeps the highest of each.
sample_memory() { # pid name -> writes $WORK/mem-<name>: "max_rss_kib max_pss_kib"
  local pid=$1 out=$WORK/mem-$2 rss pss max_rss=0 max_pss=0
  while kill -0 "$pid" 2>/dev/null && [[ ! -f $WORK/mem-stop ]]; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    ((rss > max_rss)) && max_rss=$rss
    ((pss > max_pss)) && max_pss=$pss
    echo "$max_rss $max_pss" >"$out"
    sleep 0.2
  done
}
rm -f "$WORK/mem-stop"
sample_memory "$pier_pid" pier & pids+=($!)
sample_memory "$dist_pid" distribution & pids+=($!)
cpu_ticks() { # pid -> user+system clock ticks so far
  awk '{print $14 + $15}' "/proc/$1/stat"
}
measure() { # port path script -> "rps p99 transfer cpu_seconds" (cpu: the server's, during the run)
  local report=$WORK/wrk.out pid=$pier_pid c0
  [[ $1 == 5102 ]] && pid=$dist_pid
  c0=$(cpu_ticks "$pid")
  wrk_run "$@" >"$report"
  echo "$(awk '/Requests\/sec/ {print $2}' "$report") $(awk '$1 == "99%" {print $2}' "$report") $(awk '/Transfer\/sec/ {print $2}' "$report")" \
    "$(awk -v t=$(($(cpu_ticks "$pid") - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}')"
}

# A 32 MiB blob for the throughput row.
head -c $((32 << 20)) /dev/urandom >"$WORK/big"
for base in http://127.0.0.1:5101 http://127.0.0.1:5102; do push_blob $base "$WORK/big"; done
big=sha256:$(sha "$WORK/big")

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "### Registry: throughput and latency (wrk -t2 -c32 -d${SECONDS_EACH}s, 127.0.0.1)"
echo
echo "| request | pier req/s | distribution req/s | pier / distribution | pier p99 | distribution p99 | pier transfer/s | distribution transfer/s | pier CPU s | distribution CPU s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for row in "GET manifest by tag|/v2/bench/app/manifests/latest|$WORK/accept.lua" \
           "GET config blob (79 B)|/v2/bench/app/blobs/$config|" \
           "GET 1 MiB blob|/v2/bench/app/blobs/$layer|" \
           "GET 32 MiB blob|/v2/bench/app/blobs/$big|"; do
  IFS='|' read -r name path script <<<"$row"
  rps 5101 "$path" "$script" >/dev/null # warm-up (JIT)
  read -r p p99 pt pc <<<"$(measure 5101 "$path" "$script")"
  read -r d d99 dt dc <<<"$(measure 5102 "$path" "$script")"
  echo "| $name | $p | $d | $(awk -v a="$p" -v b="$d" 'BEGIN {printf "%.2f", a / b}') | $p99 | $d99 | $pt | $dt | $pc | $dc |"
done
echo

# HEAD: wrk does not know a HEAD answer has no body, so ab (apache2-utils) measures it.
head_rps() { # port
  ab -q -i -k -c 32 -n 20000 -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://127.0.0.1:$1/v2/bench/app/manifests/latest" | awk '/Requests per second/ {print $4}'
}
head_rps 5101 >/dev/null
hp=$(head_rps 5101)
hd=$(head_rps 5102)
echo "HEAD manifest by tag (\`ab -i -k -c 32 -n 20000\`): pier $hp req/s, distribution $hd req/s, ratio $(awk -v a="$hp" -v b="$hd" 'BEGIN {printf "%.2f", a / b}')."
echo

# 200 pushes of distinct 256 KiB blobs, 8 clients at a time (POST then PUT ?digest=).
mkdir -p "$WORK/push"
for i in $(seq 200); do head -c 262144 /dev/urandom >"$WORK/push/$i"; done
push_all() { # base repository
  local base=$1 repo=$2
  export -f push_one sha
  export base repo
  seq 200 | xargs -P 8 -I{} bash -c 'push_one "$base" "$repo" "'"$WORK"'/push/{}"'
}
push_one() { # base repo file
  local loc sep
  loc=$(curl -fsi -X POST "$1/v2/$2/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [[ $loc == http* ]] || loc=$1$loc
  [[ $loc == *\?* ]] && sep='&' || sep='?'
  curl -fs -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$3" "$loc${sep}digest=sha256:$(sha "$3")" >/dev/null
}
timed() { local s e; s=$(date +%s%N); "$@"; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
cpu_seconds() { # pid ticks_before -> seconds since
  awk -v t=$(($(cpu_ticks "$1") - $2)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}'
}
c0=$(cpu_ticks "$pier_pid")
tp=$(timed push_all http://127.0.0.1:5101 bench/pushes)
pc=$(cpu_seconds "$pier_pid" "$c0")
c0=$(cpu_ticks "$dist_pid")
td=$(timed push_all http://127.0.0.1:5102 bench/pushes)
dc=$(cpu_seconds "$dist_pid" "$c0")
echo "200 pushes of 256 KiB blobs, 8 clients (curl POST + PUT): pier ${tp} ms, distribution ${td} ms, distribution/pier $(awk -v a="$td" -v b="$tp" 'BEGIN {printf "%.2f", a / b}');"
echo "server CPU time: pier ${pc} s, distribution ${dc} s."
echo
touch "$WORK/mem-stop"
sleep 0.5
read -r pier_rss pier_pss <"$WORK/mem-pier"
read -r dist_rss dist_pss <"$WORK/mem-distribution"
echo "Highest memory sampled every 0.2 s during the load (all rows above): resident (VmRSS) pier $((pier_rss / 1024)) MiB,"
echo "distribution $((dist_rss / 1024)) MiB; proportional (Pss) pier $((pier_pss / 1024)) MiB, distribution $((dist_pss / 1024)) MiB."
echo "After the load: resident pier $(($(awk '/^VmRSS:/ {print $2}' "/proc/$pier_pid/status") / 1024)) MiB, distribution $(($(awk '/^VmRSS:/ {print $2}' "/proc/$dist_pid/status") / 1024)) MiB."
echo
echo "Pier: \`$PIER registry serve --addr 127.0.0.1:5101 --quiet\`; distribution: \`docker-registry serve\` with"
echo "access logs off. Same content pushed to both. Load average at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg)."
echo "CPU s: user + system time the server used during the run. Command: \`bench/registry.sh\` (BENCH_SECONDS=$SECONDS_EACH)."
