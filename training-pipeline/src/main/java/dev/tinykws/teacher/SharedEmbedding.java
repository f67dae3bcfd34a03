package dev.tinykws.teacher;

/**
 * One {@link SpeechEmbedding} per process for the command line (loading parses 2.4 MB of ONNX
 * models); it is thread-safe, so every teacher shares it. Never closed (lives as long as the JVM).
 */
public final class SharedEmbedding {

    private static volatile SpeechEmbedding instance;

    private SharedEmbedding() {
    }

    public static SpeechEmbedding get() {
        SpeechEmbedding e = instance;
        if (e == null) {
            synchronized (SharedEmbedding.class) {
                e = instance;
                if (e == null) {
                    e = SpeechEmbedding.load();
                    instance = e;
                }
            }
        }
        return e;
    }
}
