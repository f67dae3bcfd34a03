#!/usr/bin/env bash
# Quality benchmark: how far synthetic training data carries.
#  1. leave-one-engine-out: train on three TTS engines, test on the fourth (never heard),
#     beside the in-engine test split and the real-voice folder;
#  2. the all-engine default model on real voices.
# Each run: bench/.../CrossEngineBench (TrainPipeline + int8 + Evaluator, no threshold calibration).
# Usage: bench/scripts/cross-engine.sh [--full]      (without --full: prints what it would do; it takes
#        ~15 min per seed on 2 cores).  Env: WORK (scratch, default /tmp/tinykws-quality), REAL (real-voice
#        folder, default ../shared/real-dev next to the repo; skipped when absent), SEEDS (default "42 7"),
#        TRAIN_ARGS (extra CrossEngineBench options, e.g. "--unknown-percent 10" for the original table).
# Output: $WORK/quality.tsv; the tables in bench/results/quality.md were made from it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${WORK:-/tmp/tinykws-quality}"
REAL="${REAL:-$ROOT/../shared/real-dev}"
SEEDS="${SEEDS:-42 7}"
ENGINES="espeak flite festival freetts"
if [[ "${1:-}" != "--full" ]]; then
  echo "cross-engine.sh: leave-one-engine-out quality run (~15 min per seed); pass --full to run it" >&2
  exit 0
fi
cd "$ROOT"
[[ -f bench/target/bench.jar ]] || mvn -q -B -DskipTests package
CP="bench/target/bench.jar:bench/target/lib/*"
JAVA="java -Xmx4g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -Dtinykws.root=$ROOT"
mkdir -p "$WORK"
D="$WORK/all"
[[ -f "$D/dataset.json" ]] || ./tinykws dataset synth --out "$D" --no-progress >/dev/null

# subset DIR ENGINE... : symlink farm with the clips of these engines (+ background noise)
subset() {
  local dst="$1"; shift
  [[ -d "$dst" ]] && return 0
  mkdir -p "$dst"
  ln -s "$D/_background_noise_" "$dst/_background_noise_"
  for w in "$D"/*/; do
    w="$(basename "$w")"; [[ "$w" == _background_noise_ ]] && continue
    mkdir -p "$dst/$w"
    for e in "$@"; do
      for f in "$D/$w/$e"-*.wav; do [[ -e "$f" ]] && ln -s "$f" "$dst/$w/"; done
    done
    rmdir --ignore-fail-on-non-empty "$dst/$w"
  done
}
# heldout DIR ENGINE : only that engine's clips, no background
heldout() {
  local dst="$1" e="$2"
  [[ -d "$dst" ]] && return 0
  mkdir -p "$dst"
  for w in "$D"/*/; do
    w="$(basename "$w")"; [[ "$w" == _background_noise_ ]] && continue
    mkdir -p "$dst/$w"
    for f in "$D/$w/$e"-*.wav; do [[ -e "$f" ]] && ln -s "$f" "$dst/$w/"; done
    rmdir --ignore-fail-on-non-empty "$dst/$w"
  done
}
REALARGS=(); [[ -d "$REAL" ]] && REALARGS=(--real "$REAL")
read -r -a EXTRA <<< "${TRAIN_ARGS:-}"
for seed in $SEEDS; do
  $JAVA -cp "$CP" dev.tinykws.bench.CrossEngineBench --data "$D" --out "$WORK/m-all-$seed" --seed "$seed" \
      --tag all --tsv "$WORK/quality.tsv" "${REALARGS[@]}" "${EXTRA[@]}" 2>>"$WORK/log.txt"
  for held in $ENGINES; do
    train=(); for e in $ENGINES; do [[ $e != "$held" ]] && train+=("$e"); done
    subset "$WORK/no-$held" "${train[@]}"
    heldout "$WORK/only-$held" "$held"
    $JAVA -cp "$CP" dev.tinykws.bench.CrossEngineBench --data "$WORK/no-$held" --out "$WORK/m-no-$held-$seed" \
        --seed "$seed" --tag "no-$held" --heldout "$WORK/only-$held" --tsv "$WORK/quality.tsv" "${REALARGS[@]}" "${EXTRA[@]}" \
        2>>"$WORK/log.txt"
  done
done
echo "wrote $WORK/quality.tsv" >&2
