#!/usr/bin/env bash
# Teacher benchmark (issue 11): the pretrained speech embedding + head as a host model.
#  1. `tinykws train --teacher only` on the default synthetic dataset, SEEDS seeds;
#  2. each teacher on the real-voice folder (`tinykws evaluate --split all`);
#  3. a long stream built from the real-voice folder (real keywords and other real words over faint noise):
#     the device model alone, the device followed by the teacher's second stage, the teacher alone
#     (`tinykws eval-stream ... --verify-with`).
# Usage: bench/scripts/teacher.sh [--full | --report DIR]   (without an argument: prints what it would do;
#        --full takes ~1.5 h on 2 busy cores; --report DIR only rewrites bench/results/teacher.md from the
#        outputs of an earlier --full run in DIR).
# Env: WORK (default bench/target/teacher), REAL (default ../shared/real-dev-gsc next to the repo; skipped when
#      absent), SEEDS (default "1 2 3"), MINUTES (stream length, default 20).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${WORK:-$ROOT/bench/target/teacher}"
REAL="${REAL:-$ROOT/../shared/real-dev-gsc}"
SEEDS="${SEEDS:-1 2 3}"
MINUTES="${MINUTES:-20}"
cd "$ROOT"
case "${1:-}" in
  --full) ;;
  --report) WORK="$(cd "${2:?--report DIR}" && pwd)" ;;
  *) echo "teacher.sh: teacher training (3 seeds), real-voice accuracy and the second-stage stream (~1.5 h);" \
          "pass --full to run it" >&2; exit 0 ;;
esac
if [[ "${1:-}" == "--full" ]]; then
  if [[ ! -d "$REAL" ]]; then
    echo "teacher.sh: no real-voice folder at $REAL (set REAL); nothing measured" >&2
    exit 0
  fi
  mkdir -p "$WORK"
  D="$WORK/dataset"
  [[ -f "$D/dataset.json" ]] || ./tinykws dataset synth --keywords yes,no,up,down,left,right,on,off,stop,go \
      --out "$D" --no-progress >/dev/null
  for s in $SEEDS; do
    [[ -f "$WORK/s$s/teacher/model.json" ]] || ./tinykws train --data "$D" --out "$WORK/s$s" --teacher only \
        --seed "$s" --no-progress > "$WORK/s$s.log" 2>&1
    ./tinykws evaluate --model "$WORK/s$s/teacher" --data "$REAL" --split all --json "$WORK/s$s-real.json" \
        --out "$WORK/s$s-real" > "$WORK/s$s-real.log" 2>&1
  done
  first="${SEEDS%% *}"
  [[ -f "$WORK/dev$first/model.json" ]] || ./tinykws train --data "$D" --out "$WORK/dev$first" --teacher none \
      --seed "$first" --no-progress > "$WORK/dev$first.log" 2>&1
  ./tinykws eval-stream --model "$WORK/dev$first" --data "$REAL" --split all --length "${MINUTES}m" --seed 1 --no-wav \
      --out "$WORK/stream-dev" --verify-with "$WORK/s$first/teacher" > "$WORK/stream-dev.log" 2>&1
  ./tinykws eval-stream --model "$WORK/s$first/teacher" --data "$REAL" --split all --length "${MINUTES}m" --seed 1 \
      --no-wav --out "$WORK/stream-teacher" > "$WORK/stream-teacher.log" 2>&1
fi
python3 - "$WORK" "$SEEDS" <<'PY' > bench/results/teacher.md.tmp
import json, os, sys, statistics, datetime, glob
work, seeds = sys.argv[1], sys.argv[2].split()
def load(p):
    try:
        with open(p) as f: return json.load(f)
    except (OSError, ValueError): return None
def figures(ev):
    v = ev["variants"]["teacher"]; labels = ev["labels"]; cm = v["confusion"]
    kw = [i for i, l in enumerate(labels) if not l.startswith("_")]
    unk = labels.index("_unknown_"); sil = labels.index("_silence_")
    kw_total = sum(sum(cm[i]) for i in kw)
    rec = sum(cm[i][i] for i in kw) / kw_total
    rej = sum(cm[i][unk] + cm[i][sil] for i in kw) / kw_total
    fa = sum(cm[unk][j] for j in kw) / max(1, sum(cm[unk]))
    return v["accuracy"], rec, rej, fa
