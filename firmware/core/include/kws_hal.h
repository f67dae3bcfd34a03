/*
 * kws_hal: the only things the firmware core needs from a board.
 *
 * Each board (firmware/boards/<board>/) implements these functions; the core never
 * includes a board header. Essential: read_audio, write, cycles (+ cycles_per_us). The
 * others may return constants on a minimal port (see docs/firmware.md, "Porting").
 */
#ifndef KWS_HAL_H
#define KWS_HAL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Copies up to max 16 kHz mono PCM16 samples of microphone audio into buf. Blocks until
 * at least one sample is available. Returns the number of samples, or 0 at the end of
 * the input (a file on host/QEMU; a microphone never ends).
 */
size_t kws_hal_read_audio(int16_t *buf, size_t max);

/** Sends n bytes to the host (UART / stdout); blocks until they are queued. */
void kws_hal_write(const uint8_t *p, size_t n);

/**
 * Next byte received from the host, or -1 when none is waiting (never blocks).
 * Boards without a command channel return -1.
 */
int kws_hal_read_command_byte(void);

/** Free-running time counter (CPU cycles or finer), wrapping at 2^32. */
uint32_t kws_hal_cycles(void);

/** Counter ticks per microsecond (64 on a 64 MHz Cortex-M4 with DWT->CYCCNT). */
uint32_t kws_hal_cycles_per_us(void);

/** Audio blocks lost since start because the app did not read them in time (0 on files). */
uint32_t kws_hal_audio_overruns(void);

/**
 * RAM never used so far (stack low-water mark plus unused heap), in bytes, or 0 when the
 * board cannot tell. May be slow (scans memory): the app calls it once per STAT.
 */
uint32_t kws_hal_free_ram(void);

#ifdef __cplusplus
}
#endif

#endif /* KWS_HAL_H */
