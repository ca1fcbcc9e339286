#!/usr/bin/env bash
# Measures TokenTap's start-up time to a visible window and its resident memory under demo traffic.
#
#   packaging/measure.sh startup [RUNS]        time from launch to the mapped window, RUNS times (default 5)
#   packaging/measure.sh rss [MINUTES]         RSS every minute of a --demo run with its window (default 60)
#
# TOKENTAP (the command that starts TokenTap) defaults to the installed launcher,
# /opt/tokentap/bin/TokenTap; e.g. TOKENTAP="java -Xmx256m -Xms32m -XX:TrimNativeHeapInterval=30000 -XX:+UseShenandoahGC -XX:ShenandoahGCHeuristics=compact -jar target/tokentap.jar"
# measures the jar with the package's memory options.
# Needs an X display: without DISPLAY it starts Xvfb :77 itself (apt-get install xvfb xauth xdotool).
# Each run uses --demo, so nothing touches your history.
set -euo pipefail

TOKENTAP=${TOKENTAP:-/opt/tokentap/bin/TokenTap}
mode=${1:-startup}
arg=${2:-}

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:77
  Xvfb :77 -screen 0 1600x1000x24 -nolisten tcp -noreset >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  sleep 1
fi
command -v xdotool >/dev/null || { echo "measure: needs xdotool" >&2; exit 1; }

now_ms() { date +%s%3N; }

# the JVM's pid: the launcher itself (jpackage's launcher runs the JVM in its own process)
jvm_pid() {
  local pid=$1
  local child
  child=$(pgrep -P "$pid" java || true)
  echo "${child:-$pid}"
}

rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

case "$mode" in
  startup)
    runs=${arg:-5}
    for i in $(seq 1 "$runs"); do
      start=$(now_ms)
      $TOKENTAP --demo >/dev/null 2>&1 &
      pid=$!
      # polled every 20 ms: xdotool's own --sync polls twice a second, too coarse for this
      until xdotool search --onlyvisible --name '^TokenTap' >/dev/null 2>&1; do
        if [ $(($(now_ms) - start)) -gt 60000 ]; then
          echo "run $i: no window within 60 s" >&2
          kill "$pid" 2>/dev/null || true
          exit 1
        fi
        sleep 0.02
      done
      shown=$(now_ms)
      # responsive: the window takes a key press (F5 does nothing harmful) and the JVM still answers
      wid=$(xdotool search --onlyvisible --name '^TokenTap' | head -1)
      xdotool key --window "$wid" F5 >/dev/null 2>&1 || true
      echo "run $i: window visible after $((shown - start)) ms, RSS $(rss_mib "$(jvm_pid "$pid")") MiB"
      kill -TERM "$pid"
      wait "$pid" 2>/dev/null || true
    done
    ;;
  rss)
    minutes=${arg:-60}
    $TOKENTAP --demo >/dev/null 2>&1 &
    pid=$!
    timeout 60 xdotool search --sync --onlyvisible --name '^TokenTap' >/dev/null
    jpid=$(jvm_pid "$pid")
    echo "minute 0: RSS $(rss_mib "$jpid") MiB (pid $jpid)"
    for m in $(seq 1 "$minutes"); do
      sleep 60
      if ! kill -0 "$jpid" 2>/dev/null; then
        echo "TokenTap exited after $((m - 1)) minutes" >&2
        exit 1
      fi
      echo "minute $m: RSS $(rss_mib "$jpid") MiB"
    done
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    ;;
  *)
    echo "usage: packaging/measure.sh startup [RUNS] | rss [MINUTES]" >&2
    exit 2
    ;;
esac
