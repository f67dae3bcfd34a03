package dev.tinykws.cli;

import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.pkg.ModelPackage;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared helpers of the detection/evaluation commands. */
final class CliModels {

    private CliModels() {
    }

    static ModelPackage loadPackage(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model folder " + dir + " does not exist; train one with `tinykws train`");
        }
        return ModelPackage.load(dir);
    }

    static ModelRuntime load(Path dir) {
        return ModelRuntime.of(loadPackage(dir), dir.toAbsolutePath().normalize().getFileName().toString());
    }

    /** One line for a failure that stops a command. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
