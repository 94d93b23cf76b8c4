package io.prunesweep.sweep;

import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import io.prunesweep.pareto.Direction;
import io.prunesweep.pareto.Objective;
import io.prunesweep.pareto.ParetoFront;
import io.prunesweep.report.CsvWriter;
import io.prunesweep.report.HtmlReport;
import io.prunesweep.report.JsonWriter;
import io.prunesweep.report.SweepSummary;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.RunConfig;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aggregates a sweep's results on the driver: the Pareto front over the spec's objectives (chosen on
 * validation metrics), latency re-measured serially ({@link SerialLatency}) and test accuracy
 * ({@link TestAccuracy}) for front members only, the front's models under {@code models/},
 * and the CSV/JSON/HTML outputs. Reads results from the store, so it sees this run's and earlier runs'
 * candidates alike.
 *
 * <p>Hypervolume reference point: accuracy-like (maximised) objectives at 0, cost (minimised) objectives at
 * the dense baseline's value, so the hypervolume measures how much of the "at least as cheap as dense,
 * better than nothing" box the front covers.
 */
public final class SweepFinisher {
    private SweepFinisher() {
    }

    /**
     * Builds the front, re-measures the latency of its members that were timed in their task, and writes every
     * aggregate output (except Parquet, which the spark package writes).
     *
     * @param latency measures latency serially on the driver
     */
    public static SweepOutcome finish(PreparedSweep p, String startedAt, long run, SerialLatency latency) {
        return finish(p, startedAt, run, latency, List.of());
    }

    /**
     * Builds the front and writes every aggregate output (except Parquet), report.html with the sensitivity
     * section when the sweep has a sensitivity table.
     *
     * @param sensitivity the sweep's sensitivity table, empty when it has none
     */
    public static SweepOutcome finish(PreparedSweep p, String startedAt, long run, SerialLatency latency,
                                      List<SensitivityRow> sensitivity) {
        List<Metric> metrics = p.spec().objectives();
        List<Objective> objectives = Metric.objectives(metrics);
        List<ResultRow> rows = latency.applied(p.store().readAll());
        Set<String> ids = new HashSet<>();
        p.candidates().forEach(c -> ids.add(c.id()));
        ParetoFront<ResultRow> front = ParetoFront.empty(objectives, ResultRow::candidateId);
        for (ResultRow r : rows) {
            // rows of an older spec in the same directory stay on disk but are not this sweep's front
            if (r.ok() && ids.contains(r.candidateId())) {
                front = front.add(r, values(r, metrics));
            }
        }
        // latency timed next to other tasks is not what the front reports (when latency is an objective, every
        // row was re-measured before the front was chosen, and nothing is left to do here)
        List<ResultRow> members = latency.remeasure(front.members().stream().map(ParetoFront.Member::item).toList());
        List<ResultRow> frontRows = new TestAccuracy(p.splits().test()).ofFront(members, p.store());
        Map<String, ResultRow> tested = new HashMap<>();
        frontRows.forEach(r -> tested.put(r.candidateId(), r));
        List<ResultRow> all = rows.stream().map(r -> tested.getOrDefault(r.candidateId(), r)).toList();
        double[] ref = reference(metrics, p.baseline());
        StringBuilder refText = new StringBuilder();
        for (int i = 0; i < ref.length; i++) {
            refText.append(i == 0 ? "" : ", ").append(metrics.get(i).id()).append('=').append(fmt(ref[i]));
        }
        refText.append(" (maximised objectives at 0, minimised ones at the dense baseline)");
        double hv = front.isEmpty() ? 0 : front.hypervolume(ref);
        String knee = front.knee().map(m -> m.item().candidateId()).orElse(null);
        copyFrontModels(p.store(), frontRows);

        SweepSummary summary = new SweepSummary(p.spec().name(), p.spec().specHash(), p.specFile().toString(),
                p.base().fingerprint(), p.splits().fingerprint(), Versions.summary(), startedAt,
                Instant.now().toString(), metrics, p.baseline(), hv, refText.toString(), knee,
                p.candidates().size(), run, p.candidates().size() - p.pending().size());
        StoragePath root = p.store().root();
        try {
            CsvWriter.write(all, root.resolve("results.csv"));
            CsvWriter.write(frontRows, root.resolve("front.csv"));
            JsonWriter.writeFront(frontRows, summary, root.resolve("front.json"));
            HtmlReport.write(all.stream().filter(r -> ids.contains(r.candidateId())).toList(), frontRows, summary,
                    sensitivity, root.resolve("report.html"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sweep outputs to " + root, e);
        }
        return new SweepOutcome(all, frontRows, hv, refText.toString(), knee);
    }

    /** The hypervolume reference point: maximised objectives at 0, minimised ones at the dense baseline's value. */
    public static double[] reference(List<Metric> objectives, ResultRow baseline) {
        double[] ref = new double[objectives.size()];
        for (int i = 0; i < ref.length; i++) {
            Metric m = objectives.get(i);
            ref[i] = m.direction() == Direction.MAXIMIZE ? 0 : baseline.value(m);
        }
        return ref;
    }

    private static double[] values(ResultRow r, List<Metric> metrics) {
        double[] v = new double[metrics.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.value(metrics.get(i));
        }
        return v;
    }

    /** models/ holds exactly the current front: new members copied in, former members removed. */
    private static void copyFrontModels(ResultStore store, List<ResultRow> front) {
        StoragePath models = store.root().resolve("models");
        try {
            models.mkdirs();
            Set<String> keep = new HashSet<>();
            for (ResultRow r : front) {
                for (String suffix : List.of(".zip", ".masks.json", ".shrunk.zip")) {
                    StoragePath src = store.candidatesDir().resolve(r.candidateId() + suffix);
                    if (src.exists()) {
                        StoragePath dst = models.resolve(r.candidateId() + suffix);
                        dst.write(src.readBytes());
                        keep.add(dst.name());
                    }
                }
            }
            for (String name : models.list()) {
                if (!keep.contains(name)) {
                    models.resolve(name).delete();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write front models to " + models, e);
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.4g", v);
    }

    /** A plain-text table of the front for the console. */
    public static String table(SweepOutcome o, ResultRow baseline) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-17s %-46s %8s %8s %9s %8s %10s%n", "candidate", "config", "val acc", "test acc",
                "nonzero", "sparsity", "sparse B"));
        if (baseline != null && baseline.ok()) {
            Measurements b = baseline.measurements();
            sb.append(String.format("%-17s %-46s %8s %8s %9d %8s %10d%n", "(dense baseline)", "", pct(b.valAccuracy()),
                    pct(b.testAccuracy()), b.footprint().nonzeroParams(), pct(b.footprint().sparsity()),
                    b.footprint().sparseBytes()));
        }
        for (ResultRow r : o.front()) {
            RunConfig c = r.config();
            Measurements m = r.measurements();
            String cfg = c.method().criterion().id() + "/" + c.method().granularity().id() + "/" + c.method().scope().id()
                    + (c.budget() == null ? "@" + c.targetSparsity() : " " + c.budgetId()) + " "
                    + c.schedule().kind().id() + " ft" + c.fineTune().epochs();
            sb.append(String.format("%-17s %-46s %8s %8s %9d %8s %10d%s%n", r.candidateId(), cfg, pct(m.valAccuracy()),
                    pct(m.testAccuracy()), m.footprint().nonzeroParams(), pct(m.footprint().sparsity()),
                    m.footprint().sparseBytes(), r.candidateId().equals(o.kneeId()) ? "  <- knee" : ""));
        }
        return sb.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.2f%%", 100 * v);
    }
}
