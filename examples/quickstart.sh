#!/usr/bin/env bash
# Pier's quickstart: makes a small image from busybox (no network, no base image), stores it,
# inspects it, moves it through every transport, reads it back, and flattens it; pushes it to a
# registry Pier serves on 127.0.0.1, pulls it back, and runs it isolated (as root: memory limit,
# no capabilities, no network, Docker's seccomp profile), printing what each step did and how
# long it took. Everything happens in a temporary directory, removed at the end. Needs
# busybox-static (apt-get install busybox-static) for the image's content.
set -euo pipefail
repo=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..
pier=$repo/pier
busybox=/bin/busybox   # busybox-static's: one static binary, so the image needs no libc
[[ -n $busybox && -x $busybox ]] || { echo "quickstart: needs busybox-static (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
registry_pid=
cleanup() {
  local status=$?   # the script's own status, whatever stopping the registry returns
  if [[ -n $registry_pid ]]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
store=$work/store

step() {  # step "what it does" command...
  local what=$1 start end
  shift
  printf '\n\033[1m== %s\033[0m\n$ %s\n' "$what" "${*/#$repo\//./}"
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  printf '   (%d ms)\n' $(((end - start) / 1000000))
}

mkdir -p "$work/rootfs/bin" "$work/rootfs/etc"
cp "$busybox" "$work/rootfs/bin/busybox"
for tool in sh echo ls cat id hostname grep; do ln -s busybox "$work/rootfs/bin/$tool"; done
echo "root:x:0:0:root:/root:/bin/sh" >"$work/rootfs/etc/passwd"

step "build the jar if needed (first run only)" "$pier" --version
step "import a root filesystem as an image" "$pier" --root "$store" import \
  -c 'CMD ["/bin/sh"]' -c 'ENV GREETING=hello' "$work/rootfs" quickstart/busybox:1.0
step "list the local store" "$pier" --root "$store" images
step "inspect it (like skopeo inspect)" "$pier" --root "$store" inspect quickstart/busybox:1.0
step "copy it to an OCI layout" "$pier" --root "$store" copy quickstart/busybox:1.0 "oci:$work/layout:v1"
step "copy it again: every blob is already there" "$pier" --root "$store" copy quickstart/busybox:1.0 "oci:$work/layout:v1"
step "write a docker save archive" "$pier" --root "$store" copy "oci:$work/layout:v1" "docker-archive:$work/busybox.tar:quickstart/busybox:1.0"
step "read the archive back into an OCI archive" "$pier" --root "$store" copy "docker-archive:$work/busybox.tar" "oci-archive:$work/busybox-oci.tar:v1"
step "flatten the image into a directory" "$pier" --root "$store" unpack "oci-archive:$work/busybox-oci.tar:v1" "$work/unpacked"
step "what the unpacked root filesystem holds" ls -l "$work/unpacked/bin"

# a registry on a free port of 127.0.0.1, in the background
port=
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[[ -n $port ]] || { echo "quickstart: no free port found" >&2; exit 1; }
printf '\n\033[1m== serve a registry in the background\033[0m\n$ ./pier registry serve --addr 127.0.0.1:%s --root %s &\n' "$port" "$work/registry"
"$pier" registry serve --addr "127.0.0.1:$port" --root "$work/registry" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$registry_pid" 2>/dev/null || { cat "$work/registry.log" >&2; exit 1; }
  sleep 0.1
done
remote=127.0.0.1:$port/quickstart/busybox:1.0
step "push it to the registry" "$pier" --root "$store" push --tls-verify=false quickstart/busybox:1.0 "docker://$remote"
step "pull it back into a fresh store" "$pier" --root "$work/store2" pull --tls-verify=false "$remote"
if [[ $(id -u) == 0 ]]; then
  step "run it isolated: 64 MiB, no capabilities, no network (first run extracts the layer)" \
    "$pier" --root "$work/store2" run --rm --memory 64m --cap-drop ALL --network none "$remote" \
    sh -c 'id; hostname; cat /proc/self/status | grep -E "Cap|Seccomp|NoNewPrivs"; ls /'
  step "run it again (the extracted layer is reused)" "$pier" --root "$work/store2" run --rm --network none "$remote" sh -c 'echo $GREETING from a container'
else
  printf '\n(pier run needs root for now: skipped)\n'
fi
step "remove the image and its blobs" "$pier" --root "$store" rmi quickstart/busybox:1.0
printf '\nquickstart: done\n'
