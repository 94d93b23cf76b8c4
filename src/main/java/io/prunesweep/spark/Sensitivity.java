package io.prunesweep.spark;

import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.results.ResultStore;
import io.prunesweep.sweep.SensitivityJob;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.sweep.SensitivityStage;
import io.prunesweep.sweep.SweepException;
import io.prunesweep.sweep.SweepLock;
import io.prunesweep.sweep.SweepSetup;
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
 * {@code <out>/report.html} when there is one. The sweep runs this stage first when it has budget candidates.
 */
public final class Sensitivity {
    private Sensitivity() {
    }

    /** Runs (or resumes) the sensitivity analysis of a spec; {@code out} null = the spec's output. */
    public static List<SensitivityRow> run(SparkSession spark, String specFile, String out) {
        return run(spark, Path.of(specFile), out == null ? null : Path.of(out), System.out::println);
    }

    /** Runs (or resumes) the sensitivity analysis under the output directory's lock. */
    public static List<SensitivityRow> run(SparkSession spark, Path specFile, Path out, Consumer<String> log) {
        SweepSpec spec = SpecLoader.load(specFile);
        Path dir = (out != null ? out : Path.of(spec.output())).toAbsolutePath().normalize();
        new ResultStore(dir).open(spec.name());
        try (SweepLock lock = SweepLock.acquire(dir)) {
            PreparedSweep p = SweepSetup.prepare(spec, specFile, dir, Sessions.threadsPerTask(spark), log);
            SensitivityStage stage = stage(p, specFile);
            List<SensitivityRow> rows = run(spark, stage, log);
            log.accept("outputs in " + dir + ": sensitivity.csv sensitivity.html");
            return rows;
        }
    }

    static SensitivityStage stage(PreparedSweep p, Path specFile) {
        try {
            return new SensitivityStage(p);
        } catch (io.prunesweep.prune.PruneException e) {
            throw new SweepException(specFile + ": sensitivity.granularity = "
                    + p.spec().sensitivity().granularity().id() + ": " + e.getMessage(), 2);
        }
    }

    /** Measures the stage's missing cells as one Spark job, then writes the table's outputs and returns it. */
    static List<SensitivityRow> run(SparkSession spark, SensitivityStage stage, Consumer<String> log) {
        List<SensitivityJob.Task> pending = stage.pending();
        PreparedSweep p = stage.sweep();
        log.accept(String.format("sensitivity %s: %d cells (%s), %d already done, %d to run", p.spec().name(),
                stage.tasks().size(), p.spec().sensitivity().criterion().id() + "/"
                        + p.spec().sensitivity().granularity().id(), stage.tasks().size() - pending.size(),
                pending.size()));
        if (!pending.isEmpty()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String description = "prunesweep sensitivity " + p.spec().name() + ": " + pending.size() + " of "
                    + stage.tasks().size() + " (layer, ratio) cells";
            jsc.setJobGroup("prunesweep-" + p.spec().name(), description, false);
            Broadcast<byte[]> model = jsc.broadcast(p.base().bytes());
            try {
                jsc.parallelize(pending, pending.size()).setName(description)
                        .map(new RunSensitivity(stage.job(Sessions.threadsPerTask(spark)), model)).collect();
            } catch (Exception e) { // Spark throws its (checked, undeclared) SparkException here
                throw new SweepException("Spark sensitivity job failed: " + e.getMessage()
                        + "; finished cells are kept, rerun to resume", 1);
            } finally {
                jsc.clearJobGroup();
                model.destroy();
            }
        }
        List<SensitivityRow> rows = stage.table();
        stage.writeOutputs(rows);
        long failed = rows.stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            log.accept("sensitivity: " + failed + " cell(s) failed (see sensitivity.csv)");
        }
        return rows;
    }
}
