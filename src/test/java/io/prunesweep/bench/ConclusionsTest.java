package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every sentence of RESULTS.md that states a result comes from the measurements: the same sections
 * rendered from two different measurement sets say different things, and a set that misses every target
 * is never called met.
 */
class ConclusionsTest {
    private static String render(double local1, double local2, double loop, double defaultGflops, double batch512Seconds,
                                 double latencyOverFlops, double peakGib, int loads, boolean identical,
                                 double threadScaling) {
        Report r = new Report();
        ParallelRuns runs = new ParallelRuns(8, List.of(local1), List.of(local2), List.of(loop), identical, List.of(), List.of());
        MachineScaling machine = new MachineScaling(50, 90, 1.8, threadScaling, 1.9);
        ParallelEfficiency.render(r, runs, machine, false);
        SparkOverhead.render(r, runs);
        new ThroughputSection("0.3.19", 60, 0.7, 45, 55_000, new ThroughputSection.Row("default fine-tune", 2.0,
                defaultGflops), List.of(new ThroughputSection.Row("fit: batch 512", batch512Seconds, 60))).render(r);
        new StructuredSection(5, List.of(point("mlp", 0.25, 0.73, 0.78, latencyOverFlops),
                point("mlp", 0.75, 0.23, 0.78, latencyOverFlops + 0.05),
                point("cnn", 0.5, 0.36, 34, latencyOverFlops)),
                List.of(new StructuredSection.ConvPath("conv1", 18 * latencyOverFlops, 4.7),
                        new StructuredSection.ConvPath("conv2", 12, 3.1))).render(r);
        new MemorySection(8, peakGib, OptionalInt.of(loads)).render(r, false);
        CostModel.render(r, runs, (long) (local1 * 50_000));
        // 200 candidates: fixed cost 0.1 s (met) or 0.5 s (missed) per candidate over 0.3 s of fine-tuning
        new FixedCost(200, 1000, loads - 1, 200 * (0.3 + (identical ? 0.1 : 0.5)), 200 * 0.3).render(r);
        return r.markdown();
    }

    private static StructuredSpeedup.Point point(String model, double removed, double flopRatio, double denseMs,
                                                 double latencyOverFlops) {
        double latencyRatio = latencyOverFlops * flopRatio;
        return new StructuredSpeedup.Point(model, removed, flopRatio, latencyRatio, denseMs, denseMs * latencyRatio);
    }

    private static String allMet() {
        return render(20, 10.5, 19.5, 50, 1.5, 1.1, 1.3, 1, true, 1.9);
    }

    private static String allMissed() {
        return render(22, 14, 15, 15, 2.5, 1.5, 5.1, 3, false, 1.2);
    }

    private static List<String> sentences(String md) {
        return md.lines().filter(l -> l.startsWith("- ") || l.startsWith("The dataset")).toList();
    }

    @Test
    void differentMeasurementsGiveDifferentConclusions() {
        List<String> a = sentences(allMet());
        List<String> b = sentences(allMissed());
        assertEquals(a.size(), b.size(), a + "\n" + b);
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).contains("Thread policy")) {
                assertNotEquals(a.get(i), b.get(i), "sentence " + i + " does not depend on the measurements");
            }
        }
    }

    @Test
    void aRunThatMissesEveryTargetIsNeverCalledMet() {
        String md = allMissed();
        assertEquals(List.of(), md.lines().filter(l -> l.contains("**met**") || l.contains("met at")).toList());
        assertTrue(md.contains("MLP: target missed at every removal measured (25%, 75%)"), md);
        assertTrue(md.contains("loaded 3 times"), md);
    }

    @Test
    void aRunThatMeetsEveryTargetIsNeverCalledMissed() {
        String md = allMet();
        assertEquals(List.of(), md.lines().filter(l -> l.contains("**missed**") || l.contains("missed at")).toList());
        assertTrue(md.contains("loaded once"), md);
    }

    @Test
    void noFixedExplanationIsPrintedAsAResult() {
        // causes that were measured by hand once belong in NOTES.md, not in every run's report
        String md = allMet() + allMissed();
        for (String phrase : List.of("Why the CNN misses", "machinery", "im2col", "amortises", "negligible",
                "makes this work", "not faster here")) {
            assertFalse(md.contains(phrase), phrase);
        }
        assertEquals(List.of(), md.lines().filter(l -> l.contains("because")).collect(Collectors.toList()));
    }
}
