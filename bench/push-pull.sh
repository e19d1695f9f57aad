#!/usr/bin/env bash
# Usage: bench/push-pull.sh
#   Pier's registry client against skopeo's, same registry (docker-registry, CNCF distribution
#   2.8, plain HTTP on 127.0.0.1), same image (bench/make-image.sh's), in one run:
#   - push: OCI layout to an empty registry (its storage wiped before every run);
#   - pull: registry to an OCI layout (the layout removed before every run);
#   - no-op push: the same push again when the registry has every blob.
#   Prints markdown on stdout (hyperfine, warm page cache): wall time and CPU time (user + system)
#   of each tool, and Pier's ratios to skopeo; JSON in bench/work/{push,pull,noop-push}.json.
#   Environment: PIER (default ./pier), BENCH_WORK, BENCH_TOTAL_MB, BENCH_LAYERS, BENCH_RUNS,
#   BENCH_PORT (the registry's, default 5103).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

make_image
pier_ok || { echo "bench: push-pull needs Pier" >&2; exit 1; }
reg=$WORK/push-pull
rm -rf "$reg" && mkdir -p "$reg/storage"
port=${BENCH_PORT:-5103}
cat >"$reg/config.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $PWD/$reg/storage}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$reg/config.yml" >"$reg/registry.log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done

host=127.0.0.1:$port
skopeo_push="skopeo copy --dest-tls-verify=false oci:$IMG:bench docker://$host/skopeo/bench:v1"
pier_push="$PIER copy -q --tls-verify=false oci:$IMG:bench docker://$host/pier/bench:v1"
# sync after each removal, as lib.sh's compare does: the previous run's dirty pages (the registry's
# blobs, a pulled layout: hundreds of MiB, which skopeo never fsyncs) are written back before the
# next run starts, not during it, where they would slow whichever tool runs next
wipe="sh -c 'rm -rf $reg/storage/docker && sync'"

echo "### Registry client: push, pull, no-op push (docker-registry 2.8 on 127.0.0.1)"
echo
image_line
echo
echo "#### Push to an empty registry"
echo
hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/push.json" \
  --prepare "$wipe" -n skopeo "$skopeo_push" --prepare "$wipe" -n pier "$pier_push" >&2
table() { # json peer_cmd pier_cmd
  # CPU time (user + system, hyperfine's means) beside the wall time: on a shared machine the
  # wall-time ratio swings with the load, the CPU-time ratio much less.
  local pm ps pc m s c
  read -r pm ps pc < <(jq -r '.results[0] | "\(.mean) \(.stddev) \(.user + .system)"' "$1")
  read -r m s c < <(jq -r '.results[1] | "\(.mean) \(.stddev) \(.user + .system)"' "$1")
  echo "| tool | command | mean (s) | stddev (s) | user+sys (s) | pier/skopeo time | pier/skopeo CPU |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  printf '| skopeo | `%s` | %.3f | %.3f | %.3f | — | — |\n' "$2" "$pm" "$ps" "$pc"
  printf '| pier | `%s` | %.3f | %.3f | %.3f | %.2f× | %.2f× |\n' "$3" "$m" "$s" "$c" \
    "$(awk -v a="$m" -v b="$pm" 'BEGIN { print a / b }')" "$(awk -v a="$c" -v b="$pc" 'BEGIN { print a / b }')"
  echo
}
table "$WORK/push.json" "$skopeo_push" "$pier_push"

# Both repositories filled once, for the pull and the no-op push.
$skopeo_push >/dev/null 2>&1
$pier_push >/dev/null
echo "#### Pull to an OCI layout"
echo
skopeo_pull="skopeo copy --src-tls-verify=false docker://$host/pier/bench:v1 oci:$WORK/pull-skopeo:bench"
pier_pull="$PIER copy -q --tls-verify=false docker://$host/pier/bench:v1 oci:$WORK/pull-pier:bench"
hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/pull.json" \
  --prepare "sh -c 'rm -rf $WORK/pull-skopeo && sync'" -n skopeo "$skopeo_pull" \
  --prepare "sh -c 'rm -rf $WORK/pull-pier && sync'" -n pier "$pier_pull" >&2
table "$WORK/pull.json" "$skopeo_pull" "$pier_pull"

echo "#### No-op push (every blob already in the registry)"
echo
hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/noop-push.json" \
  -n skopeo "$skopeo_push" -n pier "$pier_push" >&2
table "$WORK/noop-push.json" "$skopeo_push" "$pier_push"
echo "Timed with \`hyperfine -N --warmup 1 --runs $RUNS\`; the push wipes the registry's storage before"
echo "every run (\`--prepare \"$wipe\"\`), the pull removes its layout, each followed by \`sync\`; warm page cache."
