package dev.tinykws.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo summary's teacher row when the demo trained without a teacher (its default). */
class DemoTeacherTest {

    @Test
    void withoutTeacherTheRowSaysWhyAndHowToGetOne(@TempDir Path tmp) {
        String row = DemoTeacher.summaryRow(tmp, "none");
        // `tinykws demo` has no --teacher option: the row must not tell the user to pass one
        assertFalse(row.contains("--teacher"), row);
        assertTrue(row.contains("10-minute budget") && row.contains("tinykws train") && row.contains("<out>/teacher"),
                row);
    }
}
