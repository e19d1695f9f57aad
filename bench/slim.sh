#!/usr/bin/env bash
# Usage: bench/slim.sh   (as root)
#   `pier slim` on a Debian image made by `debootstrap --variant=minbase` (from this machine's apt
#   mirror and suite; cached in $BENCH_WORK/slim/debian, downloaded .debs removed as Debian's images
#   do), for a small shell program using grep, sed, cut, tr and sort. Prints the sizes before and
#   after, the time slim took, and checks that the slim image, confined by the seccomp profile slim
#   wrote and with no capabilities, prints what the original printed.
#   Prints markdown on stdout. Environment: PIER (default ./pier), BENCH_WORK.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
((EUID == 0)) || { echo "bench/slim.sh: needs root (pier run and pier slim as root)" >&2; exit 1; }
pier_ok || exit 1
command -v strace >/dev/null || { echo "bench/slim.sh: needs strace (apt-get install strace)" >&2; exit 1; }
work=$WORK/slim
mkdir -p "$work"
if [[ ! -d $work/debian/usr/bin ]]; then
  read -r mirror suite < <(sed -n 's/^URIs: *//p; s/^Suites: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
    paste - - | head -1 | awk '{ print $1, $2 }')
  mirror=${mirror:-http://deb.debian.org/debian} suite=${suite:-bookworm}
  rm -rf "$work/debian.tmp"
  debootstrap --variant=minbase "$suite" "$work/debian.tmp" "$mirror" >&2
  rm -f "$work"/debian.tmp/var/cache/apt/archives/*.deb
  mv "$work/debian.tmp" "$work/debian"
fi
rm -rf "$work/store"
$PIER --root "$work/store" import -q "$work/debian" bench/debian:minbase >/dev/null
script="grep ^ID= /etc/os-release | sed s/ID=/distro=/; cut -d. -f1 /etc/debian_version | tr 0-9 a-j; printf 'pear\napple\nfig\n' | sort"
expected=$($PIER --root "$work/store" run --rm bench/debian:minbase sh -c "$script")
start=$(date +%s.%N)
$PIER --root "$work/store" slim --format json --seccomp-profile "$work/seccomp.json" -t bench/debian:slim \
  bench/debian:minbase sh -c "$script" >"$work/slim.out"
end=$(date +%s.%N)
report=$(sed -n '/^{/,$p' "$work/slim.out")
actual=$($PIER --root "$work/store" run --rm --cap-drop ALL --security-opt "seccomp=$work/seccomp.json" bench/debian:slim)
[[ $actual == "$expected" ]] || { echo "bench/slim.sh: the slim image printed something else:" >&2; echo "$actual" >&2; exit 1; }
field() { jq -r "$1" <<<"$report"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }
echo "### pier slim (debootstrap --variant=minbase, a grep/sed/cut/tr/sort shell program)"
echo
echo "| | before | after | ratio |"
echo "|---|---:|---:|---:|"
printf '| layers, compressed | %s | %s | %.1f× |\n' "$(mb "$(field .before.compressed)")" "$(mb "$(field .after.compressed)")" \
  "$(awk -v a="$(field .before.compressed)" -v b="$(field .after.compressed)" 'BEGIN { print a / b }')"
printf '| file content | %s | %s | %.1f× |\n' "$(mb "$(field .before.bytes)")" "$(mb "$(field .after.bytes)")" \
  "$(awk -v a="$(field .before.bytes)" -v b="$(field .after.bytes)" 'BEGIN { print a / b }')"
printf '| regular files | %s | %s | |\n' "$(field .before.files)" "$(field .after.files)"
echo
printf 'pier slim took %.1f s (unpack, traced run, layer); %s system calls allowed; capabilities: %s.\n' \
  "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(field '.syscalls | length')" \
  "$(field 'if (.capabilities | length) == 0 then "none" else (.capabilities | keys | join(" ")) end')"
echo "The slim image, run with \`--cap-drop ALL --security-opt seccomp=FILE\`, printed the same output as the original."
echo
echo "Command: \`$PIER --root $work/store slim --format json --seccomp-profile $work/seccomp.json -t bench/debian:slim bench/debian:minbase sh -c \"...\"\`"
