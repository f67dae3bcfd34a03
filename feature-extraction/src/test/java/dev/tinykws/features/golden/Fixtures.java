package dev.tinykws.features.golden;

import dev.tinykws.features.FeatureException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed speech fixtures ({@code datasets/fixtures/*.wav}), bundled in the jar as
 * classpath resources under {@code dev/tinykws/features/fixtures/}.
 */
public final class Fixtures {

    /** File names of the bundled clips (1 s, 16 kHz mono PCM16, espeak-ng speech). */
    public static final List<String> NAMES = List.of(
            "yes_en-us.wav", "no_en-gb.wav", "stop_en-us-f.wav", "go_en-sc.wav");

    private static final String PREFIX = "/dev/tinykws/features/fixtures/";

    private Fixtures() {
    }

    /** The raw bytes of one bundled fixture. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(PREFIX + name)) {
            if (in == null) {
                throw new FeatureException("fixture " + name + " is not bundled (expected resource " + PREFIX + name + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FeatureException("cannot read fixture " + name + ": " + e.getMessage(), e);
        }
    }

    /** Copies every bundled fixture into {@code dir} (created if needed) and returns their paths in {@link #NAMES} order. */
    public static List<Path> copyTo(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String name : NAMES) {
                Path p = dir.resolve(name);
                Files.write(p, bytes(name));
                out.add(p);
            }
        } catch (IOException e) {
            throw new FeatureException("cannot copy fixtures into " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Copies the fixtures into a fresh temporary folder (deleted at JVM exit) and returns their paths. */
    public static List<Path> materialize() {
        try {
            Path dir = Files.createTempDirectory("tinykws-fixtures");
            List<Path> paths = copyTo(dir);
            dir.toFile().deleteOnExit();
            paths.forEach(p -> p.toFile().deleteOnExit());
            return paths;
        } catch (IOException e) {
            throw new FeatureException("cannot create a temporary folder for fixtures: " + e.getMessage(), e);
        }
    }

}
