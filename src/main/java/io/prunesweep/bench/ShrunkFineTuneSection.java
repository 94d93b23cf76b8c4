package io.prunesweep.bench;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.FlopCounter;
import io.prunesweep.metric.TrainedForm;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.prune.FineTuner;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScheduledPruning;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Section 4c: what fine-tuning the physically shrunk network buys a structured candidate. LeNet-300-100 with a
 * fraction of the neurons of each hidden layer removed (L2 norm, layer scope), one fine-tune epoch as a one-shot
 * candidate runs it ({@link ScheduledPruning}: plan, shrink, train, expand back), against one epoch of the dense
 * network, and against the same candidate trained masked (the full-size network with the mask held, as before).
 * The question is whether the time falls with the FLOPs. Each epoch is timed in wall time (what the target
 * bounds) and in CPU time of the training thread, which other processes on a shared machine disturb less. The
 * training step's matrix products alone, timed with {@code cblas_sgemm} at the dense and the shrunk shapes
 * ({@link Sgemm}), give the figure the BLAS itself allows: smaller products run at a lower rate.
 *
 * @param rounds   interleaved rounds of every timing
 * @param examples training examples per epoch
 * @param batch    minibatch size
 * @param points   one per removed fraction
 */
public record ShrunkFineTuneSection(int rounds, int examples, int batch, List<Point> points) {
    /** Fine-tune time ratio shrunk / dense over the FLOPs ratio. */
    public static final Target TARGET = Target.atMost(1.3, 2);

    private static final double[] REMOVED = {0.5, 0.75};
    private static final int BATCH = 128;
    private static final double LEARNING_RATE = 0.001;

    /**
     * Median seconds of one epoch.
     *
     * @param wall wall-clock seconds
     * @param cpu  CPU seconds of the training thread
     */
    public record Epoch(double wall, double cpu) {
        public Epoch {
            if (!(wall > 0) || !(cpu > 0)) {
                throw new IllegalArgumentException("epoch times must be > 0, got wall " + wall + " s, cpu " + cpu
                        + " s");
            }
        }
    }

    /**
     * One removed fraction.
     *
     * @param removed   fraction of each hidden layer's neurons removed
     * @param dense     the dense network, timed next to this fraction's candidates in every round
     * @param flopRatio shrunk / dense FLOPs of one forward pass (training FLOPs scale alike: every product of a
     *                  dense layer is proportional to its weights)
     * @param shrunk    the candidate trained shrunk, shrinking and expanding included
     * @param masked    the same candidate trained masked
     * @param blasRatio the training step's matrix products at the shrunk shapes over those at the dense shapes,
     *                  in {@code cblas_sgemm} time
     */
    public record Point(double removed, Epoch dense, double flopRatio, Epoch shrunk, Epoch masked, double blasRatio) {
    }

    public ShrunkFineTuneSection {
        points = List.copyOf(points);
    }

    /** Shrunk over dense wall time at one point. */
    public double timeRatio(Point p) {
        return p.shrunk().wall() / p.dense().wall();
    }

    /** The figure the target bounds: wall-time ratio over FLOPs ratio. */
    public double timeOverFlops(Point p) {
        return timeRatio(p) / p.flopRatio();
    }

    /** The matrix products alone at the BLAS rate: their time ratio over the FLOPs ratio. */
    public double blasOverFlops(Point p) {
        return p.blasRatio() / p.flopRatio();
    }

    /** The same in CPU time of the training thread. */
    public double cpuOverFlops(Point p) {
        return p.shrunk().cpu() / p.dense().cpu() / p.flopRatio();
    }

