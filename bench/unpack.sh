#!/usr/bin/env bash
# Usage: bench/unpack.sh
#   Times `umoci unpack --image IMG:bench DEST` against `$PIER unpack oci:IMG:bench DEST2`
#   (hyperfine, 1 warmup + 5 runs, destinations removed before every run, warm page cache)
#   on the image built by make-image.sh (cached in bench/work/image), then checks that
#   Pier's tree equals umoci's rootfs/. Prints markdown on stdout; hyperfine's JSON goes to
#   bench/work/unpack.json. Pier's row is skipped if `$PIER --version` fails.
#   Environment: PIER (default ./pier), BENCH_WORK, BENCH_TOTAL_MB, BENCH_LAYERS, BENCH_RUNS.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

make_image
umoci_dest=$WORK/unpack-umoci
pier_dest=$WORK/unpack-pier
pier_cmd=
pier_ok && pier_cmd="$PIER unpack oci:$IMG:bench $pier_dest"

echo "### Unpack (flatten all layers into a directory)"
echo
image_line
echo
compare unpack umoci "umoci unpack --image $IMG:bench $umoci_dest" "$umoci_dest" \
  "$pier_cmd" "$pier_dest"
echo "Unpacked: $(find "$umoci_dest/rootfs" | wc -l) entries, $(du -sm "$umoci_dest/rootfs" | cut -f1) MiB."
[[ -z $pier_cmd ]] || warn_if_differs "unpack" "$umoci_dest/rootfs" "$pier_dest"
echo
