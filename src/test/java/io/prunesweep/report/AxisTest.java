package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {
    @Test
    void linearBelowTheRatioLogAbove() {
        assertFalse(Axis.covering(new double[] {1_000, 20_000}).log());
        assertTrue(Axis.covering(new double[] {1_000, 20_001}).log());
        // zero or negative values cannot go on a log axis however wide the range
        assertFalse(Axis.covering(new double[] {0, 1_000_000}).log());
    }

    @Test
    void coversAllFiniteValuesIgnoringNaN() {
        Axis a = Axis.covering(new double[] {0.8, Double.NaN, 0.95, Double.POSITIVE_INFINITY});
        assertTrue(a.lo() < 0.8 && a.hi() > 0.95);
        assertTrue(a.frac(0.8) > 0 && a.frac(0.95) < 1);
    }

    @Test
    void degenerateRangesStillHaveWidth() {
        Axis same = Axis.covering(new double[] {0.9, 0.9});
        assertTrue(same.hi() > same.lo());
        assertEquals(0.5, same.frac(0.9), 1e-12);
        Axis empty = Axis.covering(new double[] {Double.NaN});
        assertEquals(new Axis(0, 1, false), empty);
    }

    @Test
    void linearTicksAreNiceStepsInsideTheRange() {
        Axis a = new Axis(0.48, 0.96, false);
        List<Double> ticks = a.ticks();
        assertEquals(5, ticks.size());
        assertEquals(0.5, ticks.get(0), 1e-12);
        assertEquals(0.9, ticks.get(4), 1e-12);
        assertEquals(List.of("0.5", "0.6", "0.7", "0.8", "0.9"), ticks.stream().map(Text::compact).toList());
    }

    @Test
    void logTicksAreDecadesOrOneTwoFive() {
        assertEquals(List.of(100.0, 1_000.0, 10_000.0, 100_000.0), new Axis(50, 200_000, true).ticks());
        assertEquals(List.of(200.0, 500.0, 1_000.0, 2_000.0, 5_000.0), new Axis(150, 9_000, true).ticks());
        assertEquals(0.5, new Axis(100, 10_000, true).frac(1_000), 1e-12);
    }

    @Test
    void niceStepRoundsUpToOneTwoFive() {
        assertEquals(0.1, Axis.niceStep(0.096), 1e-12);
        assertEquals(2_000, Axis.niceStep(1_500), 1e-9);
        assertEquals(5, Axis.niceStep(3), 1e-12);
    }
}
