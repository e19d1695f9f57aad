#!/usr/bin/env bash
# Usage: bench/registry.sh
#   Serves the same content from `pier registry serve` and docker-registry (CNCF distribution
#   2.8), side by side on 127.0.0.1, and measures each with wrk (2 threads, 32 connections,
#   BENCH_SECONDS each, default 10): GET manifest by tag, GET a small blob, GET a 1 MiB blob.
#   Prints a markdown table (requests/s and the Pier / distribution ratio) on stdout.
#   Environment: PIER (default ./pier), BENCH_WORK (default bench/work), BENCH_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
PIER=${PIER:-./pier}
WORK=${BENCH_WORK:-bench/work}/registry
SECONDS_EACH=${BENCH_SECONDS:-10}
rm -rf "$WORK" && mkdir -p "$WORK"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

cat >"$WORK/distribution.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $PWD/$WORK/distribution}, delete: {enabled: true}}
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
rps() { # port path [script]
  local args=(-t2 -c32 -d"${SECONDS_EACH}s" --latency)
  [[ -n ${3:-} ]] && args+=(-s "$3")
  local out
  out=$(wrk "${args[@]}" "http://127.0.0.1:$1$2")
  if grep -q 'Non-2xx' <<<"$out"; then echo "warning: port $1 $2: $(grep 'Non-2xx' <<<"$out")" >&2; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
layer=sha256:$(sha "$WORK/layer")
config=sha256:$(sha "$WORK/config")
echo "### Registry: requests per second (wrk -t2 -c32 -d${SECONDS_EACH}s, 127.0.0.1)"
echo
echo "| request | pier | distribution 2.8 | pier / distribution |"
echo "| --- | --- | --- | --- |"
for row in "GET manifest by tag|/v2/bench/app/manifests/latest|$WORK/accept.lua" \
           "GET config blob (79 B)|/v2/bench/app/blobs/$config|" \
           "GET 1 MiB blob|/v2/bench/app/blobs/$layer|"; do
  IFS='|' read -r name path script <<<"$row"
  rps 5101 "$path" "$script" >/dev/null # warm-up (JIT)
  p=$(rps 5101 "$path" "$script")
  d=$(rps 5102 "$path" "$script")
  echo "| $name | $p | $d | $(awk -v a="$p" -v b="$d" 'BEGIN {printf "%.2f", a / b}') |"
done
