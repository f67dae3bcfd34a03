package dev.tinykws.cli;

import dev.tinykws.detect.ClipModel;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.teacher.TeacherPackage;
import dev.tinykws.teacher.TeacherRuntime;
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

    /** A device model package or a host model package (the teacher), whichever {@code dir} holds. */
    static ClipModel load(Path dir) {
        if (TeacherPackage.isHostPackage(dir)) {
            return TeacherRuntime.load(dir);
        }
        return ModelRuntime.of(loadPackage(dir), dir.toAbsolutePath().normalize().getFileName().toString());
    }

    /** One line for a failure that stops a command. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
