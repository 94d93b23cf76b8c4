package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.spec.ScheduleKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void oneShotIsTheTarget() {
        assertArrayEquals(new double[] {0.9}, Schedules.oneShot(0.9));
        assertArrayEquals(new double[] {0.9}, Schedules.rounds(ScheduleKind.ONE_SHOT, 0.9, 5));
    }

    @Test
    void iterativeRemovesTheSameFractionOfWhatIsLeftEachRound() {
        double[] s = Schedules.iterative(0.875, 3);
        assertArrayEquals(new double[] {0.5, 0.75, 0.875}, s, 1e-12);
        for (double target : new double[] {0.9, 0.95, 0.98, 0.3}) {
            for (int k = 1; k <= 7; k++) {
                double[] q = Schedules.iterative(target, k);
                assertEquals(k, q.length);
                assertEquals(target, q[k - 1], 0.0, "last round is exactly the target");
                double prevDensity = 1;
                double ratio = Math.pow(1 - target, 1.0 / k);
                for (double si : q) {
                    assertEquals(ratio, (1 - si) / prevDensity, 1e-9, "same fraction of the rest kept");
                    prevDensity = 1 - si;
                }
            }
        }
        assertArrayEquals(Schedules.iterative(0.9, 4), Schedules.rounds(ScheduleKind.LOTTERY, 0.9, 4));
        assertArrayEquals(Schedules.iterative(0.9, 4), Schedules.rounds(ScheduleKind.LOTTERY_REINIT, 0.9, 4));
    }

    @Test
    void gradualFollowsTheCubicRampAndEndsAtTheTarget() {
        assertEquals(0.0, Schedules.cubic(0.9, 0, 10));
        assertEquals(0.9 * (1 - Math.pow(0.5, 3)), Schedules.cubic(0.9, 5, 10), 1e-12);
        for (double target : new double[] {0.9, 0.95, 0.98}) {
            for (int n = 1; n <= 30; n++) {
                double[] s = Schedules.gradual(target, n);
                assertEquals(n, s.length);
                assertEquals(target, s[n - 1], 0.0);
                for (int j = 1; j < n; j++) {
                    assertTrue(s[j] >= s[j - 1], Arrays.toString(s));
                    // increments shrink: the cubic prunes fast early, slowly late
                    if (j > 1) {
                        assertTrue(s[j] - s[j - 1] <= s[j - 1] - (j > 1 ? s[j - 2] : 0) + 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void gradualPlanPrunesOverTheFirstTwoThirds() {
        Schedules.GradualPlan p = Schedules.gradualPlan(860);
        assertEquals(28, p.deltaT());
        assertEquals(20, p.steps());
        assertTrue(p.end() <= 860 * 2 / 3);
        Schedules.GradualPlan tiny = Schedules.gradualPlan(5);
        assertEquals(1, tiny.deltaT());
        assertEquals(3, tiny.steps());
        assertEquals(0, Schedules.gradualPlan(0).steps());
    }

    @Test
    void everyScheduleSpendsTheSameEpochBudget() {
        assertArrayEquals(new int[] {6}, Schedules.epochsPerRound(6, 1));
        assertArrayEquals(new int[] {2, 2, 2}, Schedules.epochsPerRound(6, 3));
        assertArrayEquals(new int[] {1, 2, 2}, Schedules.epochsPerRound(5, 3));
        assertArrayEquals(new int[] {1, 1, 1}, Schedules.epochsPerRound(2, 3), "at least one epoch per round");
        assertArrayEquals(new int[] {0, 0}, Schedules.epochsPerRound(0, 2));
        for (int total = 3; total < 20; total++) {
            for (int k = 1; k <= 3; k++) {
                assertEquals(total, Arrays.stream(Schedules.epochsPerRound(total, k)).sum());
            }
        }
        assertThrows(PruneException.class, () -> Schedules.iterative(1.0, 3));
        assertThrows(PruneException.class, () -> Schedules.iterative(0.9, 0));
    }
}
