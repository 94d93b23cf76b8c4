package io.prunesweep.bench;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.sweep.LocalRunner;
import io.prunesweep.sweep.PreparedSweep;
import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmark needs from Spark, so that its sections stay Spark-free: a timed fan-out of a prepared
 * sweep on a given master, and a whole sweep. Implemented in {@code io.prunesweep.spark}.
 */
public interface SweepRunner {
    /**
     * The timed part of a fan-out.
     *
     * @param seconds wall time of the fan-out (tasks and result writes; not session start or stop)
     * @param rows    the result rows, in no particular order
     */
    record FanOut(double seconds, List<ResultRow> rows) {
        public FanOut {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("seconds must be >= 0, got " + seconds);
            }
            rows = List.copyOf(rows);
        }
    }

    /** Runs every pending candidate of {@code sweep} on a fresh session of {@code master}. */
    FanOut fanOut(String master, PreparedSweep sweep);

    /** Runs (or resumes) the whole sweep of {@code spec} into {@code out} on {@code master}. */
    SweepOutcome sweep(String master, Path spec, Path out);

    /** The same candidates in a plain loop on this thread, calling the same per-candidate job: no Spark. */
    static FanOut loop(PreparedSweep sweep) {
        long t0 = System.nanoTime();
        List<ResultRow> rows = new LocalRunner(1, "loop").run(sweep, sweep.pending(), null, sweep.pending().size(),
                l -> { });
        return new FanOut((System.nanoTime() - t0) / 1e9, rows);
    }
}
