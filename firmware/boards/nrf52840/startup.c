/*
 * Reset and vector table for the nRF52840 (Cortex-M4F, 48 peripheral interrupts): sets
 * VTOR (for images behind a bootloader), enables the FPU, copies .data, zeroes .bss,
 * paints the free RAM for the low-water mark, calls main().
 *
 * UNTESTED ON HARDWARE (builds with arm-none-eabi-gcc; see docs/firmware.md).
 */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack, _svectors;
extern int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void UARTE0_UART0_IRQHandler(void);
void PDM_IRQHandler(void);

#define RAM_PAINT 0xA5A5A5A5u
#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08u)
#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)

void Default_Handler(void)
{
    for (;;) {
        __asm__ volatile("bkpt 0");
    }
}

void Reset_Handler(void)
{
    uint32_t *src = &_sidata;
    uint32_t *dst;
    uint32_t *sp;
    SCB_VTOR = (uint32_t)&_svectors;
    SCB_CPACR |= (0xFu << 20);
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (dst = &_ebss; dst < sp - 16; dst++) {
        *dst = RAM_PAINT;
    }
    (void)main();
    for (;;) {
        __asm__ volatile("wfi");
    }
}

#define D Default_Handler
__attribute__((section(".isr_vector"), used))
static void (*const g_vectors[16 + 48])(void) = {
    (void (*)(void))(&_estack), Reset_Handler,
    D, D, D, D, D, 0, 0, 0, 0, D, D, 0, D, D, /* NMI .. SysTick */
    D,                       /*  0 POWER_CLOCK */
    D,                       /*  1 RADIO */
    UARTE0_UART0_IRQHandler, /*  2 UARTE0_UART0 */
    D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, /* 3..28 */
    PDM_IRQHandler,          /* 29 PDM */
    D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D,                         /* 30..47 */
};
#undef D
