#!/usr/bin/env bash
# Usage: bench/run.sh   (as root)
#   `pier run --rm` against `podman run --rm` of the same busybox image (made here from
#   /bin/busybox, loaded into both), warm caches, network none, hyperfine 1 warmup + BENCH_RUNS.
#   podman runs with runc, vfs storage in a temporary root, and ulimits below the current ones
#   (this host's bounding set lacks CAP_SYS_RESOURCE; crun refuses the hybrid cgroup layout).
#   Prints markdown on stdout. Environment: PIER (default ./pier), BENCH_WORK, BENCH_RUNS.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
((EUID == 0)) || { echo "bench/run.sh: needs root (pier run and podman run as root)" >&2; exit 1; }
pier_ok || exit 1
work=$WORK/run
rm -rf "$work" && mkdir -p "$work/rootfs/bin"
cp /bin/busybox "$work/rootfs/bin/busybox"
for tool in sh true; do ln -s busybox "$work/rootfs/bin/$tool"; done
$PIER --root "$work/store" import -q -c 'CMD ["/bin/sh"]' "$work/rootfs" bench/busybox:1 >/dev/null
$PIER --root "$work/store" copy -q bench/busybox:1 "oci-archive:$work/busybox.tar:bench/busybox:1"
podman=(podman --root "$PWD/$work/podman" --runroot "$PWD/$work/podman-run" --storage-driver vfs
  --cgroup-manager cgroupfs --events-backend file)
"${podman[@]}" load -q -i "$work/busybox.tar" >/dev/null
pier_cmd="$PIER --root $work/store run --rm --network none bench/busybox:1 true"
podman_cmd="${podman[*]} --runtime runc run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 localhost/bench/busybox:1 true"
echo "### pier run against podman run (busybox, /bin/true, warm caches)"
echo
hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/run.json" \
  -n podman "$podman_cmd" -n pier "$pier_cmd" >&2
read -r pm ps < <(jq -r '.results[0] | "\(.mean) \(.stddev)"' "$WORK/run.json")
read -r m s < <(jq -r '.results[1] | "\(.mean) \(.stddev)"' "$WORK/run.json")
echo "| tool | mean (s) | stddev (s) | podman/pier |"
echo "|---|---:|---:|---:|"
printf '| podman | %.3f | %.3f | — |\n' "$pm" "$ps"
printf '| pier | %.3f | %.3f | %.2f |\n' "$m" "$s" "$(awk -v a="$pm" -v b="$m" 'BEGIN { print a / b }')"
echo
echo "Commands: \`$pier_cmd\` and \`$podman_cmd\`."
"${podman[@]}" rmi --all --force >/dev/null 2>&1 || true
