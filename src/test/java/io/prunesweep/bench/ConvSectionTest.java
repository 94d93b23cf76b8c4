package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 4b's verdicts and sentences come from its measurements: met when they meet, missed when not. */
class ConvSectionTest {
    private static ConvSection section(double dl4jEpoch, double fastEpoch, double shrunkMs, double firstShrunkMs) {
        return new ConvSection(2, 55_000, new ConvSection.Epoch(dl4jEpoch, fastEpoch, dl4jEpoch * 0.9, fastEpoch * 0.9),
                List.of(new ConvSection.Pass("conv1", 40, 17, 30), new ConvSection.Pass("conv2", 22, 9, 18)),
                List.of(new ConvSection.ShrinkPoint("ConvolutionLayer", 0.5, 0.36, 33, 26),
                        new ConvSection.ShrinkPoint("FastConv2D", 0.5, 0.36, 12, shrunkMs)),
                List.of(new ConvSection.LayerTime("0 FastConv2D", 6, firstShrunkMs),
                        new ConvSection.LayerTime("1 SubsamplingLayer", 1, 0.5)));
    }

    private static String render(ConvSection s) {
        Report r = new Report();
        s.render(r);
        return r.markdown();
    }

    @Test
    void verdictsFollowTheMeasurements() {
        String good = render(section(60, 25, 4.5, 1));
        assertTrue(good.contains("Epoch speed-up (ConvolutionLayer / FastConv2D): **met** (2.40 ≥ 2.00)"), good);
        // 4.5 / 12 = 0.375 over a FLOPs ratio of 0.36: 1.04 ≤ 1.2
        assertTrue(good.contains("FastConv2D: latency / FLOPs target met at every removal measured: 50% (1.04)"), good);
        assertTrue(good.contains("ConvolutionLayer: latency / FLOPs target missed at every removal measured"), good);
        assertFalse(good.contains("its `im2col` reads"), good);

        String bad = render(section(60, 40, 9, 5.5));
        assertTrue(bad.contains("Epoch speed-up (ConvolutionLayer / FastConv2D): **missed** (1.50, target ≥ 2.00)"), bad);
        assertTrue(bad.contains("FastConv2D: latency / FLOPs target missed at every removal measured: 50% (2.08)"), bad);
        assertTrue(bad.contains("the first convolution takes 92% of the forward time, at 0.92 of its dense time: its "
                + "`im2col`"), bad);
    }

    @Test
    void recordsRawFigures() {
        Report r = new Report();
        section(60, 25, 4.5, 1).render(r);
        assertTrue(r.raw().contains("conv,epoch_speedup,2.40000"), r.raw().toString());
        assertTrue(r.raw().stream().anyMatch(l -> l.startsWith("conv,fastconv2d_0.5_latency_over_flops,")), r.raw().toString());
    }
}
