#!/usr/bin/env bash
# Usage: bench/build.sh
#   `pier build` against `buildah bud` (Debian's buildah: vfs storage, chroot isolation, --layers),
#   same busybox-static base (made here, read by both from an OCI layout), same contexts:
#     corpus  a multi-stage COPY/ENV/ARG/WORKDIR/LABEL/USER build and a RUN build with a whiteout,
#             an opaque directory, a hardlink and a chmod (the shapes of the test corpus);
#     copy50  one COPY of a 50 MB file;
#     run1000 one RUN that writes 1,000 files;
#   each cold (both tools' storage removed before every run) and cached (a rebuild of the same
#   input: nothing to do). Needs root (RUN). Prints markdown (means, their ratio, and each tool's
#   user+system CPU, with the load average before and after); hyperfine's JSON goes to
#   $WORK/build-*.json. Environment: PIER, BENCH_WORK, BENCH_RUNS (default 3 here).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS=${BENCH_RUNS:-3}
pier_ok || { echo "bench: build needs Pier" >&2; exit 1; }
W=$WORK/build
rm -rf "$W" && mkdir -p "$W"
W=$(cd "$W" && pwd)

# The base: busybox-static with its applets, /tmp and a passwd, as an OCI layout.
root=$W/rootfs
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
chmod 1777 "$root/tmp"
cp "$(command -v busybox)" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do [[ -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/tmp:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$root/etc/group"
"$PIER" --root "$W/import-store" import -q "$root" "oci:$W/base:busybox" >/dev/null
BASE=oci:$W/base:busybox

context() { mkdir -p "$W/ctx/$1" && cat >"$W/ctx/$1/Dockerfile"; }
context multi <<EOF
FROM $BASE AS build
ARG GREETING=hello
ENV DIR=/opt/app GREETING_ENV=\${GREETING}-world
WORKDIR /opt
COPY src/ \${DIR}/src/
COPY *.txt \${DIR}/
COPY --chown=1000:1000 conf /etc/app/conf
FROM $BASE
COPY --from=build /opt/app /srv/app
COPY --from=build /etc/app /etc/app
WORKDIR /srv/app
LABEL org.example.version="1.0"
EXPOSE 8080
USER 1000:1000
CMD ["sh", "-c", "echo hi"]
EOF
mkdir -p "$W/ctx/multi/src/a/b" "$W/ctx/multi/conf"
for i in $(seq 200); do echo "file $i" >"$W/ctx/multi/src/a/b/f$i.txt"; done
echo notes >"$W/ctx/multi/notes.txt" && echo readme >"$W/ctx/multi/readme.txt" && echo k=v >"$W/ctx/multi/conf/app.conf"
context runs <<EOF
FROM $BASE
RUN echo hi > /a && mkdir /d && touch /d/x
RUN rm /a && rm -rf /d && mkdir /d && echo y > /d/y
RUN ln /d/y /d/h
RUN chmod 4755 /bin/busybox
EOF
context copy50 <<EOF
FROM $BASE
COPY big.bin /big.bin
EOF
head -c $((50 * 1024 * 1024)) /dev/urandom >"$W/ctx/copy50/big.bin"
context run1000 <<EOF
FROM $BASE
RUN mkdir /many && for i in \$(seq 1000); do echo \$i > /many/f\$i; done
EOF

buildah_cmd() { echo "buildah --root $W/buildah-root --runroot $W/buildah-run --storage-driver vfs bud -q --isolation chroot --layers -t localhost/bench-$1 $W/ctx/$1"; }
pier_cmd() { echo "$PIER --root $W/pier-store build -q -t bench-$1 $W/ctx/$1"; }
corpus_buildah() { echo "sh -c '$(buildah_cmd multi) >/dev/null && $(buildah_cmd runs) >/dev/null'"; }
corpus_pier() { echo "sh -c '$(pier_cmd multi) >/dev/null && $(pier_cmd runs) >/dev/null'"; }
wipe="rm -rf $W/buildah-root $W/buildah-run $W/pier-store"

# row NAME BUILDAH_CMD PIER_CMD MODE: one hyperfine run of both, a markdown row with means and ratio.
row() {
  local name=$1 b=$2 p=$3 mode=$4 json=$WORK/build-$1-$4.json
  local -a prep=()
  if [[ $mode == cold ]]; then prep=(--prepare "$wipe"); else sh -c "$b" >/dev/null 2>&1; sh -c "$p" >/dev/null 2>&1; fi
  hyperfine -N --style basic --warmup 0 --runs "$RUNS" --export-json "$json" "${prep[@]}" -n buildah "$b" -n pier "$p" >&2
  local bm pm bc pc
  read -r bm < <(jq -r '.results[0].mean' "$json")
  read -r pm < <(jq -r '.results[1].mean' "$json")
  # user+system CPU: on a shared, loaded machine the wall times follow the CPU each tool needs
  read -r bc < <(jq -r '.results[0].user + .results[0].system' "$json")
  read -r pc < <(jq -r '.results[1].user + .results[1].system' "$json")
  printf '| %s | %s | %.3f | %.3f | %.2f | %.2f | %.2f |\n' "$name" "$mode" "$bm" "$pm" \
    "$(awk -v a="$bm" -v b="$pm" 'BEGIN { print a / b }')" "$bc" "$pc"
}

echo "### pier build vs buildah bud ($(nproc) cores, $(uname -r), $(buildah --version))"
echo
echo "Load average (1, 5, 15 min) before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| build | cache | buildah mean (s) | pier mean (s) | buildah/pier | buildah CPU (s) | pier CPU (s) |"
echo "|---|---|---:|---:|---:|---:|---:|"
row corpus "$(corpus_buildah)" "$(corpus_pier)" cold
row corpus "$(corpus_buildah)" "$(corpus_pier)" cached
for b in copy50 run1000; do
  row "$b" "$(buildah_cmd $b)" "$(pier_cmd $b)" cold
  row "$b" "$(buildah_cmd $b)" "$(pier_cmd $b)" cached
done
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg). CPU is user+system, the mean of the runs."
echo
echo "Timed with \`hyperfine -N --runs $RUNS\`; cold runs remove both tools' storage first (\`$wipe\`),"
echo "cached runs rebuild an input built just before. Contexts and Dockerfiles: \`$W/ctx\`, written by \`bench/build.sh\`."
