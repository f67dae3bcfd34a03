/* Cortex-M4 (QEMU mps2-an386) test/bench harness, see m4_harness.c. */
#ifndef KWS_M4_HARNESS_H
#define KWS_M4_HARNESS_H
#include <stdint.h>
/* Instructions executed since reset (exact under qemu -icount shift=0, 40-instruction steps). */
uint64_t m4_instructions(void);
/* Ends the emulation with this exit status. */
void m4_exit(int code);
#endif
