package dev.tinykws.contract;

/** The TinyKWS version: printed by {@code tinykws --version}, stored in model.json and dataset.json. */
public final class Version {

    /** The tool version (semantic versioning). */
    public static final String VERSION = "0.1.0";
    /** The tool name with its version, e.g. {@code TinyKWS 0.1.0}. */
    public static final String NAME_AND_VERSION = "TinyKWS " + VERSION;

    private Version() {
    }
}
