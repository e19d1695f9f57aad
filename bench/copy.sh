#!/usr/bin/env bash
# Usage: bench/copy.sh
#   Times `skopeo copy oci:IMG:bench oci:DEST:bench` against
#   `$PIER copy oci:IMG:bench oci:DEST2:bench` (hyperfine, 1 warmup + 5 runs, destinations
#   removed before every run, warm page cache) on the image built by make-image.sh (cached
#   in bench/work/image), then checks that both copies hold the same blobs. Prints markdown
#   on stdout; hyperfine's JSON goes to bench/work/copy.json. Pier's row is skipped if
#   `$PIER --version` fails.
#   Environment: PIER (default ./pier), BENCH_WORK, BENCH_TOTAL_MB, BENCH_LAYERS, BENCH_RUNS.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

make_image
skopeo_dest=$WORK/copy-skopeo
pier_dest=$WORK/copy-pier
pier_cmd=
pier_ok && pier_cmd="$PIER copy oci:$IMG:bench oci:$pier_dest:bench"

echo "### Copy (OCI layout to OCI layout)"
echo
image_line
echo
compare copy skopeo "skopeo copy oci:$IMG:bench oci:$skopeo_dest:bench" "$skopeo_dest" \
  "$pier_cmd" "$pier_dest"
if [[ -n $pier_cmd ]]; then
  # Blobs are named by their digest: same names, same content (both tools verify digests).
  if diff <(ls "$skopeo_dest/blobs/sha256") <(ls "$pier_dest/blobs/sha256") >&2; then
    echo "Check: copy: \`$skopeo_dest\` and \`$pier_dest\` hold the same blobs."
  else
    echo "**Warning: copy: \`$pier_dest\` holds other blobs than \`$skopeo_dest\` (details on stderr).**"
  fi
fi
echo
