package dev.tinykws.monitor.testutil;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;

/** Optional system tools: skip when missing, fail when CI=true (project rule). */
public final class ExternalTools {
    private ExternalTools() {
    }

    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    public static void require(String tool) {
        if (onPath(tool)) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(tool + " is required when CI=true (apt-get install " + tool + ")");
        }
        Assumptions.abort(tool + " not installed: test skipped (it fails when CI=true)");
    }
}