    /**
     * Measures 50 % and 75 % removed on the benchmark's training data (a CI-size slice in quick mode): after an
     * untimed warm-up of every path on 20 minibatches, 5 rounds (1 in quick mode) in which each fraction's dense,
     * shrunk and masked epochs run back to back in an order that rotates, so that a change in the machine's speed
     * falls on all three alike; every run on a freshly built network; medians.
     */
    public static ShrunkFineTuneSection measure(Workbench w) {
        LabeledData train = DataCache.get(w.data()).train();
        int rounds = w.quick() ? 1 : 5;
        InputSpec in = InputSpec.flat(train.width());
        LabeledData warm = train.head(Math.min(train.size(), 20 * BATCH));
        time(warm, in, train.numClasses(), -1, null);
        for (double f : REMOVED) {
            time(warm, in, train.numClasses(), f, TrainedForm.MASKED);
            time(warm, in, train.numClasses(), f, TrainedForm.SHRUNK);
        }
        TrainedForm[] kinds = {null, TrainedForm.SHRUNK, TrainedForm.MASKED};
        // [fraction][dense, shrunk, masked][wall, cpu][round]
        double[][][][] t = new double[REMOVED.length][kinds.length][2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < REMOVED.length; i++) {
                for (int k = 0; k < kinds.length; k++) {
                    int kind = (k + r + i) % kinds.length;
                    store(t[i][kind], r, time(train, in, train.numClasses(), REMOVED[i], kinds[kind]));
                }
            }
        }
        double[] blas = blasRatios(in, train.numClasses(), rounds, w.quick() ? 0.3 : 2);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < REMOVED.length; i++) {
            Point p = new Point(REMOVED[i], median(t[i][0]), flopRatio(in, train.numClasses(), REMOVED[i]),
                    median(t[i][1]), median(t[i][2]), blas[i]);
            points.add(p);
            w.log().accept(String.format(Locale.ROOT, "  %.0f%% neurons removed: shrunk %.2f s, masked %.2f s, dense "
                    + "%.2f s per epoch (CPU %.2f, %.2f, %.2f s); FLOPs ratio %.3f", 100 * p.removed(),
                    p.shrunk().wall(), p.masked().wall(), p.dense().wall(), p.shrunk().cpu(), p.masked().cpu(),
                    p.dense().cpu(), p.flopRatio()));
        }
        return new ShrunkFineTuneSection(rounds, train.size(), BATCH, points);
    }

    private static void store(double[][] into, int round, double[] wallCpu) {
        into[0][round] = wallCpu[0];
        into[1][round] = wallCpu[1];
    }

    private static Epoch median(double[][] wallCpu) {
        return new Epoch(Stats.median(wallCpu[0]), Stats.median(wallCpu[1]));
    }

    /**
     * {wall, CPU} seconds of one fine-tune epoch: dense ({@code form} null) or a one-shot candidate at
     * {@code removed}.
     */
    private static double[] time(LabeledData data, InputSpec in, int classes, double removed, TrainedForm form) {
        MultiLayerNetwork net = ModelZoo.build("mlp", in, classes, 1, LEARNING_RATE);
        var it = data.fitIterator(BATCH, true, 1);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        if (form == null) {
            FineTuner.fineTune(Net.of(net), it, 1, LEARNING_RATE, MaskSet.empty());
        } else {
            ScheduledPruning.run(Net.of(net), ScheduleKind.ONE_SHOT, 1, settings(removed),
                    n -> new ScoringContext(n, 1, List.of()), new ScheduledPruning.Training(it, 1, LEARNING_RATE,
                            (data.size() + BATCH - 1) / BATCH), null, 0, form);
        }
        return new double[] {(System.nanoTime() - t0) / 1e9, (threads.getCurrentThreadCpuTime() - c0) / 1e9};
    }

    /**
     * Per removed fraction: {@code cblas_sgemm} time of the shrunk network's training products over the dense
     * network's, each timed for {@code seconds} per round, rounds interleaved, the median of the per-round ratios.
     */
    private static double[] blasRatios(InputSpec in, int classes, int rounds, double seconds) {
        List<Sgemm.Product> dense = Sgemm.trainingProducts(ModelZoo.build("mlp", in, classes, 1, LEARNING_RATE), BATCH);
        List<List<Sgemm.Product>> small = new ArrayList<>();
        for (double f : REMOVED) {
            MultiLayerNetwork net = ModelZoo.build("mlp", in, classes, 1, LEARNING_RATE);
            PrunePlan plan = Pruner.plan(Net.of(net), settings(f), new ScoringContext(Net.of(net), 1, List.of()));
            small.add(Sgemm.trainingProducts(Surgeon.shrink(net, plan.removedUnits()), BATCH));
        }
        double[][] ratios = new double[REMOVED.length][rounds];
        for (int r = 0; r < rounds; r++) {
            double d = blasSeconds(dense, seconds);
            for (int i = 0; i < REMOVED.length; i++) {
                ratios[i][r] = blasSeconds(small.get(i), seconds) / d;
            }
        }
        double[] out = new double[REMOVED.length];
        for (int i = 0; i < REMOVED.length; i++) {
            out[i] = Stats.median(ratios[i]);
        }
        return out;
    }

    /**
     * Seconds of one pass over the products a training step issues at the rate {@code cblas_sgemm} reaches on them:
     * all of {@code products} but the first layer's input gradient, which the step does not compute.
     */
    private static double blasSeconds(List<Sgemm.Product> products, double seconds) {
        List<Sgemm.Product> issued = products.stream().filter(Sgemm::issuedByNetFit).toList();
        double flops = issued.stream().mapToDouble(Sgemm.Product::flops).sum();
        return flops / (Sgemm.blasRate(issued, seconds) * 1e9);
    }

    private static PruneSettings settings(double removed) {
        return new PruneSettings(CriterionKind.L2, Granularity.NEURON, Scope.LAYER, removed, false, 1.0, 1);
    }

    private static double flopRatio(InputSpec in, int classes, double removed) {
        MultiLayerNetwork dense = ModelZoo.build("mlp", in, classes, 1, LEARNING_RATE);
        PrunePlan plan = Pruner.plan(Net.of(dense), settings(removed), new ScoringContext(Net.of(dense), 1, List.of()));
        MultiLayerNetwork shrunk = Surgeon.shrink(dense, plan.removedUnits());
        return (double) FlopCounter.count(Net.of(shrunk), in.inputType()).dense()
                / FlopCounter.count(Net.of(dense), in.inputType()).dense();
    }

    /** Writes the section and records its figures. */
    public void render(Report r) {
        r.line("## 4c. Structured fine-tuning: shrunk vs dense%n");
        r.line("LeNet-300-100 with a fraction of each hidden layer's neurons removed (L2 norm, layer scope), one");
        r.line("fine-tune epoch as a one-shot candidate runs it: plan, `Surgeon.shrink`, train the small network,");
        r.line("expand it back (Adam, batch %d, float, one native thread, %,d examples). \"masked\" is the same", batch,
                examples);
        r.line("candidate trained the way it was before, full size with the mask held. %d round(s), in each of which a",
                rounds);
        r.line("fraction's dense, shrunk and masked epochs run back to back in rotating order, every run on a freshly");
        r.line("built network; medians of wall time and of the training thread's CPU time. Target:");
        r.line("fine-tune time ratio shrunk / dense %s × FLOPs ratio, in wall time. \"cblas time / FLOPs\" is the same",
                TARGET.describe());
        r.line("figure for the matrix products a training step issues (all but the first layer's input gradient), timed with `cblas_sgemm` (one thread,");
        r.line("preallocated) at the shrunk and the dense shapes: what the BLAS allows before any other cost.%n");
        r.line("| removed | FLOPs ratio | dense s | masked s | shrunk s | shrunk / dense | shrunk / masked "
                + "| time / FLOPs | CPU: dense s | CPU: shrunk s | CPU time / FLOPs | cblas time / FLOPs |");
        r.line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Point p : points) {
            r.line("| %.0f%% | %.3f | %.2f | %.2f | %.2f | %.3f | %.3f | %s | %.2f | %.2f | %.2f | %.2f |",
                    100 * p.removed(), p.flopRatio(), p.dense().wall(), p.masked().wall(), p.shrunk().wall(),
                    timeRatio(p), p.shrunk().wall() / p.masked().wall(), TARGET.verdict(timeOverFlops(p)), p.dense().cpu(),
                    p.shrunk().cpu(), cpuOverFlops(p), blasOverFlops(p));
            String k = String.format(Locale.ROOT, "%.2f", p.removed());
            r.record("shrunk_fine_tune", k + "_dense_epoch_s", p.dense().wall());
            r.record("shrunk_fine_tune", k + "_dense_epoch_cpu_s", p.dense().cpu());
            r.record("shrunk_fine_tune", k + "_shrunk_epoch_s", p.shrunk().wall());
            r.record("shrunk_fine_tune", k + "_masked_epoch_s", p.masked().wall());
            r.record("shrunk_fine_tune", k + "_shrunk_epoch_cpu_s", p.shrunk().cpu());
            r.record("shrunk_fine_tune", k + "_masked_epoch_cpu_s", p.masked().cpu());
            r.record("shrunk_fine_tune", k + "_flop_ratio", p.flopRatio());
            r.record("shrunk_fine_tune", k + "_time_over_flops", timeOverFlops(p));
            r.record("shrunk_fine_tune", k + "_cpu_time_over_flops", cpuOverFlops(p));
            r.record("shrunk_fine_tune", k + "_cblas_time_over_flops", blasOverFlops(p));
        }
        r.line("");
        r.line("- %s%n", summary());
    }

    /** Where the target held, and what is left of the time that does not shrink, from the points only. */
    String summary() {
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Point p : points) {
            String f = String.format(Locale.ROOT, "%.0f%% (%.2f)", 100 * p.removed(), timeOverFlops(p));
            (TARGET.met(timeOverFlops(p)) ? met : missed).add(f);
        }
        String where = missed.isEmpty() ? "met at every removal measured: " + String.join(", ", met)
                : met.isEmpty() ? "missed at every removal measured: " + String.join(", ", missed)
                : "met at " + String.join(", ", met) + "; missed at " + String.join(", ", missed);
        Point last = points.get(points.size() - 1);
        // the epoch as a FLOP-proportional part a·flops plus a fixed part c, fitted through dense (1, 1) and the
        // last point: c is what fine-tuning costs whatever the network's size (minibatches, loss, listeners)
        double fixed = (timeRatio(last) - last.flopRatio()) / (1 - last.flopRatio());
        List<String> cpu = new ArrayList<>();
        for (Point p : points) {
            cpu.add(String.format(Locale.ROOT, "%.2f at %.0f%%", cpuOverFlops(p), 100 * p.removed()));
        }
        boolean cpuMet = points.stream().allMatch(p -> TARGET.met(cpuOverFlops(p)));
        List<String> blas = new ArrayList<>();
        for (Point p : points) {
            blas.add(String.format(Locale.ROOT, "%.2f at %.0f%%", blasOverFlops(p), 100 * p.removed()));
        }
        String head = String.format(Locale.ROOT, "Time ratio over FLOPs ratio, target %s: %s. In CPU time of the "
                + "training thread: %s (%s). The matrix products alone at the BLAS rate: %s.", TARGET.describe(),
                where, String.join(", ", cpu), cpuMet ? "within the bound at every removal"
                        : "not within the bound at every removal", String.join(", ", blas));
        if (fixed <= 0) {
            return head + String.format(Locale.ROOT, " At %.0f%% removed the epoch fell at least as fast as the FLOPs: "
                    + "no part of it that does not scale with the network shows.", 100 * last.removed());
        }
        return head + String.format(Locale.ROOT, " Read as a part of the dense epoch that scales with FLOPs plus one "
                + "that does not, the dense epoch and the %.0f%% point put the part that does not at %.0f%% of the "
                + "dense epoch (%.2f s).", 100 * last.removed(), 100 * fixed, fixed * last.dense().wall());
    }
}
