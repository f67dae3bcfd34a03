# `make check`: everything the single test command runs for the firmware — host unit tests
# (plain + ASan/UBSan), the core compiled for Cortex-M4, the QEMU and nRF52840 builds with
# their sizes, and the QEMU end-to-end run. Missing ARM tools fail under CI=true.
.PHONY: check
check: test arm-check qemu nrf52840 fw-sizes qemu-test
