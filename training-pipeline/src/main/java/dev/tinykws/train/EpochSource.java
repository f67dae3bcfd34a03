package dev.tinykws.train;

/**
 * Training samples for one epoch. Implementations with augmentation return freshly augmented
 * features each epoch; {@link #epoch(int)} must be deterministic for a given seed and epoch so
 * that a resumed run sees the same data as an uninterrupted one. The trainer calls
 * {@code epoch(e + 1)} on a background thread while epoch {@code e} trains.
 */
public interface EpochSource {

    /** Samples per epoch. */
    int size();

    /** The samples of epoch {@code epoch} (1-based). */
    LabeledFeatures epoch(int epoch);

    /** The same features every epoch (no augmentation, or features cached once). */
    static EpochSource fixed(LabeledFeatures data) {
        return new EpochSource() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public LabeledFeatures epoch(int epoch) {
                return data;
            }
        };
    }
}
