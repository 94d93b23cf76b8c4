package io.prunesweep.prune;

import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.spec.Granularity;
import java.util.SplittableRandom;

/**
 * Random scores: the control every pruning study needs. Seeded by the candidate seed and the layer
 * index, so the same candidate always removes the same units.
 */
public final class RandomCriterion implements Criterion {
    @Override
    public float[] score(ScoringContext ctx, PrunableLayer layer, Granularity g) {
        int n = !g.structured() ? ctx.weights(layer.weightKey()).length : (int) layer.nOut();
        return random(ctx, layer, n);
    }

    /** One random score per block. */
    @Override
    public float[] scoreGroups(ScoringContext ctx, PrunableLayer layer, int[][] groups) {
        return random(ctx, layer, groups.length);
    }

    private static float[] random(ScoringContext ctx, PrunableLayer layer, int n) {
        // a separable convolution's pointwise array shares the layer index: its own stream, not a copy of _W's
        long stream = Topology.PrunableLayer.W.equals(layer.weight()) ? 0 : 0x5DEECE66DL;
        SplittableRandom r = new SplittableRandom(ctx.seed() * 1_000_003L + layer.index() + stream);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) r.nextDouble();
        }
        return s;
    }
}
