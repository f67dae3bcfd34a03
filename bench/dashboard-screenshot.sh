#!/usr/bin/env bash
# Screenshot of the monitor dashboard for docs/images/dashboard.png: the simulated device (near-misses and
# detection audio on), the monitor with --web, two clips labelled through the API, then headless chromium
# (through Selenium, so the picture is taken after the page loaded its state and drew its charts).
# Usage: bench/dashboard-screenshot.sh [SECONDS=100] [OUT=docs/images/dashboard.png]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_RUN="${1:-100}"
OUT="${2:-docs/images/dashboard.png}"
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || { echo "dashboard-screenshot: apt-get install chromium chromium-driver" >&2; exit 2; }
mvn -q -B -o -DskipTests -pl host-monitor -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$ROOT/host-monitor/target/test-classpath.txt" -Dmdep.includeScope=test >&2
CP="host-monitor/target/test-classes:host-monitor/target/classes:$(cat host-monitor/target/test-classpath.txt)"
WORK="$(mktemp -d)"
DEV_PORT=$((40000 + RANDOM % 10000)); WEB_PORT=$((DEV_PORT + 1))
java -cp "$CP" dev.tinykws.monitor.cli.MonitorCommand simulate --listen 127.0.0.1:$DEV_PORT --rate 1.5 --near 0.3 \
  --audio 1s --duration $((SECONDS_RUN + 60))s > "$WORK/sim.log" 2>&1 &
SIM=$!
sleep 2
java -cp "$CP" dev.tinykws.monitor.cli.MonitorCommand --port tcp://127.0.0.1:$DEV_PORT --out "$WORK/mon" \
  --web $WEB_PORT --refresh 0 --duration $((SECONDS_RUN + 50))s > "$WORK/mon.log" 2>&1 &
MON=$!
trap 'kill $SIM $MON 2>/dev/null || true' EXIT
sleep "$SECONDS_RUN"
BASE=http://127.0.0.1:$WEB_PORT
curl -s -XPOST -H 'Content-Type: application/json' -d '{"value":0.75}' $BASE/api/threshold >/dev/null
for label in _unknown_ yes; do
  ID=$(curl -s "$BASE/api/review?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"][0]["id"])')
  curl -s -XPOST -H 'Content-Type: application/json' -d "{\"id\":\"$ID\",\"label\":\"$label\"}" $BASE/api/review/label >/dev/null
done
sleep 2
java -cp "$CP" dev.tinykws.monitor.web.DashboardScreenshot $BASE/ "$OUT"
echo "wrote $OUT" >&2
