package io.prunesweep.spark;

import io.prunesweep.results.SweepOutcome;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.sweep.ResumeOptions;
import io.prunesweep.sweep.SweepDriver;
import io.prunesweep.sweep.SweepException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a sweep on DataFrames already in the session, for notebooks and Java/Scala programs: the training and test
 * tables are handed over instead of named in the spec, and everything else is the CLI's sweep ({@link SweepApp}):
 * the same lock, resume, result files, {@code results.parquet}, front, report and history. The spec's {@code data}
 * section must say {@code format: parquet}; its {@code features}, {@code label}, {@code order} and {@code shape}
 * name the columns, its {@code validation}, {@code trainLimit} and {@code testLimit} split the rows as for files,
 * and its paths, if any, are ignored.
 *
 * <p>The rows are read once on the driver, fingerprinted by content and shipped to the executors once per JVM,
 * so a DataFrame holding the same rows as a Parquet table or IDX files gives the same candidates (same ids, same
 * seeds) and the same results. Without an {@code order} column the rows keep the DataFrame's order, which must then
 * be deterministic (a DataFrame read from files, or sorted, is).
 *
 * <pre>{@code
 * val train = spark.read.parquet("hdfs:///data/fashion/train")
 * val test  = spark.read.parquet("hdfs:///data/fashion/test")
 * val outcome = DataFrameSweep.run(spark, "conf/sweeps/quick-table.yaml", train, test, "hdfs:///sweeps/quick")
 * }</pre>
 */
public final class DataFrameSweep {
    private DataFrameSweep() {
    }

    /**
     * Runs (or resumes) a sweep on the given tables, printing progress to {@code System.out}.
     *
     * @param out output directory (plain path or URI), or null/blank for the spec's
     */
    public static SweepOutcome run(SparkSession spark, String specFile, Dataset<Row> train, Dataset<Row> test,
                                   String out) {
        return run(spark, Path.of(specFile), train, test, out == null || out.isBlank() ? null : out,
                ResumeOptions.REUSE, false, System.out::println);
    }

    /**
     * Runs (or resumes) a sweep on the given tables under the output directory's lock.
     *
     * @param spark    the session the DataFrames belong to; its master decides where candidates run
     * @param specFile the YAML spec; its data section must be {@code format: parquet}
     * @param train    the training table (validation rows are split off it as for files)
     * @param test     the test table
     * @param out      output directory (plain path or URI), or null for the spec's
     * @param resume   what runs again besides candidates without a result
     * @param history  whether to append this run's front to {@code <out>/history/}
     * @param log      progress and summary lines
     * @throws SweepException (exit 2) if the spec's data is not a table
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, Dataset<Row> train, Dataset<Row> test,
                                   String out, ResumeOptions resume, boolean history, Consumer<String> log) {
        SweepSpec spec = SpecLoader.load(specFile);
        if (!spec.data().isTable()) {
            throw new SweepException(specFile + ": data.format is " + spec.data().format() + ", but DataFrameSweep "
                    + "takes the data as DataFrames: write data: {format: parquet, features: ..., label: ...} to name "
                    + "their columns", 2);
        }
        return new SweepDriver(SparkSweep.withTables(spark, SparkTables.given(spark, train, test)),
                SparkStorage.of(spark), log, List.of(SweepApp.parquet(spark))).run(specFile, out, resume, history);
    }
}
