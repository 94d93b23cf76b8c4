package io.prunesweep.pareto;

import java.util.List;

/**
 * The knee of a front: see {@link ParetoFront#knee()} for the definition. Kept apart from the front
 * because it only needs the members' value vectors, and so it can be read without the front's
 * bookkeeping around it.
 */
final class Knee {
    private Knee() {
    }

    /**
     * Index of the knee among {@code values} (one vector per member, in the front's order; at least one).
     */
    static int index(double[][] values, List<Objective> objectives) {
        double[][] norm = normalised(values, objectives);
        if (objectives.size() == 2 && norm.length >= 3) {
            int a = argBest(norm, 0);
            int b = argBest(norm, 1);
            double dx = norm[b][0] - norm[a][0];
            double dy = norm[b][1] - norm[a][1];
            double len = Math.hypot(dx, dy);
            if (len > 0) {
                // Sign the distance so the ideal corner (1,1) is on the positive side.
                double sign = Math.signum(dx * (1 - norm[a][1]) - dy * (1 - norm[a][0]));
                int best = -1;
                double bestDist = 1e-12;
                for (int i = 0; i < norm.length; i++) {
                    double cross = dx * (norm[i][1] - norm[a][1]) - dy * (norm[i][0] - norm[a][0]);
                    double dist = sign * cross / len;
                    if (dist > bestDist) {
                        bestDist = dist;
                        best = i;
                    }
                }
                if (best >= 0) {
                    return best;
                }
            }
        }
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int i = 0; i < norm.length; i++) {
            double s = 0;
            for (double x : norm[i]) {
                s += (1 - x) * (1 - x);
            }
            if (s < bestDist) {
                bestDist = s;
                best = i;
            }
        }
        return best;
    }

    /** Each objective scaled over the members to [0, 1], best at 1; a constant objective becomes 1. */
    private static double[][] normalised(double[][] values, List<Objective> objectives) {
        int d = objectives.size();
        double[][] out = new double[values.length][d];
        for (int j = 0; j < d; j++) {
            Direction dir = objectives.get(j).direction();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] v : values) {
                double o = dir.oriented(v[j]);
                lo = Math.min(lo, o);
                hi = Math.max(hi, o);
            }
            for (int i = 0; i < values.length; i++) {
                double o = dir.oriented(values[i][j]);
                out[i][j] = hi > lo ? (o - lo) / (hi - lo) : 1.0;
            }
        }
        return out;
    }

    private static int argBest(double[][] norm, int j) {
        int best = 0;
        for (int i = 1; i < norm.length; i++) {
            if (norm[i][j] > norm[best][j]) {
                best = i;
            }
        }
        return best;
    }
}
