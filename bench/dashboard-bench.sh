#!/usr/bin/env bash
# Monitor dashboard benchmark: DET-on-the-wire → browser latency and monitor memory with the dashboard open.
# The monitor CLI (--web) runs in a child JVM; a simulated device is served from the harness; headless
# chromium (apt: chromium chromium-driver) shows the dashboard. Appends to bench/results/dashboard.md.
# Usage: bench/dashboard-bench.sh RATE SECONDS [NEAR_SHARE=0] [AUDIO_EVERY=0]
#   latency:  bench/dashboard-bench.sh 100 60
#   memory:   bench/dashboard-bench.sh 300 1200 0.3 100   (one hour of 100 events/s, 3x accelerated)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || { echo "dashboard-bench: apt-get install chromium chromium-driver" >&2; exit 2; }
mvn -q -B -o -DskipTests -pl host-monitor test-compile dependency:build-classpath \
  -Dmdep.outputFile="$ROOT/host-monitor/target/bench-classpath.txt" -Dmdep.includeScope=test >&2
CP="host-monitor/target/test-classes:host-monitor/target/classes:$(cat host-monitor/target/bench-classpath.txt)"
exec nice -n 5 java -Xmx512m -cp "$CP" dev.tinykws.monitor.web.DashboardBench "$1" "$2" "${3:-0}" "${4:-0}" bench/results/dashboard.md
