#!/usr/bin/env bash
# Usage: bench/machine.sh
#   Prints a markdown description of this machine for docs/benchmarks.md: CPU, cores,
#   memory, kernel, OS, file system of the bench work directory, JDK, peer tool versions.
#   Environment: PIER (default ./pier), BENCH_WORK (default bench/work), JAVA_HOME.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

java=${JAVA_HOME:+$JAVA_HOME/bin/java}
[[ -x ${java:-} ]] || java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n1 || true)
mkdir -p "$WORK"
first() { "$@" 2>&1 | head -n1 || true; } # first line of a command's output, never fails

echo "### Machine"
echo
echo "- CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "- Memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "- Kernel: $(uname -sr); OS: $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "- File system of \`$WORK\`: $(findmnt -no FSTYPE -T "$WORK") ($(findmnt -no SOURCE -T "$WORK"))"
echo "- JDK: ${java:+$(first "$java" -version)} (\`${java:-none found}\`)"
echo "- Peers: $(first umoci --version), $(first skopeo --version), $(first hyperfine --version)"
echo "- Pier: $(if pier_ok 2>/dev/null; then first "$PIER" --version; else echo "not available ($PIER)"; fi)"
echo
