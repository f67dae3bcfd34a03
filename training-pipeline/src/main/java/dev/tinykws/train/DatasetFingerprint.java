package dev.tinykws.train;

import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.DatasetIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Identity of a dataset's content: SHA-256 over the sorted lines {@code relative/path\tsize\n}
 * of every clip and background recording ('/' separators), shown as {@code sha256:} plus the
 * first 16 hex digits. Renaming, adding, removing or re-encoding a file changes it; moving
 * the dataset folder does not.
 */
public final class DatasetFingerprint {

    private DatasetFingerprint() { }

    public static String of(DatasetIndex data) {
        Path root = data.root().toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        for (Clip c : data.all()) {
            files.add(c.path());
        }
        files.addAll(data.backgroundNoise());
        List<String> lines = new ArrayList<>(files.size());
        for (Path p : files) {
            Path a = p.toAbsolutePath().normalize();
            String rel = (a.startsWith(root) ? root.relativize(a) : a).toString().replace('\\', '/');
            try {
                lines.add(rel + "\t" + Files.size(a) + "\n");
            } catch (IOException e) {
                throw new TrainingException("cannot stat " + a + " while fingerprinting the dataset: " + e.getMessage(), e);
            }
        }
        lines.sort(null);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String l : lines) {
                md.update(l.getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
