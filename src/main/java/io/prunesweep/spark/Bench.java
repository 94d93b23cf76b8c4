package io.prunesweep.spark;

import io.prunesweep.bench.Benchmark;
import io.prunesweep.bench.SweepRunner;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.sweep.PreparedSweep;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark side of the benchmark ({@code jobs/bench.sh}): each timed fan-out and each sweep gets a fresh
 * local session, so no run inherits another's warm executors. The sections and the report are in
 * {@code io.prunesweep.bench}.
 */
public final class Bench implements SweepRunner {
    /** A runner for hand-run probes that time fan-outs outside the benchmark ({@code io.prunesweep.perf}). */
    public Bench() {
    }

    /**
     * Runs every benchmark and writes {@code RESULTS.md} and {@code raw.csv} into {@code dir}.
     *
     * @param quick CI-size inputs: the numbers are not meaningful, the code paths are exercised
     */
    public static Path run(Path dir, boolean quick, Consumer<String> log) {
        return Benchmark.run(dir, quick, log, new Bench());
    }

    @Override
    public FanOut fanOut(String master, PreparedSweep sweep) {
        SparkSession spark = Sessions.getOrCreate("bench " + master, master);
        try {
            long t0 = System.nanoTime();
            List<ResultRow> rows = SparkSweep.run(spark, sweep, l -> { });
            return new FanOut((System.nanoTime() - t0) / 1e9, rows);
        } finally {
            spark.stop();
        }
    }

    @Override
    public SweepOutcome sweep(String master, Path spec, Path out) {
        SparkSession spark = Sessions.getOrCreate("bench sweep", master);
        try {
            return SweepApp.run(spark, spec, out, false, l -> { });
        } finally {
            spark.stop();
        }
    }
}
