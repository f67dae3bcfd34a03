# fwapp rules: detector, protocol, review (field loop), app, board ports (host, QEMU mps2-an386, nRF52840).
# Included by firmware/Makefile (see its header for the variables used here).
#
#   make test            also runs test_detector, test_protocol, test_review (every variant), test_app
#                        and the host binary on a synthetic WAV (host + ASan/UBSan)
#   make host            build/host/tinykws-fw          (reads a WAV, writes protocol lines)
#   make qemu            build/qemu-mps2-an386/tinykws-fw.elf
#   make nrf52840        build/nrf52840/tinykws-fw.{elf,hex,bin}
#   make qemu-test       host vs QEMU end-to-end on a long WAV (skips without qemu/arm-gcc
#                        unless CI=true)
#   make fw-sizes        flash/RAM per ARM board (arm-none-eabi-size + map file)
#   make qemu-bench      instruction counts per frontend hop / inference on the emulated M4
#
# REVIEW=1 builds the ARM boards with the field loop (REVIEW command, NEAR lines, detection
# audio; kws_review.h): +48 KB of RAM for 1.5 s of audio history, so it is off by default on
# the boards (the image then fits 32 KB of static RAM). Host builds always include it.

FWAPP_PORTABLE_SRCS := core/src/kws_detector.c core/src/kws_protocol.c core/src/kws_review.c
KWS_APP_SRCS += $(FWAPP_PORTABLE_SRCS)
KWS_HOST_TESTS += test_detector test_protocol test_review test_div
# (the default GOLDEN_DIR, build/golden, is generated with golden_detector.h on first use)
ifneq ($(wildcard $(GOLDEN_DIR)/golden_detector.h)$(filter $(abspath $(KWS_GOLDEN_DEFAULT)),$(abspath $(GOLDEN_DIR))),)
KWS_APP_INC += -DHAVE_GOLDEN_DETECTOR
endif
KWS_TEST_DEPS += fwapp-app-tests

FWAPP_BUILD = $(KWS_BUILD)
FWAPP_ALL_SRCS = $(addprefix $(KWS_FW_DIR)/,$(KWS_CORE_SRCS) $(FWAPP_PORTABLE_SRCS) core/src/kws_app.c) $(KWS_MODEL_SRCS)
FWAPP_HDRS = $(wildcard $(KWS_CORE_INC)/*.h $(KWS_FW_DIR)/core/src/nn/*.h $(MODEL_DIR)/*.h $(KWS_FW_DIR)/tests/harness/*.h $(KWS_FW_DIR)/boards/*/*.h) $(KWS_DIRS_STAMP) $(KWS_ARENA_H)

.PHONY: host qemu nrf52840 fwapp-app-tests qemu-test fw-sizes qemu-bench

# ---------------------------------------------------------------- host board
FWAPP_HOST_SRCS = $(KWS_FW_DIR)/boards/host/main.c $(KWS_FW_DIR)/boards/host/hal_host.c

host: $(FWAPP_BUILD)/host/tinykws-fw
$(FWAPP_BUILD)/host/tinykws-fw: $(FWAPP_ALL_SRCS) $(FWAPP_HOST_SRCS) $(FWAPP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KWS_WARN) -D_POSIX_C_SOURCE=200809L $(KWS_INC) -I$(KWS_FW_DIR)/boards/host \
	  $(FWAPP_HOST_SRCS) $(FWAPP_ALL_SRCS) -o $@ $(HOST_LDLIBS)

$(FWAPP_BUILD)/asan/tinykws-fw: $(FWAPP_ALL_SRCS) $(FWAPP_HOST_SRCS) $(FWAPP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) $(KWS_WARN) -D_POSIX_C_SOURCE=200809L $(KWS_INC) -I$(KWS_FW_DIR)/boards/host \
	  $(FWAPP_HOST_SRCS) $(FWAPP_ALL_SRCS) -o $@ $(HOST_LDLIBS)

