package io.prunesweep.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pareto dominance, the front and non-dominated sorting against a brute force written here from the
 * definition, without the production {@code dominates}: a dominates b when it is at least as good in every
 * objective and the two vectors differ. Values are compared numerically, so -0.0 ties with 0.0 and the
 * infinities are ordinary extremes; a NaN is refused with an error naming the objective (every objective
 * needs a measured value), never silently ranked.
 */
class ParetoOracleTest {
    /** A coarse grid, so ties are common, with signed zeros and infinities among the values. */
    private static final double[] GRID = {Double.NEGATIVE_INFINITY, -1, -0.0, 0.0, 0.5, 1, 2, Double.POSITIVE_INFINITY};

    private record Pt(String id, double[] v) {
    }

    private static boolean atLeastAsGood(double a, double b, Direction d) {
        return d == Direction.MAXIMIZE ? a >= b : a <= b;
    }

    /** The definition: no worse anywhere, and not the same point. */
    private static boolean oracleDominates(double[] a, double[] b, List<Objective> objs) {
        boolean differs = false;
        for (int i = 0; i < a.length; i++) {
            if (!atLeastAsGood(a[i], b[i], objs.get(i).direction())) {
                return false;
            }
            differs |= a[i] != b[i];
        }
        return differs;
    }

    private static Set<String> oracleFront(List<Pt> pts, List<Objective> objs) {
        Set<String> out = new TreeSet<>();
        for (Pt p : pts) {
            if (pts.stream().noneMatch(q -> oracleDominates(q.v(), p.v(), objs))) {
                out.add(p.id());
            }
        }
        return out;
    }

    /** Ranks by peeling: rank r is the oracle front of what is left after ranks below r are removed. */
    private static List<Integer> oracleRanks(List<Pt> pts, List<Objective> objs) {
        Integer[] rank = new Integer[pts.size()];
        List<Pt> left = new ArrayList<>(pts);
        for (int r = 0; !left.isEmpty(); r++) {
            Set<String> front = oracleFront(left, objs);
            for (int i = 0; i < pts.size(); i++) {
                if (front.contains(pts.get(i).id())) {
                    rank[i] = r;
                }
            }
            left.removeIf(p -> front.contains(p.id()));
        }
        return List.of(rank);
    }

    private static List<Objective> objectives(Random rnd, int d) {
        List<Objective> objs = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            objs.add(new Objective("o" + j, rnd.nextBoolean() ? Direction.MAXIMIZE : Direction.MINIMIZE));
        }
        return objs;
    }

    private static List<Pt> points(Random rnd, int n, int d) {
        List<Pt> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = rnd.nextInt(5) == 0 ? rnd.nextDouble() : GRID[rnd.nextInt(GRID.length)];
            }
            pts.add(new Pt("p" + i, v));
        }
        return pts;
    }

    private static ParetoFront<Pt> frontOf(List<Objective> objs, List<Pt> pts) {
        ParetoFront<Pt> f = ParetoFront.empty(objs, Pt::id);
        for (Pt p : pts) {
            f = f.add(p, p.v());
        }
        return f;
    }

    private static Set<String> ids(ParetoFront<Pt> f) {
        Set<String> out = new TreeSet<>();
        f.members().forEach(m -> out.add(m.item().id()));
        return out;
    }

    @Test
    void dominanceFrontAndRanksMatchTheDefinitionOnRandomSetsWithTies() {
        Random rnd = new Random(424242L);
        int dominatedPairs = 0;
        int tiedPairs = 0;
        for (int trial = 0; trial < 400; trial++) {
            int d = 1 + trial % 4;
            List<Objective> objs = objectives(rnd, d);
            List<Pt> pts = points(rnd, 1 + rnd.nextInt(30), d);
            for (Pt a : pts) {
                for (Pt b : pts) {
                    boolean expected = oracleDominates(a.v(), b.v(), objs);
                    assertEquals(expected, ParetoFront.dominates(a.v(), b.v(), objs),
                            "trial " + trial + ": " + java.util.Arrays.toString(a.v()) + " dominates "
                                    + java.util.Arrays.toString(b.v()) + " under " + objs);
                    dominatedPairs += expected ? 1 : 0;
                    tiedPairs += a != b && java.util.Arrays.equals(a.v(), b.v()) ? 1 : 0;
                }
            }
            List<Pt> shuffled = new ArrayList<>(pts);
            Collections.shuffle(shuffled, rnd);
            assertEquals(oracleFront(pts, objs), ids(frontOf(objs, shuffled)), "front, trial " + trial);
            assertEquals(oracleRanks(pts, objs),
                    ParetoFront.nonDominatedSorting(pts.stream().map(Pt::v).toList(), objs), "ranks, trial " + trial);
        }
        assertTrue(dominatedPairs > 1000 && tiedPairs > 100,
                "the sets exercise both cases: " + dominatedPairs + " dominated, " + tiedPairs + " tied pairs");
    }

    @Test
    void signedZerosTieAndTheInfinitiesAreOrdinaryExtremes() {
        List<Objective> objs = List.of(new Objective("acc", Direction.MAXIMIZE), new Objective("cost",
                Direction.MINIMIZE));
        List<Pt> pts = List.of(new Pt("neg", new double[] {-0.0, 1}), new Pt("pos", new double[] {0.0, 1}),
                new Pt("free", new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}),
                new Pt("dear", new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}),
                new Pt("worse", new double[] {0.0, 2}));
        assertEquals(Set.of("neg", "pos", "free", "dear"), oracleFront(pts, objs));
        assertEquals(oracleFront(pts, objs), ids(frontOf(objs, pts)));
    }

    @Test
    void aNaNObjectiveIsRefusedNamingTheObjectiveAndLeavesTheFrontUnchanged() {
        Random rnd = new Random(99);
        for (int trial = 0; trial < 50; trial++) {
            int d = 2 + trial % 3;
            List<Objective> objs = objectives(rnd, d);
            List<Pt> pts = points(rnd, 2 + rnd.nextInt(10), d);
            ParetoFront<Pt> front = frontOf(objs, pts);
            int at = rnd.nextInt(d);
            double[] bad = pts.get(0).v().clone();
            bad[at] = Double.NaN;
            Pt nan = new Pt("nan", bad);
            var e = assertThrows(IllegalArgumentException.class, () -> front.add(nan, bad));
            assertTrue(e.getMessage().contains("'o" + at + "' is NaN"), e.getMessage());
            assertEquals(oracleFront(pts, objs), ids(front), "the front is a value: a refused add changes nothing");
            List<double[]> withNan = new ArrayList<>(pts.stream().map(Pt::v).toList());
            withNan.add(rnd.nextInt(withNan.size() + 1), bad);
            assertThrows(IllegalArgumentException.class, () -> ParetoFront.nonDominatedSorting(withNan, objs));
        }
    }
}
