package io.prunesweep.sweep;

import io.prunesweep.sweep.BudgetAllocator.Point;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The exact path of {@link BudgetAllocator}: depth-first over the layers' choices with the two bounds its
 * class comment describes. Mutable and single-use: one instance per allocation.
 */
final class ExactBudgetSearch {
    final List<Integer> layers;
    final ToDoubleFunction<Map<Integer, Double>> realIfMet;
    final Map<Map<Integer, Double>, Double> cache = new HashMap<>();
    double bestReal = Double.NaN;
    final List<List<Point>> choices;
    final double need;
    final double[] maxRest;
    final double[] minLossRest;
    final Point[] current;
    Point[] best;
    double bestLoss = Double.POSITIVE_INFINITY;
    double bestSaved = Double.POSITIVE_INFINITY;

    ExactBudgetSearch(List<Integer> layers, List<List<Point>> choices, double need,
                      ToDoubleFunction<Map<Integer, Double>> realIfMet) {
        this.layers = layers;
        this.realIfMet = realIfMet;
        this.choices = choices;
        this.need = need;
        int n = choices.size();
        maxRest = new double[n + 1];
        minLossRest = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            maxRest[i] = maxRest[i + 1] + choices.get(i).stream().mapToDouble(Point::saved).max().orElse(0);
            minLossRest[i] = minLossRest[i + 1] + choices.get(i).stream().mapToDouble(Point::loss).min().orElse(0);
        }
        current = new Point[n];
    }

    void dfs(int i, double saved, double loss) {
        if (saved + maxRest[i] < need - 1e-9 || loss + minLossRest[i] > bestLoss + 1e-12) {
            return;
        }
        if (i == choices.size()) {
            boolean better = loss < bestLoss - 1e-12 || (Math.abs(loss - bestLoss) <= 1e-12 && saved < bestSaved);
            double value = Double.NaN;
            if (better && realIfMet != null) {
                Map<Integer, Double> r = new TreeMap<>();
                for (int k = 0; k < current.length; k++) {
                    r.put(layers.get(k), current[k].ratio());
                }
                value = cache.computeIfAbsent(r, realIfMet::applyAsDouble);
                better = !Double.isNaN(value); // NaN: the real value misses the budget
            }
            if (better) {
                bestReal = value;
                best = current.clone();
                bestLoss = loss;
                bestSaved = saved;
            }
            return;
        }
        for (Point p : choices.get(i)) {
            current[i] = p;
            dfs(i + 1, saved + p.saved(), loss + p.loss());
        }
    }
}
