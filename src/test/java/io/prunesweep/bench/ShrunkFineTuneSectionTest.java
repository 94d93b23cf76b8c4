package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 4c's verdicts and summary come from its measurements: met when they meet, missed when not. */
class ShrunkFineTuneSectionTest {
    private static ShrunkFineTuneSection section(double shrunk50, double shrunk75) {
        ShrunkFineTuneSection.Epoch dense = new ShrunkFineTuneSection.Epoch(4.0, 3.8);
        return new ShrunkFineTuneSection(3, 55_000, 128, List.of(
                new ShrunkFineTuneSection.Point(0.5, dense, 0.472, new ShrunkFineTuneSection.Epoch(shrunk50, 1.9),
                        new ShrunkFineTuneSection.Epoch(4.2, 4.0), 0.52),
                new ShrunkFineTuneSection.Point(0.75, dense, 0.229, new ShrunkFineTuneSection.Epoch(shrunk75, 1.0),
                        new ShrunkFineTuneSection.Epoch(4.1, 3.9), 0.28)));
    }

    private static String render(ShrunkFineTuneSection s) {
        Report r = new Report();
        s.render(r);
        return r.markdown();
    }

    @Test
    void verdictsFollowTheMeasurements() {
        // 2.2 / 4 = 0.55 over 0.472 = 1.17; 1.1 / 4 = 0.275 over 0.229 = 1.20
        String good = render(section(2.2, 1.1));
        assertTrue(good.contains("| 50% | 0.472 | 4.00 | 4.20 | 2.20 | 0.550 | 0.524 | **met** (1.17 ≤ 1.30) | 3.80 | "
                + "1.90 | 1.06 | 1.10 |"), good);
        assertTrue(good.contains("The matrix products alone at the BLAS rate: 1.10 at 50%, 1.22 at 75%."), good);
        // CPU: 1.9 / 3.8 / 0.472 = 1.06; 1.0 / 3.8 / 0.229 = 1.15
        assertTrue(good.contains("In CPU time of the training thread: 1.06 at 50%, 1.15 at 75% (within the bound at "
                + "every removal)"), good);
        assertTrue(good.contains("met at every removal measured: 50% (1.17), 75% (1.20)"), good);
        // fixed part through (1, 1) and (0.229, 0.275): (0.275 - 0.229) / 0.771 = 6 % of 4 s
        assertTrue(good.contains("the part that does not at 6% of the dense epoch (0.24 s)"), good);

        String mixed = render(section(2.2, 1.3));
        assertTrue(mixed.contains("**missed** (1.42, target ≤ 1.30)"), mixed);
        assertTrue(mixed.contains("met at 50% (1.17); missed at 75% (1.42)"), mixed);

        String fast = render(section(1.8, 0.9));
        assertTrue(fast.contains("fell at least as fast as the FLOPs"), fast);
    }

    @Test
    void recordsRawFigures() {
        Report r = new Report();
        section(2.2, 1.1).render(r);
        assertTrue(r.raw().contains("shrunk_fine_tune,0.50_dense_epoch_s,4.00000"), r.raw().toString());
        assertTrue(r.raw().contains("shrunk_fine_tune,0.75_time_over_flops,1.20087"), r.raw().toString());
        assertTrue(r.raw().contains("shrunk_fine_tune,0.75_cpu_time_over_flops,1.14916"), r.raw().toString());
    }

    @Test
    void anEpochTimeThatWasNotMeasuredIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShrunkFineTuneSection.Epoch(Double.NaN, 1));
        assertEquals("epoch times must be > 0, got wall NaN s, cpu 1.0 s", e.getMessage());
    }
}
