package io.prunesweep.prune;

import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.spec.Granularity;
import java.util.List;

/**
 * First-order Taylor importance (Molchanov et al. 2017): the estimated change in loss when a unit's
 * activation is set to zero, here |minibatch mean of a · ∂L/∂a| (summed over a channel's spatial
 * positions), averaged over a few minibatches.
 *
 * <p>The product is obtained from weight gradients rather than activation gradients, which DL4J does not
 * expose per layer: for a unit j read by a consumer with weights V, a_j · ∂L/∂a_j summed over the
 * minibatch equals Σ_k V[j,k] · ∂L/∂V[j,k] (and for a convolution consumer the same sum over its input
 * slice, which also sums over spatial positions). DL4J's raw gradients are minibatch sums;
 * {@link ScoringContext} divides by the minibatch size, so this is the minibatch mean. The absolute value
 * is taken per minibatch, after the mean: unlike Molchanov et al., who take it per example, contributions of
 * different examples within one minibatch may cancel (a cheaper, coarser estimate; tested against a finite
 * difference of the loss). At element granularity the score is the per-weight first-order term
 * |w · ∂L/∂w| averaged over minibatches.
 */
public final class TaylorCriterion implements Criterion {
    @Override
    public float[] score(ScoringContext ctx, PrunableLayer layer, Granularity g) {
        if (!g.structured()) {
            List<float[]> products = ctx.taylorProducts(layer.weightKey());
            float[] s = new float[products.get(0).length];
            for (float[] p : products) {
                for (int i = 0; i < s.length; i++) {
                    s[i] += Math.abs(p[i]) / products.size();
                }
            }
            return s;
        }
        String cKey = layer.consumer() + "_W";
        List<float[]> products = ctx.taylorProducts(cKey);
        long[] cShape = ctx.shape(cKey);
        float[] s = new float[(int) layer.nOut()];
        for (int j = 0; j < s.length; j++) {
            int[] idx = UnitSlices.consumer(layer, cShape, j);
            double total = 0;
            for (float[] p : products) {
                double sum = 0;
                for (int i : idx) {
                    sum += p[i];
                }
                total += Math.abs(sum);
            }
            s[j] = (float) (total / products.size());
        }
        return s;
    }

    /** A block's Taylor score: |Σ_block w·∂L/∂w| per minibatch, averaged over minibatches. */
    @Override
    public float[] scoreGroups(ScoringContext ctx, PrunableLayer layer, int[][] groups) {
        List<float[]> products = ctx.taylorProducts(layer.weightKey());
        float[] s = new float[groups.length];
        for (int b = 0; b < groups.length; b++) {
            double total = 0;
            for (float[] p : products) {
                double sum = 0;
                for (int i : groups[b]) {
                    sum += p[i];
                }
                total += Math.abs(sum);
            }
            s[b] = (float) (total / products.size());
        }
        return s;
    }
}
