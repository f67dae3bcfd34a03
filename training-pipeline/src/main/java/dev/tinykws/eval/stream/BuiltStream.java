package dev.tinykws.eval.stream;

import java.util.List;

/** A synthetic test stream and its ground truth. */
public record BuiltStream(float[] samples, int sampleRate, List<StreamEvent> events, List<String> skipped) {

    public long durationMs() {
        return samples.length * 1000L / sampleRate;
    }

    public List<StreamEvent> keywordEvents() {
        return events.stream().filter(StreamEvent::keyword).toList();
    }
}
