package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Section 4c's verdicts and summary come from its measurements: met when they meet, missed when not. */
class ShrunkFineTuneSectionTest {
    private static ShrunkFineTuneSection section(double shrunk50, double shrunk75) {
        return new ShrunkFineTuneSection(3, 55_000, 128, 4.0, List.of(
                new ShrunkFineTuneSection.Point(0.5, 0.472, shrunk50, 4.2),
                new ShrunkFineTuneSection.Point(0.75, 0.229, shrunk75, 4.1)));
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
        assertTrue(good.contains("| 50% | 0.472 | 4.00 | 4.20 | 2.20 | 0.550 | 0.524 | **met** (1.17 ≤ 1.30) |"), good);
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
        assertTrue(r.raw().contains("shrunk_fine_tune,dense_epoch_s,4.00000"), r.raw().toString());
        assertTrue(r.raw().contains("shrunk_fine_tune,0.75_time_over_flops,1.20087"), r.raw().toString());
    }

    @Test
    void aDenseTimeThatWasNotMeasuredIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShrunkFineTuneSection(1, 10, 128, Double.NaN, List.of()));
        assertEquals("denseSeconds must be > 0, got NaN", e.getMessage());
    }
}
