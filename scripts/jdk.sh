# shellcheck shell=bash
# Finds a JDK for Pier. Sourced by ./pier and .ci/run; defines functions only.
#
#   pier_java_home [MIN]   prints the home of a JDK whose major version is >= MIN (default 25):
#                          $JAVA_HOME if it qualifies, else the newest under ${PIER_JVM_DIR:-/usr/lib/jvm};
#                          otherwise says so on stderr and returns 1.
#   pier_java_major DIR    prints the major version of the JDK at DIR (from its release file,
#                          else from `bin/java -version`); returns 1 if DIR holds no java.

pier_java_major() {
  local home=$1 v=""
  [[ -x $home/bin/java && ! -d $home/bin/java ]] || return 1
  if [[ -r $home/release ]]; then   # read with builtins: every command started costs each pier command time
    local line re='^JAVA_VERSION="?([^"]*)"?[[:space:]]*$'
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line =~ $re ]]; then
        v=${BASH_REMATCH[1]}
        break
      fi
    done <"$home/release"
  fi
  if [[ -z $v ]]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1) || v=""
  fi
  [[ $v == 1.* ]] && v=${v#1.}   # 1.8.0_392 -> 8
  v=${v%%[!0-9]*}                 # 25.0.1 -> 25, 26-ea -> 26
  [[ -n $v ]] || return 1
  printf '%s\n' "$((10#$v))"
}

pier_java_home() {
  local min=${1:-25} best="" best_v=0 dir v
  if [[ -n ${JAVA_HOME:-} ]] && v=$(pier_java_major "$JAVA_HOME") && ((v >= min)); then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  for dir in "${PIER_JVM_DIR:-/usr/lib/jvm}"/*; do
    v=$(pier_java_major "$dir") || continue
    if ((v >= min && v > best_v)); then
      best=$dir best_v=$v
    fi
  done
  if [[ -n $best ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  echo "pier: needs JDK $min or newer; set JAVA_HOME" >&2
  return 1
}
