package io.prunesweep.sweep;

import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.SizeMetrics;
import io.prunesweep.metric.Metric;
import io.prunesweep.model.Net;
import io.prunesweep.prune.Prunable;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.report.SensitivityReport;
import io.prunesweep.results.Json;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.spec.Budget;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Scope;
import io.prunesweep.spec.SensitivitySettings;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The driver side of the sensitivity analysis (no Spark): which (layer, ratio) cells the spec's
 * {@code sensitivity} section asks for (a "layer" is a {@link Prunable}: a layer, or a unit group where the model
 * is pruned by groups), which are still missing under {@code <out>/sensitivity/}, the table once
 * they are all there, its outputs ({@code sensitivity.csv}, {@code sensitivity.html}, a section in
 * {@code report.html}) and the per-layer allocations of the spec's budgets.
 *
 * <p>A cell's file name holds the layer, the ratio and a hash of everything it depends on (criterion,
 * granularity, pruneOutputLayer, sweep seed, base model and data fingerprints), so a rerun reuses finished cells
 * and a changed section or model measures new ones.
 */
public final class SensitivityStage {
    private final PreparedSweep p;
    private final SensitivitySettings s;
    private final List<SensitivityJob.Task> tasks;

    /** The stage of a prepared sweep. */
    public SensitivityStage(PreparedSweep p) {
        this.p = p;
        this.s = p.spec().sensitivity();
        String salt = hash("criterion=" + s.criterion().id() + ";granularity=" + s.granularity().id()
                + ";pruneOutputLayer=" + p.spec().space().caps().pruneOutputLayer() + ";seed=" + p.spec().seed()
                // the Taylor criterion scores on minibatches of this size; other criteria ignore it
                + (s.criterion() == CriterionKind.TAYLOR
                        ? ";batchSize=" + p.spec().space().fineTune().batchSize() : "")
                + ";model=" + p.base().fingerprint() + ";data=" + p.splits().fingerprint());
        List<SensitivityJob.Task> t = new ArrayList<>();
        boolean pruneOutput = p.spec().space().caps().pruneOutputLayer();
        for (Prunable l : Prunable.of(p.base().net(), s.granularity(), pruneOutput)) {
            for (double r : s.ratios()) {
                // G for a unit group, so a group's cell file is never read as the layer of the same index
                t.add(new SensitivityJob.Task(l.index(), r, (l.group() ? "G" : "L") + l.index() + "_r" + num(r) + "_"
                        + salt));
            }
        }
        this.tasks = List.copyOf(t);
    }

    /** Every cell, by layer then ratio. */
    public List<SensitivityJob.Task> tasks() {
        return tasks;
    }

    /**
     * Cells without a result, and cells whose only record is a failure that an older build wrote for what is
     * now a transient failure ({@link TransientFailure#isTransientReason}): those never measured anything.
     */
    public List<SensitivityJob.Task> pending() {
        Set<String> present = present();
        return tasks.stream().filter(t -> !present.contains(file(t).name()) || recordsTransientFailure(file(t)))
                .toList();
    }

    /** The cell files there are: one listing, not one look-up per cell (each a round trip on HDFS or S3). */
    private Set<String> present() {
        StoragePath dir = SensitivityJob.dir(p.store().root());
        try {
            return new HashSet<>(dir.list());
        } catch (IOException e) {
            throw new SweepException("cannot list " + dir + ": " + e.getMessage(), 1);
        }
    }

    private static boolean recordsTransientFailure(StoragePath f) {
        try {
            SensitivityRow r = Json.read(f.readBytes(), SensitivityRow.class);
            return !r.ok() && TransientFailure.isTransientReason(r.error());
        } catch (IOException | UncheckedIOException e) {
            throw new SweepException("sensitivity file " + f + " is unreadable: " + e.getMessage(), 1);
        }
    }

    /** The job that measures one cell. */
    public SensitivityJob job(int threadsPerTask) {
        return new SensitivityJob(p, s.criterion().id(), s.granularity().id(), p.spec().seed(), threadsPerTask);
    }

    /** The prepared sweep. */
    public PreparedSweep sweep() {
        return p;
    }

    private StoragePath file(SensitivityJob.Task t) {
        return SensitivityJob.dir(p.store().root()).resolve(t.key() + ".json");
    }

    /** The table: every cell that has a file, by layer then ratio. */
    public List<SensitivityRow> table() {
        List<SensitivityRow> rows = new ArrayList<>();
        Set<String> present = present();
        for (SensitivityJob.Task t : tasks) {
            StoragePath f = file(t);
            if (present.contains(f.name())) {
                try {
                    rows.add(Json.read(f.readBytes(), SensitivityRow.class));
                } catch (IOException | UncheckedIOException e) {
                    throw new SweepException("sensitivity file " + f + " is unreadable: " + e.getMessage(), 1);
                }
            }
        }
        rows.sort(Comparator.comparingInt(SensitivityRow::layer).thenComparingDouble(SensitivityRow::ratio));
        return rows;
    }

