package dev.tinykws.contract;

import java.util.List;

/**
 * The class labels of every model: index 0 is {@link #SILENCE}, index 1 {@link #UNKNOWN}, then the
 * keywords (docs/SPEC.md, model.json "labels"). Also the dataset folder of long background noise.
 */
public final class Labels {

    /** Label of "no speech" (cut from the background noise). Always index {@link #SILENCE_INDEX}. */
    public static final String SILENCE = "_silence_";
    /** Label of "speech that is not a keyword". Always index {@link #UNKNOWN_INDEX}. */
    public static final String UNKNOWN = "_unknown_";
    /** Index of {@link #SILENCE} in every model's labels. */
    public static final int SILENCE_INDEX = 0;
    /** Index of {@link #UNKNOWN} in every model's labels. */
    public static final int UNKNOWN_INDEX = 1;
    /** Index of the first keyword in every model's labels. */
    public static final int FIRST_KEYWORD_INDEX = 2;
    /** Dataset folder of long background-noise recordings (Speech Commands layout); not a word. */
    public static final String BACKGROUND_NOISE_DIR = "_background_noise_";

    private Labels() {
    }

    /** The labels of a model for these keywords: {@code [_silence_, _unknown_, keywords...]}. */
    public static List<String> forKeywords(List<String> keywords) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>(keywords.size() + 2);
        out.add(SILENCE);
        out.add(UNKNOWN);
        out.addAll(keywords);
        return List.copyOf(out);
    }

    /** True for {@link #SILENCE} and {@link #UNKNOWN}: labels that are never detected. */
    public static boolean isFiller(String label) {
        return SILENCE.equals(label) || UNKNOWN.equals(label);
    }

    /** True when {@code labels} starts with {@code _silence_, _unknown_} and has at least one keyword. */
    public static boolean isValidModelLabels(List<String> labels) {
        return labels != null && labels.size() > FIRST_KEYWORD_INDEX
                && SILENCE.equals(labels.get(SILENCE_INDEX)) && UNKNOWN.equals(labels.get(UNKNOWN_INDEX));
    }
}
