#!/usr/bin/env bash
# Real-voice figures of one training configuration, mean over seeds.
#   bench/scripts/real-voice-seeds.sh NAME [train options...]
# trains `tinykws train --data $DATA --seed S [train options]` for every seed in $SEEDS into
# $RUNS/NAME/seed-S, evaluates each model on every folder of $REAL (`tinykws evaluate --split all
# --json`), and prints the mean table (accuracy, keyword recall, keyword rejected as
# _unknown_/_silence_, other words taken for keywords; float and int8) plus the training time.
# A seed already trained and evaluated is reused (delete its folder to redo it).
# Env: DATA (default work/demo/dataset, built by `./tinykws demo` or `tinykws dataset synth`),
#      REAL (default "../shared/real-dev-gsc ../shared/real-dev" beside the checkout; absent folders are skipped),
#      SEEDS (default "1 2 3"), RUNS (default runs/real-voices),
#      CP (classpath to run; default: a snapshot of this worktree's build, so that rebuilding the
#      sources while the script runs cannot swap the jar under a running JVM).
#      EVAL_ONLY=1 only evaluates/prints models that exist.
# Example: bench/scripts/real-voice-seeds.sh baseline --teacher none --prior-correction off
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [[ $# -eq 0 || "$1" == --* ]]; then   # bench/run calls every script without a configuration
  echo "real-voice-seeds.sh: trains and measures one configuration (~5-15 min per seed on 2 cores); usage:" >&2
  echo "  bench/scripts/real-voice-seeds.sh NAME [train options...]   (see bench/results/real-voices.md)" >&2
  exit 0
fi
NAME="$1"; shift
DATA="${DATA:-work/demo/dataset}"
SHARED="$ROOT/../shared"; [[ -d "$SHARED" ]] || SHARED="$ROOT/../../shared"   # main checkout or a worktree
REAL="${REAL:-$SHARED/real-dev-gsc $SHARED/real-dev}"
SEEDS="${SEEDS:-1 2 3}"
RUNS="${RUNS:-runs/real-voices}"
OUT="$RUNS/$NAME"
mkdir -p "$OUT"
if [[ -z "${CP:-}" ]]; then
  ./tinykws --version >/dev/null   # builds when sources changed
  SNAP="$OUT/.classpath"
  rm -rf "$SNAP"; mkdir -p "$SNAP"
  cp training-pipeline/target/training-pipeline.jar "$SNAP/"
  cp -r training-pipeline/target/lib "$SNAP/lib"
  CP="$SNAP/training-pipeline.jar:$SNAP/lib/*"
fi
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
tk() {
  nice -n 5 java ${TINYKWS_JAVA_OPTS:--Xmx4g} -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
    -Dtinykws.root="$ROOT" -cp "$CP" dev.tinykws.cli.TinyKws "$@"
}
[[ "${EVAL_ONLY:-0}" == 1 && -f "$OUT/args.txt" ]] || echo "$*" > "$OUT/args.txt"
for s in $SEEDS; do
  m="$OUT/seed-$s"
  if [[ "${EVAL_ONLY:-0}" != 1 && ! -f "$m/model.json" ]]; then
    rm -rf "$m"
    t0=$(date +%s)
    tk train --data "$DATA" --out "$m" --seed "$s" --no-progress "$@" > "$OUT/train-$s.log" 2>&1 \
      || { echo "seed $s: training failed, see $OUT/train-$s.log" >&2; continue; }
    echo $(( $(date +%s) - t0 )) > "$m/train-seconds.txt"
  fi
  [[ -f "$m/model.json" ]] || continue
  for r in $REAL; do
    [[ -d "$r" ]] || continue
    j="$m/real-$(basename "$r").json"
    [[ -f "$j" ]] || tk evaluate --model "$m" --data "$r" --split all --json "$j" \
      --out "$m/eval-$(basename "$r")" > "$OUT/eval-$s-$(basename "$r").log" 2>&1 \
      || echo "seed $s: evaluation on $r failed, see $OUT/eval-$s-$(basename "$r").log" >&2
    # the host teacher that `tinykws train` writes next to the device model (when it trained one)
    tj="$m/teacher-real-$(basename "$r").json"
    if [[ -f "$m/teacher/model.json" && ! -f "$tj" ]]; then
      tk evaluate --model "$m/teacher" --data "$r" --split all --json "$tj" --out "$m/teacher-eval-$(basename "$r")" \
        > "$OUT/teacher-eval-$s-$(basename "$r").log" 2>&1 \
        || echo "seed $s: teacher evaluation on $r failed, see $OUT/teacher-eval-$s-$(basename "$r").log" >&2
    fi
  done
done
python3 - "$OUT" "$NAME" $REAL <<'PY'
import json, os, sys, glob, statistics as st
out, name, reals = sys.argv[1], sys.argv[2], sys.argv[3:]
args = open(os.path.join(out, "args.txt")).read().strip()
secs = [int(open(f).read()) for f in glob.glob(os.path.join(out, "seed-*", "train-seconds.txt"))]
print(f"\n{name}  (train options: {args or 'defaults'}; training wall time "
      + (f"mean {st.mean(secs):.0f} s over {len(secs)} runs" if secs else "n/a") + ")")
print("| data | variant | seeds | accuracy | keyword recall | keyword rejected | other words taken for keywords |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for r in reals:
  for who in ("", "teacher-"):
    files = sorted(glob.glob(os.path.join(out, "seed-*", f"{who}real-{os.path.basename(r)}.json")))
    if not files:
        continue
    runs = [json.load(open(f)) for f in files]
    for v in runs[0]["variants"]:
        def col(k):
            xs = [x["variants"][v][k] for x in runs if x["variants"].get(v, {}).get(k) is not None]
            if not xs:
                return "n/a"
            sd = f" ± {100*st.pstdev(xs):.1f}" if len(xs) > 1 else ""
            return f"{100*st.mean(xs):.1f}%{sd}"
        print(f"| {os.path.basename(r)} | {'teacher ' if who else ''}{v} | {len(runs)} | {col('accuracy')} | {col('keywordRecall')} | "
              f"{col('keywordRejected')} | {col('unknownAsKeyword')} |")
PY
