package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** §2 splits each side's wall time into the rows' fine-tune time and the rest, per candidate. */
class SparkOverheadTest {
    private static final ParallelRuns RUNS = new ParallelRuns(8, List.of(10.0, 12.0, 20.0), List.of(6.0, 7.0, 8.0),
            List.of(9.0, 11.0, 9.5), true, List.of(8.0, 10.0, 18.8), List.of(8.2, 10.2, 8.7));

    @Test
    void theRestPerCandidateIsTheMedianOfWallMinusFineTune() {
        // local[1]: (10-8)/8, (12-10)/8, (20-18.8)/8 -> 0.25, 0.25, 0.15; loop: 0.1 each
        assertEquals(0.25, RUNS.restPerCandidate(true), 1e-12);
        assertEquals(0.1, RUNS.restPerCandidate(false), 1e-12);
        assertEquals(10.0, RUNS.medianFineTune(true), 1e-12);
        assertEquals(8.7, RUNS.medianFineTune(false), 1e-12);
    }

    @Test
    void theSectionShowsTheSplitBesideTheVerdictOnWallTime() {
        Report r = new Report();
        SparkOverhead.render(r, RUNS);
        String md = r.markdown();
        // median wall 12 / 9.5 = 1.263: the verdict stays on the stated ratio
        assertTrue(md.contains("**1.263×**: **missed**"), md);
        assertTrue(md.contains("| local[1] | 12.00 | 10.00 | 0.250 |"), md);
        assertTrue(md.contains("| in-process loop | 9.50 | 8.70 | 0.100 |"), md);
        // 0.15 s more per candidate against the loop's 9.5 / 8 = 1.1875 s
        assertTrue(md.contains("costs 0.150 s more on `local[1]` than in the loop, 12.6% of the loop's 1.19 s"), md);
    }

    @Test
    void withoutFineTuneSumsTheSectionGivesOnlyTheRatio() {
        ParallelRuns runs = new ParallelRuns(8, List.of(10.0), List.of(6.0), List.of(10.0), true, List.of(), List.of());
        assertFalse(runs.split());
        Report r = new Report();
        SparkOverhead.render(r, runs);
        assertFalse(r.markdown().contains("rest per candidate"), r.markdown());
        assertThrows(IllegalArgumentException.class, () -> new ParallelRuns(8, List.of(10.0), List.of(6.0),
                List.of(10.0), true, List.of(1.0), List.of()));
    }
}
