#!/usr/bin/env bash
# Host monitor benchmark on its own: throughput and latency through a socat pty pair (jSerialComm),
# plus in-memory baselines. Writes bench/results/monitor.md and monitor-throughput.png
# (bench/run runs the same harness with the others).
# Usage: bench/monitor-bench.sh [--quick] [lines=100000] [repeats=3] [pacedRate=5000] [pacedSeconds=5]
# Needs socat.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v socat >/dev/null || { echo "monitor-bench: socat is required (apt-get install socat)" >&2; exit 2; }
cd "$ROOT"
if [[ ! -f bench/target/bench.jar || -n "$(find bench/src host-monitor/src -newer bench/target/bench.jar -name '*.java' -print -quit)" ]]; then
  mvn -q -B -o -DskipTests -pl bench -am package >&2
fi
exec java -Xmx512m -Dtinykws.root="$ROOT" -cp "bench/target/bench.jar:bench/target/lib/*" dev.tinykws.bench.MonitorBench "$@"
