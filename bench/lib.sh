# Shared helpers for the bench/*.sh scripts; source it, do not run it.
# Environment: PIER (default ./pier), BENCH_WORK (default bench/work),
# BENCH_TOTAL_MB / BENCH_LAYERS (image size, default 300 / 5), BENCH_RUNS (default 5).
# Every script cds to the repository root, so the measured command lines use short
# relative paths and can be pasted as they are printed.

export LC_ALL=C # printf and awk parse "0.5", not "0,5"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PIER=${PIER:-./pier}
WORK=${BENCH_WORK:-bench/work}
IMG=$WORK/image
RUNS=${BENCH_RUNS:-5}

# make_image: build (or reuse) the benchmark image at $IMG.
make_image() {
  bench/make-image.sh "$IMG" "${BENCH_TOTAL_MB:-300}" "${BENCH_LAYERS:-5}" >&2
}

# pier_ok: true when $PIER answers --version; otherwise says why on stderr.
pier_ok() {
  if "$PIER" --version >/dev/null 2>&1; then return 0; fi
  echo "bench: '$PIER --version' failed; Pier's rows are skipped (set PIER=/path/to/pier)." >&2
  return 1
}

# compare NAME PEER PEER_CMD PEER_DEST [PIER_CMD PIER_DEST]
# Times PEER_CMD (and PIER_CMD, if given) with hyperfine, removing the command's destination
# before every run (so each leaves its output for the checks), exports $WORK/NAME.json and
# prints a markdown table on stdout (hyperfine's own report goes to stderr).
# The ratio is peer mean / Pier mean: above 1 means Pier is faster.
compare() {
  local name=$1 peer=$2 peer_cmd=$3 peer_dest=$4 pier_cmd=${5:-} pier_dest=${6:-}
  local json=$WORK/$name.json
  # sync after the removal: the previous run's dirty pages and the removal's metadata are written
  # back before the next run starts, not during it (neither tool fsyncs what it writes)
  local -a args=(--prepare "sh -c 'rm -rf $peer_dest && sync'" -n "$peer" "$peer_cmd")
  [[ -z $pier_cmd ]] || args+=(--prepare "sh -c 'rm -rf $pier_dest && sync'" -n pier "$pier_cmd")
  hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$json" "${args[@]}" >&2

  local peer_mean peer_sd mean sd
  read -r peer_mean peer_sd < <(jq -r '.results[0] | "\(.mean) \(.stddev)"' "$json")
  echo "| tool | command | mean (s) | stddev (s) | $peer/pier |"
  echo "|---|---|---:|---:|---:|"
  printf '| %s | `%s` | %.3f | %.3f | — |\n' "$peer" "$peer_cmd" "$peer_mean" "$peer_sd"
  if [[ -n $pier_cmd ]]; then
    read -r mean sd < <(jq -r '.results[1] | "\(.mean) \(.stddev)"' "$json")
    printf '| pier | `%s` | %.3f | %.3f | %.2f |\n' "$pier_cmd" "$mean" "$sd" \
      "$(awk -v a="$peer_mean" -v b="$mean" 'BEGIN { print a / b }')"
  else
    echo "| pier | \`$PIER\` | skipped: \`$PIER --version\` failed | | |"
  fi
  echo
  echo "Timed with \`hyperfine -N --warmup 1 --runs $RUNS\`, the destination removed and the file system synced (\`--prepare \"sh -c 'rm -rf DEST && sync'\"\`)"
  echo "before every run; warm page cache; JSON in \`$json\`."
}

# image_line: one markdown line describing $IMG:bench (layers and their compressed sizes).
image_line() {
  local manifest sizes
  manifest=$IMG/blobs/$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "bench")
    | .digest | sub(":"; "/")' "$IMG/index.json")
  sizes=$(jq -r '[.layers[].size / 1048576 | floor | tostring + " MiB"] | join(", ")' "$manifest")
  echo "Image \`$IMG:bench\` ($(cat "$IMG.params")): $(jq '.layers | length' "$manifest") gzip layers" \
    "of $sizes; $(du -sm "$IMG" | cut -f1) MiB on disk."
}

# warn_if_differs WHAT A B: compare two trees (names, types, modes, owners, sizes, link
# counts and targets, file mtimes, contents); print a markdown warning if they differ.
warn_if_differs() {
  local what=$1 a=$2 b=$3
  list() { (cd "$1" && find . -mindepth 1 -printf '%p %y %m %U:%G %n %l ' \
    \( -type d -printf '\n' -o -printf '%s %T@\n' \) | sort); }
  if diff <(list "$a") <(list "$b") >&2 && diff -r --no-dereference -q "$a" "$b" >&2; then
    echo "Check: $what: \`$a\` and \`$b\` are identical."
  else
    echo "**Warning: $what: \`$b\` differs from \`$a\` (details on stderr).**"
  fi
}
