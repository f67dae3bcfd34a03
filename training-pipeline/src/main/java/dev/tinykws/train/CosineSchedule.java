package dev.tinykws.train;

import ai.djl.training.tracker.Tracker;

/**
 * Cosine decay from {@code peak} to {@code peak × finalFraction} over {@code totalSteps}
 * optimizer updates, shifted by {@code offset} updates (a resumed run passes the updates
 * already done so the schedule continues where it stopped).
 */
final class CosineSchedule implements Tracker {

    private final float peak;
    private final float floor;
    private final int totalSteps;
    private final int offset;

    CosineSchedule(float peak, float finalFraction, int totalSteps, int offset) {
        this.peak = peak;
        this.floor = peak * finalFraction;
        this.totalSteps = Math.max(1, totalSteps);
        this.offset = offset;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return valueAt(offset + numUpdate);
    }

    float valueAt(int step) {
        double p = Math.min(1.0, Math.max(0, step) / (double) totalSteps);
        return (float) (floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * p)));
    }
}
