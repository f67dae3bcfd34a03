package dev.tinykws.dataset;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Names what is wrong with a symbolic link that cannot be followed, so it is reported, never skipped silently. */
public final class LinkProblems {
    private LinkProblems() {
    }

    /**
     * @return "dangling symbolic link to X", "symbolic link loop (X)", or null when {@code p} is not a
     *         broken link (a regular file, a folder, or missing)
     */
    public static String describe(Path p) {
        if (!Files.isSymbolicLink(p)) {
            return null;
        }
        String target;
        try {
            target = Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            target = "?";
        }
        try {
            p.toRealPath();
            return null; // resolves: a link to something that is not a clip file (a folder, a device)
        } catch (FileSystemLoopException e) {
            return "symbolic link loop (" + target + ")";
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Too many levels of symbolic links")) {
                return "symbolic link loop (" + target + ")";
            }
            return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)
                    ? "dangling symbolic link to " + target : "unreadable symbolic link to " + target + ": " + e;
        }
    }
}
