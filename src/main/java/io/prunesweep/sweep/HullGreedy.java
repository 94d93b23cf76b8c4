package io.prunesweep.sweep;

import io.prunesweep.sweep.BudgetAllocator.Point;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The large-grid path of {@link BudgetAllocator}: the multiple-choice-knapsack greedy over the layers' lower
 * convex hulls, followed by a pass that takes back any overshoot its class comment describes.
 */
final class HullGreedy {
    private HullGreedy() {
    }

    /** Hull greedy, then each layer moved back to a cheaper smaller ratio while the budget stays met. */
    static Point[] pick(List<Integer> layers, Map<Integer, List<Point>> hulls, List<List<Point>> choices,
                                  double need) {
        Map<Integer, Integer> at = new TreeMap<>();
        hulls.keySet().forEach(k -> at.put(k, 0));
        record Step(int layer, double slope) {
        }
        PriorityQueue<Step> q = new PriorityQueue<>(Comparator.comparingDouble(Step::slope)
                .thenComparingInt(Step::layer));
        hulls.forEach((k, h) -> {
            if (h.size() > 1) {
                q.add(new Step(k, slope(h.get(0), h.get(1))));
            }
        });
        double saved = 0;
        while (saved < need - 1e-9 && !q.isEmpty()) {
            Step s = q.poll();
            List<Point> h = hulls.get(s.layer());
            int i = at.get(s.layer());
            saved += h.get(i + 1).saved() - h.get(i).saved();
            at.put(s.layer(), i + 1);
            if (i + 2 < h.size()) {
                q.add(new Step(s.layer(), slope(h.get(i + 1), h.get(i + 2))));
            }
        }
        Point[] pick = new Point[layers.size()];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = hulls.get(layers.get(i)).get(at.get(layers.get(i)));
        }
        for (int i = 0; i < pick.length; i++) {
            for (Point p : choices.get(i)) {
                double s2 = saved - pick[i].saved() + p.saved();
                if (p.ratio() < pick[i].ratio() && s2 >= need - 1e-9 && p.loss() < pick[i].loss()) {
                    saved = s2;
                    pick[i] = p;
                }
            }
        }
        return pick;
    }

    private static double slope(Point a, Point b) {
        return (b.loss() - a.loss()) / (b.saved() - a.saved());
    }
}
