package dev.tinykws.train;

import java.nio.file.Path;

/** Child-JVM helper for {@link TrainReliabilityTest}: holds an {@link OutputLock} until stdin closes. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(Path.of(args[0]), false)) {
            System.out.println("locked " + lock.file());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin or kills us
            }
        }
    }
}
