#!/usr/bin/env bash
# Shared by the bench scripts: picks a JDK >= 21, builds the bench module and its reactor
# dependencies in one run, and sets $cp to its runtime classpath (reactor jars, not ~/.m2).
# Source it after setting $root to the repository root.
# shellcheck source=../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
JAVA_HOME="$(mcpbot_find_jdk)"
mcpbot_quiet_maven "$JAVA_HOME"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
bench_log="$(mktemp)"
if ! mvn -q -B -ntp -pl bench -am package -DskipTests -Dspotless.check.skip=true \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime \
  >"$bench_log" 2>&1; then
  cat "$bench_log" >&2
  rm -f "$bench_log"
  exit 1
fi
rm -f "$bench_log"
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
export cp

# For the sandbox benches: bubblewrap on the machine and the npm reference servers in testing/.
bench_need_sandbox() {
  command -v bwrap >/dev/null || { echo "bubblewrap is not installed: apt-get install bubblewrap" >&2; exit 1; }
  [ -d "$root/testing/node_modules" ] || (cd "$root/testing" && npm ci --no-audit --no-fund --loglevel=error)
}
