/*
 * kws_detector tests: hand-made cases from docs/SPEC.md section 4 and, when the Java
 * golden file exists (-DHAVE_GOLDEN_DETECTOR, GOLDEN_DIR on the include path), every
 * scenario of golden_detector.h compared detection by detection.
 */
#include "kws_detector.h"
#include "kws_test.h"

#ifdef HAVE_GOLDEN_DETECTOR
#include "golden_detector.h"
#endif

/* labels: 0 _silence_, 1 _unknown_, 2 yes, 3 no */
static kws_detector_config_t defaults4(void)
{
    kws_detector_config_t c;
    c.average_window_ms = 500;
    c.threshold_q = 179;
    c.suppression_ms = 1500;
    c.min_count = 3;
    c.num_labels = 4;
    c.silence_index = 0;
    c.unknown_index = 1;
    return c;
}

static void row(uint8_t *p, int label, int v)
{
    memset(p, 0, 4);
    p[label] = (uint8_t)v;
    if (label != 0) {
        p[0] = (uint8_t)(255 - v);
    }
}

static void test_init_rejects_bad_settings(void)
{
    kws_detector_t d;
    kws_detector_config_t c = defaults4();
    TU_CHECK_INT(kws_detector_init(&d, &c), 0);
    c.min_count = 0;
    TU_CHECK_INT(kws_detector_init(&d, &c), -1);
    c = defaults4();
    c.min_count = KWS_DET_QUEUE_CAPACITY + 1;
    TU_CHECK_INT(kws_detector_init(&d, &c), -1);
    c = defaults4();
    c.average_window_ms = 0;
    TU_CHECK_INT(kws_detector_init(&d, &c), -1);
    c = defaults4();
    c.num_labels = KWS_DET_MAX_LABELS + 1;
    TU_CHECK_INT(kws_detector_init(&d, &c), -1);
    c = defaults4();
    c.num_labels = 0;
    TU_CHECK_INT(kws_detector_init(&d, &c), -1);
    c = defaults4();
    c.silence_index = 4;
    TU_CHECK_INT(kws_detector_init(&d, &c), -1);
}

static void test_min_count_and_threshold(void)
{
    kws_detector_t d;
    kws_detector_config_t c = defaults4();
    kws_detection_t det;
    uint8_t p[4];
    kws_detector_init(&d, &c);
    row(p, 2, 200);
    TU_CHECK_INT(kws_detector_push(&d, 1000, p, &det), 0); /* count 1 < 3 */
    TU_CHECK_INT(kws_detector_push(&d, 1100, p, &det), 0); /* count 2 < 3 */
    TU_CHECK_INT(kws_detector_push(&d, 1200, p, &det), 1);
    TU_CHECK_INT(det.t_ms, 1200);
    TU_CHECK_INT(det.label, 2);
    TU_CHECK_INT(det.score_q, 200);

    /* exactly at the threshold detects, one below does not */
    kws_detector_init(&d, &c);
    row(p, 3, 179);
    kws_detector_push(&d, 0, p, &det);
    kws_detector_push(&d, 100, p, &det);
    TU_CHECK_INT(kws_detector_push(&d, 200, p, &det), 1);
    TU_CHECK_INT(det.label, 3);
    kws_detector_init(&d, &c);
    row(p, 3, 178);
    kws_detector_push(&d, 0, p, &det);
    kws_detector_push(&d, 100, p, &det);
    TU_CHECK_INT(kws_detector_push(&d, 200, p, &det), 0);
    /* the threshold changes at run time, the queue is kept */
    kws_detector_set_threshold(&d, 178);
    TU_CHECK_INT(kws_detector_push(&d, 300, p, &det), 1);
}

