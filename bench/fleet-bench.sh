#!/usr/bin/env bash
# Fleet throughput/latency/recovery: N simulated devices (one JVM, one MQTT connection each, one shared outbox)
# -> a private mosquitto -> tinykws fleet -> SQLite. Kills the broker with SIGKILL at KILL_AT s and restarts it
# DOWN s later. Usage: bench/fleet-bench.sh [DEVICES] [RATE per device] [SECONDS] [KILL_AT] [DOWN]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVICES=${1:-1000}; RATE=${2:-1}; SECONDS_RUN=${3:-60}; KILL_AT=${4:-25}; DOWN=${5:-2}; WARMUP=${WARMUP:-5}
WORK=$(mktemp -d /tmp/fleet-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cd "$ROOT"
mvn -q -o -B -pl host-monitor -am compile >/dev/null
mvn -q -o -B -pl host-monitor dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$ROOT/host-monitor/target/classes:$(cat "$WORK/cp.txt")"
cat > "$WORK/mosquitto.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages 1000
max_queued_messages 200000
max_connections -1
CONF
ulimit -n 20000 || true
mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 & BROKER=$!
sleep 0.5
nice -n 5 java -Xmx1g -cp "$CP" dev.tinykws.monitor.cli.FleetCommand --broker "mqtt://127.0.0.1:$PORT/bench" \
  --db "$WORK/fleet.db" --web off --duration $((SECONDS_RUN + 60))s >"$WORK/fleet.log" 2>&1 & FLEET=$!
sleep 3
T0=$(date +%s.%N)
nice -n 5 java -Xss512k -Xmx2g -cp "$CP" dev.tinykws.monitor.cli.MonitorCommand simulate --devices "$DEVICES" --rate "$RATE" \
  --duration "${SECONDS_RUN}s" --publish "mqtt://127.0.0.1:$PORT/bench" --outbox "$WORK/outbox" --confirm-timeout 5s \
  >"$WORK/sim.log" 2>&1 & SIM=$!
sleep "$KILL_AT"
KILL_T=$(date +%s.%N); kill -9 $BROKER; wait $BROKER 2>/dev/null || true
sleep "$DOWN"
mosquitto -c "$WORK/mosquitto.conf" >>"$WORK/mosquitto.log" 2>&1 & BROKER=$!
RESTART_T=$(date +%s.%N)
wait $SIM || true
sleep 5
kill $FLEET 2>/dev/null || true; wait $FLEET 2>/dev/null || true
kill $BROKER 2>/dev/null || true
SENT=$(grep -o 'simulated [0-9]* device(s): [0-9]* detection' "$WORK/sim.log" | awk '{print $4}')
python3 - "$WORK/fleet.db" "$SENT" "$T0" "$KILL_T" "$RESTART_T" "$DEVICES" "$RATE" <<'PY'
import sqlite3, sys
db, sent, t0, kill_t, restart_t, devices, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
c = sqlite3.connect(db)
rows = c.execute("SELECT host_us, stored_us FROM detections").fetchall()
stored = len(rows)
distinct = c.execute('SELECT count(*) FROM (SELECT DISTINCT device, outbox, n FROM detections)').fetchone()[0]
def pct(v, p): return v[min(len(v)-1, int(p*len(v)))] if v else float('nan')
k = kill_t*1e6; r = restart_t*1e6
# sustained: the 30 s before the kill (the start-up backlog of 1,000 connections is over by then)
steady = sorted((s-h)/1000 for h, s in rows if k - 31e6 <= h < k - 1e6)
print(f"devices {devices} x {rate} det/s; sent {sent}, stored {stored}, lost {sent-stored}, duplicate rows {stored-distinct}")
print(f"sustained (30 s before the kill): {len(steady)/30:.0f} det/s stored; latency line->store p50 {pct(steady,.5):.1f} ms, "
      f"p99 {pct(steady,.99):.1f} ms, max {steady[-1] if steady else 0:.0f} ms")
whole = sorted((s-h)/1000 for h, s in rows if h < k - 1e6)
print(f"whole run before the kill (incl. start-up of the connections): p50 {pct(whole,.5):.1f} ms, p99 {pct(whole,.99):.1f} ms")
backlog_done = max((s for h, s in rows if h < r), default=r)
buckets = {}
for h, s in rows:
    if h >= r:
        buckets.setdefault(int((h - r) // 1e6), []).append((s-h)/1000)
back = next((b for b in sorted(buckets) if pct(sorted(buckets[b]), .99) < 1000), None)
print(f"broker down {(r-k)/1e6:.1f} s (SIGKILL, restart); every line read before the restart stored {(backlog_done-r)/1e6:.1f} s "
      f"after the restart; p99 back under 1 s for lines read {back} s after the restart")
PY
echo "logs in $WORK"
