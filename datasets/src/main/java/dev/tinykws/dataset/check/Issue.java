package dev.tinykws.dataset.check;

/** Kinds of problems {@code tinykws dataset check} finds; warnings do not fail the check. */
public enum Issue {
    NOT_WAV("not a WAV file", true),
    TRUNCATED("truncated", true),
    FORMAT("not 16 kHz mono PCM16", true),
    DURATION("not 1 s long", true),
    CLIPPED("clipped", true),
    SILENT("silent", true),
    DUPLICATE("duplicate content", true),
    NAME("name lacks _nohash_", false),
    PARTIAL_FRAME("data ends in a partial frame", false),
    NON_FINITE("NaN/Inf samples", false),
    LINK("broken symbolic link", true);

    private final String label;
    private final boolean problem;

    Issue(String label, boolean problem) {
        this.label = label;
        this.problem = problem;
    }

    public String label() {
        return label;
    }

    /** True for problems (non-zero exit), false for warnings. */
    public boolean problem() {
        return problem;
    }

    /** True when {@code dataset convert} can repair it. */
    public boolean convertible() {
        return this == FORMAT || this == DURATION;
    }
}