static void test_average_truncates_and_ties(void)
{
    kws_detector_t d;
    kws_detector_config_t c = defaults4();
    kws_detection_t det;
    uint8_t a[4] = {0, 0, 200, 0};
    uint8_t b[4] = {0, 0, 201, 0};
    uint8_t t1[4] = {0, 0, 190, 190};
    c.threshold_q = 200;
    kws_detector_init(&d, &c);
    kws_detector_push(&d, 0, a, &det);
    kws_detector_push(&d, 100, a, &det);
    TU_CHECK_INT(kws_detector_average(&d, 2), -1); /* below min_count */
    /* (200+200+201)/3 = 200.33 -> 200 */
    TU_CHECK_INT(kws_detector_push(&d, 200, b, &det), 1);
    TU_CHECK_INT(det.score_q, 200);
    /* the exported average is the one push compared */
    TU_CHECK_INT(kws_detector_average(&d, 2), 200);
    TU_CHECK_INT(kws_detector_average(&d, 0), 0);
    TU_CHECK_INT(kws_detector_average(&d, 4), -1); /* no such label */
    /* (200+200+200)/3 with b twice? use a fresh case: (201+200+200)/3 -> 200, (200+200+199)/3 -> 199 */
    kws_detector_init(&d, &c);
    b[2] = 199;
    kws_detector_push(&d, 0, a, &det);
    kws_detector_push(&d, 100, a, &det);
    TU_CHECK_INT(kws_detector_push(&d, 200, b, &det), 0);
    /* ties: the lower index wins */
    c.threshold_q = 100;
    kws_detector_init(&d, &c);
    kws_detector_push(&d, 0, t1, &det);
    kws_detector_push(&d, 100, t1, &det);
    TU_CHECK_INT(kws_detector_push(&d, 200, t1, &det), 1);
    TU_CHECK_INT(det.label, 2);
}

static void test_window_eviction(void)
{
    kws_detector_t d;
    kws_detector_config_t c = defaults4();
    kws_detection_t det;
    uint8_t p[4];
    kws_detector_init(&d, &c);
    row(p, 2, 250);
    kws_detector_push(&d, 1000, p, &det);
    kws_detector_push(&d, 1100, p, &det);
    /* at 1500: 1000 <= 1500 - 500 is dropped, leaving 2 entries < min 3 */
    TU_CHECK_INT(kws_detector_push(&d, 1500, p, &det), 0);
    TU_CHECK_INT(d.count, 2);
    /* entries at 1100, 1500, 1599: 1100 > 1099, kept */
    TU_CHECK_INT(kws_detector_push(&d, 1599, p, &det), 1);
    TU_CHECK_INT(d.count, 3);
    /* t smaller than the window: nothing is evicted (no unsigned wrap) */
    kws_detector_init(&d, &c);
    kws_detector_push(&d, 0, p, &det);
    kws_detector_push(&d, 10, p, &det);
    TU_CHECK_INT(kws_detector_push(&d, 20, p, &det), 1);
    TU_CHECK_INT(d.count, 3);
}

static void test_suppression(void)
{
    kws_detector_t d;
    kws_detector_config_t c = defaults4();
    kws_detection_t det;
    uint8_t p[4];
    uint32_t t;
    int n = 0;
    uint32_t times[8];
    kws_detector_init(&d, &c);
    row(p, 2, 240);
    for (t = 0; t <= 3100; t += 100) {
        if (kws_detector_push(&d, t, p, &det)) {
            times[n++] = det.t_ms;
        }
    }
    /* first at 200, then t - 200 >= 1500 -> 1700, then 3200 is past the loop end */
    TU_CHECK_INT(n, 2);
    TU_CHECK_INT(times[0], 200);
    TU_CHECK_INT(times[1], 1700);
}

static void test_silence_unknown_never_detected(void)
{
    kws_detector_t d;
    kws_detector_config_t c = defaults4();
    kws_detection_t det;
    uint8_t s[4] = {255, 0, 0, 0};
    uint8_t u[4] = {0, 255, 0, 0};
    int i;
    kws_detector_init(&d, &c);
    for (i = 0; i < 10; i++) {
        TU_CHECK_INT(kws_detector_push(&d, (uint32_t)(i * 100), (i & 1) ? s : u, &det), 0);
    }
    /* a model without _unknown_ (-1): label 1 is a keyword */
    c.unknown_index = -1;
    kws_detector_init(&d, &c);
    kws_detector_push(&d, 0, u, &det);
    kws_detector_push(&d, 100, u, &det);
    TU_CHECK_INT(kws_detector_push(&d, 200, u, &det), 1);
    TU_CHECK_INT(det.label, 1);
}

