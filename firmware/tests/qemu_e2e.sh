#!/bin/sh
# End-to-end on an emulated Cortex-M4 (QEMU mps2-an386): the ARM build of the firmware
# processes a long WAV (semihosting in, UART0 out) and must print the same protocol
# lines as the host build on the same audio (every line except STAT's measured fields:
# uptime must match, infer_us/load/free RAM are board-specific).
#
#   qemu_e2e.sh [--bench] [--seconds N] [--wav FILE]
#
# Environment: MAKE_ARGS (passed to make, e.g. MODEL_DIR=...), CI=true turns a missing
# qemu-system-arm / arm-none-eabi-gcc into a failure instead of a skip.
# --bench prints the instruction counts (and writes $BUILD/qemu-bench.txt).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
FW_DIR=$(dirname "$HERE")
BUILD=${KWS_BUILD:-$FW_DIR/build}
SECONDS_LONG=60
WAV=
BENCH=0
while [ $# -gt 0 ]; do
    case $1 in
        --bench) BENCH=1 ;;
        --seconds) SECONDS_LONG=$2; shift ;;
        --wav) WAV=$2; shift ;;
        *) echo "usage: qemu_e2e.sh [--bench] [--seconds N] [--wav FILE]" >&2; exit 2 ;;
    esac
    shift
done

for tool in qemu-system-arm arm-none-eabi-gcc; do
    if ! command -v $tool > /dev/null 2>&1; then
        if [ "${CI:-}" = "true" ]; then
            echo "qemu_e2e: FAIL: $tool not found (CI=true); apt-get install qemu-system-arm gcc-arm-none-eabi libnewlib-arm-none-eabi" >&2
            exit 1
        fi
        echo "qemu_e2e: SKIPPED: $tool not found (apt-get install qemu-system-arm gcc-arm-none-eabi libnewlib-arm-none-eabi)"
        exit 0
    fi
done

# shellcheck disable=SC2086
make -s -C "$FW_DIR" KWS_BUILD="$BUILD" ${MAKE_ARGS:-} host qemu "$BUILD/host/gen_test_wav" > /dev/null
WORK=$BUILD/qemu-e2e
mkdir -p "$WORK"
if [ -z "$WAV" ]; then
    WAV=$WORK/long.wav
    "$BUILD/host/gen_test_wav" "$WAV" "$SECONDS_LONG" 11
fi

"$BUILD/host/tinykws-fw" --deterministic "$WAV" > "$WORK/host.txt"
rm -f "$WORK/qemu.txt"
# QEMU: audio through semihosting, UART0 to a file, cost summary on QEMU's stdout
start=$(date +%s)
set +e
timeout 600 qemu-system-arm -M mps2-an386 -nographic -monitor none -icount shift=0 \
    -semihosting-config enable=on,target=native,arg=tinykws-fw.elf,arg="$WAV" \
    -kernel "$BUILD/qemu-mps2-an386/tinykws-fw.elf" -serial file:"$WORK/qemu.txt" > "$WORK/qemu-console.txt" 2>&1
rc=$?
set -e
end=$(date +%s)
if [ $rc -ne 0 ]; then
    echo "qemu_e2e: FAIL: QEMU exit status $rc" >&2
    cat "$WORK/qemu-console.txt" >&2
    exit 1
fi

# normalize STAT lines to "STAT,seq,uptime" and drop the checksum of those lines
norm() { sed -e 's/^\(\$TKWS,STAT,[0-9]*,[0-9]*\),.*$/\1/' "$1" | tr -d '\r'; }
norm "$WORK/host.txt" > "$WORK/host.norm"
norm "$WORK/qemu.txt" > "$WORK/qemu.norm"
if ! cmp -s "$WORK/host.norm" "$WORK/qemu.norm"; then
    echo "qemu_e2e: FAIL: QEMU output differs from the host build:" >&2
    diff "$WORK/host.norm" "$WORK/qemu.norm" | head -20 >&2
    exit 1
fi
lines=$(wc -l < "$WORK/qemu.txt")
dets=$(grep -c '^\$TKWS,DET,' "$WORK/qemu.txt" || true)
[ "$lines" -gt 2 ] || { echo "qemu_e2e: FAIL: only $lines lines from QEMU" >&2; exit 1; }
echo "qemu_e2e: QEMU (Cortex-M4) output identical to the host build: $lines lines, $dets DET lines, $((end - start)) s wall"
grep '^qemu-\(bench\|layer\):' "$WORK/qemu-console.txt" > "$BUILD/qemu-bench.txt" || true
if [ $BENCH = 1 ]; then
    cat "$BUILD/qemu-bench.txt"
    grep '^\$TKWS,STAT,' "$WORK/qemu.txt" | head -3
fi
