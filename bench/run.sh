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

# First start of a ~300 MB image neither tool has seen: the 5-layer benchmark image of
# bench/make-image.sh with busybox added as a sixth layer (1 MB, something to run), in an OCI
# archive; every run starts from empty storage, so it pulls from the archive, extracts the six
# layers and starts /bin/true. podman uses its overlay driver here (its fastest, and the
# default), with runc.
"$(dirname "$0")/make-image.sh" "$WORK/image" 300 5 >&2
big=$work/big
mkdir -p "$big/ctx/bin"
cp /bin/busybox "$big/ctx/bin/busybox"
ln -sf busybox "$big/ctx/bin/true"
printf 'FROM oci:%s:bench\nCOPY bin/ /bin/\n' "$PWD/$WORK/image" >"$big/ctx/Dockerfile"
$PIER --root "$big/store" build -q -t bench/big:1 "$big/ctx" >/dev/null
$PIER --root "$big/store" copy -q bench/big:1 "oci-archive:$big/big.tar:bench/big:1"
first_pier="$PIER --root $big/pier run --rm --network none oci-archive:$big/big.tar:bench/big:1 /bin/true"
first_podman="podman --root $PWD/$big/podman --runroot $PWD/$big/podman-run --storage-driver overlay --cgroup-manager cgroupfs --events-backend file --runtime runc run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 oci-archive:$big/big.tar:bench/big:1 /bin/true"
wipe="sh -c 'podman --root $PWD/$big/podman --runroot $PWD/$big/podman-run --storage-driver overlay rmi -a -f >/dev/null 2>&1; rm -rf $big/pier $big/podman $big/podman-run && sync'"
echo
echo "### First start of a ~300 MB, 6-layer image from an OCI archive, empty storage"
echo
hyperfine -N --style basic --runs "$RUNS" --prepare "$wipe" --export-json "$WORK/run-first.json" \
  -n podman "$first_podman" -n pier "$first_pier" >&2
read -r pm ps < <(jq -r '.results[0] | "\(.mean) \(.stddev)"' "$WORK/run-first.json")
read -r m s < <(jq -r '.results[1] | "\(.mean) \(.stddev)"' "$WORK/run-first.json")
echo "| tool | mean (s) | stddev (s) | podman/pier |"
echo "|---|---:|---:|---:|"
printf '| podman | %.3f | %.3f | — |\n' "$pm" "$ps"
printf '| pier | %.3f | %.3f | %.2f |\n' "$m" "$s" "$(awk -v a="$pm" -v b="$m" 'BEGIN { print a / b }')"
echo
echo "Commands: \`$first_pier\` and \`$first_podman\`, each after \`$wipe\`."
sh -c "$wipe"
