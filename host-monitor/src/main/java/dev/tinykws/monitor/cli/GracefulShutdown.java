package dev.tinykws.monitor.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A shutdown hook (Ctrl-C, SIGTERM) that asks the command to stop and then waits, at most {@code wait}, until the
 * command has cleaned up ({@link #close()}): the JVM halts as soon as every hook returned, so a hook that only
 * signals would cut the command's {@code finally} (closing the store, the outbox, the broker connections) short.
 * {@link #close()} also removes the hook, so a command run in a long-lived JVM (tests, the tinykws CLI) leaves none
 * behind.
 */
final class GracefulShutdown implements AutoCloseable {
    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param onSignal run in the hook before it waits (e.g. stop a loop); may be null
     * @param wait     how long the hook waits for {@link #close()}
     */
    GracefulShutdown(String name, Runnable onSignal, Duration wait) {
        this.hook = new Thread(() -> {
            signalled.countDown();
            if (onSignal != null) {
                onSignal.run();
            }
            try {
                closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits until the JVM is asked to stop or {@code timeout} passed (null: no limit); true when asked. */
    boolean awaitSignal(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            signalled.await();
            return true;
        }
        return signalled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean signalled() {
        return signalled.getCount() == 0;
    }

    /** The hook thread (tests run it by hand). */
    Thread hook() {
        return hook;
    }

    /** Clean-up is done: lets a running hook return and removes the hook. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running and now returns
        }
    }
}
