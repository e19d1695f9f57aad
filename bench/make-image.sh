#!/usr/bin/env bash
# Usage: bench/make-image.sh OUT_DIR [TOTAL_MB=300] [LAYERS=5]
#
# Generates an OCI image layout at OUT_DIR, tagged `bench`, for the unpack/copy benchmarks.
# Built with umoci only (no network, no Docker). Each of the LAYERS layers holds about
# TOTAL_MB/LAYERS MB of uncompressed content:
#   - half in thousands of small files (1-16 KiB), alternating pseudo-random bytes
#     (incompressible) and word text (compresses ~3x), in nested directories;
#   - half in 4 larger files (2 random, 2 text);
#   - symlinks (relative, absolute, dangling, to a directory), hardlinks, files of
#     one directory in 16 owned by 1000:1000, executables;
#   - from layer 2 on: whiteouts of a file and of a whole directory of the layer below,
#     a modified file and a chmod-only change from layer 1.
# Content, ownership and mtimes are derived from a fixed seed, so layers are reproducible.
# Cache: if OUT_DIR was already built with the same parameters (recorded in OUT_DIR.params),
# nothing is done. Needs root (plain `umoci unpack`), umoci, openssl, awk, dd.
set -euo pipefail
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; } # the comment above

GENERATOR=1 # bump when the content recipe changes, to invalidate caches
SEED=4242
EPOCH=1700000000 # mtime of every generated file, and the image's creation time
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)

[[ $# -ge 1 && $# -le 3 ]] || { usage >&2; exit 2; }
out=${1%/}
total_mb=${2:-300}
layers=${3:-5}
params="generator=$GENERATOR seed=$SEED total_mb=$total_mb layers=$layers"

if [[ -f $out/index.json && -f $out.params && "$(cat "$out.params")" == "$params" ]]; then
  echo "make-image: $out is up to date ($params)" >&2
  exit 0
fi

mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d "$out.build.XXXXXX") # same filesystem as OUT_DIR, so the final mv is a rename
trap 'rm -rf "$tmp"' EXIT
img=$tmp/image bundle=$tmp/bundle
layer_bytes=$((total_mb * 1024 * 1024 / layers))

# random_bytes N KEY: N deterministic pseudo-random bytes (AES-CTR keystream).
random_bytes() {
  head -c "$1" /dev/zero | openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:$2"
}
# text_bytes N SEED: N bytes of deterministic word text, 60-100 character lines.
text_bytes() {
  awk -v n="$1" -v seed="$2" 'BEGIN {
    nw = split("the of and to in is that for it as with was on be by this are from or " \
      "container image layer manifest digest config blob index tar gzip zstd rootfs " \
      "overlay whiteout registry runtime namespace cgroup mount process signal seccomp " \
      "capability network bridge volume snapshot build stage copy run entrypoint", w, " ")
    srand(seed)
    while (total < n) {
      len = 60 + int(rand() * 40); line = sprintf("%07d", ++lines)
      while (length(line) < len) line = line " " w[1 + int(rand() * nw)]
      line = line "\n"
      if (total + length(line) > n) line = substr(line, 1, n - total)
      printf "%s", line; total += length(line)
    }
  }'
}
# carve SRC OFFSET COUNT DEST: copy COUNT bytes at OFFSET of SRC into DEST.
carve() {
  dd if="$1" of="$4" iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none
}

echo "make-image: building $out ($params)" >&2
umoci init --layout "$img"
umoci new --image "$img:bench"
umoci config --image "$img:bench" --no-history --created "$CREATED" --config.workingdir /
umoci unpack --image "$img:bench" "$bundle"
rootfs=$bundle/rootfs

RANDOM=$SEED
for ((l = 1; l <= layers; l++)); do
  start=$SECONDS
  dir=$rootfs/data/l$l
  half=$((layer_bytes / 2))
  random_bytes "$half" "$SEED-$l" >"$tmp/rand.bin"
  text_bytes "$half" "$SEED$l" >"$tmp/text.bin"

  # Small files: 16 x 8 nested directories, until half of the layer is used.
  roff=0 toff=0 used=0 n=0
  while ((used < half)); do
    d=$dir/d$((n % 16))/s$((n / 16 % 8))
    [[ -d $d ]] || mkdir -p "$d"
    size=$((1024 + RANDOM % 15361))
    f=$d/f$n
    if ((n % 2)); then
      carve "$tmp/rand.bin" "$roff" "$size" "$f.bin"; roff=$((roff + size))
    else
      carve "$tmp/text.bin" "$toff" "$size" "$f.txt"; toff=$((toff + size))
    fi
    used=$((used + size)) n=$((n + 1))
  done
  # Large files: what is left of both blobs.
  mkdir -p "$dir/large"
  r1=$(((half - roff) / 2)) t1=$(((half - toff) / 2))
  carve "$tmp/rand.bin" "$roff" "$r1" "$dir/large/random-a.bin"
  carve "$tmp/rand.bin" $((roff + r1)) $((half - roff - r1)) "$dir/large/random-b.bin"
  carve "$tmp/text.bin" "$toff" "$t1" "$dir/large/text-a.log"
  carve "$tmp/text.bin" $((toff + t1)) $((half - toff - t1)) "$dir/large/text-b.log"

  # Links, ownership, modes.
  mkdir -p "$dir/links"
  for ((i = 0; i < n; i += 97)); do
    target=d$((i % 16))/s$((i / 16 % 8))/f$i.$( ((i % 2)) && echo bin || echo txt)
    ln -s "../$target" "$dir/links/sym$i"     # relative symlink
    ln "$dir/$target" "$dir/links/hard$i"     # hardlink (same layer)
  done
  ln -s /data/l1/large/text-a.log "$dir/links/absolute" # absolute, into layer 1
  ln -s ../d0 "$dir/links/dir"                           # symlink to a directory
  ln -s does/not/exist "$dir/links/dangling"
  chown -R 1000:1000 "$dir/d15"
  chmod 0755 "$dir"/d1/s*/f*.*
  mkdir -p "$rootfs/etc"
  echo "layer $l of $layers ($params)" >"$rootfs/etc/bench-layer-$l"

  # Changes to lower layers: whiteouts, a modification, a metadata-only change.
  if ((l > 1)); then
    below=$rootfs/data/l$((l - 1))
    rm "$below/d0/s0/f0.txt"        # file whiteout
    rm -r "$below/d2/s1"            # directory whiteout
    echo "modified by layer $l" >>"$rootfs/data/l1/d3/s0/f3.bin"
    chmod 0600 "$rootfs/data/l1/d4/s0/f4.txt"
  fi

  find "$rootfs" -exec touch -h -d "@$EPOCH" {} +
  umoci repack --refresh-bundle --image "$img:bench" \
    --history.created "$CREATED" --history.created_by "make-image.sh layer $l" "$bundle"
  echo "make-image: layer $l/$layers: $n small files, $((SECONDS - start)) s" >&2
done

umoci gc --layout "$img"
rm -rf "$out" "$out.params"
mv "$img" "$out"
echo "$params" >"$out.params"
echo "make-image: done: $out ($(du -sh "$out" | cut -f1)), $SECONDS s" >&2
