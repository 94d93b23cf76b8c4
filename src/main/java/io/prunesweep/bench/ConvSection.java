package io.prunesweep.bench;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.model.FastConv2D;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Section 4b: the zoo CNN with {@link FastConv2D} (libnd4j ops) against the same CNN with DL4J's
 * {@code ConvolutionLayer}, same initial weights: a training epoch, each convolution's forward plus backward
 * pass (with libnd4j's {@code conv2d}/{@code conv2d_bp} ops as a third path, which the layer does not use),
 * dense against channel-pruned-and-shrunk latency per FLOPs, and where the forward time of the most-pruned
 * network goes, layer by layer. The graph zoo's {@code resnet} joins the training and the dense vs shrunk
 * tables ({@link ResnetTimings}).
 *
 * @param rounds        interleaved rounds of every timing
 * @param trainExamples examples in the timed epoch
 * @param epoch         epoch times, DL4J's layer then FastConv2D
 * @param resnet        the graph zoo's resnet trained over part of an epoch
 * @param passes        forward + backward of conv1 and conv2
 * @param shrink        dense vs shrunk points: the CNN with both layer kinds, then resnet
 * @param profile       per-layer forward time of the FastConv2D CNN, dense and at the largest removal
 * @param resnetProfile forward time and FLOPs of resnet per vertex kind, dense and at the largest removal
 *
 * <p>Size: about 450 lines, because the section measures three things on the same networks in one interleaved
 * schedule (epoch, per-convolution passes, dense vs shrunk latency) and renders them with their verdicts;
 * splitting the timing apart from its rendering would separate each figure from the sentence it supports.
 */
public record ConvSection(int rounds, int trainExamples, Epoch epoch, GraphEpoch resnet, List<Pass> passes,
                          List<ShrinkPoint> shrink, List<LayerTime> profile, List<KindTime> resnetProfile) {
    /** Training epoch: FastConv2D at least this many times faster than DL4J's layer. */
    public static final Target EPOCH_TARGET = Target.atLeast(2.0, 2);
    /** Latency ratio over FLOPs ratio, dense vs shrunk: the bound of section 4. */
    public static final Target LATENCY_TARGET = StructuredSection.TARGET;

    private static final String DL4J = "ConvolutionLayer";
    private static final String FAST = "FastConv2D";
    private static final double[] REMOVED = {0.25, 0.5, 0.75};
    private static final int BATCH = 128;

    /**
     * Median epoch times.
     *
     * @param dl4jSeconds   wall seconds, DL4J's layer
     * @param fastSeconds   wall seconds, FastConv2D
     * @param dl4jCpuSeconds CPU seconds of the training thread, DL4J's layer
     * @param fastCpuSeconds CPU seconds of the training thread, FastConv2D
     */
    public record Epoch(double dl4jSeconds, double fastSeconds, double dl4jCpuSeconds, double fastCpuSeconds) {
        /** DL4J's wall time over FastConv2D's. */
        public double speedUp() {
            return dl4jSeconds / fastSeconds;
        }
    }

    /**
     * Training throughput of a graph zoo model over the first examples of an epoch, medians over the section's
     * rounds.
     *
     * @param model           zoo name
     * @param widths          its widths
     * @param layer           the convolution layer class(es) it is built with
     * @param examples        examples trained per timed round
     * @param wallSeconds     wall seconds to train on them
     * @param cpuSeconds      CPU seconds of the training thread
     * @param forwardFlops    dense forward FLOPs per example
     * @param cnnForwardFlops the zoo CNN's dense forward FLOPs per example, for the comparison
     */
    public record GraphEpoch(String model, List<Integer> widths, String layer, int examples, double wallSeconds,
                             double cpuSeconds, long forwardFlops, long cnnForwardFlops) {
        public GraphEpoch {
            widths = List.copyOf(widths);
            if (examples <= 0) {
                throw new IllegalArgumentException("examples must be positive, got " + examples);
            }
            if (!(wallSeconds > 0) || !(cpuSeconds >= 0)) {
                throw new IllegalArgumentException("times must be positive, got wall " + wallSeconds + " s, CPU "
                        + cpuSeconds + " s");
            }
            if (forwardFlops <= 0 || cnnForwardFlops <= 0) {
                throw new IllegalArgumentException("forward FLOPs must be positive, got " + forwardFlops + " and "
                        + cnnForwardFlops);
            }
        }

        /** Training examples per wall second. */
        public double examplesPerSecond() {
            return examples / wallSeconds;
        }

        /** Model name with its widths, as the tables show it. */
        public String label() {
            return model + " " + widths;
        }
    }

    /**
     * One convolution's forward plus backward pass at batch 128, median ms.
     *
     * @param label  shape description
     * @param dl4jMs through DL4J's layer
     * @param fastMs through FastConv2D
     * @param opsMs  through libnd4j's conv2d and conv2d_bp ops called directly
     */
    public record Pass(String label, double dl4jMs, double fastMs, double opsMs) {
    }

    /**
     * Dense against shrunk at one removal.
     *
     * @param model        {@code cnn} or a graph zoo name
     * @param layer        which convolution layer the network uses
     * @param removed      fraction of channels asked to be removed per convolution (CNN: L2, layer scope) or per
     *                     channel group (graphs: L1, layer scope)
     * @param unitsRemoved fraction of the prunable channels actually removed (rounding per layer or group)
     * @param flopRatio    shrunk / dense FLOPs
     * @param denseMs      median latency per batch of 128, dense
     * @param shrunkMs     median latency per batch of 128, shrunk
     */
    public record ShrinkPoint(String model, String layer, double removed, double unitsRemoved, double flopRatio,
                              double denseMs, double shrunkMs) {
        /** How the point's network is named in sentences and raw.csv. */
        public String network() {
            return model + " with " + layer;
        }

        /** Shrunk latency over dense latency. */
        public double latencyRatio() {
            return shrunkMs / denseMs;
        }

        /** Latency ratio over FLOPs ratio: 1 when latency falls exactly as FLOPs do. */
        public double latencyOverFlops() {
            return latencyRatio() / flopRatio;
        }
    }

    /**
     * Forward time of one layer of the FastConv2D CNN, median ms at batch 128.
     *
     * @param name     layer index and type
     * @param denseMs  in the dense network
     * @param shrunkMs in the network shrunk at the largest removal
     */
    public record LayerTime(String name, double denseMs, double shrunkMs) {
    }

    /**
     * Forward time of one kind of vertex of a graph, summed over the vertices of that kind, median ms at batch 128.
     *
     * @param kind        layer class, or vertex class for a vertex without a layer
     * @param vertices    how many vertices of the kind
     * @param denseMs     in the dense network
     * @param shrunkMs    in the network shrunk at the largest removal
     * @param denseFlops  dense forward FLOPs per example as {@code FlopCounter} counts them (0 where it counts none)
     * @param shrunkFlops the same in the shrunk network
     */
    public record KindTime(String kind, int vertices, double denseMs, double shrunkMs, long denseFlops,
                           long shrunkFlops) {
    }

    public ConvSection {
        passes = List.copyOf(passes);
        shrink = List.copyOf(shrink);
        profile = List.copyOf(profile);
        resnetProfile = List.copyOf(resnetProfile);
    }

    /** Measures everything; one round and few repetitions in quick mode. */
    public static ConvSection measure(Workbench w) {
        int rounds = w.quick() ? 1 : 2;
        LabeledData train = DataCache.get(w.data()).train();
        w.log().accept("  CNN epoch: ConvolutionLayer vs FastConv2D, " + train.size() + " examples, " + rounds
                + " round(s)");
        Epoch epoch = epochs(train, rounds);
        w.log().accept(String.format(Locale.ROOT, "  CNN epoch: %.1f s vs %.1f s", epoch.dl4jSeconds(),
                epoch.fastSeconds()));
        // resnet at one thread trains about 300 examples/s: 40 minibatches per round keep it near 20 s a round
        long resnetStart = System.nanoTime();
        long cnnFlops = ResnetTimings.forwardFlops(Net.of(cnn(true, train.numClasses())));
        GraphEpoch resnet = ResnetTimings.epoch(train, w.quick() ? 2 : 40, rounds, cnnFlops);
        w.log().accept(String.format(Locale.ROOT, "  resnet: %,d examples in %.1f s (all resnet training %.1f s)",
                resnet.examples(), resnet.wallSeconds(), (System.nanoTime() - resnetStart) / 1e9));
        List<Pass> passes = passes(w.quick() ? 3 : 15);
        int latencyRounds = w.quick() ? 1 : 5;
        List<ShrinkPoint> shrink = new ArrayList<>();
        shrink.addAll(shrink(false, latencyRounds));
        shrink.addAll(shrink(true, latencyRounds));
        // a resnet forward pass of 128 images takes ~0.15 s at one thread: fewer passes per round than the CNN's
        long resnetLatencyStart = System.nanoTime();
        shrink.addAll(w.quick() ? ResnetTimings.shrink(REMOVED, 1, 0, 1)
                : ResnetTimings.shrink(REMOVED, latencyRounds, 2, 7));
        List<KindTime> resnetProfile = w.quick() ? ResnetTimings.profile(REMOVED[REMOVED.length - 1], 0, 1)
                : ResnetTimings.profile(REMOVED[REMOVED.length - 1], 2, 9);
        w.log().accept(String.format(Locale.ROOT, "  resnet dense vs shrunk and profile: %.1f s",
                (System.nanoTime() - resnetLatencyStart) / 1e9));
        return new ConvSection(rounds, train.size(), epoch, resnet, passes, shrink, profile(w.quick() ? 3 : 15),
                resnetProfile);
    }

    private static MultiLayerNetwork cnn(boolean fast, int classes) {
        InputSpec in = InputSpec.image(1, 28, 28);
        return fast ? ModelZoo.build("cnn", in, classes, 42, 0.002)
                : ModelZoo.buildCnnWithDl4jConvolutions(in, classes, 42, 0.002);
    }

    private static Epoch epochs(LabeledData train, int rounds) {
        MultiLayerNetwork[] nets = {cnn(false, train.numClasses()), cnn(true, train.numClasses())};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // warm-up: JIT, native set-up and workspace sizing stay out of the timed epochs
        for (MultiLayerNetwork net : nets) {
            Net.of(net).fit(train.head(Math.min(train.size(), 10 * BATCH)).iterator(BATCH, true, 2));
        }
        double[][] wall = new double[2][rounds];
        double[][] cpu = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                // as a sweep trains: through Net.fit (FastConv2D then skips the unused input gradient of conv1)
                Net.of(nets[k]).fit(train.fitIterator(BATCH, true, 1 + r));
                wall[k][r] = (System.nanoTime() - t0) / 1e9;
                cpu[k][r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            }
        }
        return new Epoch(Stats.median(wall[0]), Stats.median(wall[1]), Stats.median(cpu[0]), Stats.median(cpu[1]));
    }

    /** conv1 and conv2 of the zoo CNN: forward (training mode) then backward, three ways, interleaved. */
    private static List<Pass> passes(int runs) {
        MultiLayerNetwork dl4j = cnn(false, 10);
        MultiLayerNetwork fast = cnn(true, 10);
        dl4j.initGradientsView();
        fast.initGradientsView();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        String[] labels = {"conv1 1→6, 5×5, 28×28", "conv2 6→16, 5×5, 12×12"};
        long[][] inShape = {{BATCH, 1, 28, 28}, {BATCH, 6, 12, 12}};
        long[][] outShape = {{BATCH, 6, 24, 24}, {BATCH, 16, 8, 8}};
        int[] index = {0, 2};
        // kH kW sH sW pH pW dH dW, explicit padding, NCHW, weights [out, in, kH, kW]
        int[] convArgs = {5, 5, 1, 1, 0, 0, 1, 1, 0, 0, 1};
        List<Pass> out = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, inShape[c]);
            INDArray eps = Nd4j.rand(DataType.FLOAT, outShape[c]).subi(0.5);
            INDArray w = dl4j.getParam(index[c] + "_W");
            INDArray b = dl4j.getParam(index[c] + "_b").reshape(-1);
            INDArray z = Nd4j.create(DataType.FLOAT, outShape[c]);
            INDArray delta = Nd4j.create(DataType.FLOAT, outShape[c]);
            INDArray gIn = Nd4j.create(DataType.FLOAT, inShape[c]);
            INDArray gW = Nd4j.create(DataType.FLOAT, w.shape());
            INDArray gB = Nd4j.create(DataType.FLOAT, b.shape());
            Layer[] layers = {dl4j.getLayer(index[c]), fast.getLayer(index[c])};
            double[][] ms = new double[3][runs];
            for (int r = -3; r < runs; r++) {
                for (int p = 0; p < 3; p++) {
                    long t0 = System.nanoTime();
                    if (p < 2) {
                        layers[p].setInput(x, mgr);
                        layers[p].activate(true, mgr);
                        layers[p].backpropGradient(eps.dup(), mgr);
                    } else {
                        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(z)
                                .addIntegerArguments(convArgs).build());
                        Nd4j.exec(new RectifiedLinearDerivative(z, eps, delta));
                        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, delta)
                                .addOutputs(gIn, gW, gB).addIntegerArguments(convArgs).build());
                    }
                    if (r >= 0) {
                        ms[p][r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            out.add(new Pass(labels[c], Stats.median(ms[0]), Stats.median(ms[1]), Stats.median(ms[2])));
        }
        return out;
    }

    private static PrunePlan plan(MultiLayerNetwork dense, double removed) {
        return Pruner.plan(Net.of(dense), new PruneSettings(CriterionKind.L2, Granularity.CHANNEL, Scope.LAYER,
                removed, false, 1.0, 3), new ScoringContext(Net.of(dense), 3, List.of()));
    }

    private static MultiLayerNetwork shrunk(MultiLayerNetwork dense, double removed) {
        return Surgeon.shrink(dense, plan(dense, removed).removedUnits());
    }

    /** Channels removed over the channels of the layers the plan prunes. */
    private static double unitsRemoved(MultiLayerNetwork dense, PrunePlan plan) {
        long removed = 0;
        long all = 0;
        for (var e : plan.removedUnits().entrySet()) {
            removed += e.getValue().length;
            all += ((FeedForwardLayer) dense.getLayerWiseConfigurations().getConf(e.getKey()).getLayer()).getNOut();
        }
        return all == 0 ? 0 : (double) removed / all;
    }

    private static List<ShrinkPoint> shrink(boolean fast, int rounds) {
        InputSpec in = InputSpec.image(1, 28, 28);
        MultiLayerNetwork dense = cnn(fast, 10);
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 784);
        List<ShrinkPoint> out = new ArrayList<>();
        for (double f : REMOVED) {
            PrunePlan plan = plan(dense, f);
            MultiLayerNetwork small = Surgeon.shrink(dense, plan.removedUnits());
            double flops = (double) FlopCounter.count(Net.of(small), in.inputType()).dense()
                    / FlopCounter.count(Net.of(dense), in.inputType()).dense();
            double[] d = new double[rounds];
            double[] s = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                d[r] = LatencyMeter.measure(Net.of(dense), x, 3, 15).medianMs();
                s[r] = LatencyMeter.measure(Net.of(small), x, 3, 15).medianMs();
            }
            out.add(new ShrinkPoint("cnn", fast ? FAST : DL4J, f, unitsRemoved(dense, plan), flops, Stats.median(d),
                    Stats.median(s)));
        }
        return out;
    }

    /** Per-layer inference time of the FastConv2D CNN, dense and shrunk at the largest removal. */
    private static List<LayerTime> profile(int runs) {
        MultiLayerNetwork dense = cnn(true, 10);
        MultiLayerNetwork small = shrunk(dense, REMOVED[REMOVED.length - 1]);
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 784);
        double[] d = layerTimes(dense, x, runs);
        double[] s = layerTimes(small, x, runs);
        List<LayerTime> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            out.add(new LayerTime(i + " " + dense.getLayerWiseConfigurations().getConf(i).getLayer().getClass()
                    .getSimpleName(), d[i], s[i]));
        }
        return out;
    }

    private static double[] layerTimes(MultiLayerNetwork net, INDArray x, int runs) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int n = net.getnLayers();
        INDArray[] inputs = new INDArray[n];
        INDArray a = x;
        for (int i = 0; i < n; i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            inputs[i] = pre == null ? a : pre.preProcess(a, BATCH, mgr).dup();
            a = net.getLayer(i).activate(inputs[i], false, mgr).dup();
        }
        double[][] ms = new double[n][runs];
        for (int r = -3; r < runs; r++) {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                net.getLayer(i).activate(inputs[i], false, mgr);
                if (r >= 0) {
                    ms[i][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        double[] med = new double[n];
        for (int i = 0; i < n; i++) {
            med[i] = Stats.median(ms[i]);
        }
        return med;
    }

    /** Writes the section and records its figures. */
    public void render(Report r) {
        r.line("## 4b. Convolutions through libnd4j's ops (FastConv2D)%n");
        r.line("The zoo CNN's convolutions are `FastConv2D`: DL4J's `ConvolutionLayer` configuration and parameters,");
        r.line("computed (in training and inference alike) by libnd4j's `im2col`, per-example BLAS products and, for the");
        r.line("backward pass, `col2im`. Compared here with the same CNN built with DL4J's `ConvolutionLayer`, same");
        r.line("initial weights.%n");

        r.line("Training (Adam, batch %d, float, one native thread; %d round(s), medians; CPU = CPU time of the",
                BATCH, rounds);
        r.line("training thread). The CNN trains whole epochs of %,d examples, interleaved; `%s` (the graph zoo's, as",
                trainExamples, resnet.model());
        r.line("`GraphZoo` builds it, widths %s) trains on the first %,d examples of an epoch, after the CNN's rounds.",
                resnet.widths(), resnet.examples());
        r.line("All train through `Net.fit`, as a sweep does: a `FastConv2D` first layer skips the input gradient DL4J");
        r.line("would discard; DL4J's `ConvolutionLayer` computes it.%n");
        r.line("| model | convolution layer | examples timed | wall s | CPU s | examples/s |%n|---|---|---|---|---|---|");
        r.line("| cnn | %s | %,d | %.2f | %.2f | %.0f |", DL4J, trainExamples, epoch.dl4jSeconds(), epoch.dl4jCpuSeconds(),
                trainExamples / epoch.dl4jSeconds());
        r.line("| cnn | %s | %,d | %.2f | %.2f | %.0f |", FAST, trainExamples, epoch.fastSeconds(), epoch.fastCpuSeconds(),
                trainExamples / epoch.fastSeconds());
        r.line("| %s | %s | %,d | %.2f | %.2f | %.0f |%n", resnet.label(), resnet.layer(), resnet.examples(),
                resnet.wallSeconds(), resnet.cpuSeconds(), resnet.examplesPerSecond());
        r.line("- Epoch speed-up (%s / %s): %s; in CPU time %.2f×.", DL4J, FAST, EPOCH_TARGET.verdict(epoch.speedUp()),
                epoch.dl4jCpuSeconds() / epoch.fastCpuSeconds());
        double cnnRate = trainExamples / epoch.fastSeconds();
        r.line("- %s trains %.0f examples/s, %.2f× the %s CNN's rate, for %.1f× its forward FLOPs per example "
                + "(%.2f MFLOPs against %.3f); in FLOPs (3 × forward per example) that is %.2f GFLOP/s against the "
                + "CNN's %.2f; a %,d-example epoch at this rate would take about %.0f s. No `ConvolutionLayer` build "
                + "of %s is timed, so the epoch speed-up target is measured on the CNN only.%n",
                resnet.label(), resnet.examplesPerSecond(), resnet.examplesPerSecond() / cnnRate, FAST,
                (double) resnet.forwardFlops() / resnet.cnnForwardFlops(), resnet.forwardFlops() / 1e6,
                resnet.cnnForwardFlops() / 1e6, 3.0 * resnet.forwardFlops() * resnet.examplesPerSecond() / 1e9,
                3.0 * resnet.cnnForwardFlops() * cnnRate / 1e9, trainExamples, trainExamples / resnet.examplesPerSecond(),
                resnet.model());
        r.record("conv", "epoch_s_convolutionlayer", epoch.dl4jSeconds());
        r.record("conv", "epoch_s_fastconv2d", epoch.fastSeconds());
        r.record("conv", "epoch_cpu_s_convolutionlayer", epoch.dl4jCpuSeconds());
        r.record("conv", "epoch_cpu_s_fastconv2d", epoch.fastCpuSeconds());
        r.record("conv", "epoch_speedup", epoch.speedUp());
        r.record("conv", resnet.model() + "_train_examples", resnet.examples());
        r.record("conv", resnet.model() + "_train_s", resnet.wallSeconds());
        r.record("conv", resnet.model() + "_train_cpu_s", resnet.cpuSeconds());
        r.record("conv", resnet.model() + "_train_examples_per_s", resnet.examplesPerSecond());
        r.record("conv", resnet.model() + "_forward_flops", resnet.forwardFlops());

        r.line("Forward (training mode) plus backward pass of each convolution, batch %d, medians, ms; the third path", BATCH);
        r.line("calls libnd4j's `conv2d` and `conv2d_bp` ops directly (`FastConv2D` trains without them):%n");
        r.line("| convolution | %s | %s | conv2d + conv2d_bp ops | %s / %s |", DL4J, FAST, DL4J, FAST);
        r.line("|---|---|---|---|---|");
        for (Pass p : passes) {
            r.line("| %s | %.2f | %.2f | %.2f | %.2f× |", p.label(), p.dl4jMs(), p.fastMs(), p.opsMs(),
                    p.dl4jMs() / p.fastMs());
        }
        for (int i = 0; i < passes.size(); i++) {
            r.record("conv", "conv" + (i + 1) + "_fwd_bwd_ms_convolutionlayer", passes.get(i).dl4jMs());
            r.record("conv", "conv" + (i + 1) + "_fwd_bwd_ms_fastconv2d", passes.get(i).fastMs());
            r.record("conv", "conv" + (i + 1) + "_fwd_bwd_ms_ops", passes.get(i).opsMs());
        }
        r.line("");

        r.line("Dense vs physically shrunk, batch %d, inference, dense and shrunk timed interleaved, medians. The CNN:",
                BATCH);
        r.line("channels removed per convolution by L2 norm (`Pruner`, layer scope), `Surgeon.shrink`. %s: channel",
                resnet.model());
        r.line("groups of `DependencyGraph` (a residual stream's channels with their batch norms are one group) removed");
        r.line("per group by L1 norm (`GroupPruner`, layer scope), `GraphSurgeon.shrink`. \"units removed\" is the");
        r.line("fraction of the prunable channels actually removed (each layer or group rounds to whole channels).");
        r.line("Target: latency ratio %s × FLOPs ratio.%n", LATENCY_TARGET.describe());
        r.line("| model | convolution layer | removed | units removed | FLOPs ratio | dense ms | shrunk ms | latency ratio "
                + "| latency / FLOPs |");
        r.line("|---|---|---|---|---|---|---|---|---|");
        for (ShrinkPoint p : shrink) {
            r.line("| %s | %s | %.0f%% | %.1f%% | %.3f | %.3f | %.3f | %.3f | %s |", p.model(), p.layer(),
                    100 * p.removed(), 100 * p.unitsRemoved(), p.flopRatio(), p.denseMs(), p.shrunkMs(),
                    p.latencyRatio(), LATENCY_TARGET.verdict(p.latencyOverFlops()));
            // the CNN's names as before, so earlier raw.csv files compare line by line
            String prefix = p.model().equals("cnn") ? "" : p.model() + "_";
            r.record("conv", prefix + p.layer().toLowerCase(Locale.ROOT) + "_" + p.removed() + "_latency_over_flops",
                    p.latencyOverFlops());
            r.record("conv", prefix + p.layer().toLowerCase(Locale.ROOT) + "_" + p.removed() + "_flop_ratio",
                    p.flopRatio());
        }
        r.line("");
        for (String network : shrink.stream().map(ShrinkPoint::network).distinct().toList()) {
            r.line("- %s", summary(network));
        }
        r.line("");

        double removed = REMOVED[REMOVED.length - 1];
        r.line("Where the forward pass of the %s CNN goes, layer by layer (batch %d, `Layer.activate`, medians, ms),",
                FAST, BATCH);
        r.line("dense and shrunk at %.0f%% of the channels removed:%n", 100 * removed);
        r.line("| layer | dense ms | shrunk ms | shrunk / dense |%n|---|---|---|---|");
        double dense = 0;
        double small = 0;
        for (LayerTime t : profile) {
            r.line("| %s | %.3f | %.3f | %.2f |", t.name(), t.denseMs(), t.shrunkMs(), t.shrunkMs() / t.denseMs());
            dense += t.denseMs();
            small += t.shrunkMs();
        }
        r.line("| sum | %.3f | %.3f | %.2f |%n", dense, small, small / dense);
        LayerTime first = profile.get(0);
        double firstRatio = first.shrunkMs() / first.denseMs();
        r.line("- In the shrunk network the first convolution takes %.0f%% of the forward time, at %.2f of its dense "
                + "time%s", 100 * first.shrunkMs() / small, firstRatio, firstRatio >= 0.5
                ? ": its `im2col` reads the single input channel and fills a patch matrix whose size does not depend on "
                + "how many output channels survive, so that part of its cost stays."
                : ".");
        renderResnetProfile(r, removed);
        List<String> measured = shrink.stream().map(ShrinkPoint::model).distinct().toList();
        List<String> others = ModelZoo.NAMES.stream().filter(n -> !n.equals("mlp") && !measured.contains(n)).toList();
        r.line("- Convolutional zoo models measured here: %s%s.%n", String.join(", ", measured),
                others.isEmpty() ? "" : "; not measured here: " + String.join(", ", others));
    }

    private void renderResnetProfile(Report r, double removed) {
        r.line("");
        r.line("Where the forward pass of %s goes, by vertex kind (batch %d, each vertex's `doForward` in inference on",
                resnet.label(), BATCH);
        r.line("the inputs a whole forward pass gave it, medians per vertex summed per kind, ms), dense and shrunk at");
        r.line("%.0f%% of the channels removed; FLOPs per example as `FlopCounter` counts them:%n", 100 * removed);
        r.line("| vertex kind | vertices | dense ms | shrunk ms | shrunk / dense | dense kFLOPs | FLOPs shrunk / dense |");
        r.line("|---|---|---|---|---|---|---|");
        double[] counted = new double[4];
        double[] uncounted = new double[2];
        List<String> countedKinds = new ArrayList<>();
        List<String> uncountedKinds = new ArrayList<>();
        for (KindTime k : resnetProfile) {
            boolean hasFlops = k.denseFlops() > 0;
            r.line("| %s | %d | %.3f | %.3f | %.2f | %.1f | %s |", k.kind(), k.vertices(), k.denseMs(), k.shrunkMs(),
                    k.shrunkMs() / k.denseMs(), k.denseFlops() / 1e3, hasFlops
                    ? String.format(Locale.ROOT, "%.3f", (double) k.shrunkFlops() / k.denseFlops()) : "—");
            String key = resnet.model() + "_profile_" + k.kind().toLowerCase(Locale.ROOT);
            r.record("conv", key + "_dense_ms", k.denseMs());
            r.record("conv", key + "_shrunk_ms", k.shrunkMs());
            if (hasFlops) {
                countedKinds.add(k.kind());
                counted[0] += k.denseMs();
                counted[1] += k.shrunkMs();
                counted[2] += k.denseFlops();
                counted[3] += k.shrunkFlops();
            } else {
                uncountedKinds.add(k.kind());
                uncounted[0] += k.denseMs();
                uncounted[1] += k.shrunkMs();
            }
        }
        double dense = counted[0] + uncounted[0];
        double small = counted[1] + uncounted[1];
        r.line("| sum | | %.3f | %.3f | %.2f | %.1f | %.3f |%n", dense, small, small / dense, counted[2] / 1e3,
                counted[3] / counted[2]);
        String rest = uncountedKinds.isEmpty() ? "" : String.format(Locale.ROOT,
                "; the kinds counted as 0 FLOPs (%s) take %.0f%%, at %.2f of their dense time",
                String.join(", ", uncountedKinds), 100 * uncounted[1] / small, uncounted[1] / uncounted[0]);
        r.line("- In the shrunk %s the kinds with counted FLOPs (%s) take %.0f%% of the forward time, at %.2f of their "
                + "dense time against a FLOPs ratio of %.3f%s.", resnet.model(), String.join(", ", countedKinds),
                100 * counted[1] / small, counted[1] / counted[0], counted[3] / counted[2], rest);
    }

    /** Where the latency target held for one network ({@link ShrinkPoint#network}), from the points only. */
    String summary(String network) {
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (ShrinkPoint p : shrink) {
            if (p.network().equals(network)) {
                String f = String.format(Locale.ROOT, "%.0f%% (%.2f)", 100 * p.removed(), p.latencyOverFlops());
                (LATENCY_TARGET.met(p.latencyOverFlops()) ? met : missed).add(f);
            }
        }
        String where = missed.isEmpty() ? "met at every removal measured: " + String.join(", ", met)
                : met.isEmpty() ? "missed at every removal measured: " + String.join(", ", missed)
                : "met at " + String.join(", ", met) + "; missed at " + String.join(", ", missed);
        return network + ": latency / FLOPs target " + where + ".";
    }
}