# test_app links the app with its own mock HAL (so it is not in KWS_HOST_TESTS)
$(FWAPP_BUILD)/host/test_app: $(KWS_FW_DIR)/tests/test_app.c $(FWAPP_ALL_SRCS) $(FWAPP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(KWS_WARN) $(KWS_INC) $(KWS_FW_DIR)/tests/test_app.c $(FWAPP_ALL_SRCS) -o $@ $(HOST_LDLIBS)
$(FWAPP_BUILD)/asan/test_app: $(KWS_FW_DIR)/tests/test_app.c $(FWAPP_ALL_SRCS) $(FWAPP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) $(KWS_WARN) $(KWS_INC) $(KWS_FW_DIR)/tests/test_app.c $(FWAPP_ALL_SRCS) -o $@ $(HOST_LDLIBS)

# deterministic synthetic test audio
$(FWAPP_BUILD)/host/gen_test_wav: $(KWS_FW_DIR)/tests/gen_test_wav.c
	@mkdir -p $(@D)
	$(CC) -O2 $(KWS_WARN) $< -o $@ -lm

fwapp-app-tests: $(FWAPP_BUILD)/host/test_app $(FWAPP_BUILD)/asan/test_app $(FWAPP_BUILD)/host/tinykws-fw $(FWAPP_BUILD)/asan/tinykws-fw $(FWAPP_BUILD)/host/gen_test_wav
	@echo "== [host] test_app"; $(FWAPP_BUILD)/host/test_app
	@echo "== [asan] test_app"; ASAN_OPTIONS=detect_leaks=1 $(FWAPP_BUILD)/asan/test_app
	@echo "== [asan] host board (tinykws-fw) on a synthetic WAV"; \
	  sh $(KWS_FW_DIR)/tests/host_board_test.sh $(FWAPP_BUILD)/asan/tinykws-fw $(FWAPP_BUILD)/host/gen_test_wav $(FWAPP_BUILD)/asan/host-board-test

# ---------------------------------------------------------------- ARM boards
# Without arm-none-eabi-gcc the ARM targets print SKIPPED, or fail when CI=true.
FWAPP_HAVE_ARM := $(shell command -v $(ARM_CC) 2>/dev/null)
ifeq ($(FWAPP_HAVE_ARM),)
qemu nrf52840 fw-sizes:
	@if [ "$$CI" = true ]; then echo "FAIL $@: $(ARM_CC) not found (CI=true); apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi" >&2; exit 1; fi
	@echo "SKIPPED $@: $(ARM_CC) not found (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)"
else
FWAPP_ARM_CORE = $(addprefix $(KWS_FW_DIR)/,$(KWS_CORE_SRCS) $(FWAPP_PORTABLE_SRCS) core/src/kws_app.c) $(KWS_MODEL_SRCS)
# Code off the audio/inference hot path is compiled for size (-Os): the app loop, protocol,
# detector, board support, the layer runner and the last two (tiny) layers, FC and softmax
# (flash budget 64 KB); the other kernels and the frontend -O2.
FWAPP_ARM_OS_PATTERN = */kws_app.c|*/kws_protocol.c|*/kws_detector.c|*/board.c|*/startup.c|*/kws_nn_model.c|*/kws_softmax_s8.c|*/kws_fc_s8.c
REVIEW ?= 0
FWAPP_ARM_REVIEW = -DKWS_APP_REVIEW=$(REVIEW)
FWAPP_ARM_LDFLAGS = -nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections -lm
# $(call FWAPP_ARM_LINK,board_dir,board_srcs,linker_script[,extra_cflags]): one object per source (so the
# map file attributes every byte to a file, see tests/fw_sizes.sh), then link.
define FWAPP_ARM_LINK
	rm -rf $(@D)/obj && mkdir -p $(@D)/obj
	for s in $(2) $(FWAPP_ARM_CORE); do \
	  case $$s in $(FWAPP_ARM_OS_PATTERN)) o="$(ARM_OPT) -Os";; *) o="$(ARM_OPT)";; esac; \
	  $(ARM_CC) $(ARM_CFLAGS) $$o $(KWS_WARN) $(KWS_INC) -I$(1) $(FWAPP_ARM_REVIEW) $(4) -c $$s -o $(@D)/obj/$$(basename $$s .c).o || exit 1; \
	done
	$(ARM_CC) $(ARM_CFLAGS) $(@D)/obj/*.o -T $(3) $(FWAPP_ARM_LDFLAGS) -Wl,-Map=$(@D)/tinykws-fw.map -o $@
endef

FWAPP_QEMU_DIR = $(KWS_FW_DIR)/boards/qemu-mps2-an386
FWAPP_QEMU_SRCS = $(FWAPP_QEMU_DIR)/startup.c $(FWAPP_QEMU_DIR)/board.c
# build/<board>/review.cfg changes (and the image is relinked) only when REVIEW changes
$(FWAPP_BUILD)/%/review.cfg: FORCE_REVIEW_CFG
	@mkdir -p $(@D)
	@echo 'REVIEW=$(REVIEW)' > $@.tmp && { cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }
.PHONY: FORCE_REVIEW_CFG
qemu: $(FWAPP_BUILD)/qemu-mps2-an386/tinykws-fw.elf
$(FWAPP_BUILD)/qemu-mps2-an386/tinykws-fw.elf: $(FWAPP_ARM_CORE) $(FWAPP_QEMU_SRCS) $(FWAPP_QEMU_DIR)/mps2_an386.ld $(FWAPP_HDRS) $(FWAPP_BUILD)/qemu-mps2-an386/review.cfg
	@mkdir -p $(@D)
	$(call FWAPP_ARM_LINK,$(FWAPP_QEMU_DIR),$(FWAPP_QEMU_SRCS),$(FWAPP_QEMU_DIR)/mps2_an386.ld)

# NRF_FLASH_ORIGIN: 0x0 (debug probe), 0x10000 (Arduino Nano 33 BLE bootloader, bossac),
# 0x26000 (Adafruit UF2 bootloader + S140 v6). NRF_UF2=1 also writes tinykws-fw.uf2.
# NRF_UART_BAUD_REG: UARTE BAUDRATE register value, default 0x01D7E000u (115200);
# 0x10000000u = 1 Mbaud, fast enough for REC (AUD lines).
NRF_FLASH_ORIGIN ?= 0x0
FWAPP_NRF_DIR = $(KWS_FW_DIR)/boards/nrf52840
FWAPP_NRF_SRCS = $(FWAPP_NRF_DIR)/startup.c $(FWAPP_NRF_DIR)/board.c
nrf52840: $(FWAPP_BUILD)/nrf52840/tinykws-fw.elf
$(FWAPP_BUILD)/nrf52840/nrf52840.ld: $(FWAPP_NRF_DIR)/nrf52840.ld.in FORCE_NRF_LD
	@mkdir -p $(@D)
	@# regenerated (and the image relinked) only when the origin or the baud rate changes
	@{ sed 's/@FLASH_ORIGIN@/$(NRF_FLASH_ORIGIN)/g' $<; echo '/* build: NRF_UART_BAUD_REG=$(NRF_UART_BAUD_REG) */'; } > $@.tmp && \
	  { cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }
