package io.prunesweep.spark;

import io.prunesweep.data.TableReader;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import io.prunesweep.spec.Candidate;
import io.prunesweep.sweep.CandidateRunner;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.sweep.SensitivityJob;
import io.prunesweep.sweep.SensitivityStage;
import io.prunesweep.sweep.SweepException;
import io.prunesweep.sweep.TransientFailure;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a sweep's work as Spark jobs: a stage's candidates one per partition, and the sensitivity cells one per
 * partition, the base model as a broadcast. Progress is reported from the result files as tasks finish (each
 * task writes its own result, so progress is read from the store, not from the driver's memory).
 */
public final class SparkSweep implements CandidateRunner {
    private final SparkSession spark;
    private final TableReader tables;

    /** A runner on {@code spark}; its master decides where tasks run; table datasets are read from the spec's paths. */
    public SparkSweep(SparkSession spark) {
        this(spark, SparkTables.parquet(spark));
    }

    private SparkSweep(SparkSession spark, TableReader tables) {
        this.spark = spark;
        this.tables = tables;
    }

    /** A runner whose table dataset is the given DataFrames rather than the spec's paths ({@link DataFrameSweep}). */
    static SparkSweep withTables(SparkSession spark, TableReader tables) {
        return new SparkSweep(spark, tables);
    }

    @Override
    public TableReader tables() {
        return tables;
    }

    @Override
    public int threadsPerTask() {
        return Sessions.threadsPerTask(spark);
    }

    @Override
    public String where() {
        return spark.sparkContext().master() + " (" + spark.sparkContext().defaultParallelism() + " task slots)";
    }

    @Override
    public List<ResultRow> run(PreparedSweep p, List<Candidate> candidates, String stage, int of,
                               Consumer<String> progress) {
        return run(spark, p, candidates, stage, of, progress);
    }

    @Override
    public void measure(SensitivityStage stage, List<SensitivityJob.Task> cells) {
        Sensitivity.measure(spark, stage, cells);
    }

    /**
     * Runs every pending candidate of a prepared sweep as one job.
     *
     * @param spark    the session (local or cluster)
     * @param p        the prepared sweep
     * @param progress receives progress lines
     * @return the rows returned by this run's tasks
     */
    public static List<ResultRow> run(SparkSession spark, PreparedSweep p, Consumer<String> progress) {
        return run(spark, p, p.pending(), null, p.candidates().size(), progress);
    }

    private static List<ResultRow> run(SparkSession spark, PreparedSweep p, List<Candidate> pending, String stage,
                                       int of, Consumer<String> progress) {
        if (pending.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String group = "prunesweep-" + p.spec().name();
        String description = "prunesweep sweep " + p.spec().name() + (stage == null ? "" : " " + stage) + ": "
                + pending.size() + " of " + of + " candidates";
        jsc.setJobGroup(group, description, false);
        Broadcast<byte[]> model = jsc.broadcast(p.base().bytes());
        // the initial weights only travel when a lottery schedule needs them
        Broadcast<byte[]> init = p.initBytes() == null ? null : jsc.broadcast(p.initBytes());
        Broadcast<byte[]> data = ShippedData.broadcast(jsc, p);
        try {
            JavaRDD<Candidate> rdd = jsc.parallelize(pending, pending.size()).setName(description);
            JavaFutureAction<List<ResultRow>> future = rdd.map(new RunCandidate(p.job(), model, init, data))
                    .collectAsync();
            Set<String> ids = new HashSet<>();
            pending.forEach(c -> ids.add(c.id()));
            Progress meter = new Progress(p, ids, progress);
            while (true) {
                try {
                    List<ResultRow> rows = future.get(2, TimeUnit.SECONDS);
                    meter.report(true);
                    return rows;
                } catch (TimeoutException e) {
                    meter.report(false);
                } catch (InterruptedException e) {
                    future.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new SweepException("sweep interrupted; finished candidates are kept, rerun to resume", 1);
                } catch (ExecutionException e) {
                    throw new SweepException(failure(e) + "; finished candidates are kept in "
                            + p.store().resultsDir() + ", rerun to resume", 1);
                }
            }
        } finally {
            jsc.clearJobGroup();
            model.destroy();
            if (init != null) {
                init.destroy();
            }
            if (data != null) {
                data.destroy();
            }
        }
    }

    /**
     * Why the job failed. A {@link TransientFailure} reaches the driver only once Spark has given up on the
     * task ({@code spark.task.maxFailures} attempts; a {@code local[N]} master tries once, {@code local[N,F]} F
     * times): say so, name the candidate, and say that nothing was recorded for it.
     */
    static String failure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TransientFailure t) {
                String spark = e.getCause() == null ? "" : firstLine(e.getCause().getMessage());
                int cut = spark.indexOf(", most recent failure");
                return "Spark gave up on a task" + (spark.isEmpty() ? "" : " (" + (cut < 0 ? spark
                        : spark.substring(0, cut)) + ")") + ": " + t.getMessage() + "; this is a failure of where it "
                        + "ran, not of the candidate, so no result was written for it and the next run runs it again";
            }
        }
        return "Spark job failed: " + rootMessage(e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** Console progress: done/total, failed, ETA, best front point so far. */
    private static final class Progress {
        private final PreparedSweep p;
        private final Set<String> ids;
        private final Consumer<String> out;
        private final long start = System.nanoTime();
        private int lastDone = -1;
        private final Map<String, ResultRow> seen = new HashMap<>();

        Progress(PreparedSweep p, Set<String> ids, Consumer<String> out) {
            this.p = p;
            this.ids = ids;
            this.out = out;
        }

        void report(boolean last) {
            for (String id : p.store().doneIds()) {
                if (ids.contains(id) && !seen.containsKey(id)) {
                    seen.put(id, p.store().read(id));
                }
            }
            int done = seen.size();
            if (done == lastDone && !last) {
                return;
            }
            lastDone = done;
            long failed = seen.values().stream().filter(r -> !r.ok()).count();
            double secs = (System.nanoTime() - start) / 1e9;
            String eta = done == 0 ? "?" : String.format("%.0fs", secs / done * (ids.size() - done));
            // best so far on the sweep's cost objective among candidates within 1 pp of dense accuracy
            Metric cost = p.spec().objectives().stream().filter(o -> o != Metric.VAL_ACCURACY).findFirst()
                    .orElse(Metric.NONZERO_PARAMS);
            String best = seen.values().stream().filter(ResultRow::ok)
                    .filter(r -> r.value(Metric.VAL_ACCURACY) >= p.baseline().value(Metric.VAL_ACCURACY) - 0.01)
                    .min(Comparator.comparingDouble(r -> r.value(cost)))
                    .map(r -> String.format("best %s within 1pp of dense: %s %.0f, val %.2f%%", cost, r.candidateId(),
                            r.value(cost), 100 * r.value(Metric.VAL_ACCURACY)))
                    .orElse("");
            out.accept(String.format("[%d/%d done, %d failed, %.0fs elapsed, ETA %s] %s", done, ids.size(), failed,
                    secs, last ? "0s" : eta, best));
        }
    }
}
