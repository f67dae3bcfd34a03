/*
 * Reset and vector table for the QEMU mps2-an386 board (Cortex-M4F): enables the FPU,
 * copies .data, zeroes .bss, paints the free RAM for the low-water mark, calls main().
 */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern int main(void);
void board_exit(int code);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);

/* Fill pattern of never-used RAM (see kws_hal_free_ram). */
#define RAM_PAINT 0xA5A5A5A5u

void Default_Handler(void)
{
    board_exit(3); /* a fault on the emulator ends the run with status 3 */
}

void Reset_Handler(void)
{
    uint32_t *src = &_sidata;
    uint32_t *dst;
    uint32_t *sp;
    /* FPU: full access for CP10 and CP11 */
    *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20);
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    /* paint from the end of .bss up to a little below the current stack pointer */
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (dst = &_ebss; dst < sp - 16; dst++) {
        *dst = RAM_PAINT;
    }
    board_exit(main());
}

__attribute__((section(".isr_vector"), used))
static void (*const g_vectors[16 + 32])(void) = {
    (void (*)(void))(&_estack),
    Reset_Handler,
    Default_Handler, /* NMI */
    Default_Handler, /* HardFault */
    Default_Handler, /* MemManage */
    Default_Handler, /* BusFault */
    Default_Handler, /* UsageFault */
    0, 0, 0, 0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMon */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
    /* external interrupts: none enabled */
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler,
};
