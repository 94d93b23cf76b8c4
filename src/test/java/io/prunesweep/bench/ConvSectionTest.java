package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 4b's verdicts and sentences come from its measurements: met when they meet, missed when not. */
class ConvSectionTest {
    private static ConvSection section(double dl4jEpoch, double fastEpoch, double shrunkMs, double firstShrunkMs,
                                       double resnetSeconds, double resnetShrunkMs) {
        return new ConvSection(2, 55_000, new ConvSection.Epoch(dl4jEpoch, fastEpoch, dl4jEpoch * 0.9, fastEpoch * 0.9),
                new ConvSection.GraphEpoch("resnet", List.of(6, 12, 24), "FastConv2D", 5120, resnetSeconds,
                        resnetSeconds * 0.95, 4_000_000, 800_000),
                List.of(new ConvSection.Pass("conv1", 40, 17, 30), new ConvSection.Pass("conv2", 22, 9, 18)),
                List.of(new ConvSection.ShrinkPoint("cnn", "ConvolutionLayer", 0.5, 0.5, 0.36, 33, 26),
                        new ConvSection.ShrinkPoint("cnn", "FastConv2D", 0.5, 0.5, 0.36, 12, shrunkMs),
                        new ConvSection.ShrinkPoint("resnet", "FastConv2D", 0.25, 0.262, 0.5, 150, resnetShrunkMs),
                        new ConvSection.ShrinkPoint("resnet", "FastConv2D", 0.75, 0.762, 0.05, 150, 70)),
                List.of(new ConvSection.LayerTime("0 FastConv2D", 6, firstShrunkMs),
                        new ConvSection.LayerTime("1 SubsamplingLayer", 1, 0.5)),
                List.of(new ConvSection.KindTime("FastConv2D", 8, 100, resnetShrunkMs / 2, 3_900_000, 195_000),
                        new ConvSection.KindTime("BatchNormalization", 8, 30, resnetShrunkMs / 4, 0, 0),
                        new ConvSection.KindTime("ElementWiseVertex", 3, 10, resnetShrunkMs / 4, 0, 0),
                        new ConvSection.KindTime("OutputLayer", 1, 1, 1, 100_000, 5_000)));
    }

    private static String render(ConvSection s) {
        Report r = new Report();
        s.render(r);
        return r.markdown();
    }

    @Test
    void verdictsFollowTheMeasurements() {
        String good = render(section(60, 25, 4.5, 1, 16, 80));
        assertTrue(good.contains("Epoch speed-up (ConvolutionLayer / FastConv2D): **met** (2.40 ≥ 2.00)"), good);
        // 4.5 / 12 = 0.375 over a FLOPs ratio of 0.36: 1.04 ≤ 1.2
        assertTrue(good.contains("cnn with FastConv2D: latency / FLOPs target met at every removal measured: 50% (1.04)"),
                good);
        assertTrue(good.contains("cnn with ConvolutionLayer: latency / FLOPs target missed at every removal measured"),
                good);
        assertFalse(good.contains("its `im2col` reads"), good);

        String bad = render(section(60, 40, 9, 5.5, 16, 80));
        assertTrue(bad.contains("Epoch speed-up (ConvolutionLayer / FastConv2D): **missed** (1.50, target ≥ 2.00)"), bad);
        assertTrue(bad.contains("cnn with FastConv2D: latency / FLOPs target missed at every removal measured: 50% (2.08)"),
                bad);
        assertTrue(bad.contains("the first convolution takes 92% of the forward time, at 0.92 of its dense time: its "
                + "`im2col`"), bad);
    }

    @Test
    void resnetRowsCarryTheirOwnVerdictsAndRates() {
        // 80 / 150 = 0.533 over 0.5: 1.07 (met); 70 / 150 = 0.467 over 0.05: 9.33 (missed)
        String mixed = render(section(60, 25, 4.5, 1, 16, 80));
        assertTrue(mixed.contains("resnet with FastConv2D: latency / FLOPs target met at 25% (1.07); missed at 75% "
                + "(9.33)."), mixed);
        assertTrue(mixed.contains("| resnet | FastConv2D | 75% | 76.2% | 0.050 | 150.000 | 70.000 | 0.467 | **missed** "
                + "(9.33, target ≤ 1.20) |"), mixed);
        // 5120 / 16 s = 320 examples/s; the FastConv2D CNN: 55000 / 25 s = 2200
        assertTrue(mixed.contains("| resnet [6, 12, 24] | FastConv2D | 5,120 | 16.00 | 15.20 | 320 |"), mixed);
        assertTrue(mixed.contains("- resnet [6, 12, 24] trains 320 examples/s, 0.15× the FastConv2D CNN's rate, for 5.0× "
                + "its forward FLOPs per example"), mixed);
        assertTrue(mixed.contains("Convolutional zoo models measured here: cnn, resnet; not measured here: mobilenet, "
                + "inception."), mixed);

        String slow = render(section(60, 25, 4.5, 1, 32, 140));
        assertTrue(slow.contains("resnet with FastConv2D: latency / FLOPs target missed at every removal measured: "
                + "25% (1.87), 75% (9.33)."), slow);
        assertTrue(slow.contains("- resnet [6, 12, 24] trains 160 examples/s"), slow);
    }

    @Test
    void resnetProfileSharesComeFromTheVertexTimes() {
        // shrunk: conv 40 + output 1 = 41 of 81 ms (51%), at 41 / 101 = 0.41 of dense; FLOPs 200k / 4M = 0.050;
        // batch norm and adds 40 of 81 ms (49%) at 40 / 40 = 1.00
        String md = render(section(60, 25, 4.5, 1, 16, 80));
        assertTrue(md.contains("- In the shrunk resnet the kinds with counted FLOPs (FastConv2D, OutputLayer) take 51% of "
                + "the forward time, at 0.41 of their dense time against a FLOPs ratio of 0.050; the kinds counted as 0 "
                + "FLOPs (BatchNormalization, ElementWiseVertex) take 49%, at 1.00 of their dense time."), md);
        assertTrue(md.contains("| BatchNormalization | 8 | 30.000 | 20.000 | 0.67 | 0.0 | — |"), md);
        assertTrue(md.contains("| FastConv2D | 8 | 100.000 | 40.000 | 0.40 | 3900.0 | 0.050 |"), md);
        String other = render(section(60, 25, 4.5, 1, 16, 20));
        assertTrue(other.contains("take 52% of the forward time, at 0.11 of their dense time"), other);
    }

    @Test
    void aGraphEpochWithoutExamplesOrTimeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConvSection.GraphEpoch("resnet", List.of(6), "FastConv2D",
                0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConvSection.GraphEpoch("resnet", List.of(6), "FastConv2D",
                10, 0, 1, 1, 1));
    }

    @Test
    void recordsRawFigures() {
        Report r = new Report();
        section(60, 25, 4.5, 1, 16, 80).render(r);
        assertTrue(r.raw().contains("conv,epoch_speedup,2.40000"), r.raw().toString());
        assertTrue(r.raw().stream().anyMatch(l -> l.startsWith("conv,fastconv2d_0.5_latency_over_flops,")), r.raw().toString());
        assertTrue(r.raw().contains("conv,resnet_fastconv2d_0.75_latency_over_flops,9.33333"), r.raw().toString());
        assertTrue(r.raw().contains("conv,resnet_train_examples_per_s,320.000"), r.raw().toString());
    }
}
