#!/usr/bin/env bash
# What a kill -9 under load loses: TokenTap (the jar) in front of a fake upstream, 8 keep-alive
# clients, SIGKILL after 2 to 4 s, 10 times. Prints per trial the answered, stored and lost
# exchanges, how long before the kill the lost ones were answered, and whether the database is
# intact and the next start opens it. Takes about a minute on 2 cores.
#
#   src/test/bench/kill-nine.sh [--trials N] [--clients N]
set -euo pipefail
cd "$(dirname "$0")/../../.."

JDK=${TOKENTAP_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$JDK/bin/java" ]; then
  echo "bench: JDK 25 not found at $JDK (set TOKENTAP_JDK)" >&2
  exit 1
fi
if [ ! -f target/tokentap.jar ] \
   || [ -n "$(find src/main pom.xml -newer target/tokentap.jar -print -quit)" ]; then
  echo "bench: building target/tokentap.jar" >&2
  mvn -B -q -DskipTests package
fi
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

work=$(mktemp -d -t tokentap-kill9.XXXXXX)
pids="$work/pids"
cleanup() {
  if [ -f "$pids" ]; then
    while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done <"$pids"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$JDK/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.tokentap.bench.KillNineBenchmark --work-dir "$work" --pid-file "$pids" "$@"
