package io.prunesweep.pareto;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact hypervolume of a set of value vectors against a reference point (see
 * {@link ParetoFront#hypervolume(double[])} for the space it is measured in), by recursive slicing
 * along the last objective (HSO).
 */
final class Hypervolume {
    private Hypervolume() {
    }

    /** Volume dominated by {@code values} and bounded by {@code ref}; vectors not beyond it count nothing. */
    static double of(List<double[]> values, List<Objective> objectives, double[] ref) {
        int d = objectives.size();
        List<double[]> pts = new ArrayList<>(values.size());
        for (double[] v : values) {
            double[] g = new double[d];
            boolean inside = true;
            for (int j = 0; j < d && inside; j++) {
                Direction dir = objectives.get(j).direction();
                g[j] = dir.oriented(v[j]) - dir.oriented(ref[j]);
                inside = g[j] > 0;
            }
            if (inside) {
                pts.add(g);
            }
        }
        return slice(pts, d);
    }

    /**
     * Volume of the union of boxes [0, p] over the first {@code dims} coordinates of each point.
     * Sorting along the last coordinate cuts the union into slabs whose cross-section is the
     * (dims-1)-dimensional union of the points reaching at least that high.
     */
    private static double slice(List<double[]> pts, int dims) {
        if (pts.isEmpty()) {
            return 0.0;
        }
        int last = dims - 1;
        List<double[]> sorted = new ArrayList<>(pts);
        sorted.sort((x, y) -> Double.compare(y[last], x[last]));
        if (dims == 1) {
            return sorted.get(0)[0];
        }
        double volume = 0.0;
        if (dims == 2) {
            // Staircase: walking down in y, each point adds the strip its x reaches beyond the best so far.
            double maxX = 0.0;
            for (int i = 0; i < sorted.size(); i++) {
                double[] p = sorted.get(i);
                maxX = Math.max(maxX, p[0]);
                double below = i + 1 < sorted.size() ? sorted.get(i + 1)[1] : 0.0;
                volume += maxX * (p[1] - below);
            }
            return volume;
        }
        for (int i = 0; i < sorted.size(); i++) {
            double below = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : 0.0;
            double depth = sorted.get(i)[last] - below;
            if (depth > 0) {
                volume += depth * slice(sorted.subList(0, i + 1), dims - 1);
            }
        }
        return volume;
    }
}
