package io.prunesweep.spark;

import io.prunesweep.eval.LayerStats;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.report.JsonWriter;
import io.prunesweep.report.SweepSummary;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.sweep.ResumeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small helpers for Zeppelin {@code %spark} paragraphs (and {@code spark-shell}): plain {@code String}
 * paths, no checked exceptions, no Java functional interfaces to build, DataFrames ready for
 * {@code z.show}. Everything here is a thin wrapper over the public API ({@link SweepApp}, {@link ModelStore},
 * {@link LayerStats}); the notes under {@code notebooks/} use it.
 *
 * <pre>{@code
 * import io.prunesweep.spark.Notebooks
 * val outcome = Notebooks.run(spark, "conf/sweeps/quick.yaml", "target/sweeps/quick")
 * z.show(Notebooks.layerFrame(spark, Notebooks.frontModel("target/sweeps/quick")))
 * }</pre>
 */
public final class Notebooks {
    private Notebooks() {
    }

    /**
     * Runs (or resumes) a sweep, printing progress to the Scala console ({@code scala.Console.out}), which is
     * where Zeppelin shows a paragraph's output ({@code System.out} may go to the interpreter log instead).
     *
     * @param spark    the notebook's session
     * @param specFile the YAML spec, relative to the interpreter's working directory or absolute
     * @param out      output directory; null or blank for the spec's {@code output}
     * @return the outcome: all rows, the front, hypervolume, knee
     */
    public static SweepOutcome run(SparkSession spark, String specFile, String out) {
        return SweepApp.run(spark, Path.of(specFile), blank(out) ? null : out, ResumeOptions.REUSE, false,
                line -> scala.Console$.MODULE$.out().println(line));
    }

    /**
     * Runs (or resumes) a sweep on DataFrames of the session ({@link DataFrameSweep}), printing progress to the
     * Scala console; the spec's data section ({@code format: parquet}) names their columns.
     *
     * @param out output directory; null or blank for the spec's {@code output}
     */
    public static SweepOutcome run(SparkSession spark, String specFile, Dataset<Row> train, Dataset<Row> test,
                                   String out) {
        return DataFrameSweep.run(spark, Path.of(specFile), train, test, blank(out) ? null : out, ResumeOptions.REUSE,
                false, line -> scala.Console$.MODULE$.out().println(line));
    }

    /** The directory a run of {@code specFile} writes to: {@code out} when not blank, else the spec's output. */
    public static String outputDir(String specFile, String out) {
        return blank(out) ? SpecLoader.load(Path.of(specFile)).output() : out;
    }

    /** Candidate ids of the outcome's front, best first objective first (for {@code Column.isInCollection}). */
    public static List<String> frontIds(SweepOutcome outcome) {
        return outcome.front().stream().map(ResultRow::candidateId).toList();
    }

    /**
     * The model zip of the knee of a sweep directory's front ({@code front.json}), or of its first member when
     * the front has no knee (fewer than three members).
     *
     * @throws IllegalStateException if the front is empty or the model is missing
     */
    public static String frontModel(String sweepDir) {
        Path dir = Path.of(sweepDir);
        Path front = dir.resolve("front.json");
        try {
            List<ResultRow> rows = JsonWriter.readFront(front);
            if (rows.isEmpty()) {
                throw new IllegalStateException(front + ": the front is empty");
            }
            SweepSummary s = JsonWriter.readSummary(front);
            String id = s.kneeId() != null ? s.kneeId() : rows.get(0).candidateId();
            Path zip = dir.resolve("models").resolve(id + ".zip");
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("front model not found: " + zip.toAbsolutePath());
            }
            return zip.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + front, e);
        }
    }

    /**
     * Per-layer parameter counts of a model zip as a DataFrame with columns {@code layer} (index),
     * {@code name}, {@code type}, {@code params}, {@code nonzero}, {@code sparsity}.
     */
    public static Dataset<Row> layerFrame(SparkSession spark, String modelZip) {
        return layerFrame(spark, ModelStore.load(Path.of(modelZip)).net());
    }

    /** {@link #layerFrame(SparkSession, String)} for a network already loaded. */
    public static Dataset<Row> layerFrame(SparkSession spark, Net net) {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("layer", DataTypes.IntegerType, false),
                DataTypes.createStructField("name", DataTypes.StringType, false),
                DataTypes.createStructField("type", DataTypes.StringType, false),
                DataTypes.createStructField("params", DataTypes.LongType, false),
                DataTypes.createStructField("nonzero", DataTypes.LongType, false),
                DataTypes.createStructField("sparsity", DataTypes.DoubleType, false)));
        List<Row> rows = new ArrayList<>();
        for (LayerStats l : LayerStats.of(net)) {
            rows.add(RowFactory.create(l.index(), l.name(), l.type(), l.params(), l.nonzero(), l.sparsity()));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
