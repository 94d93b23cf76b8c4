package io.prunesweep.sweep;

import io.prunesweep.results.SensitivityRow;
import io.prunesweep.spec.Budget;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Turns a sensitivity table into per-layer pruning ratios that meet a {@link Budget} with the least predicted
 * accuracy loss (JDK only).
 *
 * <p>Model: each layer's choices are the measured cells of the table, (ratio, saved, loss), where saved is how
 * much of the budget metric pruning that layer alone to that ratio removes and loss its validation-accuracy
 * drop, plus (0, 0, 0) for leaving the layer dense. Ratios above the per-layer cap and failed cells are not
 * choices. Savings and losses are predicted to add up over layers. That is exact for the savings of element
 * granularity (nonzero parameters, effective FLOPs and sparse bytes are per-array sums, and the pruner removes
 * round(ratio·n) weights of a layer whatever the criterion); for neuron/channel granularity the coupled consumer
 * slices of adjacent layers can overlap, so the real saving may fall short. Losses are a first-order prediction.
 *
 * <p>Algorithm: an exact search over the ratio grid when it is small (the product of the layers' choice counts
 * at most {@value #EXACT_LIMIT}; e.g. 7 choices in 7 layers): depth-first over layers with two bounds (the
 * remaining layers' largest savings must still reach the budget, and the loss so far plus the remaining layers'
 * smallest losses must beat the best found), minimising predicted loss, ties going to the smaller saving (less
 * pruning) and then the first found in layer order. Larger grids fall back to the multiple-choice-knapsack greedy:
 * per layer the lower convex hull of its (saved, loss) points from (0, 0) to its largest saving, then repeatedly
 * the cheapest next hull segment over all layers (marginal loss per unit saved; ties to the lower layer index)
 * until the saving reaches dense − limit, followed by a pass that moves each layer back to any smaller
 * measured ratio that keeps the budget and lowers the loss (the greedy can overshoot by one segment). Either way
 * every layer ends on a measured grid point (never an interpolated ratio, so the predicted saving is a measured
 * one), and a flat (insensitive) layer costs nothing, so less sensitive layers are pruned first. When even the
 * largest allowed ratio of every layer does not reach the budget, it fails naming the best reachable value.
 */
public final class BudgetAllocator {
    /** Largest grid (product of per-layer choice counts) searched exactly. */
    public static final long EXACT_LIMIT = 1_000_000;

    private BudgetAllocator() {
    }

    /**
     * One choice for one layer.
     *
     * @param ratio ratio in [0, 1)
     * @param saved how much of the metric it removes
     * @param loss  predicted accuracy loss (may be negative)
     */
    public record Point(double ratio, double saved, double loss) {
    }

    /**
     * An allocation.
     *
     * @param budget         the budget met
     * @param ratios         layer index → ratio (every layer of the table, 0 for a dense one)
     * @param denseValue     the metric of the dense model
     * @param predictedValue the metric predicted after pruning (&le; the limit)
     * @param predictedLoss  the summed predicted accuracy loss
     */
    public record Allocation(Budget budget, Map<Integer, Double> ratios, double denseValue, double predictedValue,
                             double predictedLoss) {
        public Allocation {
            ratios = Collections.unmodifiableMap(new TreeMap<>(ratios));
        }
    }

    /** Thrown when a budget cannot be met within the ratio grid and the per-layer cap. */
    public static final class UnreachableBudgetException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnreachableBudgetException(String message) {
            super(message);
        }
    }

    /**
     * Allocates from a sensitivity table.
     *
     * @param table      the table (failed cells are ignored)
     * @param budget     the budget
     * @param denseValue the budget metric of the dense model
     * @param cap        per-layer ratio cap (ratios above it are not used)
     */
    public static Allocation allocate(List<SensitivityRow> table, Budget budget, double denseValue, double cap) {
        Map<Integer, List<Point>> curves = new TreeMap<>();
        for (SensitivityRow r : table) {
            curves.computeIfAbsent(r.layer(), k -> new ArrayList<>());
            if (r.ok() && r.ratio() <= cap + 1e-12) {
                curves.get(r.layer()).add(new Point(r.ratio(), r.saved(budget.metric()), r.accuracyDrop()));
            }
        }
        return allocate(curves, budget, denseValue, cap);
    }

    /**
     * Allocates from per-layer curves (layer index → measured points; (0, 0, 0) is added).
     *
     * @throws UnreachableBudgetException when the largest saving of every layer together is not enough
     */
    public static Allocation allocate(Map<Integer, List<Point>> curves, Budget budget, double denseValue,
                                      double cap) {
        return allocate(curves, budget, denseValue, cap, null);
    }

    /**
     * Allocates from per-layer curves, checking the exact search's candidates with {@code real}: the true metric
     * of a combination (layer → ratio), for granularities whose savings do not add up (coupled neuron/channel
     * slices overlap). The single-layer savings then only bound the real ones from above, so the search stays
     * exact: it returns the least-loss combination whose real value meets the budget. Null = the sum is exact.
     * The greedy path (large grids) does not call it; callers check its result.
     *
     * @throws UnreachableBudgetException when no combination meets the budget
     */
    public static Allocation allocate(Map<Integer, List<Point>> curves, Budget budget, double denseValue,
                                      double cap, ToDoubleFunction<Map<Integer, Double>> real) {
        double need = denseValue - budget.limit();
        Map<Integer, List<Point>> hulls = new TreeMap<>();
        double maxSaved = 0;
        for (Map.Entry<Integer, List<Point>> e : curves.entrySet()) {
            List<Point> h = lowerHull(e.getValue());
            hulls.put(e.getKey(), h);
            maxSaved += h.get(h.size() - 1).saved();
        }
        if (need > maxSaved + 1e-9) {
            List<Double> ratios = curves.values().stream().flatMap(List::stream).map(Point::ratio).distinct()
                    .sorted().toList();
            throw new UnreachableBudgetException("budget " + budget.id() + " is unreachable: the dense model has "
                    + fmt(denseValue) + ", and pruning every layer to its largest allowed ratio (measured ratios "
                    + ratios + ", per-layer cap " + fmt(cap) + ") removes at most " + fmt(maxSaved) + ", reaching "
                    + fmt(denseValue - maxSaved) + "; raise the limit, or add larger sensitivity.ratios / raise "
                    + "space.maxLayerSparsity");
        }
        if (need <= 0) {
            Map<Integer, Double> none = new TreeMap<>();
            curves.keySet().forEach(k -> none.put(k, 0.0));
            return new Allocation(budget, none, denseValue, denseValue, 0);
        }
        List<Integer> layers = new ArrayList<>(curves.keySet());
        List<List<Point>> choices = new ArrayList<>();
        long grid = 1;
        for (int k : layers) {
            List<Point> c = choices(curves.get(k));
            choices.add(c);
            grid = Math.min(Long.MAX_VALUE / 64, grid * c.size());
        }
        ExactBudgetSearch search = null;
        Point[] pick;
        if (grid <= EXACT_LIMIT) {
            search = new ExactBudgetSearch(layers, choices, need, real == null ? null : r -> {
                double v = real.applyAsDouble(r);
                return v <= budget.limit() + 1e-9 ? v : Double.NaN;
            });
            search.dfs(0, 0, 0);
            pick = search.best;
            if (pick == null) {
                throw new UnreachableBudgetException("budget " + budget.id() + " is unreachable: no combination of the "
                        + "measured ratios (per-layer cap " + fmt(cap) + ") meets it once the overlap of coupled "
                        + "layers is counted");
            }
        } else {
            pick = HullGreedy.pick(layers, hulls, choices, need);
        }
        Map<Integer, Double> ratios = new TreeMap<>();
        double saved = 0;
        double loss = 0;
        for (int i = 0; i < layers.size(); i++) {
            ratios.put(layers.get(i), pick[i].ratio());
            saved += pick[i].saved();
            loss += pick[i].loss();
        }
        double value = search != null && !Double.isNaN(search.bestReal) ? search.bestReal : denseValue - saved;
        return new Allocation(budget, ratios, denseValue, value, loss);
    }

    /** A layer's choices: (0, 0, 0) and its points, one per ratio, by ratio. */
    private static List<Point> choices(List<Point> points) {
        TreeMap<Double, Point> byRatio = new TreeMap<>();
        byRatio.put(0.0, new Point(0, 0, 0));
        for (Point p : points) {
            if (p.saved() >= 0) {
                byRatio.putIfAbsent(p.ratio(), p);
            }
        }
        return List.copyOf(byRatio.values());
    }

    /** Lower convex hull of (saved, loss) from (0, 0) to the largest saving; equal savings keep the least loss. */
    static List<Point> lowerHull(List<Point> points) {
        List<Point> pts = new ArrayList<>(points);
        pts.add(new Point(0, 0, 0));
        pts.sort(Comparator.comparingDouble(Point::saved).thenComparingDouble(Point::loss)
                .thenComparingDouble(Point::ratio));
        List<Point> unique = new ArrayList<>();
        for (Point p : pts) {
            if (p.saved() < 0) {
                continue;
            }
            if (!unique.isEmpty() && unique.get(unique.size() - 1).saved() == p.saved()) {
                continue; // same saving: the first (least loss) wins
            }
            unique.add(p);
        }
        // the hull starts at the "leave dense" point even if a zero-saving cell had less loss
        if (unique.get(0).saved() == 0) {
            unique.set(0, new Point(0, 0, 0));
        }
        List<Point> hull = new ArrayList<>();
        for (Point p : unique) {
            while (hull.size() >= 2) {
                Point a = hull.get(hull.size() - 2);
                Point b = hull.get(hull.size() - 1);
                // remove b when it lies above the segment a→p (collinear points stay: finer steps, less overshoot)
                double cross = (b.saved() - a.saved()) * (p.loss() - a.loss())
                        - (b.loss() - a.loss()) * (p.saved() - a.saved());
                if (cross < 0) {
                    hull.remove(hull.size() - 1);
                } else {
                    break;
                }
            }
            hull.add(p);
        }
        return hull;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
