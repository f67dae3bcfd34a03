/*
 * kws_div tests: kws_udiv64_u16 and kws_udiv64_bounded against the C operators on edge
 * values and a million random cases (the app's stream times, REC lengths and STAT load, the
 * QEMU board's number printing use them instead of libgcc's 64-bit division).
 */
#include "kws_div.h"
#include "kws_test.h"

static uint64_t rand_u64(uint32_t *s)
{
    uint64_t v = ((uint64_t)tu_rand_u32(s) << 32) | tu_rand_u32(s);
    return v >> (tu_rand_u32(s) % 64u); /* every magnitude */
}

static void test_u16_edges(void)
{
    static const uint64_t ns[] = {0u, 1u, 9u, 10u, 65535u, 65536u, 0xffffffffu, 0x100000000u,
                                  UINT64_C(0xffffffffffffffff), UINT64_C(0x8000000000000000),
                                  UINT64_C(18446744073709551557)};
    static const uint32_t ds[] = {1u, 2u, 3u, 10u, 1000u, 16000u, 44100u, 65521u, 65535u};
    size_t i, j;
    for (i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        for (j = 0; j < sizeof ds / sizeof ds[0]; j++) {
            uint32_t r = 12345u;
            const uint64_t q = kws_udiv64_u16(ns[i], ds[j], &r);
            TU_CHECK_MSG(q == ns[i] / ds[j] && r == ns[i] % ds[j], "%llu / %u", (unsigned long long)ns[i],
                         (unsigned)ds[j]);
        }
    }
    TU_CHECK(kws_udiv64_u16(123456789u, 1000u, NULL) == 123456u);
}

static void test_u16_random(void)
{
    uint32_t s = 0xd1f0u;
    int i, bad = 0;
    for (i = 0; i < 1000000; i++) {
        const uint64_t n = rand_u64(&s);
        const uint32_t d = 1u + tu_rand_u32(&s) % 65535u;
        uint32_t r;
        const uint64_t q = kws_udiv64_u16(n, d, &r);
        if (q != n / d || r != n % d) {
            bad++;
        }
    }
    TU_CHECK_INT(bad, 0);
}

static void test_bounded(void)
{
    uint32_t s = 0xb0du;
    int i, bad = 0;
    /* STAT load: busy * 1000 / period, quotient < 1000 */
    TU_CHECK_INT(kws_udiv64_bounded(0u, 125000000u, 10), 0);
    TU_CHECK_INT(kws_udiv64_bounded(UINT64_C(124999999) * 1000u, 125000000u, 10), 999);
    TU_CHECK_INT(kws_udiv64_bounded(UINT64_C(1023) * 7u + 6u, 7u, 10), 1023);
    for (i = 0; i < 1000000; i++) {
        const int bits = 1 + (int)(tu_rand_u32(&s) % 20u);
        const uint64_t d = 1u + (rand_u64(&s) >> 24); /* d << bits stays representable */
        const uint64_t q = tu_rand_u32(&s) & ((1u << bits) - 1u);
        const uint64_t n = q * d + rand_u64(&s) % d;
        if (kws_udiv64_bounded(n, d, bits) != n / d) {
            bad++;
        }
    }
    TU_CHECK_INT(bad, 0);
}

int main(void)
{
    TU_RUN(test_u16_edges);
    TU_RUN(test_u16_random);
    TU_RUN(test_bounded);
    return TU_SUMMARY("test_div");
}
