#!/bin/sh
# Flash and RAM per ARM board, split by part (model, frontend, nn kernels, app, board,
# C library), from the linker map files of `make qemu nrf52840`.
#   fw_sizes.sh BUILD_DIR [--markdown]
# Flash = .isr_vector + .text (+ .rodata) + .ARM.exidx + .data (initial values);
# static RAM = .data + .bss; the stack (16 KB reserved by the linker scripts) comes on top.
set -eu
BUILD=$1
FORMAT=${2:-}
for board in nrf52840 qemu-mps2-an386; do
    map=$BUILD/$board/tinykws-fw.map
    elf=$BUILD/$board/tinykws-fw.elf
    [ -f "$map" ] || { echo "fw_sizes: $map missing (make $board first)" >&2; exit 1; }
    awk -v board="$board" -v fmt="$FORMAT" '
    function hex(s,    i, c, v) {
        v = 0; s = tolower(substr(s, 3));
        for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c; }
        return v;
    }
    function part(file) {
        if (file ~ /kws_model_data\.o$/) return "model";
        if (file ~ /kws_frontend(_data)?\.o$/) return "frontend";
        if (file ~ /kws_(nn_[a-z0-9_]+|[a-z0-9]+_s8)\.o$/) return "nn";
        if (file ~ /kws_(app|detector|protocol|review)\.o$/) return "app";
        if (file ~ /(board|startup)\.o$/) return "board";
        if (file ~ /lib(c|m|c_nano|g|gcc|nosys)[^\/]*\.a/) return "libc";
        return "other";
    }
    function add(sz, file) {
        p = part(file);
        if (out == "text" || out == "isr" || out == "exidx") flash[p] += sz;
        else if (out == "data") { flash[p] += sz; ram[p] += sz; }
        else if (out == "bss") ram[p] += sz;
    }
    /^Linker script and memory map/ { started = 1; next }
    !started { next }
    /^\.isr_vector/ { out = "isr" } /^\.text/ { out = "text" } /^\.ARM\.exidx/ { out = "exidx" }
    /^\.data/ { out = "data" } /^\.bss/ { out = "bss" }
    /^\.(ARM\.attributes|comment|debug|stab)/ { out = "" }
    /^ [.A-Za-z_*]/ && NF == 1 { pending = 1; next }
    /^ [.A-Za-z_]/ && NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/ { add(hex($3), $4); pending = 0; next }
    pending && /^  +0x/ && NF >= 3 && $2 ~ /^0x/ { add(hex($2), $3); pending = 0; next }
    { pending = 0 }
    END {
        n = split("model frontend nn app board libc other", order, " ");
        tf = 0; tr = 0;
        for (i = 1; i <= n; i++) { tf += flash[order[i]]; tr += ram[order[i]]; }
        if (fmt == "--markdown") {
            printf("| %s | flash bytes | static RAM bytes |\n| --- | ---: | ---: |\n", board);
            for (i = 1; i <= n; i++) if (flash[order[i]] + ram[order[i]] > 0)
                printf("| %s | %d | %d |\n", order[i], flash[order[i]], ram[order[i]]);
            printf("| **total** | **%d** | **%d** (+ 16384 stack reserved) |\n\n", tf, tr);
        } else {
            printf("%s: flash %d bytes, static RAM %d bytes (+16 KB stack reserved)\n", board, tf, tr);
            for (i = 1; i <= n; i++) if (flash[order[i]] + ram[order[i]] > 0)
                printf("  %-9s flash %7d  ram %7d\n", order[i], flash[order[i]], ram[order[i]]);
        }
    }' "$map"
    if [ "$FORMAT" != "--markdown" ]; then
        arm-none-eabi-size "$elf" | sed 's/^/  /'
    fi
done
