#!/usr/bin/env bash
# Firmware benchmark: flash/RAM per board and instruction counts on the emulated Cortex-M4
# (QEMU mps2-an386, -icount shift=0: exact and repeatable, so one run is the figure).
# Writes bench/results/firmware.md.
#
#   bench/scripts/firmware.sh [--quick] [MODEL_DIR]
#
# MODEL_DIR: a generated model package's C files (kws_model_data.* + kws_frontend_data.*).
# Without it, a DS-CNN-S-shaped model with random weights is generated (same shapes and
# sizes as the default architecture) next to the hand-made frontend tables.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FW="$ROOT/firmware"
BUILD="$FW/build/bench"
QUICK=0
MODEL_DIR=
for a in "$@"; do
    case $a in
        --quick) QUICK=1 ;;
        *) MODEL_DIR=$(cd "$a" && pwd) ;;
    esac
done
for tool in qemu-system-arm arm-none-eabi-gcc; do
    command -v $tool > /dev/null || { echo "firmware bench: $tool missing, skipped" >&2; exit 0; }
done
mkdir -p "$BUILD"
if [ -z "$MODEL_DIR" ]; then
    MODEL_DIR="$BUILD/model"
    mkdir -p "$MODEL_DIR"
    cp "$FW/tests/handmade/kws_frontend_data.h" "$FW/tests/handmade/kws_frontend_data.c" "$MODEL_DIR/"
    hash=$(sed -n 's/^#define KWS_FRONTEND_HASH 0x\([0-9a-fA-F]*\)u.*/\1/p' "$MODEL_DIR/kws_frontend_data.h")
    python3 "$ROOT/bench/scripts/gen_dscnn_s_model.py" "$MODEL_DIR" "$hash" 12
    MODEL_NOTE="DS-CNN-S-shaped model with random weights (bench/scripts/gen_dscnn_s_model.py, 12 labels)"
else
    MODEL_NOTE="model from $MODEL_DIR"
fi
SECONDS_AUDIO=60
[ $QUICK = 1 ] && SECONDS_AUDIO=10
make -s -C "$FW" KWS_BUILD="$BUILD" MODEL_DIR="$MODEL_DIR" GOLDEN_DIR="$MODEL_DIR" qemu nrf52840 > /dev/null
KWS_BUILD="$BUILD" MAKE_ARGS="MODEL_DIR=$MODEL_DIR GOLDEN_DIR=$MODEL_DIR" \
    sh "$FW/tests/qemu_e2e.sh" --seconds $SECONDS_AUDIO > "$BUILD/e2e.txt"
