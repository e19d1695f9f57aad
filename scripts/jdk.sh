# shellcheck shell=bash
# Finds a JDK for Pier, and whether the jar is stale. Sourced by ./pier, ./pier-runc and .ci/run;
# defines functions only.
#
#   pier_java_home [MIN]   prints the home of a JDK whose major version is >= MIN (default 25):
#                          $JAVA_HOME if it qualifies, else the newest under ${PIER_JVM_DIR:-/usr/lib/jvm};
#                          otherwise says so on stderr and returns 1.
#   pier_java_major DIR    prints the major version of the JDK at DIR (from its release file,
#                          else from `bin/java -version`); returns 1 if DIR holds no java.
#   pier_find_java_home [MIN], pier_find_java_major DIR
#                          the same, setting PIER_JAVA_HOME / PIER_JAVA_MAJOR instead of printing:
#                          the launchers use these, since every $(...) forks a shell before the
#                          JVM starts.

pier_find_java_major() {
  local home=$1 v=""
  PIER_JAVA_MAJOR=""
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
  PIER_JAVA_MAJOR=$((10#$v))
}

pier_java_major() {
  pier_find_java_major "$1" || return 1
  printf '%s\n' "$PIER_JAVA_MAJOR"
}

pier_find_java_home() {
  local min=${1:-25} best="" best_v=0 dir
  PIER_JAVA_HOME=""
  if [[ -n ${JAVA_HOME:-} ]] && pier_find_java_major "$JAVA_HOME" && ((PIER_JAVA_MAJOR >= min)); then
    PIER_JAVA_HOME=$JAVA_HOME
    return 0
  fi
  for dir in "${PIER_JVM_DIR:-/usr/lib/jvm}"/*; do
    pier_find_java_major "$dir" || continue
    if ((PIER_JAVA_MAJOR >= min && PIER_JAVA_MAJOR > best_v)); then
      best=$dir best_v=$PIER_JAVA_MAJOR
    fi
  done
  if [[ -n $best ]]; then
    PIER_JAVA_HOME=$best
    return 0
  fi
  echo "pier: needs JDK $min or newer; set JAVA_HOME" >&2
  return 1
}

pier_java_home() {
  pier_find_java_home "${1:-25}" || return 1
  printf '%s\n' "$PIER_JAVA_HOME"
}

# pier_newer_source HOME JAR: whether a pom or a main source file (tests do not go into the jar)
# of the repository at HOME is newer than JAR. Globs and tests only, no command: a find in $(...)
# costs each start a fork and an exec, which the machine's load makes dear (at a load of 10: 24 ms
# a check with find, 6 ms without; at a load of 6 both took 4-5 ms; idle, the walk of src/main
# alone takes 4 ms where src/ took 6).
pier_newer_source() {
  local home=$1 jar=$2 f opt found=1 was=()
  for opt in globstar nullglob dotglob; do   # set for the walk, put back after (no $(shopt -p): a fork)
    shopt -q "$opt" && was+=("$opt")
    shopt -s "$opt"
  done
  for f in "$home"/pom.xml "$home"/*/pom.xml "$home"/*/src/main/**; do
    if [[ $f -nt $jar && -f $f ]]; then
      found=0
      break
    fi
  done
  for opt in globstar nullglob dotglob; do
    [[ " ${was[*]} " == *" $opt "* ]] || shopt -u "$opt"
  done
  return "$found"
}
