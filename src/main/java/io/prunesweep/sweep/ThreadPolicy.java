package io.prunesweep.sweep;

import io.prunesweep.model.NativeMemory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many native threads one candidate may use. Several Spark tasks share an executor's cores, so each
 * task gets its fair share ({@code spark.task.cpus}, 1 by default) instead of ND4J's default of all
 * cores: measured here, two concurrent trainings with 2 OpenMP threads each on 2 cores ran twice as slow
 * as with 1 thread each. OpenBLAS reads {@code OMP_NUM_THREADS} when the native library loads, so the
 * launchers also export {@code OMP_NUM_THREADS=1} and {@code OMP_WAIT_POLICY=PASSIVE} (the bundled
 * libgomp otherwise busy-waits between ops and steals the other task's core).
 */
public final class ThreadPolicy {
    private ThreadPolicy() {
    }

    /** Limits ND4J's thread pools for the current task, and starts this JVM's {@link NativeMemory} guard. */
    public static void apply(int threads) {
        NativeMemory.guard();
        int t = Math.max(1, threads);
        Nd4j.getEnvironment().setMaxThreads(t);
        Nd4j.getEnvironment().setMaxMasterThreads(t);
    }
}
