/* Host board: private interface between main.c and hal_host.c (not used by the core). */
#ifndef HAL_HOST_H
#define HAL_HOST_H

#include <stdint.h>
#include <stdio.h>

/** Opens the audio input: a 16 kHz mono PCM16 WAV, or raw PCM16LE when raw != 0 ("-" = stdin). */
int host_open_audio(const char *path, int raw, char *err, size_t err_cap);

/** Loads a command schedule: lines "<stream_ms> <text>", text sent followed by CRLF. */
int host_load_commands(const char *path, char *err, size_t err_cap);

/** Makes kws_hal_cycles() return 0 (fully repeatable output; STAT shows 0 us / 0 load). */
void host_set_deterministic(int on);

/** Samples delivered so far. */
uint64_t host_samples_read(void);

void host_close(void);

#endif /* HAL_HOST_H */
