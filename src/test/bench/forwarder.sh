#!/usr/bin/env bash
# The forwarder benchmark: DIRECT vs TOKENTAP vs NGINX to the same fake llama-server.
# Prints added latency per request and per SSE event (one stream, and 200 concurrent streams),
# requests/s at 32 clients (wrk), and recorder rows/s. Takes about 2.5 minutes on 2 cores; all
# traffic stays on 127.0.0.1.
#
#   src/test/bench/forwarder.sh            full run
#   src/test/bench/forwarder.sh --quick    short smoke run (figures are rough)
# Other options go to dev.tokentap.bench.ForwarderBenchmark (--nginx-workers 1,
# --tokentap-stdout discard, --wrk-seconds N, --jar PATH).
set -euo pipefail
cd "$(dirname "$0")/../../.."

JDK=${TOKENTAP_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$JDK/bin/java" ]; then
  echo "bench: JDK 25 not found at $JDK (set TOKENTAP_JDK)" >&2
  exit 1
fi
export JAVA_HOME="$JDK"
export PATH="$JAVA_HOME/bin:$PATH:/usr/sbin"

# nginx and wrk: install them when we may, otherwise say what is missing (the benchmark then
# skips NGINX, and falls back to a Java load generator for requests/s).
missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing ${missing[*]} with apt-get" >&2
    apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null
  else
    echo "bench: missing ${missing[*]}: install with 'sudo apt-get install -y ${missing[*]}'" >&2
  fi
fi

# Quiet Maven (minus Maven's own JDK 25 Unsafe warnings), failing when Maven fails.
mvn() {
  local out rc=0
  out=$(command mvn -B -q -Dstyle.color=never "$@" 2>&1) || rc=$?
  printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' \
    | grep -v -e 'sun.misc.Unsafe' -e '^WARNING: ' -e '^[[:space:]]*$' >&2 || true
  if [ "$rc" -ne 0 ]; then
    echo "bench: mvn $* failed" >&2
  fi
  return "$rc"
}
# (Re)build the jar when it is missing or older than the sources, so a merge is never measured stale.
if [ ! -f target/tokentap.jar ] \
   || [ -n "$(find src/main pom.xml -newer target/tokentap.jar -print -quit)" ]; then
  echo "bench: building target/tokentap.jar" >&2
  mvn -DskipTests package
fi
echo "bench: compiling the benchmark (test classes)" >&2
mvn test-compile
mvn dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
if [ ! -f target/test-classes/dev/tokentap/bench/ForwarderBenchmark.class ] \
   || [ ! -s target/bench.classpath ]; then
  echo "bench: build failed" >&2
  exit 1
fi

work=$(mktemp -d -t tokentap-bench.XXXXXX)
pids="$work/pids"
cleanup() {
  # The benchmark stops its own children; this catches them if its JVM was killed outright.
  if [ -f "$pids" ]; then
    while read -r pid; do
      kill "$pid" 2>/dev/null || true
    done <"$pids"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -Dbench.git="$(git rev-parse --short HEAD 2>/dev/null || true)" \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.tokentap.bench.ForwarderBenchmark --work-dir "$work" --pid-file "$pids" "$@"
