package dev.tinykws.pkg;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: a model.json of random bytes gave "cannot read …: Input length = 1". */
class RandomBytesModelJsonTest {
    @Test
    void randomBytesAreNotAModelJson(@TempDir Path dir) throws Exception {
        byte[] b = new byte[4096];
        new Random(3).nextBytes(b);
        b[0] = (byte) 0xC3; // never valid UTF-8 followed by this
        b[1] = (byte) 0x28;
        Files.write(dir.resolve(ModelPackage.MODEL_JSON), b);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir));
        assertTrue(e.getMessage().contains("is not a model.json") && e.getMessage().contains("tinykws train"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("Input length"), e.getMessage());
    }
}
