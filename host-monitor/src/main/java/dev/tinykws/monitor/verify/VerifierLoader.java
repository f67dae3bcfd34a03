package dev.tinykws.monitor.verify;

import java.nio.file.Path;

/** Loads a {@link DetectionVerifier} from a model folder ({@code --verify-with DIR}). */
@FunctionalInterface
public interface VerifierLoader {
    DetectionVerifier load(Path modelDir);
}
