#!/usr/bin/env bash
# Monitor dashboard benchmark (writes bench/results/dashboard.md):
#  1. latency: DET lines at 100/s from a simulated device; time from the line on the wire to its SSE event
#     in the page (headless chromium), p50/p90/p99;
#  2. memory: the monitor's RSS and live heap with the dashboard open through an hour of traffic at
#     100 events/s (360,000 events, 30% near-misses, 1 s of detection audio every 100 events), compressed
#     3x (300 events/s for 20 min).
# The monitor CLI (--web) runs in a child JVM (-Xmx256m; JAVA_OPTS=-Dtinykws.bench.monitorXmx=64m changes it);
# the device simulator and Selenium run in the
# harness (host-monitor test class dev.tinykws.monitor.web.DashboardBench). Needs chromium chromium-driver.
# Usage: bench/scripts/dashboard.sh [--full]   (without --full: 20 s latency + 60 s memory, ~2 min;
#        --full: 60 s latency + 20 min memory).  Or one run: DashboardBench RATE SECONDS NEAR AUDIO_EVERY OUT.md
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || { echo "dashboard.sh: apt-get install chromium chromium-driver" >&2; exit 2; }
mvn -q -B -o -DskipTests -pl host-monitor -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$ROOT/host-monitor/target/test-classpath.txt" -Dmdep.includeScope=test >&2
CP="host-monitor/target/test-classes:host-monitor/target/classes:$(cat host-monitor/target/test-classpath.txt)"
if [[ "${1:-}" == "--full" ]]; then LAT=60; MEM=1200; else LAT=20; MEM=60; fi
OUT=bench/results/dashboard.md
TMP=$OUT.tmp
{
  echo "## Monitor dashboard"
  echo
  echo "Command: \`bench/scripts/dashboard.sh${1:+ $1}\` (runs \`DashboardBench 100 $LAT 0 0\` then \`DashboardBench 300 $MEM 0.3 100\`)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), shared with other jobs. Date: $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "The monitor CLI with \`--web\` runs in a child JVM; the simulated device (loopback TCP) and headless chromium"
  echo "(Selenium) run in the harness. Latency = the page's receive time of the SSE event (\`performance.timeOrigin +"
  echo "performance.now()\`, collected from \`window.tinykwsProbe\`) minus the time the harness wrote the DET line to the"
  echo "socket (same wall clock). \"Event built in the monitor\" is the monitor's own part (the \`sent_us\` stamp in the event)."
} > "$TMP"
JAVA="nice -n 5 java -Xmx512m ${JAVA_OPTS:-} -cp $CP dev.tinykws.monitor.web.DashboardBench"
$JAVA 100 "$LAT" 0 0 "$TMP"
$JAVA 300 "$MEM" 0.3 100 "$TMP"
mv "$TMP" "$OUT"
echo "dashboard.sh: wrote $OUT" >&2
