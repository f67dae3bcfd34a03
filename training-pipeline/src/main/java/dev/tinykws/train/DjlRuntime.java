package dev.tinykws.train;

import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine settings that must be in place before DJL's PyTorch engine first loads: intra-op
 * threads, one inter-op thread, offline mode (natives come from the pytorch-native-cpu jar on
 * the classpath; DJL must never try to download anything), and a passive OpenMP wait policy.
 *
 * <p>Why the wait policy: PyTorch's CPU build uses GNU OpenMP, whose worker threads spin
 * between parallel regions. On a shared, oversubscribed machine a spinning or descheduled
 * worker stalls every region: DS-CNN-S training measured 50 samples/s with 2 threads versus
 * 421 with 1 thread and 585 with 2 threads and {@code OMP_WAIT_POLICY=PASSIVE} (load average
 * ≈ 12 on 2 cores, bench/results/training.md). libgomp reads the variable when it is loaded,
 * so it is set in the process environment (libc {@code setenv} through JNA) before the engine
 * loads, unless the user set {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} already.
 */
public final class DjlRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);
    static final String THREADS = "ai.djl.pytorch.num_threads";
    static final String INTEROP = "ai.djl.pytorch.num_interop_threads";
    static final String OFFLINE = "ai.djl.offline";

    private DjlRuntime() { }

    /**
     * Sets the thread counts and offline mode, then loads the engine.
     *
     * @param threads intra-op threads (0 = keep what the JVM was started with, default 2)
     * @return the engine
     */
    /** Sets only what is missing (offline mode, inter-op threads, wait policy) and loads the engine. */
    public static Engine ensureConfigured() {
        return configure(0);
    }

    public static Engine configure(int threads) {
        passiveOpenMp();
        if (threads > 0) {
            System.setProperty(THREADS, Integer.toString(threads));
        } else if (System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, "2");
        }
        System.setProperty(INTEROP, "1");
        if (System.getProperty(OFFLINE) == null) {
            System.setProperty(OFFLINE, "true");
        }
        try {
            Engine e = Engine.getEngine("PyTorch");
            LOG.debug("DJL {} engine {} {}, {} intra-op threads", Engine.getDjlVersion(), e.getEngineName(),
                    e.getVersion(), System.getProperty(THREADS));
            return e;
        } catch (RuntimeException e) {
            throw new TrainingException("cannot load DJL's PyTorch engine offline (" + e.getMessage()
                    + "): the pytorch-native-cpu linux-x86_64 jar must be on the classpath; the first run extracts"
                    + " ~430 MB into ~/.djl.ai (or $DJL_CACHE_DIR)", e);
        }
    }

    /** The C library's setenv, through JNA (a DJL dependency). */
    private interface CLib extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    private static void passiveOpenMp() {
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null) {
            return;
        }
        try {
            CLib c = com.sun.jna.Native.load("c", CLib.class);
            c.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        } catch (Throwable t) {
            LOG.debug("could not set OMP_WAIT_POLICY=PASSIVE: {}", t.toString());
        }
    }
}
