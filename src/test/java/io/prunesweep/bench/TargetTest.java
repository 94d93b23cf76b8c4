package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void anUpperBoundIsMetOnlyAtOrBelowIt() {
        Target t = Target.atMost(0.55, 3);
        assertTrue(t.met(0.55));
        assertTrue(t.met(0.549));
        assertFalse(t.met(0.553));
        assertEquals("**missed** (0.553, target ≤ 0.550)", t.verdict(0.553));
        assertEquals("**met** (0.548 ≤ 0.550)", t.verdict(0.548));
    }

    @Test
    void aLowerBoundIsMetOnlyAtOrAboveIt() {
        Target t = Target.atLeast(0.55, 3);
        assertTrue(t.met(0.553));
        assertTrue(t.met(0.55));
        assertFalse(t.met(0.549));
        assertTrue(t.verdict(0.549).startsWith("**missed**"), t.verdict(0.549));
    }

    @Test
    void aValueThatPrintsLikeTheBoundButMissesItIsMissed() {
        // 0.5504 prints as 0.550 at three decimals; the comparison is on the measurement, not the print
        assertTrue(Target.atMost(0.55, 3).verdict(0.5504).startsWith("**missed**"));
    }

    @Test
    void notMeasuredIsNeverMet() {
        assertFalse(Target.atMost(1, 2).met(Double.NaN));
        assertFalse(Target.atLeast(1, 2).met(Double.NaN));
        assertTrue(Target.atLeast(1, 2).verdict(Double.NaN).contains("not measured"));
    }

    @Test
    void theUnitFollowsEveryNumber() {
        assertEquals("**missed** (25 %, target ≥ 60 %)", Target.atLeast(60, 0).withUnit(" %").verdict(25));
    }

    @Test
    void aBoundMustBeFinite() {
        assertThrows(IllegalArgumentException.class, () -> Target.atMost(Double.POSITIVE_INFINITY, 2));
    }
}
