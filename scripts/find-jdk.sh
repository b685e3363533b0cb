#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (JAVA_HOME, then `java` on PATH, then the newest under the
# machine's JVM folders), or fails with the fix. Sourced by ./mcpbot and ./run-tests.
mcpbot_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

mcpbot_find_jdk() {
  local preferred=() home major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && preferred+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    preferred+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  # In order: JAVA_HOME, then the JDK on PATH; the first one that is new enough wins.
  for home in "${preferred[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(mcpbot_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$home"
      return 0
    fi
    [ -n "$major" ] && [ "$major" -gt "$best_major" ] && best_major="$major"
  done
  # Otherwise the newest JDK in the machine's JVM folders.
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$home" ] && [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(mcpbot_java_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -gt "$best_major" ]; then
      best="$home"
      best_major="$major"
    fi
  done
  if [ "$best_major" -ge 21 ]; then
    echo "$best"
    return 0
  fi
  if [ "$best_major" -gt 0 ]; then
    echo "mcpbot needs a JDK 21 or newer (the newest found is JDK $best_major)." >&2
  else
    echo "mcpbot needs a JDK 21 or newer (found no JDK: checked JAVA_HOME, PATH, /usr/lib/jvm)." >&2
  fi
  echo "Fix: install one (e.g. Temurin 21+) and set JAVA_HOME to it." >&2
  return 1
}

# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
mcpbot_quiet_maven() {
  if [ "$(mcpbot_java_major "$1")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