static void test_queue_overflow_and_s8(void)
{
    kws_detector_t d;
    kws_detector_config_t c = defaults4();
    kws_detection_t det;
    int8_t q[4] = {-128, -128, 127, -128}; /* p = {0,0,255,0} */
    uint8_t low[4] = {255, 0, 0, 0};
    int i;
    c.average_window_ms = 100000; /* never evicts by time */
    c.min_count = 64;
    c.threshold_q = 255;
    kws_detector_init(&d, &c);
    /* 10 silence rows then 64 keyword rows: the queue holds only the last 64 */
    for (i = 0; i < 10; i++) {
        kws_detector_push(&d, (uint32_t)i, low, &det);
    }
    for (i = 0; i < 63; i++) {
        TU_CHECK_INT(kws_detector_push_s8(&d, (uint32_t)(10 + i), q, &det), 0);
    }
    TU_CHECK_INT(d.count, KWS_DET_QUEUE_CAPACITY);
    TU_CHECK_INT(kws_detector_push_s8(&d, 73, q, &det), 1);
    TU_CHECK_INT(det.score_q, 255);
    kws_detector_reset(&d);
    TU_CHECK_INT(d.count, 0);
}

#ifdef HAVE_GOLDEN_DETECTOR
static void test_golden(void)
{
    int s;
    for (s = 0; s < GOLDEN_DET_NUM_SCENARIOS; s++) {
        const golden_det_scenario_t *g = &golden_det_scenarios[s];
        kws_detector_t d;
        kws_detector_config_t c;
        kws_detection_t det;
        int k;
        int found = 0;
        int mismatches = 0;
        c.average_window_ms = (uint32_t)g->average_window_ms;
        c.threshold_q = (uint8_t)g->threshold_q;
        c.suppression_ms = (uint32_t)g->suppression_ms;
        c.min_count = (uint16_t)g->min_count;
        c.num_labels = (uint16_t)g->num_labels;
        c.silence_index = (int16_t)g->silence_index;
        c.unknown_index = (int16_t)g->unknown_index;
        TU_CHECK_INT(kws_detector_init(&d, &c), 0);
        for (k = 0; k < g->num_steps; k++) {
            if (kws_detector_push(&d, (uint32_t)g->t_ms[k], g->scores + (size_t)k * g->num_labels,
                                  &det)) {
                if (found >= g->num_detections || (int32_t)det.t_ms != g->det_t_ms[found]
                    || det.label != g->det_label[found] || det.score_q != g->det_score[found]) {
                    mismatches++;
                }
                found++;
            }
        }
        tu_checks++;
        if (mismatches || found != g->num_detections) {
            TU_FAIL("golden scenario %s: %d detections (%d expected), %d mismatching",
                    g->name, found, (int)g->num_detections, mismatches);
        }
    }
    printf("golden_detector.h: %d scenarios compared\n", (int)GOLDEN_DET_NUM_SCENARIOS);
}
#endif

int main(void)
{
    TU_RUN(test_init_rejects_bad_settings);
    TU_RUN(test_min_count_and_threshold);
    TU_RUN(test_average_truncates_and_ties);
    TU_RUN(test_window_eviction);
    TU_RUN(test_suppression);
    TU_RUN(test_silence_unknown_never_detected);
    TU_RUN(test_queue_overflow_and_s8);
#ifdef HAVE_GOLDEN_DETECTOR
    TU_RUN(test_golden);
#else
    printf("test_detector: golden_detector.h not found, only hand-made SPEC cases run\n");
#endif
    return TU_SUMMARY("test_detector");
}
