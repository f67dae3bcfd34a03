package dev.tinykws.eval;

import java.util.List;

import static dev.tinykws.contract.Labels.SILENCE;
import static dev.tinykws.contract.Labels.UNKNOWN;

/**
 * Maps a dataset word folder to a model label: a word the model knows maps to itself,
 * {@code _silence_} to the silence label, every other word to {@code _unknown_}.
 */
public final class LabelMapper {

    private final List<String> labels;
    private final int silence;
    private final int unknown;

    public LabelMapper(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.silence = labels.indexOf(SILENCE);
        this.unknown = labels.indexOf(UNKNOWN);
    }

    /** The label index for a word folder, or -1 when the model has no label for it. */
    public int labelOf(String word) {
        if (word.equals(SILENCE)) {
            return silence;
        }
        int i = labels.indexOf(word);
        return i >= 0 ? i : unknown;
    }

    public boolean isKeyword(int label) {
        return label >= 0 && label != silence && label != unknown;
    }

    public List<String> labels() {
        return labels;
    }

    /** Keyword labels, in model order. */
    public List<String> keywords() {
        return labels.stream().filter(l -> !l.equals(SILENCE) && !l.equals(UNKNOWN)).toList();
    }
}
