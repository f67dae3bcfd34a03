#!/usr/bin/env bash
# Host monitor benchmark: throughput and latency through a socat pty pair (jSerialComm), plus in-memory baselines.
# Usage: bench/monitor-bench.sh [lines=100000] [repeats=3] [pacedRate=5000] [pacedSeconds=5]
# Needs socat. Compiles host-monitor (no install) and MonitorBench against it; works before the bench module is wired.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v socat >/dev/null || { echo "monitor-bench: socat is required (apt-get install socat)" >&2; exit 2; }
cd "$ROOT"
mvn -q -B -o -pl host-monitor compile dependency:build-classpath -Dmdep.outputFile="$ROOT/host-monitor/target/monitor-cp.txt" >&2
CP="$ROOT/host-monitor/target/classes:$(cat "$ROOT/host-monitor/target/monitor-cp.txt")"
OUT="$ROOT/bench/target/monitor-bench-classes"
mkdir -p "$OUT"
javac -d "$OUT" -cp "$CP" "$ROOT/bench/src/main/java/dev/tinykws/bench/MonitorBench.java"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) load=$(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx512m -cp "$OUT:$CP" dev.tinykws.bench.MonitorBench "$@"
