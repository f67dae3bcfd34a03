package dev.tinykws.distill;

import java.util.List;

/**
 * A host model that labels 1-s clips for distillation. Implementations must be safe to call from
 * several threads at once.
 */
public interface ClipTeacher {

    /** Class labels, in the student's order. */
    List<String> labels();

    /**
     * The teacher's logits for a 1-s, 16 kHz clip (floats in [-1, 1]), WITHOUT a class-prior
     * correction: the teacher is trained with the student's class shares, so its targets and the
     * student's hard labels share one prior, and packaging corrects the student's prior once.
     */
    float[] logits(float[] clip16k);

    /** Identifies the teacher in caches and model.json (e.g. its package id). */
    String id();

    /**
     * Augmented copies per training clip the teacher trained on ({@code --teacher-variants}, default 2): the
     * student is distilled on the clean clip plus this many augmented copies, made with the same seeds.
     */
    default int variants() {
        return 2;
    }
}
