package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.SensitivityRow;
import io.prunesweep.spec.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetAllocatorTest {
    private static final List<Double> RATIOS = List.of(0.25, 0.5, 0.75, 0.9, 0.95);

    /** A table row: layer with n weights pruned to ratio r removes round(r·n) nonzero params at the given drop. */
    private static SensitivityRow cell(int layer, long n, double r, double drop) {
        long removed = Math.round(r * n);
        return new SensitivityRow("L" + layer + "_" + r, layer, "DenseLayer", n, r, "magnitude", "element", "ok", "",
                0.9 - drop, 0.9, removed, 2 * removed, 8 * removed);
    }

    /** Layer 0 is sensitive (drop grows fast), layer 1 barely (drop ~0), both with 10,000 weights. */
    private static List<SensitivityRow> table() {
        List<SensitivityRow> t = new ArrayList<>();
        for (double r : RATIOS) {
            t.add(cell(0, 10_000, r, r * r * 0.5));
            t.add(cell(1, 10_000, r, r * 0.01));
        }
        return t;
    }

    @Test
    void meetsANonzeroBudgetAndPrunesTheLessSensitiveLayerFirst() {
        // dense 20,000 of which 8,000 must go: layer 1 alone (up to 9,500) can do it
        var a = BudgetAllocator.allocate(table(), Budget.parse("nonzero_params<=12000"), 20_000, 0.99);
        assertTrue(a.predictedValue() <= 12_000, a.toString());
        assertEquals(0.0, a.ratios().get(0), a.toString());
        assertTrue(a.ratios().get(1) >= 0.8, a.toString());
        long removed = table().stream()
                .filter(r -> r.ratio() == a.ratios().get(r.layer())).mapToLong(SensitivityRow::nonzeroRemoved).sum();
        assertEquals(20_000 - removed, (long) a.predictedValue(), "prediction is the sum of measured cells");
    }

    @Test
    void aTighterBudgetUsesBothLayersStillFavouringTheFlatOne() {
        var a = BudgetAllocator.allocate(table(), Budget.parse("nonzero_params<=5000"), 20_000, 0.99);
        assertTrue(a.predictedValue() <= 5_000, a.toString());
        assertTrue(a.ratios().get(1) >= a.ratios().get(0), a.toString());
        // the least-loss grid combination: 0.75 + 0.75 (loss 0.28125 + 0.0075) beats 0.75 + 0.95 (0.29075)
        assertEquals(Map.of(0, 0.75, 1, 0.75), a.ratios());
        assertEquals(0.28875, a.predictedLoss(), 1e-12);
    }

    @Test
    void theExactSearchAvoidsTheGreedyOvershoot() {
        // measured on the 10k-slice LeNet-300-100 (conf/sweeps/budget-halving.yaml), flops per cell
        Map<Integer, List<BudgetAllocator.Point>> curves = Map.of(
                0, List.of(new BudgetAllocator.Point(0.25, 117600, -0.0025), new BudgetAllocator.Point(0.5, 235200,
                        -0.003), new BudgetAllocator.Point(0.75, 352800, -0.004), new BudgetAllocator.Point(0.9, 423360,
                        0.087), new BudgetAllocator.Point(0.95, 446880, 0.2215)),
                1, List.of(new BudgetAllocator.Point(0.25, 15000, 0.002), new BudgetAllocator.Point(0.5, 30000, 0.018),
                        new BudgetAllocator.Point(0.75, 45000, 0.0215), new BudgetAllocator.Point(0.9, 54000, 0.1885)));
        var a = BudgetAllocator.allocate(curves, Budget.parse("flops<=100000"), 532400, 0.99);
        assertEquals(Map.of(0, 0.9, 1, 0.25), a.ratios(), "hull greedy would take 0.9 + 0.75 (loss 0.1085)");
        assertEquals(0.089, a.predictedLoss(), 1e-12);
        assertEquals(94040, a.predictedValue(), 1e-9);
    }

    @Test
    void coupledSavingsAreCheckedWithTheRealMetric() {
        // neuron cells of LeNet-300-100 (10k slice): layer 0 has 300 units (785 weights each + 100 consumer
        // weights), layer 1 has 100 units (301 + 10); pruning both double-counts k0·k1 weights of layer 1
        Map<Integer, List<BudgetAllocator.Point>> curves = Map.of(
                0, List.of(new BudgetAllocator.Point(0.5, 132750, 0.0185), new BudgetAllocator.Point(0.75, 199125,
                        0.0905), new BudgetAllocator.Point(0.9, 238950, 0.4735)),
                1, List.of(new BudgetAllocator.Point(0.5, 15550, 0.121), new BudgetAllocator.Point(0.75, 23325,
                        0.3145), new BudgetAllocator.Point(0.9, 27990, 0.646)));
        Map<Double, Double> saved0 = Map.of(0.0, 0.0, 0.5, 132750.0, 0.75, 199125.0, 0.9, 238950.0);
        Map<Double, Double> saved1 = Map.of(0.0, 0.0, 0.5, 15550.0, 0.75, 23325.0, 0.9, 27990.0);
        List<Map<Integer, Double>> asked = new ArrayList<>();
        java.util.function.ToDoubleFunction<Map<Integer, Double>> real = r -> {
            asked.add(r);
            double k0 = Math.round(r.get(0) * 300);
            double k1 = Math.round(r.get(1) * 100);
            return 266610 - saved0.get(r.get(0)) - saved1.get(r.get(1)) + k0 * k1;
        };
        Budget b = Budget.parse("nonzero_params<=60000");
        // additive sums would accept 0.75 + 0.5 (loss 0.2115) although it really leaves 63,185
        assertEquals(Map.of(0, 0.75, 1, 0.5), BudgetAllocator.allocate(curves, b, 266610, 0.99).ratios());
        var a = BudgetAllocator.allocate(curves, b, 266610, 0.99, real);
        assertEquals(Map.of(0, 0.9, 1, 0.0), a.ratios(), "0.75 + 0.75 leaves 61,035; 0.9 + 0 is the cheapest real fit");
        assertEquals(27660, a.predictedValue(), 1e-9);
        assertTrue(asked.size() < 16, "only improving combinations are measured: " + asked.size());
        var e = assertThrows(BudgetAllocator.UnreachableBudgetException.class,
                () -> BudgetAllocator.allocate(curves, Budget.parse("nonzero_params<=1000"), 266610, 0.99, real));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void largeGridsUseTheGreedyAndStillMeetTheBudget() {
        // 12 layers x 6 choices = 2.2e9 combinations: above the exact limit
        Map<Integer, List<BudgetAllocator.Point>> curves = new java.util.TreeMap<>();
        for (int l = 0; l < 12; l++) {
            List<BudgetAllocator.Point> pts = new ArrayList<>();
            for (double r : RATIOS) {
                pts.add(new BudgetAllocator.Point(r, Math.round(r * 1000), r * r * (l + 1) * 0.01));
            }
            curves.put(l, pts);
        }
        var a = BudgetAllocator.allocate(curves, Budget.parse("nonzero_params<=6000"), 12_000, 0.99);
        assertTrue(a.predictedValue() <= 6000, a.toString());
        assertTrue(a.ratios().get(0) >= a.ratios().get(11), "the least sensitive layer is pruned at least as much");
    }

    @Test
    void flopsAndBytesBudgetsUseTheirOwnSavings() {
        var f = BudgetAllocator.allocate(table(), Budget.parse("flops<=30000"), 40_000, 0.99);
        assertTrue(f.predictedValue() <= 30_000, f.toString());
        var b = BudgetAllocator.allocate(table(), Budget.parse("sparse_bytes<=100000"), 160_000, 0.99);
        assertTrue(b.predictedValue() <= 100_000, b.toString());
    }

    @Test
    void aBudgetAlreadyMetPrunesNothing() {
        var a = BudgetAllocator.allocate(table(), Budget.parse("nonzero_params<=30000"), 20_000, 0.99);
        assertEquals(Map.of(0, 0.0, 1, 0.0), a.ratios());
        assertEquals(0.0, a.predictedLoss());
    }

    @Test
    void anUnreachableBudgetFailsNamingTheBestReachableValue() {
        // at most 2 × 9,500 removable: 1,000 left is the floor
        var e = assertThrows(BudgetAllocator.UnreachableBudgetException.class,
                () -> BudgetAllocator.allocate(table(), Budget.parse("nonzero_params<=500"), 20_000, 0.99));
        assertTrue(e.getMessage().contains("nonzero_params<=500"), e.getMessage());
        assertTrue(e.getMessage().contains("reaching 1000"), e.getMessage());
        // the cap removes the 0.9 and 0.95 cells: 2 × 7,500 at most
        var capped = assertThrows(BudgetAllocator.UnreachableBudgetException.class,
                () -> BudgetAllocator.allocate(table(), Budget.parse("nonzero_params<=4000"), 20_000, 0.8));
        assertTrue(capped.getMessage().contains("cap 0.8") && capped.getMessage().contains("reaching 5000"),
                capped.getMessage());
    }

    @Test
    void theCapIsRespectedAndFailedCellsAreNoChoice() {
        List<SensitivityRow> t = new ArrayList<>(table());
        t.replaceAll(r -> r.layer() == 1 && r.ratio() == 0.95 ? new SensitivityRow(r.key(), 1, r.type(), r.params(),
                0.95, r.criterion(), r.granularity(), "failed", "boom", Double.NaN, 0.9, -1, -1, -1) : r);
        var a = BudgetAllocator.allocate(t, Budget.parse("nonzero_params<=6000"), 20_000, 0.9);
        assertTrue(a.ratios().values().stream().allMatch(r -> r <= 0.9), a.toString());
        assertTrue(a.predictedValue() <= 6_000, a.toString());
    }

    @Test
    void theHullSkipsPointsAboveIt() {
        // a layer whose 0.5 cell is worse than the line from 0.25 to 0.75: never chosen on its own
        List<BudgetAllocator.Point> pts = List.of(new BudgetAllocator.Point(0.25, 25, 0.01),
                new BudgetAllocator.Point(0.5, 50, 0.2), new BudgetAllocator.Point(0.75, 75, 0.03));
        var hull = BudgetAllocator.lowerHull(pts);
        assertEquals(List.of(0.0, 0.25, 0.75), hull.stream().map(BudgetAllocator.Point::ratio).toList());
    }
}
