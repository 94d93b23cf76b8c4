package io.prunesweep.spark;

import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.sweep.ResultRow;
import io.prunesweep.sweep.ResultStore;
import io.prunesweep.sweep.SweepFinisher;
import io.prunesweep.sweep.SweepHistory;
import io.prunesweep.sweep.SweepLock;
import io.prunesweep.sweep.SweepOutcome;
import io.prunesweep.sweep.SweepSetup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The public entry point for running a sweep, from the CLI, from {@code spark-submit} or from a Zeppelin
 * {@code %spark} paragraph (Scala: {@code SweepApp.run(spark, "conf/sweeps/quick.yaml")}). Only unchecked
 * exceptions, plain arguments, and return values that are records.
 */
public final class SweepApp {
    private SweepApp() {
    }

    /** Runs a spec into its own output directory on an existing session. */
    public static SweepOutcome run(SparkSession spark, String specFile) {
        return run(spark, Path.of(specFile), null, false, System.out::println);
    }

    /**
     * Runs (or resumes) a sweep.
     *
     * @param spark       the session; its master decides where candidates run
     * @param specFile    the YAML spec
     * @param out         output directory, or null for the spec's
     * @param retryFailed whether failed candidates run again
     * @param log         progress and summary lines
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, Path out, boolean retryFailed,
                                   Consumer<String> log) {
        return run(spark, specFile, out, retryFailed, false, log);
    }

    /**
     * Runs (or resumes) a sweep under the sweep directory's lock, so two runs never overlap.
     *
     * @param history whether to append this run's front to {@code <out>/history/} (scheduled runs)
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, Path out, boolean retryFailed,
                                   boolean history, Consumer<String> log) {
        SweepSpec spec = SpecLoader.load(specFile);
        Path dir0 = (out != null ? out : Path.of(spec.output())).toAbsolutePath().normalize();
        new ResultStore(dir0).open(spec.name());
        try (SweepLock lock = SweepLock.acquire(dir0)) {
            return runLocked(spark, specFile, spec, dir0, retryFailed, history, log);
        }
    }

    private static SweepOutcome runLocked(SparkSession spark, Path specFile, SweepSpec spec, Path dir,
                                          boolean retryFailed, boolean history, Consumer<String> log) {
        String started = Instant.now().toString();
        if (retryFailed) {
            ResultStore store = new ResultStore(dir.toAbsolutePath().normalize());
            if (java.nio.file.Files.exists(store.resultsDir())) {
                log.accept("retrying " + store.forgetFailed() + " failed candidate(s)");
            }
        }
        PreparedSweep p = SweepSetup.prepare(spec, specFile, dir, Sessions.threadsPerTask(spark), log);
        log.accept(String.format("sweep %s: %d candidates, %d already done, %d to run on %s (%d task slots)",
                spec.name(), p.candidates().size(), p.candidates().size() - p.pending().size(), p.pending().size(),
                spark.sparkContext().master(), spark.sparkContext().defaultParallelism()));
        if (p.pending().isEmpty()) {
            log.accept("nothing to run: every candidate of this spec has a result in " + p.store().resultsDir());
        }
        List<ResultRow> ran = SparkSweep.run(spark, p, log);
        SweepOutcome outcome = SweepFinisher.finish(p, started, ran.size(), "spark=" + spark.version());
        ResultsFrame.writeParquet(spark, outcome.all(), p.store().root());
        log.accept("");
        log.accept("Pareto front (" + String.join(" vs ", spec.objectives()) + "), hypervolume "
                + String.format("%.4g", outcome.hypervolume()) + ", " + outcome.failed() + " failed:");
        log.accept(SweepFinisher.table(outcome, p.baseline()));
        if (history) {
            log.accept("history: " + SweepHistory.record(p, outcome, ran.size()));
        }
        log.accept("dataset loaded " + io.prunesweep.data.DataCache.loadCount() + " time(s) in this JVM");
        log.accept("outputs in " + p.store().root() + ": results.parquet results.csv front.json front.csv report.html models/");
        return outcome;
    }

    /**
     * A sweep directory's results as a DataFrame (for notebooks), with the test accuracy of the current
     * front members filled in from {@code front.json} (result files hold validation metrics only).
     */
    public static Dataset<Row> results(SparkSession spark, String sweepDir) {
        List<ResultRow> rows = new ResultStore(Path.of(sweepDir)).readAll();
        Path front = Path.of(sweepDir, "front.json");
        if (java.nio.file.Files.isRegularFile(front)) {
            try {
                java.util.Map<String, Double> test = new java.util.HashMap<>();
                io.prunesweep.report.JsonWriter.readFront(front).forEach(r -> test.put(r.candidateId(), r.testAccuracy()));
                rows = rows.stream().map(r -> test.containsKey(r.candidateId())
                        ? r.withTestAccuracy(test.get(r.candidateId())) : r).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + front, e);
            }
        }
        return ResultsFrame.of(spark, rows);
    }

    /** Creates (or reuses) a session with prunesweep's Kryo settings; master null = configured or local[*]. */
    public static SparkSession session(String appName, String master) {
        return Sessions.getOrCreate(appName, master);
    }
}