    /** Writes sensitivity.csv and sensitivity.html (report.html gets the section when the sweep finishes). */
    public void writeOutputs(List<SensitivityRow> rows) {
        StoragePath root = p.store().root();
        try {
            SensitivityReport.write(rows, p.spec().name(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sensitivity outputs to " + root, e);
        }
    }

    /**
     * Per-layer ratios of every budget the candidates use (budget id → allocation).
     *
     * <p>Each allocation is checked by planning its masks on the base model (magnitude scores; the budget metrics
     * depend only on how many units each layer loses, not which) and measuring the metric. For element
     * granularity that equals the prediction. For neuron/channel granularity the consumer slices of adjacent
     * pruned layers overlap, so the sum of single-layer savings overstates the real one; then the allocation is
     * redone against a limit lowered by the excess, until the measured value meets the budget (at most 20 times).
     * The allocation's {@code predictedValue} is the measured value.
     *
     * @throws SweepException (exit 2) naming the budget when one is unreachable
     */
    public Map<String, BudgetAllocator.Allocation> allocations(List<SensitivityRow> rows, List<CandidateConfig> configs) {
        Map<String, BudgetAllocator.Allocation> out = new TreeMap<>();
        for (CandidateConfig c : configs) {
            Budget b = c.target().budget();
            if (b == null || out.containsKey(b.id())) {
                continue;
            }
            double cap = c.caps().maxLayerSparsity();
            double dense = p.baseline().value(b.metric());
            // element savings add up exactly; structured ones are checked on the model (see above)
            boolean exact = !s.granularity().structured();
            double limit = b.limit();
            String why = null;
            try {
                for (int i = 0; i < 20; i++) {
                    BudgetAllocator.Allocation a = BudgetAllocator.allocate(curves(rows, b.metric(),
                            cap), new Budget(b.metric(), limit), dense, cap,
                            exact ? null : r -> measure(r, b.metric(), cap));
                    double real = measure(a.ratios(), b.metric(), cap);
                    if (real <= b.limit() + 1e-9) {
                        out.put(b.id(), new BudgetAllocator.Allocation(b, a.ratios(), dense, real, a.predictedLoss()));
                        break;
                    }
                    limit -= real - b.limit();
                    if (!(limit > 0)) {
                        Map<Integer, Double> most = most(rows, cap);
                        why = "even the largest allowed ratios " + most + " leave " + fmt(measure(most, b.metric(),
                                cap)) + " (the coupled " + s.granularity().id() + " slices of "
                                + "adjacent layers overlap, so single-layer savings do not add up)";
                        break;
                    }
                }
            } catch (BudgetAllocator.UnreachableBudgetException e) {
                why = e.getMessage().replaceFirst("^budget \\S+ is unreachable: ", "");
                if (!exact) {
                    why += "; even the largest allowed ratios " + most(rows, cap) + " leave "
                            + fmt(measure(most(rows, cap), b.metric(), cap));
                }
            }
            if (!out.containsKey(b.id())) {
                throw new SweepException(p.specFile() + ": space.budget = " + b.id() + ": unreachable: "
                        + (why == null ? "no allocation within 20 adjustments meets it" : why), 2);
            }
        }
        return out;
    }

    private static Map<Integer, Double> most(List<SensitivityRow> rows, double cap) {
        Map<Integer, Double> most = new TreeMap<>();
        for (SensitivityRow r : rows) {
            most.putIfAbsent(r.layer(), 0.0);
            if (r.ok() && r.ratio() <= cap + 1e-12) {
                most.merge(r.layer(), r.ratio(), Math::max);
            }
        }
        return most;
    }

    private static Map<Integer, List<BudgetAllocator.Point>> curves(List<SensitivityRow> rows, Metric metric,
                                                                     double cap) {
        Map<Integer, List<BudgetAllocator.Point>> curves = new TreeMap<>();
        for (SensitivityRow r : rows) {
            curves.computeIfAbsent(r.layer(), k -> new ArrayList<>());
            if (r.ok() && r.ratio() <= cap + 1e-12) {
                curves.get(r.layer()).add(new BudgetAllocator.Point(r.ratio(), r.saved(metric), r.accuracyDrop()));
            }
        }
        return curves;
    }

    /** The budget metric of the base model pruned to the given per-layer ratios (no fine-tuning). */
    private double measure(Map<Integer, Double> ratios, Metric metric, double cap) {
        Net net = p.base().net().copy();
        double max = ratios.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        PruneSettings ps = PruneSettings.of(new PruneMethod(CriterionKind.MAGNITUDE, s.granularity(), Scope.LAYER),
                new Caps(p.spec().space().caps().pruneOutputLayer(), cap), max, p.spec().seed(), ratios);
        Pruner.plan(net, ps, new ScoringContext(net, p.spec().seed(),
                List.of())).masks().applyTo(net);
        return switch (metric) {
            case NONZERO_PARAMS -> SizeMetrics.of(net).nonzeroParams();
            case SPARSE_BYTES -> SizeMetrics.of(net).sparseBytes();
            case FLOPS -> FlopCounter.count(net, p.input().inputType()).effective();
            case VAL_ACCURACY, LATENCY_MS -> throw new IllegalArgumentException(metric + " is not a budget metric");
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.4g", v);
    }

    private static String num(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String hash(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
