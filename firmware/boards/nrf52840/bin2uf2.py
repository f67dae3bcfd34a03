#!/usr/bin/env python3
"""Wraps a flat binary into UF2 blocks for nRF52840 UF2 bootloaders (family 0xADA52840).

usage: bin2uf2.py IN.bin BASE_ADDRESS OUT.uf2
UF2 format: github.com/microsoft/uf2 (512-byte blocks, 256 payload bytes each).
"""
import struct
import sys

FAMILY_NRF52840 = 0xADA52840
FLAG_FAMILY_ID = 0x00002000


def convert(data: bytes, base: int) -> bytes:
    chunks = [data[i:i + 256] for i in range(0, len(data), 256)]
    out = bytearray()
    for n, chunk in enumerate(chunks):
        header = struct.pack("<IIIIIIII", 0x0A324655, 0x9E5D5157, FLAG_FAMILY_ID,
                             base + 256 * n, 256, n, len(chunks), FAMILY_NRF52840)
        payload = chunk.ljust(476, b"\x00")
        out += header + payload + struct.pack("<I", 0x0AB16F30)
    return bytes(out)


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[3], "wb") as f:
        f.write(convert(data, int(sys.argv[2], 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
