#!/usr/bin/env bash
# "With unlabeled real audio" (real-dev-gsc README, second exception): the set is split by speaker
# into two halves; half A's audio, labels thrown away, stands in for a user's unlabeled room
# recordings (`tinykws train --unlabeled`); models are scored only on half B.
#   bench/scripts/unlabeled-half.sh NAME [train options...]
# builds $SPLIT/unlabeled-A (flat WAVs named u00001.wav..., no word, no speaker) and
# $SPLIT/real-dev-gsc-halfB (Speech Commands layout, symlinks; _silence_ clips split by file name),
# then runs real-voice-seeds.sh NAME --unlabeled $SPLIT/unlabeled-A [train options] with REAL=half B.
# Compare with the same configuration without --unlabeled scored on half B:
#   REAL=$SPLIT/real-dev-gsc-halfB EVAL_ONLY=1 bench/scripts/real-voice-seeds.sh OTHER_NAME
# Env: GSC (default ../shared/real-dev-gsc beside the checkout), SPLIT (default /tmp/tinykws-unlabeled-half),
#      plus everything real-voice-seeds.sh reads (DATA, SEEDS, RUNS, CP).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ $# -eq 0 || "$1" == --* ]]; then
  echo "unlabeled-half.sh: trains with half of real-dev-gsc as unlabeled audio (~10-20 min per seed); usage:" >&2
  echo "  bench/scripts/unlabeled-half.sh NAME [train options...]" >&2
  exit 0
fi
SHARED="$ROOT/../shared"; [[ -d "$SHARED" ]] || SHARED="$ROOT/../../shared"
GSC="${GSC:-$SHARED/real-dev-gsc}"
SPLIT="${SPLIT:-/tmp/tinykws-unlabeled-half}"
[[ -f "$GSC/files.csv" ]] || { echo "unlabeled-half.sh: $GSC/files.csv not found" >&2; exit 1; }
A="$SPLIT/unlabeled-A"; B="$SPLIT/real-dev-gsc-halfB"
if [[ ! -d "$B" ]]; then
  rm -rf "$A" "$B.tmp"; mkdir -p "$A" "$B.tmp"
  python3 - "$GSC" "$A" "$B.tmp" <<'PY'
import csv, os, sys, hashlib
gsc, a, b = sys.argv[1:]
rows = list(csv.DictReader(open(os.path.join(gsc, "files.csv"))))
speakers = sorted({r["speaker"] for r in rows if r["speaker"]})
# alternate sorted speakers between the halves; silence clips (no speaker) by a hash of the file name
half = {s: i % 2 for i, s in enumerate(speakers)}
n = 0
for r in rows:
    h = half[r["speaker"]] if r["speaker"] else int(hashlib.sha256(r["path"].encode()).hexdigest(), 16) % 2
    src = os.path.join(gsc, r["path"])
    if h == 0:
        n += 1
        os.symlink(src, os.path.join(a, f"u{n:05d}.wav"))
    else:
        d = os.path.join(b, os.path.dirname(r["path"]))
        os.makedirs(d, exist_ok=True)
        os.symlink(src, os.path.join(b, r["path"]))
print(f"half A: {n} unlabeled clips; half B: {len(rows) - n} scored clips "
      f"({len(speakers)} speakers split {sum(1 for s in half.values() if s == 0)}/{sum(half.values())})")
PY
  mv "$B.tmp" "$B"
fi
NAME="$1"; shift
REAL="$B" exec "$ROOT/bench/scripts/real-voice-seeds.sh" "$NAME" --unlabeled "$A" "$@"
