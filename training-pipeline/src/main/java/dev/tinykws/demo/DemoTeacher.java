package dev.tinykws.demo;

import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.teacher.TeacherPackage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The demo summary's teacher row: the host teacher next to the device model, and whether the device learnt from it. */
final class DemoTeacher {

    private DemoTeacher() { }

    static String summaryRow(ModelPackage device) {
        Object training = device.metadata().get("training");
        Object teacher = training instanceof Map<?, ?> t && t.get("voice") instanceof Map<?, ?> v ? v.get("teacher") : null;
        return summaryRow(device.dir(), teacher);
    }

    /** The row for the device package in {@code deviceDir}, distilled from {@code teacher} (null or "none": not). */
    static String summaryRow(Path deviceDir, Object teacher) {
        Path dir = deviceDir.resolve("teacher");
        String distilled = teacher == null || "none".equals(teacher) ? "device model trained without it"
                : "device model distilled from it";
        if (!TeacherPackage.isHostPackage(dir)) {
            return "| teacher (host) | not trained: the demo trains without a teacher to stay within its 10-minute "
                    + "budget; `tinykws train` trains one into <out>/teacher and distils the device model from it |";
        }
        Map<String, Object> m = TeacherPackage.load(dir).metrics();
        Object acc = m.get("testAccuracy");
        return String.format(Locale.ROOT, "| teacher (host, speech embedding + head) | synthetic test split %s; %s; %s |",
                acc instanceof Number n ? String.format(Locale.ROOT, "%.1f%%", 100 * n.doubleValue()) : "n/a",
                dir, distilled);
    }
}
