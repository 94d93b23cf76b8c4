package io.prunesweep.prune;

import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.spec.Granularity;

/**
 * Weight-norm criteria. At element granularity every norm is |w|. On a neuron or channel: L1 = Σ|w|,
 * L2 = √Σw² over the unit's own weights (its column or filter), and "magnitude" = mean |w|, which is the
 * L1 norm divided by the unit's size so that units of layers with different fan-in compare fairly under
 * global scope.
 */
public final class NormCriterion implements Criterion {

    /** Which norm. */
    public enum Norm { MEAN_ABS, L1, L2 }

    private final Norm norm;

    /** A criterion for the given norm. */
    public NormCriterion(Norm norm) {
        this.norm = norm;
    }

    @Override
    public float[] score(ScoringContext ctx, PrunableLayer layer, Granularity g) {
        float[] w = ctx.weights(layer.weightKey());
        if (!g.structured()) {
            float[] s = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                s[i] = Math.abs(w[i]);
            }
            return s;
        }
        long[] shape = ctx.shape(layer.weightKey());
        float[] s = new float[(int) layer.nOut()];
        for (int j = 0; j < s.length; j++) {
            int[] idx = UnitSlices.producer(layer, shape, j);
            double acc = 0;
            for (int i : idx) {
                acc += norm == Norm.L2 ? (double) w[i] * w[i] : Math.abs(w[i]);
            }
            s[j] = (float) switch (norm) {
                case L1 -> acc;
                case L2 -> Math.sqrt(acc);
                case MEAN_ABS -> acc / idx.length;
            };
        }
        return s;
    }

    /** A block's L1 (Σ|w|), L2 (√Σw²) or magnitude (mean |w|). */
    @Override
    public float[] scoreGroups(ScoringContext ctx, PrunableLayer layer, int[][] groups) {
        float[] w = ctx.weights(layer.weightKey());
        float[] s = new float[groups.length];
        for (int b = 0; b < groups.length; b++) {
            double acc = 0;
            for (int i : groups[b]) {
                acc += norm == Norm.L2 ? (double) w[i] * w[i] : Math.abs(w[i]);
            }
            s[b] = (float) switch (norm) {
                case L1 -> acc;
                case L2 -> Math.sqrt(acc);
                case MEAN_ABS -> acc / groups[b].length;
            };
        }
        return s;
    }
}
