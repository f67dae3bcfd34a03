/* Independent C99 re-implementation of docs/SPEC.md section 4, used by
 * DetectorGoldenWriterTest to check golden_detector.h compiles cleanly and agrees. */
#include <stdio.h>
#include <stdint.h>
#include "golden_detector.h"

#define CAP GOLDEN_DET_QUEUE_CAPACITY
#define MAXL 16

int main(void) {
    int failures = 0;
    for (int s = 0; s < GOLDEN_DET_NUM_SCENARIOS; s++) {
        const golden_det_scenario_t *sc = &golden_det_scenarios[s];
        int32_t qt[CAP];
        uint8_t qp[CAP][MAXL];
        int head = 0, count = 0, has_last = 0, ndet = 0;
        int32_t last = 0;
        if (sc->num_labels > MAXL) { printf("too many labels\n"); return 2; }
        for (int i = 0; i < sc->num_steps; i++) {
            int32_t t = sc->t_ms[i];
            if (count == CAP) { head = (head + 1) % CAP; count--; }
            int tail = (head + count) % CAP;
            qt[tail] = t;
            for (int c = 0; c < sc->num_labels; c++) qp[tail][c] = sc->scores[i * sc->num_labels + c];
            count++;
            while (count > 0 && qt[head] <= t - sc->average_window_ms) { head = (head + 1) % CAP; count--; }
            if (count < sc->min_count) continue;
            int top = -1, top_avg = -1;
            for (int c = 0; c < sc->num_labels; c++) {
                int32_t sum = 0;
                for (int k = 0; k < count; k++) sum += qp[(head + k) % CAP][c];
                int avg = (int)(sum / count);
                if (avg > top_avg) { top_avg = avg; top = c; }
            }
            if (top == sc->silence_index || top == sc->unknown_index || top_avg < sc->threshold_q) continue;
            if (has_last && t - last < sc->suppression_ms) continue;
            has_last = 1; last = t;
            if (ndet >= sc->num_detections || sc->det_t_ms[ndet] != t || sc->det_label[ndet] != top
                    || sc->det_score[ndet] != top_avg) {
                printf("scenario %s: unexpected detection t=%d label=%d score=%d\n", sc->name, (int)t, top, top_avg);
                failures++;
            }
            ndet++;
        }
        if (ndet != sc->num_detections) {
            printf("scenario %s: %d detections, expected %d\n", sc->name, ndet, (int)sc->num_detections);
            failures++;
        }
        printf("%s %d\n", sc->name, ndet);
    }
    return failures == 0 ? 0 : 1;
}
