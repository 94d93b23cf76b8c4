package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.Provenance;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.RunConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Successive halving's selection on fake rows. */
class HalvingTest {
    private static final List<Metric> OBJ = List.of(Metric.VAL_ACCURACY, Metric.NONZERO_PARAMS);
    private static final double[] REF = {0, 1000};

    private static ResultRow row(String id, double acc, long nonzero) {
        return row(id, new Outcome.Measured(new Measurements(new Footprint(1000, nonzero, 4000, 100, 100, 10, 10, -1,
                List.of()), acc, 0.5, Double.NaN, 1, 1)));
    }

    private static ResultRow failed(String id) {
        return row(id, new Outcome.Failed("boom"));
    }

    private static ResultRow row(String id, Outcome outcome) {
        return new ResultRow(id, new RunConfig(new PruneMethod(CriterionKind.MAGNITUDE, Granularity.ELEMENT,
                Scope.LAYER), 0.5, null, new Schedule(ScheduleKind.ONE_SHOT), new FineTune(1, 0.001, 64),
                Caps.defaults()), outcome, new Provenance(1, 0, "local", 0, "", "", "", "", "", ""));
    }

    @Test
    void keepIsAtLeastOneAndFloorsNOverEta() {
        assertEquals(0, Halving.keep(0, 2));
        assertEquals(1, Halving.keep(1, 2));
        assertEquals(1, Halving.keep(3, 3));
        assertEquals(4, Halving.keep(8, 2));
        assertEquals(2, Halving.keep(7, 3));
    }

    @Test
    void keepsTheFrontFirstThenByHypervolumeContributionThenId() {
        List<ResultRow> rows = new ArrayList<>(List.of(
                row("a", 0.80, 500),   // front
                row("b", 0.90, 800),   // front
                row("c", 0.70, 200),   // front
                row("d", 0.75, 600),   // rank 1 (dominated by a)
                row("e", 0.60, 900),   // rank 2
                row("f", 0.85, 850),   // rank 1 (dominated by b)
                failed("g"),
                row("h", 0.50, 950)));
        // rank 0 = {a, b, c}; contributions (acc above 0 × nonzero below 1000): c 0.7·300 = 210, a 0.1·300 = 30,
        // b 0.1·200 = 20. Rank 1 = {d, f}: d 0.75·250 = 187.5, f 0.1·150 = 15. Then e (rank 2), h (rank 3), failed g.
        List<String> order = Halving.order(rows, OBJ, REF).stream().map(ResultRow::candidateId).toList();
        assertEquals(List.of("c", "a", "b", "d", "f", "e", "h", "g"), order);
        // 8 rows, eta 2: exactly the three front members and the best of rank 1
        List<String> kept = Halving.select(rows, OBJ, REF, 2);
        assertEquals(List.of("c", "a", "b", "d"), kept);
        // reordering the input changes nothing
        java.util.Collections.reverse(rows);
        assertEquals(kept, Halving.select(rows, OBJ, REF, 2));
    }

    @Test
    void failedCandidatesAreNeverPromoted() {
        List<ResultRow> rows = List.of(row("a", 0.8, 500), failed("b"), failed("c"), failed("d"));
        assertEquals(List.of("a"), Halving.select(rows, OBJ, REF, 2), "keep(4, 2) = 2, but only one finished");
        assertEquals(List.of(), Halving.select(List.of(failed("x"), failed("y")), OBJ, REF, 2));
    }

    @Test
    void withinARankTheLargerHypervolumeContributionWins() {
        // three mutually non-dominated points; b alone covers a big box, a and c overlap it less
        List<ResultRow> rows = List.of(row("a", 0.50, 100), row("b", 0.80, 300), row("c", 0.81, 900));
        // contributions (ref acc 0, nonzero 1000): a: 0.5·(300-100)=100, b: (0.80-0.5)·(900-300)=180,
        // c: (0.81-0.80)·(1000-900)=1 → order b, a, c
        assertEquals(List.of("b", "a", "c"), Halving.order(rows, OBJ, REF).stream().map(ResultRow::candidateId).toList());
        assertEquals(List.of("b"), Halving.select(rows, OBJ, REF, 3));
    }

    @Test
    void tiesAreBrokenById() {
        List<ResultRow> rows = List.of(row("z", 0.8, 500), row("y", 0.8, 500), row("x", 0.8, 500), row("w", 0.1, 990));
        List<String> order = Halving.order(rows, OBJ, REF).stream().map(ResultRow::candidateId).toList();
        assertEquals("w", order.get(3));
        assertEquals(List.of("x", "y", "z"), order.subList(0, 3));
        assertEquals(List.of("x", "y"), Halving.select(rows, OBJ, REF, 2));
    }
}
