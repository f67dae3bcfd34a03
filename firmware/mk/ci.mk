# `make check` also builds the ARM boards (QEMU mps2-an386, nRF52840), reports their sizes and
# runs the QEMU end-to-end test. Those need arm-none-eabi-gcc and qemu-system-arm: without them
# the step is SKIPPED with a message, except under CI=true, where a missing tool fails the build.
FW_HAVE_ARM := $(shell command -v $(ARM_CC) >/dev/null 2>&1 && command -v qemu-system-arm >/dev/null 2>&1 && echo yes)
ifneq ($(FW_HAVE_ARM)$(filter true,$(CI)),)
KWS_CHECK_DEPS += qemu nrf52840 fw-sizes qemu-test
else
KWS_CHECK_DEPS += fw-arm-boards-skipped
endif

.PHONY: fw-arm-boards-skipped
fw-arm-boards-skipped:
	@echo "firmware: ARM board builds and QEMU end-to-end SKIPPED: $(ARM_CC) or qemu-system-arm not found" \
	      "(apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)"

# qemu_e2e.sh runs its own `make host qemu`: build both first so that, under `make -j`, the
# sub-make finds them up to date instead of relinking the same objects concurrently.
qemu-test: host qemu $(KWS_BUILD)/host/gen_test_wav
