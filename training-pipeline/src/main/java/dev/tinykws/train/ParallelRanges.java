package dev.tinykws.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a loop over {@code [0, n)} in chunks on daemon worker threads (feature and augmentation precompute). */
final class ParallelRanges {

    /** The body of a loop over {@code [from, to)}; each index must write only its own slots. */
    interface Range {
        void run(int from, int to);
    }

    private ParallelRanges() {
    }

    /**
     * Splits {@code [0, n)} into about {@code 8 × threads} chunks and runs them on {@code threads} workers.
     * A failure in a chunk is rethrown as is (RuntimeException) or as a {@link TrainingException}
     * saying {@code what} failed.
     */
    static void run(String what, int n, int threads, Range body) {
        int t = Math.max(1, threads);
        ExecutorService ex = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "tinykws-" + what.replace(' ', '-'));
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            int chunk = Math.max(1, (n + 8 * t - 1) / (8 * t));
            for (int from = 0; from < n; from += chunk) {
                int a = from;
                int b = Math.min(n, from + chunk);
                jobs.add(ex.submit(() -> body.run(a, b)));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new TrainingException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            ex.shutdownNow();
        }
    }
}
