#!/usr/bin/env bash
# Usage: bench/run-all.sh [--write]
#   Runs machine.sh, unpack.sh, copy.sh, push-pull.sh and registry.sh and prints one markdown
#   section on stdout.
#   With --write, also replaces the text between the markers
#   <!-- bench:image:start --> and <!-- bench:image:end --> in docs/benchmarks.md
#   (BENCH_DOC overrides the file; it is created with an explanatory header if absent,
#   the markers are appended if missing). --write refuses to run when `$PIER --version`
#   fails, so the document never gets a result without Pier's numbers.
#   Environment: PIER (default ./pier), BENCH_DOC, and those of unpack.sh / copy.sh.
set -euo pipefail
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; } # the comment above
source "$(dirname "$0")/lib.sh"

write=false
case "${1:-}" in
  --write) write=true ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
doc=${BENCH_DOC:-docs/benchmarks.md}
start='<!-- bench:image:start -->' end='<!-- bench:image:end -->'
if $write && ! pier_ok; then
  echo "run-all: --write needs a working Pier; nothing was run." >&2
  exit 1
fi

section=$(mktemp)
trap 'rm -f "$section"' EXIT
{
  echo "## Image benchmarks ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "Produced by \`bench/run-all.sh --write\`; each command below was timed as printed, from"
  echo "the repository root, with \`PIER=$PIER\`."
  echo
  bench/machine.sh
  bench/unpack.sh
  bench/copy.sh
  bench/push-pull.sh
  bench/registry.sh
} >"$section"
cat "$section"
$write || exit 0

mkdir -p "$(dirname "$doc")"
[[ -f $doc ]] || cat >"$doc" <<'HEADER'
# Benchmarks

Pier is measured side by side with its peers, in one run on one machine, and reported as a
ratio (peer mean / Pier mean: above 1 means Pier is faster). The sections below are generated;
do not edit them by hand. To refresh one, run from the repository root, on an otherwise idle
machine, with Pier built:

    bench/run-all.sh --write      # image unpack and copy: the section between bench:image markers

The scripts, their parameters and the generated test image are described in `bench/*.sh`.
Timings are taken with hyperfine (1 warmup run, 5 measured runs) on a warm page cache.
HEADER
grep -qxF "$start" "$doc" || printf '\n%s\n%s\n' "$start" "$end" >>"$doc"
awk -v start="$start" -v end="$end" -v section="$section" '
  $0 == start { print; while ((getline line < section) > 0) print line; skip = 1; next }
  $0 == end   { skip = 0 }
  !skip
' "$doc" >"$doc.new"
mv "$doc.new" "$doc"
echo "run-all: wrote $doc" >&2
