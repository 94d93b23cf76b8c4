package io.prunesweep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Section 4: dense against physically shrunk networks, and the LeNet-5 convolutions through DL4J's layer
 * against libnd4j's op.
 *
 * @param rounds  interleaved rounds per point
 * @param points  one per model and removed fraction
 * @param conv    the LeNet-5 convolutions, conv1 then conv2
 */
public record StructuredSection(int rounds, List<StructuredSpeedup.Point> points, List<ConvPath> conv) {
    /**
     * One convolution timed both ways.
     *
     * @param label   shape description
     * @param layerMs median ms through DL4J's {@code ConvolutionLayer}
     * @param opMs    median ms through libnd4j's {@code conv2d} op
     */
    public record ConvPath(String label, double layerMs, double opMs) {
    }

    public StructuredSection {
        points = List.copyOf(points);
        conv = List.copyOf(conv);
    }

    /** Measures 25/50/75 % removed for both models, 5 rounds (1 in quick mode), batch 128. */
    public static StructuredSection measure(Workbench w) {
        int rounds = w.quick() ? 1 : 5;
        double[][] ms = StructuredSpeedup.convPaths(128, w.quick() ? 3 : 15);
        return new StructuredSection(rounds,
                StructuredSpeedup.measure(new double[] {0.25, 0.5, 0.75}, 128, rounds),
                List.of(new ConvPath("conv1 1→6, 5×5, 28×28", ms[0][0], ms[0][1]),
                        new ConvPath("conv2 6→16, 5×5, 12×12", ms[1][0], ms[1][1])));
    }

    /** The stated bound on latency ratio over FLOPs ratio. */
    public static final Target TARGET = Target.atMost(1.2, 2);

    /** Writes the section and records its figures. */
    public void render(Report r) {
        r.line("## 4. Structured speedup: dense vs physically shrunk%n");
        r.line("Neurons (MLP) / channels (CNN) removed per layer by L2 norm, then `Surgeon.shrink`; batch 128, dense and");
        r.line("shrunk timed interleaved, %d rounds of 15 timed passes, medians. Target: latency ratio %s × FLOPs ratio.%n",
                rounds, TARGET.describe());
        r.line("| model | removed | FLOPs ratio | latency ratio | dense ms | shrunk ms | latency / FLOPs |");
        r.line("|---|---|---|---|---|---|---|");
        for (StructuredSpeedup.Point x : points) {
            double q = x.latencyRatio() / x.flopRatio();
            r.line("| %s | %.0f%% | %.3f | %.3f | %.3f | %.3f | %s |", x.model(), 100 * x.removed(), x.flopRatio(),
                    x.latencyRatio(), x.denseMs(), x.shrunkMs(), TARGET.verdict(q));
            r.record("structured", x.model() + "_" + x.removed() + "_latency_over_flops", q);
        }
        r.line("");
        for (String model : points.stream().map(StructuredSpeedup.Point::model).distinct().toList()) {
            r.line("- %s", summary(model));
        }
        r.line("");
        r.line("The two LeNet-5 convolutions (batch 128, dense) through DL4J's `ConvolutionLayer` and through libnd4j's");
        r.line("`conv2d` op called directly on the same shapes, medians:%n");
        r.line("| convolution | DL4J ConvolutionLayer ms | libnd4j conv2d op ms | layer / op |%n|---|---|---|---|");
        for (ConvPath c : conv) {
            r.line("| %s | %.2f | %.2f | %.1f× |", c.label(), c.layerMs(), c.opMs(), c.layerMs() / c.opMs());
        }
        r.line("");
        double layers = conv.stream().mapToDouble(ConvPath::layerMs).sum();
        double ops = conv.stream().mapToDouble(ConvPath::opMs).sum();
        points.stream().filter(p -> p.model().equals("cnn")).findFirst().ifPresent(p -> r.line(
                "- Both convolution layers together: %.2f ms through the layer, %.2f ms through the op, against %.2f ms "
                + "for the whole dense CNN forward pass (the two are timed separately, so the share is approximate: "
                + "%.0f%%).%n", layers, ops, p.denseMs(), 100 * layers / p.denseMs()));
        for (int i = 0; i < conv.size(); i++) {
            r.record("structured", "conv" + (i + 1) + "_layer_ms", conv.get(i).layerMs());
            r.record("structured", "conv" + (i + 1) + "_op_ms", conv.get(i).opMs());
        }
    }

    /** Where the target held for one model and how latency / FLOPs moved with removal, from the points only. */
    String summary(String model) {
        List<StructuredSpeedup.Point> mine = points.stream().filter(p -> p.model().equals(model)).toList();
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (StructuredSpeedup.Point p : mine) {
            String f = String.format(Locale.ROOT, "%.0f%%", 100 * p.removed());
            (TARGET.met(p.latencyRatio() / p.flopRatio()) ? met : missed).add(f);
        }
        String where = missed.isEmpty() ? "met at every removal measured (" + String.join(", ", met) + ")"
                : met.isEmpty() ? "missed at every removal measured (" + String.join(", ", missed) + ")"
                : "met at " + String.join(", ", met) + ", missed at " + String.join(", ", missed);
        StructuredSpeedup.Point first = mine.get(0);
        StructuredSpeedup.Point last = mine.get(mine.size() - 1);
        return String.format(Locale.ROOT, "%s: target %s; latency / FLOPs %.2f at %.0f%% removed, %.2f at "
                + "%.0f%%.", model.toUpperCase(Locale.ROOT), where, first.latencyRatio() / first.flopRatio(),
                100 * first.removed(), last.latencyRatio() / last.flopRatio(), 100 * last.removed());
    }
}
