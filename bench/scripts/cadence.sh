#!/usr/bin/env bash
# Detection quality at one inference per 400 ms (the DS-CNN default, 20 hops) vs one per 100 ms
# (5 hops), same model, same streams (issue 13: "show the faster cadence pays").
#   bench/scripts/cadence.sh MODEL_DIR SYNTH_DATASET [REAL_DATASET] [LENGTH] [OUT]
# Writes copies of the package with other detector settings into OUT/variants/, runs
# `tinykws eval-stream` on a synthetic test stream (seed 11) and, when given, on a stream of real
# voices (--split all, seed 1), and prints FRR at <= 1/10/60 false accepts per hour from the DET sweep.
set -euo pipefail
if [[ $# -eq 0 || "$1" == --* ]]; then   # bench/run calls every script without arguments (or --quick)
  echo "cadence.sh: detection quality at one inference per 400 ms vs per 100 ms (4 eval-stream runs per stream); usage:" >&2
  echo "  bench/scripts/cadence.sh MODEL_DIR SYNTH_DATASET [REAL_DATASET] [LENGTH] [OUT]" >&2
  exit 0
fi
MODEL=${1:?model package}; SYN=${2:?synthetic dataset}; REAL=${3:-}; LEN=${4:-20m}; OUT=${5:-runs/cadence}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$OUT/variants"
# name:averageWindowMs:minCount:strideFrames
VARIANTS="every400ms_avg800:800:1:20 every100ms_avg800:800:1:5 every100ms_avg500_min3:500:3:5 every100ms_avg800_min2:800:2:5"
for v in $VARIANTS; do
  IFS=: read -r name w m s <<< "$v"
  rm -rf "$OUT/variants/$name"; cp -r "$MODEL" "$OUT/variants/$name"
  python3 - "$OUT/variants/$name/model.json" "$w" "$m" "$s" <<'PY'
import json, sys
p, w, m, s = sys.argv[1:]
d = json.load(open(p))
d['detector'].update(averageWindowMs=int(w), minCount=int(m), strideFrames=int(s))
json.dump(d, open(p, 'w'), indent=2)
PY
  "$ROOT/tinykws" eval-stream --model "$OUT/variants/$name" --data "$SYN" --length "$LEN" --seed 11 --no-wav \
      --out "$OUT/syn-$name" > "$OUT/syn-$name.log" 2>&1
  if [ -n "$REAL" ]; then
    "$ROOT/tinykws" eval-stream --model "$OUT/variants/$name" --data "$REAL" --split all --length "$LEN" --seed 1 \
        --no-wav --out "$OUT/real-$name" > "$OUT/real-$name.log" 2>&1
  fi
done
python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
print("| stream | detector (window ms / min count / stride hops) | inferences | FRR at ≤ 1 FA/h | ≤ 10 FA/h | ≤ 60 FA/h |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for kind in ("syn", "real"):
    for name in sorted(os.listdir(out)):
        p = os.path.join(out, name, "results.json")
        if not name.startswith(kind + "-") or not os.path.exists(p):
            continue
        d = json.load(open(p)); det = d["det"]; dc = d["detector"]
        def best(fa):
            c = [x for x in det if x["faPerHour"] <= fa]
            return "n/a" if not c else "%.1f %%" % (100 * min(x["frr"] for x in c))
        print("| %s (%d keywords, %.0f min) | %d / %d / %d | %d | %s | %s | %s |" % (
            "synthetic" if kind == "syn" else "real voices", d["keywords"], d["durationMs"] / 60000,
            dc["averageWindowMs"], dc["minCount"], dc["strideFrames"], d["inferences"], best(1), best(10), best(60)))
PY
