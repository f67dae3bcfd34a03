#!/usr/bin/env bash
# Firmware core benchmark: instruction counts per frontend hop and per int8 kernel on the
# emulated Cortex-M4F (QEMU mps2-an386, -icount shift=0), SMLAD build and plain C build.
# Writes bench/results/firmware-core.md. Usage: bench/scripts/firmware-core.sh [MODEL_DIR]
# (default: the hand-made model; the DS-CNN-S rows use synthetic weights either way).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/bench/results/firmware-core.md"
MODEL_ARGS=()
if [[ $# -ge 1 && "$1" != --* ]]; then MODEL_ARGS=("MODEL_DIR=$1" "GOLDEN_DIR=$1"); fi
for tool in arm-none-eabi-gcc qemu-system-arm; do
  command -v "$tool" >/dev/null || { echo "firmware-core bench: $tool not found, skipped" >&2; exit 0; }
done
TABLES="$(make -s -C "$ROOT/firmware" --no-print-directory bench-core "${MODEL_ARGS[@]}" 2>&1 | grep -E '^(\||###|$)')"
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
BUDGET="$(printf '%s\n' "$TABLES" | awk -F'|' '
  /^### bench_core \(/ { dsp = 1 }
  /^### bench_core_plain_c/ { dsp = 0 }
  dsp && /frontend hop/ { hop = $3 + 0 }
  dsp && /DS-CNN-S kws_model_run/ { inf = $3 + 0 }
  END {
    if (hop > 0 && inf > 0) {
      printf "Budget at 64 MHz (nRF52840), SMLAD build: one DS-CNN-S inference is %.2f M instructions, the frontend %.0f instructions per 20 ms hop. CPU load = (frontend per hop + inference / strideFrames) / 1.28 M cycles per hop, at 1 cycle per instruction (a lower bound) and at 1.3 (a more realistic Cortex-M4 figure for this load/MAC-heavy code: loads 2 cycles unless pipelined, taken branches 2-4, SMLAL 1-2). Aim: load <= 50%% (>= 50%% headroom).\n\n", inf / 1e6, hop
      printf "| strideFrames (inference every) | inference ms @ CPI 1.0 | load @ CPI 1.0 | inference ms @ CPI 1.3 | load @ CPI 1.3 |\n| --- | ---: | ---: | ---: | ---: |\n"
      n = split("5 10 15 20", st, " ")
      for (i = 1; i <= n; i++) {
        s = st[i]
        printf "| %d (%d ms) | %.1f | %.1f%% | %.1f | %.1f%% |\n", s, 20 * s, 1000 * inf / 64e6, 100 * (hop + inf / s) / 1.28e6, 1300 * inf / 64e6, 130 * (hop + inf / s) / 1.28e6
      }
      for (cpi = 1.0; cpi <= 1.31; cpi += 0.3) {
        for (s = 1; s < 100 && cpi * (hop + inf / s) / 1.28e6 > 0.5; s++) { }
        printf "\nMinimum strideFrames with load <= 50%% at CPI %.1f: **%d** (%d ms between inferences, load %.1f%%).", cpi, s, 20 * s, 100 * cpi * (hop + inf / s) / 1.28e6
      }
      printf "\n"
    }
  }')"
# the hand-maintained "## Optimisation history" section (to the end of the file) survives a re-run
HISTORY=""
if [[ -f "$OUT" ]]; then HISTORY="$(awk '/^## Optimisation history/ { keep = 1 } keep' "$OUT")"; fi
{
  echo "## Firmware core on the emulated Cortex-M4F"
  echo
  echo "Command: \`bench/scripts/firmware-core.sh${1:+ $1}\` (= \`make -C firmware bench-core\`), $(date -u +%Y-%m-%d), $(arm-none-eabi-gcc --version | head -1), $(qemu-system-arm --version | head -1)."
  echo "Host: $(nproc) cores, $CPU (irrelevant to the figures: QEMU \`-icount shift=0\` counts guest instructions exactly, in steps of 40 = one 25 MHz SysTick tick)."
  echo
  echo "Instructions, not cycles: QEMU does not model the pipeline (the DWT cycle counter reads 0). On a real Cortex-M4 most of these instructions take 1 cycle, loads and taken branches more, so cycles are somewhat higher than the counts below (not measured here)."
  echo "\`bench_core\` is the product build (SMLAD/SXTB16 path, \`__ARM_FEATURE_DSP\`); \`bench_core_plain_c\` is the same code with \`-DKWS_NN_NO_DSP\` (bit-identical results, see docs/firmware-core.md)."
  echo "DS-CNN-S rows: the SPEC §3 default architecture (conv 10×4 s2 → 25×5×64, 4 × (dw 3×3 + pw 64), avgpool, FC 12, softmax) with synthetic weights; kernel cost does not depend on the weight values."
  echo "MODEL_DIR row: \`kws_model_run\` on the model in ${1:-firmware/tests/handmade (the hand-made tiny model)}; for the Java golden DS-CNN-S run \`java -cp … dev.tinykws.quant.golden.NnGoldenWriter DIR\` and pass DIR."
  echo "The frontend hop is \`kws_frontend_push\` of 320 samples completing one frame (window, 1024-point real FFT, power, 40 mel bands, logf, DCT 10) — one hop every 20 ms."
  echo
  echo "$BUDGET"
  echo "$TABLES"
  if [[ -n "$HISTORY" ]]; then echo; echo "$HISTORY"; fi
} > "$OUT"
echo "wrote $OUT" >&2
