# Sourced by ./tribunal and ./run-tests. Exports JAVA_HOME pointing at a JDK >= 21:
# JAVA_HOME if it qualifies, else the usual JVM folders (newest first), else `java` on PATH.
# Fails with one line saying what to install.

tribunal_jdk_major() { # $1 = JDK home; prints its major version or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

tribunal_find_jdk() {
  local want=21 c major seen=""
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/java/* \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    c=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1)
    [ -n "$c" ] && candidates+=("$c")
  fi
  local best="" best_major=0
  for c in "${candidates[@]}"; do
    major=$(tribunal_jdk_major "$c") || continue
    [ -n "$major" ] || continue
    seen="$seen $c($major)"
    # JAVA_HOME wins if it qualifies; otherwise take the newest.
    if [ "$c" = "${JAVA_HOME:-}" ] && [ "$major" -ge "$want" ]; then best=$c; break; fi
    if [ "$major" -ge "$want" ] && [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "tribunal: needs a JDK >= $want (found:${seen:- none}); install one (e.g. 'apt install openjdk-21-jdk' or Temurin 21+) or set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven on JDK 24+ warns about sun.misc.Unsafe; harmless, and noisy.
  major=$(tribunal_jdk_major "$best")
  if [ "$major" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe-memory-access*) ;; *)
      export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

tribunal_require_tools() {
  local t missing=""
  for t in mvn node npm; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done
  if [ -n "$missing" ]; then
    echo "tribunal: missing required tools:$missing (needs JDK 21+, Maven and Node.js/npm)" >&2
    return 1
  fi
}
