package io.prunesweep.spark;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.storage.StoragePath;
import io.prunesweep.sweep.ResumeOptions;
import io.prunesweep.sweep.SerialLatency;
import io.prunesweep.sweep.SweepDriver;
import io.prunesweep.sweep.TestAccuracy;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
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
        return run(spark, specFile, out, new ResumeOptions(retryFailed, false), history, log);
    }

    /**
     * Runs (or resumes) a sweep under the sweep directory's lock, so two runs never overlap.
     *
     * @param resume  what runs again besides candidates without a result
     * @param history whether to append this run's front to {@code <out>/history/} (scheduled runs)
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, Path out, ResumeOptions resume,
                                   boolean history, Consumer<String> log) {
        return run(spark, specFile, out == null ? null : out.toString(), resume, history, log);
    }

    /**
     * Runs (or resumes) a sweep under the sweep directory's lock, so two runs never overlap.
     *
     * @param out     output directory: a plain path or a URI ({@code hdfs://}, {@code s3a://}, {@code file:})
     *                read and written with the session's Hadoop configuration; null for the spec's
     * @param resume  what runs again besides candidates without a result
     * @param history whether to append this run's front to {@code <out>/history/} (scheduled runs)
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, String out, ResumeOptions resume,
                                   boolean history, Consumer<String> log) {
        return new SweepDriver(new SparkSweep(spark), SparkStorage.of(spark), log, List.of(parquet(spark)))
                .run(specFile, out, resume, history);
    }

    /** {@code results.parquet}, written from every row once the front is known. */
    static SweepDriver.Output parquet(SparkSession spark) {
        return new SweepDriver.Output("results.parquet", (rows, root) -> ResultsFrame.writeParquet(spark, rows, root));
    }

    /**
     * A sweep directory's results as a DataFrame (for notebooks), with the serial latencies the driver recorded
     * and the test accuracy of the current front members from {@code front.json} (result files hold what each
     * task measured).
     */
    public static Dataset<Row> results(SparkSession spark, String sweepDir) {
        StoragePath dir = StoragePath.of(SparkStorage.of(spark), sweepDir);
        return ResultsFrame.of(spark, TestAccuracy.recorded(SerialLatency.recorded(new ResultStore(dir).readAll(), dir),
                dir));
    }

    /** Runs {@code body} in a new session (see {@link #session}) and stops the session afterwards. */
    public static <T> T withSession(String appName, String master, Function<SparkSession, T> body) {
        SparkSession spark = session(appName, master);
        try {
            return body.apply(spark);
        } finally {
            spark.stop();
        }
    }

    /** Creates (or reuses) a session with prunesweep's Kryo settings; master null = configured or local[*]. */
    public static SparkSession session(String appName, String master) {
        return Sessions.getOrCreate(appName, master);
    }
}