.PHONY: FORCE_NRF_LD
$(FWAPP_BUILD)/nrf52840/tinykws-fw.elf: $(FWAPP_ARM_CORE) $(FWAPP_NRF_SRCS) $(FWAPP_BUILD)/nrf52840/nrf52840.ld $(FWAPP_HDRS) $(FWAPP_BUILD)/nrf52840/review.cfg
	@mkdir -p $(@D)
	$(call FWAPP_ARM_LINK,$(FWAPP_NRF_DIR),$(FWAPP_NRF_SRCS),$(FWAPP_BUILD)/nrf52840/nrf52840.ld,$(if $(NRF_UART_BAUD_REG),-DNRF_UART_BAUD_REG=$(NRF_UART_BAUD_REG)))
	arm-none-eabi-objcopy -O ihex $@ $(@D)/tinykws-fw.hex
	arm-none-eabi-objcopy -O binary $@ $(@D)/tinykws-fw.bin
	@if [ "$(NRF_UF2)" = 1 ]; then python3 $(FWAPP_NRF_DIR)/bin2uf2.py $(@D)/tinykws-fw.bin $(NRF_FLASH_ORIGIN) $(@D)/tinykws-fw.uf2; fi

fw-sizes: qemu nrf52840
	@sh $(KWS_FW_DIR)/tests/fw_sizes.sh $(FWAPP_BUILD)

endif

# the script rebuilds host + qemu with the same MODEL_DIR / GOLDEN_DIR / build directory
FWAPP_E2E_ENV = KWS_BUILD="$(KWS_BUILD)" MAKE_ARGS="MODEL_DIR=$(MODEL_DIR) GOLDEN_DIR=$(GOLDEN_DIR)"
qemu-test:
	@$(FWAPP_E2E_ENV) sh $(KWS_FW_DIR)/tests/qemu_e2e.sh

qemu-bench:
	@$(FWAPP_E2E_ENV) sh $(KWS_FW_DIR)/tests/qemu_e2e.sh --bench
