package io.prunesweep.bench;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Section 3: LeNet-300-100's training rate as a share of the machine's own matrix-multiply rate at the
 * model's training shapes. The yardstick is {@code cblas_sgemm} of the bundled OpenBLAS, one thread,
 * preallocated buffers, FLOP-weighted over the forward, input-gradient and weight-gradient products of
 * every layer at batch 128 ({@link Sgemm}); ND4J's {@code mmuli} on the same shapes is shown beside it.
 *
 * @param blasVersion  the OpenBLAS version string
 * @param blasGflops   the yardstick
 * @param issuedBlasShare the cblas time of the products a training step issues over the yardstick's (the step
 *                     skips the first layer's input gradient, which DL4J discards: {@code model.InputGradient})
 * @param nd4jGflops   ND4J's {@code mmuli}, same shapes and weighting
 * @param examples     training examples per epoch
 * @param fineTune     the default fine-tune (pruned, mask held), as a candidate runs it
 * @param rows         plain {@code fit} under several knobs, the default knobs first
 */
public record ThroughputSection(String blasVersion, double blasGflops, double issuedBlasShare, double nd4jGflops,
                                int examples, Row fineTune, List<Row> rows) {
    /** The knob label of the row with DL4J's own layers and updater. */
    static final String DL4J_LAYERS = "fit: DL4J's DenseLayer, OutputLayer and Adam";
    /** The target on the default fine-tune's share of the cblas rate, percent. */
    public static final Target TARGET = Target.atLeast(60, 0).withUnit(" %");
    /** The stretch target, percent. */
    public static final Target STRETCH = Target.atLeast(80, 0).withUnit(" %");

    /**
     * One setting's medians.
     *
     * @param knob         label
     * @param epochSeconds median epoch seconds
     * @param gflops       median achieved GFLOP/s
     */
    public record Row(String knob, double epochSeconds, double gflops) {
    }

    public ThroughputSection {
        rows = List.copyOf(rows);
        if (!(issuedBlasShare > 0 && issuedBlasShare <= 1)) {
            throw new IllegalArgumentException("issuedBlasShare must be in (0, 1], found " + issuedBlasShare);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows must not be empty: the default knobs come first");
        }
    }

    /** The knob settings of plain {@code fit}, the default first. */
    static List<TrainThroughput.Knobs> knobs() {
        return List.of(
                new TrainThroughput.Knobs("fit: Adam, batch 128, float, workspaces on", 128, DataType.FLOAT,
                        WorkspaceMode.ENABLED, true),
                new TrainThroughput.Knobs("fit: SGD instead of Adam", 128, DataType.FLOAT, WorkspaceMode.ENABLED, false),
                new TrainThroughput.Knobs("fit: workspaces off", 128, DataType.FLOAT, WorkspaceMode.NONE, true),
                new TrainThroughput.Knobs("fit: batch 256", 256, DataType.FLOAT, WorkspaceMode.ENABLED, true),
                new TrainThroughput.Knobs("fit: batch 512", 512, DataType.FLOAT, WorkspaceMode.ENABLED, true),
                new TrainThroughput.Knobs("fit: double precision", 128, DataType.DOUBLE, WorkspaceMode.ENABLED, true),
                new TrainThroughput.Knobs(DL4J_LAYERS + " (before FastDense, FastOutput, FastAdam)", 128,
                        DataType.FLOAT, WorkspaceMode.ENABLED, true, true));
    }

    /** Measures the yardsticks, the fine-tune and every knob (interleaved rounds, medians) after an untimed epoch. */
    public static ThroughputSection measure(Workbench w) {
        DataSplits s = DataCache.get(w.data());
        var products = Sgemm.trainingProducts(ModelZoo.build("mlp", InputSpec.flat(784), 10, 1, 0.001), 128);
        double secs = w.quick() ? 1 : 9;
        // per product, so the same measurement gives the yardstick and the share of it the step issues
        double yardstickSeconds = 0;
        double issuedSeconds = 0;
        double flops = 0;
        for (Sgemm.Product p : products) {
            double t = p.flops() / (Sgemm.blasRate(p, secs / products.size()) * 1e9);
            yardstickSeconds += t;
            issuedSeconds += Sgemm.issuedByNetFit(p) ? t : 0;
            flops += p.flops();
        }
        double blas = flops / yardstickSeconds / 1e9;
        double nd4j = Sgemm.nd4jRate(products, secs);
        w.log().accept(String.format(Locale.ROOT, "  cblas_sgemm %.1f GFLOP/s, ND4J mmul %.1f GFLOP/s", blas, nd4j));
        List<TrainThroughput.Knobs> knobs = knobs();
        // untimed full epoch first: JIT and native warm-up otherwise land on whichever setting runs first
        TrainThroughput.measure(w.quick() ? s.train() : s.train().head(20_000), knobs.get(0));
        int rounds = w.quick() ? 1 : 3;
        double[][] secsOf = new double[knobs.size() + 1][rounds];
        double[][] rate = new double[knobs.size() + 1][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k <= knobs.size(); k++) {
                double[] m = k == 0 ? TrainThroughput.measureFineTune(s.train())
                        : TrainThroughput.measure(s.train(), knobs.get(k - 1));
                secsOf[k][r] = m[0];
                rate[k][r] = m[1];
            }
        }
        List<Row> all = new ArrayList<>();
        for (int k = 0; k <= knobs.size(); k++) {
            String name = k == 0 ? "default fine-tune" : knobs.get(k - 1).name();
            all.add(new Row(name, Stats.median(secsOf[k]), Stats.median(rate[k])));
            w.log().accept(String.format(Locale.ROOT, "  %s: %.2f s/epoch, %.2f GFLOP/s", name, Stats.median(secsOf[k]),
                    Stats.median(rate[k])));
        }
        return new ThroughputSection(Sgemm.blasVersion(), blas, issuedSeconds / yardstickSeconds, nd4j,
                s.train().size(), all.get(0),
                all.subList(1, all.size()));
    }

    /** The default fine-tune's training rate over the cblas rate, percent. */
    public double fineTuneShare() {
        return 100 * fineTune.gflops() / blasGflops;
    }

    /** Writes the section and records its figures. */
    public void render(Report r) {
        r.line("## 3. Fine-tune throughput against the machine's sgemm rate%n");
        r.line("Yardstick: `cblas_sgemm` of the bundled %s (through JavaCPP), one thread, preallocated buffers, at",
                blasVersion);
        r.line("LeNet-300-100's training shapes (forward, input-gradient and weight-gradient products of each dense");
        r.line("layer at batch 128), FLOP-weighted: **%.1f GFLOP/s**. ND4J's `mmuli` on the same shapes: %.1f GFLOP/s",
                blasGflops, nd4jGflops);
        r.line("(%.0f%% of it). Training rate = 6 × 266,200 weights × %d examples / epoch seconds, one epoch each after",
                100 * nd4jGflops / blasGflops, examples);
        r.line("a short warm-up. \"default fine-tune\" is what a candidate runs: 90 %% magnitude/element pruning, then");
        r.line("`FineTuner` with the mask held (Adam, batch 128, float); the `fit` rows train the zoo's layers (`FastDense`,");
        r.line("`FastOutput`, `FastAdam`) through `Net.fit` (DL4J's `fit`) under other knobs, the last one with DL4J's own");
        r.line("`DenseLayer`, `OutputLayer` and `Adam`. A step through `Net.fit` issues all but one of the yardstick's products: the");
        r.line("first layer's input gradient is not computed (DL4J computes it and throws it away; `model.InputGradient`),");
        r.line("which leaves %.0f%% of the yardstick's cblas time; the last column gives each rate against that.%n",
                100 * issuedBlasShare);
        r.line("| setting | epoch s (median) | GFLOP/s | share of cblas rate | epoch time / default fine-tune's | share of the issued products' cblas time |");
        r.line("|---|---|---|---|---|---|");
        r.record("throughput", "cblas_gflops", blasGflops);
        r.record("throughput", "nd4j_mmul_gflops", nd4jGflops);
        List<Row> all = new ArrayList<>(List.of(fineTune));
        all.addAll(rows);
        for (Row x : all) {
            boolean dl4j = x.knob().startsWith(DL4J_LAYERS);
            r.line("| %s | %.2f | %.2f | %.0f%% | %.2f | %s |", x.knob(), x.epochSeconds(), x.gflops(),
                    100 * x.gflops() / blasGflops, x.epochSeconds() / fineTune.epochSeconds(),
                    dl4j ? "— (issues all of them and more)" : String.format(Locale.ROOT, "%.0f%%",
                            100 * x.gflops() / blasGflops * issuedBlasShare));
            r.record("throughput", x.knob().replace(',', ';'), x.gflops());
        }
        r.line("");
        r.line("- Default fine-tune's share of the cblas rate: target %s; stretch %s.", TARGET.verdict(fineTuneShare()),
                STRETCH.verdict(fineTuneShare()));
        r.line("- Against the cblas time of the products its step issues (first layer's input gradient skipped): %.0f%%.",
                fineTuneShare() * issuedBlasShare);
        Row fastest = all.stream().min((a, b) -> Double.compare(a.epochSeconds(), b.epochSeconds())).orElseThrow();
        if (fastest == fineTune) {
            r.line("- No other setting measured trained an epoch faster than the default fine-tune.%n");
        } else {
            r.line("- Fastest setting measured: %s, %.2f× the default fine-tune's epoch time (%.0f%% of the cblas rate).%n",
                    fastest.knob(), fastest.epochSeconds() / fineTune.epochSeconds(), 100 * fastest.gflops() / blasGflops);
        }
    }
}
