/*
 * gen_test_wav: writes a deterministic synthetic 16 kHz mono PCM16 WAV for the app,
 * host-board and QEMU end-to-end tests: low noise with a loud chirp+noise burst
 * (0.6..1.0 s, varying pitch and level) every 2.5 s.
 *
 *   gen_test_wav OUT.wav SECONDS [SEED]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char hdr[44] = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ',
                             16, 0, 0, 0, 1, 0, 1, 0, 0x80, 0x3E, 0, 0, 0, 0x7D, 0, 0, 2, 0, 16, 0,
                             'd', 'a', 't', 'a', 0, 0, 0, 0};
    uint32_t seconds;
    uint32_t seed;
    uint32_t n;
    uint32_t i;
    double phase = 0.0;
    if (argc < 3) {
        fprintf(stderr, "usage: gen_test_wav OUT.wav SECONDS [SEED]\n");
        return 2;
    }
    seconds = (uint32_t)strtoul(argv[2], NULL, 10);
    seed = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 1u;
    n = seconds * 16000u;
    le32(hdr + 4, 36u + 2u * n);
    le32(hdr + 40, 2u * n);
    f = fopen(argv[1], "wb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    fwrite(hdr, 1, sizeof hdr, f);
    for (i = 0; i < n; i++) {
        uint32_t period = i / 40000u;               /* 2.5 s periods */
        uint32_t pos = i % 40000u;
        uint32_t burst_len = 9600u + (period % 5u) * 1600u; /* 0.6 .. 1.2 s */
        double noise = ((double)(lcg(&seed) & 0xFFFFu) / 32768.0 - 1.0);
        double v = 0.003 * noise;
        if (pos >= 8000u && pos < 8000u + burst_len) {
            double t = (double)(pos - 8000u) / burst_len;
            double env = sin(3.14159265358979 * t);
            double f0 = 300.0 + 150.0 * (period % 3u) + 400.0 * t;
            double level = 0.15 + 0.1 * (double)(period % 4u);
            phase += 2.0 * 3.14159265358979 * f0 / 16000.0;
            v += level * env * (0.7 * sin(phase) + 0.3 * sin(3.0 * phase) + 0.2 * noise);
        }
        {
            long q = lround(v * 32767.0);
            unsigned char b[2];
            if (q > 32767) {
                q = 32767;
            }
            if (q < -32768) {
                q = -32768;
            }
            b[0] = (unsigned char)((uint16_t)q & 0xFFu);
            b[1] = (unsigned char)((uint16_t)q >> 8);
            fwrite(b, 1, 2, f);
        }
    }
    return fclose(f) == 0 ? 0 : 1;
}
