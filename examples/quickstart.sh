#!/usr/bin/env bash
# Pier's quickstart: makes a small image from busybox (no network, no base image), stores it,
# inspects it, moves it through every transport, reads it back, and flattens it, printing what
# each step did and how long it took. Everything happens in a temporary directory, removed at
# the end. Needs busybox-static (apt-get install busybox-static) for the image's content.
set -euo pipefail
repo=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/..
pier=$repo/pier
busybox=/bin/busybox   # busybox-static's: one static binary, so the image needs no libc
[[ -n $busybox && -x $busybox ]] || { echo "quickstart: needs busybox-static (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
for tool in sh echo ls cat; do ln -s busybox "$work/rootfs/bin/$tool"; done
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
step "remove the image and its blobs" "$pier" --root "$store" rmi quickstart/busybox:1.0
printf '\nquickstart: done\n'
