package dev.tinykws.train;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** The architectures {@code tinykws train --arch} knows, by their command-line names. */
public enum Architecture {
    /** DS-CNN-S (Hello Edge), the default. */
    DS_CNN_S("ds-cnn-s", KwsModels::dsCnnS),
    /** micro_speech-style single conv + FC. */
    TINY_CONV("tiny-conv", KwsModels::tinyConv);

    private final String id;
    private final IntFunction<Block> factory;

    Architecture(String id, IntFunction<Block> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** The command-line / model.json name. */
    public String id() {
        return id;
    }

    /** A new, uninitialized block with {@code classes} outputs. */
    public Block build(int classes) {
        return factory.apply(classes);
    }

    public static Architecture parse(String name) {
        for (Architecture a : values()) {
            if (a.id.equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new TrainingException("unknown architecture '" + name + "'; choose one of "
                + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")));
    }
}