print("## Teacher: pretrained speech embedding + head (issue 11)")
print()
print("Produced by `bench/scripts/teacher.sh --full` (report: `bench/scripts/teacher.sh --report " + os.path.relpath(work) + "`), "
      + datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC") + ", " + str(os.cpu_count()) + " cores shared with other jobs"
      + " (load average " + open("/proc/loadavg").read().split()[0] + "). Default synthetic dataset (`tinykws dataset synth"
      + " --keywords yes,no,up,down,left,right,on,off,stop,go`), head 288→256→12 with dropout, 2 augmented copies per clip,"
      + " prior-corrected scores. Real voices: `real-dev-gsc` (2,748 clips, 130 speakers), never trained on.")
print()
print("### Real voices, clip level (`tinykws evaluate --model <out>/teacher --data real-dev-gsc --split all`)")
print()
print("| seed | accuracy | keyword recall | keywords rejected as _unknown_/_silence_ | other words taken for keywords | train time (s) |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
rows = []
for s in seeds:
    ev = load(f"{work}/s{s}-real.json"); m = load(f"{work}/s{s}/teacher/model.json")
    if not ev: continue
    f = figures(ev); rows.append(f)
    t = m["metrics"].get("totalSeconds", float("nan")) if m else float("nan")
    print(f"| {s} | {100*f[0]:.1f} % | {100*f[1]:.1f} % | {100*f[2]:.1f} % | {100*f[3]:.1f} % | {t:.0f} |")
if rows:
    mean = [statistics.mean(r[i] for r in rows) for i in range(4)]
    print(f"| **mean of {len(rows)}** | **{100*mean[0]:.1f} %** | {100*mean[1]:.1f} % | {100*mean[2]:.1f} % | {100*mean[3]:.1f} % | |")
print()
ss = load(f"{work}/stream-dev/second-stage.json"); de = load(f"{work}/stream-dev/results.json")
te = load(f"{work}/stream-teacher/results.json")
LIMITS = [1, 10, 60]
def det_best(det, limit):
    pts = [p for p in det if p["faPerHour"] <= limit]
    if not pts: return "n/a (≥ " + f"{min(p['faPerHour'] for p in det):.0f} FA/h at every threshold)"
    p = min(pts, key=lambda p: (p["frr"], p["faPerHour"]))
    return f"{100*p['frr']:.1f} % ({p['faPerHour']:.0f} FA/h; threshold {p['thresholdQ']/256:.2f})"
def grid_best(limit):
    pts = [p for p in ss["grid"] if p.get("verifierThreshold", 0) > 0 and p["faPerHour"] <= limit]
    if not pts: return "n/a"
    p = min(pts, key=lambda p: (p["frr"], p["faPerHour"]))
    return (f"{100*p['frr']:.1f} % ({p['faPerHour']:.0f} FA/h; device ≥ {p['deviceThreshold']:.2f},"
            f" teacher ≥ {p['verifierThreshold']:g})")
if ss and de:
    mins = ss["streamMinutes"]
    print(f"### Long stream of real voices ({mins:.0f} min, {ss['keywords']} real keywords and other real words over faint noise)")
    print()
    print("Commands: `tinykws eval-stream --model <device> --data real-dev-gsc --split all --length 20m --seed 1 --verify-with <out>/teacher`"
          " and `tinykws eval-stream --model <out>/teacher --data real-dev-gsc --split all --length 20m --seed 1` (the same stream)."
          " Device: the DS-CNN-S int8 model of `tinykws train --teacher none --seed 1` on the same dataset; teacher: seed 1."
          " False-reject rate at the best operating point with at most 1, 10 and 60 false accepts per hour (thresholds swept;"
          f" the device + second stage over a grid of both thresholds). A {mins:.0f}-min stream resolves {60/mins:.0f} FA/h"
          " per false accept, so ≤ 1 FA/h means none at all.")
    print()
    print("| system | " + " | ".join(f"FRR at ≤ {l} FA/h" for l in LIMITS) + " |")
    print("| --- |" + " ---: |" * len(LIMITS))
    print(f"| device model alone | " + " | ".join(det_best(de["det"], l) for l in LIMITS) + " |")
    print(f"| device (any threshold) + teacher second stage | " + " | ".join(grid_best(l) for l in LIMITS) + " |")
    if te:
        print(f"| teacher alone, 1-s window every 80 ms | " + " | ".join(det_best(te["det"], l) for l in LIMITS) + " |")
    print()
PY
mv bench/results/teacher.md.tmp bench/results/teacher.md
echo "teacher.sh: wrote bench/results/teacher.md" >&2
