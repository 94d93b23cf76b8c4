package io.prunesweep.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    private static final Objective MAX_A = new Objective("a", Direction.MAXIMIZE);
    private static final Objective MAX_B = new Objective("b", Direction.MAXIMIZE);
    private static final Objective MAX_C = new Objective("c", Direction.MAXIMIZE);
    private static final Objective MAX_D = new Objective("d", Direction.MAXIMIZE);
    private static final Objective MIN_A = new Objective("a", Direction.MINIMIZE);
    private static final Objective MIN_B = new Objective("b", Direction.MINIMIZE);

    /** A point with its label, so items are distinct even when vectors coincide. */
    private record Pt(String id, double[] v) {
    }

    private static ParetoFront<Pt> frontOf(List<Objective> objs, List<Pt> pts) {
        ParetoFront<Pt> f = ParetoFront.empty(objs, Pt::id);
        for (Pt p : pts) {
            f = f.add(p, p.v());
        }
        return f;
    }

    private static Pt pt(String id, double... v) {
        return new Pt(id, v);
    }

    private static Set<String> ids(ParetoFront<Pt> f) {
        return f.members().stream().map(m -> m.item().id()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The definition, applied literally: keep every point no other point dominates. */
    private static Set<String> bruteForce(List<Pt> pts, List<Objective> objs) {
        Set<String> out = new TreeSet<>();
        for (Pt p : pts) {
            boolean dominated = false;
            for (Pt q : pts) {
                dominated |= ParetoFront.dominates(q.v(), p.v(), objs);
            }
            if (!dominated) {
                out.add(p.id());
            }
        }
        return out;
    }

    private static List<Objective> randomObjectives(Random rnd, int d) {
        List<Objective> objs = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            objs.add(new Objective("o" + j, rnd.nextBoolean() ? Direction.MAXIMIZE : Direction.MINIMIZE));
        }
        return objs;
    }

    private static List<Pt> randomPoints(Random rnd, int n, int d) {
        List<Pt> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[d];
            if (i > 0 && rnd.nextInt(6) == 0) {
                v = pts.get(rnd.nextInt(i)).v().clone(); // exact duplicate vector under a new id
            } else {
                for (int j = 0; j < d; j++) {
                    // A coarse grid forces tied coordinates; occasional continuous values cover the rest.
                    v[j] = rnd.nextInt(4) == 0 ? rnd.nextDouble() * 5 : rnd.nextInt(5);
                }
            }
            pts.add(new Pt("p" + i, v));
        }
        return pts;
    }

    @Test
    void frontMatchesBruteForceAndIgnoresInputOrderAndMerging() {
        Random rnd = new Random(20240611L);
        for (int trial = 0; trial < 300; trial++) {
            int d = 2 + trial % 3;
            List<Objective> objs = randomObjectives(rnd, d);
            List<Pt> pts = randomPoints(rnd, 1 + rnd.nextInt(40), d);

            ParetoFront<Pt> front = frontOf(objs, pts);
            assertEquals(bruteForce(pts, objs), ids(front), "trial " + trial);

            List<Pt> shuffled = new ArrayList<>(pts);
            Collections.shuffle(shuffled, rnd);
            assertEquals(front.members(), frontOf(objs, shuffled).members(), "shuffled, trial " + trial);

            int cut = rnd.nextInt(pts.size() + 1);
            ParetoFront<Pt> left = frontOf(objs, shuffled.subList(0, cut));
            ParetoFront<Pt> right = frontOf(objs, shuffled.subList(cut, shuffled.size()));
            assertEquals(front.members(), left.merge(right).members(), "merged, trial " + trial);
            assertEquals(front.members(), right.merge(left).members(), "merged reversed, trial " + trial);
            assertEquals(front.members(), front.merge(front).members(), "self-merge, trial " + trial);
        }
    }

    @Test
    void membersAreOrderedBestFirstOnFirstObjectiveThenByKey() {
        List<Objective> objs = List.of(MAX_A, MIN_B);
        ParetoFront<Pt> f = frontOf(objs, List.of(pt("z", 1, 1), pt("y", 3, 5), pt("x", 3, 5), pt("w", 2, 2)));
        assertEquals(List.of("x", "y", "w", "z"), f.members().stream().map(m -> m.item().id()).toList());
    }

    @Test
    void dominanceRespectsDirectionsAndTies() {
        List<Objective> objs = List.of(MAX_A, MIN_B);
        assertTrue(ParetoFront.dominates(new double[] {2, 1}, new double[] {1, 1}, objs));
        assertTrue(ParetoFront.dominates(new double[] {1, 0}, new double[] {1, 1}, objs));
        assertFalse(ParetoFront.dominates(new double[] {1, 1}, new double[] {1, 1}, objs));
        assertFalse(ParetoFront.dominates(new double[] {2, 2}, new double[] {1, 1}, objs));
    }

    @Test
    void addIsImmutableAndRejectsBadValues() {
        ParetoFront<Pt> empty = ParetoFront.empty(List.of(MAX_A, MAX_B), Pt::id);
        ParetoFront<Pt> one = empty.add(pt("p", 1, 1), new double[] {1, 1});
        assertTrue(empty.isEmpty());
        assertEquals(1, one.size());
        assertSame(one, one.add(pt("q", 0, 0), new double[] {0, 0}), "dominated item leaves the front as is");

        IllegalArgumentException nan =
                assertThrows(IllegalArgumentException.class, () -> empty.add(pt("n"), new double[] {1, Double.NaN}));
        assertTrue(nan.getMessage().contains("'b' is NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> empty.add(pt("s"), new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> one.add(pt("p"), new double[] {5, 5}));
        assertThrows(IllegalArgumentException.class,
                () -> one.merge(ParetoFront.empty(List.of(MAX_A, MIN_B), Pt::id)));
    }

    @Test
    void memberValuesCannotBeMutatedFromOutside() {
        double[] v = {1, 2};
        ParetoFront<Pt> f = ParetoFront.<Pt>empty(List.of(MAX_A, MAX_B), Pt::id).add(pt("p"), v);
        v[0] = 99;
        f.members().get(0).values()[1] = 99;
        assertEquals(1.0, f.members().get(0).value(0));
        assertEquals(2.0, f.members().get(0).value(1));
    }

    @Test
    void hypervolumeOfTwoDimensionalStaircase() {
        // Boxes 3x1, 2x2, 1x3 overlap into a staircase of area 3 + 2 + 1.
        ParetoFront<Pt> max = frontOf(List.of(MAX_A, MAX_B), List.of(pt("p", 1, 3), pt("q", 2, 2), pt("r", 3, 1)));
        assertEquals(6.0, max.hypervolume(new double[] {0, 0}), 1e-12);
        // The same shape when both objectives are minimised against reference (4, 4).
        ParetoFront<Pt> min = frontOf(List.of(MIN_A, MIN_B), List.of(pt("p", 3, 1), pt("q", 2, 2), pt("r", 1, 3)));
        assertEquals(6.0, min.hypervolume(new double[] {4, 4}), 1e-12);
        // Mixed, accuracy up and parameters down: boxes 0.9 x (200-100) and 0.8 x (200-50) overlap in 0.8 x 100.
        ParetoFront<Pt> mixed = frontOf(List.of(MAX_A, MIN_B), List.of(pt("p", 0.9, 100), pt("q", 0.8, 50)));
        assertEquals(0.9 * 100 + 0.8 * 150 - 0.8 * 100, mixed.hypervolume(new double[] {0, 200}), 1e-9);
        assertEquals(0.0, ParetoFront.<Pt>empty(List.of(MAX_A, MAX_B), Pt::id).hypervolume(new double[] {0, 0}));
    }

    @Test
    void pointsNotStrictlyBetterThanReferenceContributeNothing() {
        ParetoFront<Pt> f = frontOf(List.of(MAX_A, MAX_B), List.of(pt("edge", 5, 0), pt("in", 1, 1)));
        assertEquals(1.0, f.hypervolume(new double[] {0, 0}), 1e-12);
        assertEquals(0.0, f.hypervolume(new double[] {10, 10}), 1e-12);
    }

    @Test
    void hypervolumeOfUnitCubeCases() {
        List<Objective> objs = List.of(MAX_A, MAX_B, MAX_C);
        double[] origin = {0, 0, 0};
        assertEquals(1.0, frontOf(objs, List.of(pt("c", 1, 1, 1))).hypervolume(origin), 1e-12);
        // 0.5 + 0.25 - overlap 0.125
        assertEquals(0.625, frontOf(objs, List.of(pt("p", 1, 1, 0.5), pt("q", 0.5, 0.5, 1))).hypervolume(origin), 1e-12);
        // Inclusion-exclusion: 3 * 0.25 - 3 * 0.125 + 0.125
        assertEquals(0.5, frontOf(objs, List.of(pt("x", 1, 0.5, 0.5), pt("y", 0.5, 1, 0.5), pt("z", 0.5, 0.5, 1)))
                .hypervolume(origin), 1e-12);
        List<Objective> four = List.of(MAX_A, MAX_B, MAX_C, MAX_D);
        assertEquals(2.0, frontOf(four, List.of(pt("h", 2, 1, 1, 1))).hypervolume(new double[4]), 1e-12);
    }

    @Test
    void hypervolumeMatchesInclusionExclusionOnRandomSets() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int d = 2 + trial % 3;
            List<Objective> objs = randomObjectives(rnd, d);
            List<Pt> pts = randomPoints(rnd, 1 + rnd.nextInt(9), d);
            double[] ref = new double[d];
            for (int j = 0; j < d; j++) {
                ref[j] = objs.get(j).direction() == Direction.MAXIMIZE ? -0.5 : 5.5;
            }
            ParetoFront<Pt> f = frontOf(objs, pts);
            assertEquals(inclusionExclusion(pts, objs, ref), f.hypervolume(ref), 1e-9, "trial " + trial);
        }
    }

    /** Volume of a union of boxes by inclusion-exclusion over all subsets: slow but obviously right. */
    private static double inclusionExclusion(List<Pt> pts, List<Objective> objs, double[] ref) {
        int n = pts.size();
        int d = objs.size();
        double total = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            double vol = 1;
            for (int j = 0; j < d; j++) {
                double side = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        Direction dir = objs.get(j).direction();
                        side = Math.min(side, dir.oriented(pts.get(i).v()[j]) - dir.oriented(ref[j]));
                    }
                }
                vol *= Math.max(0, side);
            }
            total += Integer.bitCount(mask) % 2 == 1 ? vol : -vol;
        }
        return total;
    }

    @Test
    void hypervolumeContributionIsTheExclusiveArea() {
        ParetoFront<Pt> f = frontOf(List.of(MAX_A, MAX_B), List.of(pt("p", 1, 3), pt("q", 2, 2), pt("r", 3, 1)));
        double[] ref = {0, 0};
        assertEquals(1.0, f.hypervolumeContribution(pt("q"), ref), 1e-12);
        assertEquals(1.0, f.hypervolumeContribution(pt("p"), ref), 1e-12);
        assertEquals(0.0, f.hypervolumeContribution(pt("absent"), ref));
    }

    @Test
    void kneeOfConvexTwoObjectiveFront() {
        List<Pt> pts = List.of(pt("e1", 0, 1), pt("a", 0.2, 0.9), pt("knee", 0.6, 0.8), pt("b", 0.8, 0.5), pt("e2", 1, 0));
        assertEquals("knee", frontOf(List.of(MAX_A, MAX_B), pts).knee().orElseThrow().item().id());

        // Same shape as accuracy (max) against parameter count (min), in other units.
        List<Pt> scaled = List.of(pt("e1", 0.50, 0), pt("a", 0.60, 100), pt("knee", 0.90, 200),
                pt("b", 0.95, 500), pt("e2", 1.00, 1000));
        assertEquals("knee", frontOf(List.of(MAX_A, MIN_B), scaled).knee().orElseThrow().item().id());
    }

    @Test
    void kneeFallsBackToClosestToIdeal() {
        assertTrue(ParetoFront.<Pt>empty(List.of(MAX_A, MAX_B), Pt::id).knee().isEmpty());
        // Straight front: no member bulges towards the ideal point, so the middle is closest to it.
        List<Pt> line = List.of(pt("e1", 0, 1), pt("mid", 0.5, 0.5), pt("e2", 1, 0));
        assertEquals("mid", frontOf(List.of(MAX_A, MAX_B), line).knee().orElseThrow().item().id());
        List<Pt> three = List.of(pt("x", 1, 0, 0), pt("bal", 0.7, 0.7, 0.7), pt("y", 0, 1, 0), pt("z", 0, 0, 1));
        assertEquals("bal", frontOf(List.of(MAX_A, MAX_B, MAX_C), three).knee().orElseThrow().item().id());
        List<Pt> two = List.of(pt("x", 1, 0), pt("y", 0, 1));
        assertEquals("x", frontOf(List.of(MAX_A, MAX_B), two).knee().orElseThrow().item().id(), "tie goes to first");
    }

    @Test
    void nonDominatedSortingRanksHandMadeExample() {
        List<double[]> pts = List.of(new double[] {1, 4}, new double[] {2, 2}, new double[] {4, 1},
                new double[] {3, 3}, new double[] {4, 4}, new double[] {2, 2});
        assertEquals(List.of(0, 0, 0, 1, 2, 0), ParetoFront.nonDominatedSorting(pts, List.of(MIN_A, MIN_B)));
        assertEquals(List.of(), ParetoFront.nonDominatedSorting(List.of(), List.of(MIN_A, MIN_B)));
    }

    @Test
    void rankZeroIsTheFront() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            List<Objective> objs = randomObjectives(rnd, 3);
            List<Pt> pts = randomPoints(rnd, 30, 3);
            List<Integer> ranks = ParetoFront.nonDominatedSorting(pts.stream().map(Pt::v).toList(), objs);
            Set<String> rank0 = new TreeSet<>();
            for (int i = 0; i < pts.size(); i++) {
                if (ranks.get(i) == 0) {
                    rank0.add(pts.get(i).id());
                }
                // A point's rank is one more than the worst rank among its dominators.
                int expected = 0;
                for (int k = 0; k < pts.size(); k++) {
                    if (ParetoFront.dominates(pts.get(k).v(), pts.get(i).v(), objs)) {
                        expected = Math.max(expected, ranks.get(k) + 1);
                    }
                }
                assertEquals(expected, ranks.get(i));
            }
            assertEquals(bruteForce(pts, objs), rank0);
        }
    }
}
