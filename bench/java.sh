#!/usr/bin/env bash
# pier java against Jib (jib-core 0.27.3) on examples/hello-web:
#  - build time cold (empty caches) and after a one-class change (warm caches);
#  - image size: pier java --jlink --base none vs Jib on a full-JDK base image.
# The base for Jib is made here with `pier import $JAVA_HOME` (the whole Temurin 25 JDK copied
# into a one-layer image, as docker-archive) because no JRE image can be pulled on these machines;
# a JRE-only base would be smaller than this JDK one. Writes a markdown report on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
M2=${BENCH_M2:-$HOME/.m2/repository}
APP=examples/hello-web
W=$WORK/java
rm -rf "$W"; mkdir -p "$W"
./mvnw -q -o -Dmaven.repo.local="$M2" -f $APP/pom.xml clean package dependency:copy-dependencies >&2
./mvnw -q -o -Dmaven.repo.local="$M2" -pl build dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$W/jib.cp" >&2
JIBCP=$(cat $W/jib.cp)
MAIN=dev.pier.examples.hello.HelloWeb
"$PIER" --root $W/base-store import -q "$JAVA_HOME" docker-archive:$W/jdk-base.tar:jdk:25 >/dev/null

secs() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); awk -v d=$((e - s)) 'BEGIN{printf "%.2f", d/1e9}'; }
pier_build() { "$PIER" --root $W/store java --project $APP --jlink -t hello-web; }
jib_build() { "$JAVA_HOME/bin/java" -cp "$JIBCP" bench/JibBuild.java $W/jdk-base.tar $APP $W/jib.tar $W/jib-cache $MAIN; }
touch_class() { # a one-class change: recompile HelloWeb with a different greeting
  sed -i "s/\"hello[a-z ]*, \"/\"hello $1, \"/" $APP/src/main/java/dev/pier/examples/hello/HelloWeb.java
  grep -q "\"hello $1, \"" $APP/src/main/java/dev/pier/examples/hello/HelloWeb.java || { echo "bench: the class change did not apply" >&2; exit 1; }
  ./mvnw -q -o -Dmaven.repo.local="$M2" -f $APP/pom.xml compile >&2
}
cp $APP/src/main/java/dev/pier/examples/hello/HelloWeb.java $W/HelloWeb.java.orig
trap 'cp $W/HelloWeb.java.orig $APP/src/main/java/dev/pier/examples/hello/HelloWeb.java' EXIT

pier_cold=$(secs pier_build); jib_cold=$(secs jib_build)
touch_class a
pier_warm=$(secs pier_build); jib_warm=$(secs jib_build)
touch_class b
pier_warm2=$(secs pier_build); jib_warm2=$(secs jib_build)
"$PIER" --root $W/store copy -q hello-web oci:$W/pier-oci:hello-web >/dev/null
pier_size=$(du -sb $W/pier-oci/blobs | cut -f1)
jib_size=$(stat -c %s $W/jib.tar)
mb() { awk -v b="$1" 'BEGIN{printf "%.1f", b/1048576}'; }

cat <<REPORT
## pier java vs Jib on examples/hello-web ($(nproc) cores, $(date -u +%Y-%m-%d))

Command: \`bench/java.sh\`. Pier: \`pier java --project $APP --jlink -t hello-web\` (no base).
Jib: jib-core 0.27.3 (\`bench/JibBuild.java\`), base = the Temurin 25 JDK imported with \`pier import\`
as a docker-archive (a full JDK: no JRE image can be pulled here), output a docker-archive tar.

| | Pier (--jlink, no base) | Jib (JDK base) |
| --- | --- | --- |
| cold build, empty caches (s) | $pier_cold | $jib_cold |
| rebuild after a one-class change (s) | $pier_warm | $jib_warm |
| again, another one-class change (s) | $pier_warm2 | $jib_warm2 |
| image size (MB, compressed blobs / tar) | $(mb $pier_size) | $(mb $jib_size) |
REPORT
