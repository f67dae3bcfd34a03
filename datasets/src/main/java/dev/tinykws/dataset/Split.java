package dev.tinykws.dataset;

/** The three disjoint parts of a dataset; clips of one speaker always land in the same part. */
public enum Split {
    TRAIN, VALIDATION, TEST
}
