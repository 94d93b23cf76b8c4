package io.prunesweep.spark;

import io.prunesweep.results.SensitivityRow;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.sweep.SensitivityJob;
import io.prunesweep.sweep.SensitivityStage;
import io.prunesweep.sweep.SweepDriver;
import io.prunesweep.sweep.SweepException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Per-layer sensitivity analysis as a distributed job: every prunable layer (at the spec's
 * {@code sensitivity.granularity}) pruned alone to every {@code sensitivity.ratios} value and evaluated on
 * validation without fine-tuning, one task per (layer, ratio), the base model as a broadcast like
 * {@link SparkSweep}. Each task writes {@code <out>/sensitivity/<cell>.json} atomically, so a rerun measures only
 * missing cells. Outputs {@code <out>/sensitivity.csv} and {@code <out>/sensitivity.html}, and adds the plot to
 * {@code <out>/report.html} when there is one. The sweep runs this stage first when it has budget candidates;
 * which cells run and what is written is {@link SweepDriver}'s part, the Spark job this class's.
 */
public final class Sensitivity {
    private Sensitivity() {
    }

    /** Runs (or resumes) the sensitivity analysis of a spec; {@code out} null = the spec's output. */
    public static List<SensitivityRow> run(SparkSession spark, String specFile, String out) {
        return run(spark, Path.of(specFile), out, System.out::println);
    }

    /** Runs (or resumes) the sensitivity analysis under the output directory's lock. */
    public static List<SensitivityRow> run(SparkSession spark, Path specFile, Path out, Consumer<String> log) {
        return run(spark, specFile, out == null ? null : out.toString(), log);
    }

    /**
     * Runs (or resumes) the sensitivity analysis under the output directory's lock.
     *
     * @param out output directory (a plain path or a URI: {@code hdfs://}, {@code s3a://}, ...), or null for the
     *            spec's
     */
    public static List<SensitivityRow> run(SparkSession spark, Path specFile, String out, Consumer<String> log) {
        return new SweepDriver(new SparkSweep(spark), SparkStorage.of(spark), log, List.of())
                .sensitivity(specFile, out);
    }

    /** Measures cells as one Spark job; each task writes its cell's file. */
    static void measure(SparkSession spark, SensitivityStage stage, List<SensitivityJob.Task> cells) {
        PreparedSweep p = stage.sweep();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String description = "prunesweep sensitivity " + p.spec().name() + ": " + cells.size() + " of "
                + stage.tasks().size() + " (layer, ratio) cells";
        jsc.setJobGroup("prunesweep-" + p.spec().name(), description, false);
        Broadcast<byte[]> model = jsc.broadcast(p.base().bytes());
        Broadcast<byte[]> data = ShippedData.broadcast(jsc, p);
        try {
            jsc.parallelize(cells, cells.size()).setName(description)
                    .map(new RunSensitivity(stage.job(Sessions.threadsPerTask(spark)), model, data)).collect();
        } catch (Exception e) { // Spark throws its (checked, undeclared) SparkException here
            throw new SweepException("Spark sensitivity job failed: " + e.getMessage()
                    + "; finished cells are kept, rerun to resume", 1);
        } finally {
            jsc.clearJobGroup();
            model.destroy();
            if (data != null) {
                data.destroy();
            }
        }
    }
}