bench_line=$(grep '^qemu-bench:' "$BUILD/qemu-bench.txt")
val() { echo "$bench_line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
frames=$(val frames); fe=$(val fe_instr); inf=$(val inferences); nn=$(val nn_instr)
nn_min=$(val nn_min); nn_max=$(val nn_max); free_ram=$(val free_ram)
static_ram=$(arm-none-eabi-size -A "$BUILD/qemu-mps2-an386/tinykws-fw.elf" | awk '$1==".data"||$1==".bss"{s+=$2} END{print s}')
stack_used=$((262144 - static_ram - free_ram))
fe_hop=$((fe / frames)); nn_inf=$((nn / inf))
stride=$(sed -n 's/^#define KWS_DET_STRIDE_FRAMES \([0-9]*\).*/\1/p' "$MODEL_DIR/kws_model_data.h")
hop=$(sed -n 's/^#define KWS_FE_HOP_SAMPLES \([0-9]*\).*/\1/p' "$MODEL_DIR/kws_frontend_data.h")
load() { # instructions per second of audio at CPI $1, as % of 64 MHz
    awk -v fe="$fe_hop" -v nn="$nn_inf" -v hop="$hop" -v st="$stride" -v cpi="$1" \
        'BEGIN { hops = 16000 / hop; ips = fe * hops + nn * hops / st; printf "%.0f", 100 * ips * cpi / 64e6 }'
}
{
    echo "## Firmware (C99 on Cortex-M4F): size and speed"
    echo
    echo "Command: \`bench/scripts/firmware.sh$([ $QUICK = 1 ] && echo ' --quick')\` — $(date -u '+%Y-%m-%d %H:%M UTC'),"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1);"
    echo "$(arm-none-eabi-gcc --version | head -1), $(qemu-system-arm --version | head -1)."
    echo "Model: $MODEL_NOTE. Flags: \`-mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard -O2\`, newlib-nano."
    echo
    echo "### Flash and RAM (arm-none-eabi-size and the linker map, per object file)"
    echo
    echo "Static RAM is the whole app state (one \`kws_app_t\` owned by the board) plus the board's"
    echo "buffers; the stack is measured on QEMU (painted RAM, low-water mark) after ${SECONDS_AUDIO} s of audio."
    echo
    sh "$FW/tests/fw_sizes.sh" "$BUILD" --markdown
    echo "App state breakdown (bytes): $(echo "$bench_line" | tr ' ' '\n' | grep '^ram_\|^app_state' | tr '\n' ' ')"
    echo
    echo "Stack actually used (QEMU run): **$stack_used bytes**, so RAM in use ≈ static + stack = $((static_ram + stack_used)) bytes (QEMU build)."
    echo
    echo "### Instructions on the emulated Cortex-M4 (QEMU \`-icount shift=0\`, SysTick: 1 tick = 40 instructions)"
    echo
    echo "| what | instructions |"
    echo "| --- | ---: |"
    echo "| frontend, per 20 ms hop (MFCC frame: window, 1024-point FFT, mel, log, DCT) | $fe_hop |"
    echo "| inference (min / mean / max over $inf) | $nn_min / $nn_inf / $nn_max |"
    echo
    echo "Per layer (one inference):"
    echo
    echo "| layer | op | MACs | instructions | instr/MAC |"
    echo "| ---: | --- | ---: | ---: | ---: |"
    grep '^qemu-layer:' "$BUILD/qemu-bench.txt" | sed 's/qemu-layer: //' | tr ' ' '\n' | sed 's/^[a-z_]*=//' | paste - - - - | \
        awk '{ r = ($3 > 0) ? sprintf("%.2f", $4 / $3) : "-"; printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, r }'
    echo
    echo "### CPU load at 64 MHz (nRF52840)"
    echo
    echo "One inference every $stride hops ($((stride * hop * 1000 / 16000)) ms) plus one frontend frame per hop."
    echo "QEMU counts instructions, not cycles; a Cortex-M4 runs this kind of code at roughly 1.0–1.3 cycles"
    echo "per instruction (loads and taken branches cost 2+), so:"
    echo
    echo "| assumed CPI | CPU load |"
    echo "| ---: | ---: |"
    echo "| 1.0 | $(load 1.0)% |"
    echo "| 1.25 | $(load 1.25)% |"
    echo
    budget=$(awk -v fe="$fe_hop" -v hop="$hop" -v st="$stride" \
        'BEGIN { hops = 16000 / hop; printf "%.0f", (32e6 - fe * hops) / (hops / st) }')
    echo "Budget for ≤ 50% load at CPI 1.0 with this stride: **$budget instructions per inference**"
    echo "(the frontend takes $(awk -v fe="$fe_hop" -v hop="$hop" 'BEGIN { printf "%.1f", 100 * fe * 16000 / hop / 64e6 }')% of 64 MHz by itself)."
    echo
    echo "Aims: ≤ 128 KB flash, ≤ 48 KB RAM, real time with ≥ 50% headroom (load ≤ 50%) at 64 MHz."
    echo "Reference point (figures quoted in the project brief, not measured here): TFLite Micro's"
    echo "micro_speech model ≈ 18.7 KB of flash with a ≈ 10 KB tensor arena — a much smaller network"
    echo "(one 8-filter conv + FC) than DS-CNN-S."
} > "$ROOT/bench/results/firmware.md.tmp"
mv "$ROOT/bench/results/firmware.md.tmp" "$ROOT/bench/results/firmware.md"
echo "wrote bench/results/firmware.md" >&2
