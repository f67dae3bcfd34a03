package dev.tinykws.eval.stream;

/**
 * One word inserted into a test stream (ground truth).
 *
 * @param word     the dataset word
 * @param keyword  whether the model should detect it (else it is an unknown word / distractor)
 * @param startMs  where the clip starts in the stream
 * @param endMs    where the spoken word ends (end of the clip's last active 20 ms block)
 * @param snrDb    signal-to-noise ratio actually used (active speech RMS over local background RMS)
 * @param source   clip file
 */
public record StreamEvent(String word, boolean keyword, long startMs, long endMs, double snrDb, String source) {
}
