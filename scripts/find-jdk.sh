#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (JAVA_HOME, then `java` on PATH, then the newest under the
# machine's JVM folders), or fails with the fix. Sourced by ./mcpbot and ./run-tests.
mcpbot_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

mcpbot_find_jdk() {
  local candidates=() home major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(mcpbot_java_major "$home")
    [ -n "$major" ] || continue
    # JAVA_HOME wins when it is new enough; otherwise take the newest JDK found.
    if [ "$home" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then
      echo "$home"
      return 0
    fi
    if [ "$major" -gt "$best_major" ]; then
      best="$home"
      best_major="$major"
    fi
  done
  if [ "$best_major" -ge 21 ]; then
    echo "$best"
    return 0
  fi
  echo "mcpbot needs a JDK 21 or newer (found none; newest was ${best_major:-none})." >&2
  echo "Fix: install one (e.g. Temurin 21+) and set JAVA_HOME to it." >&2
  return 1
}

# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
mcpbot_quiet_maven() {
  if [ "$(mcpbot_java_major "$1")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
