package io.prunesweep.spec;

import java.io.Serializable;

/**
 * Limits on what any candidate may prune, the same for every candidate of a sweep. Read from the
 * {@code space} keys {@code pruneOutputLayer} and {@code maxLayerSparsity}.
 *
 * @param pruneOutputLayer whether the output layer's weights may be pruned too
 * @param maxLayerSparsity cap on any single layer's sparsity, in (0, 1], so global scope never empties a layer
 */
public record Caps(boolean pruneOutputLayer, double maxLayerSparsity) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default of {@code space.maxLayerSparsity}. */
    public static final double DEFAULT_MAX_LAYER_SPARSITY = 0.99;

    public Caps {
        Check.that(maxLayerSparsity > 0 && maxLayerSparsity <= 1, "maxLayerSparsity", maxLayerSparsity,
                "must be in (0, 1]");
    }

    /** The defaults: the output layer is kept whole, no layer beyond 99 %. */
    public static Caps defaults() {
        return new Caps(false, DEFAULT_MAX_LAYER_SPARSITY);
    }

    /** Reads its keys of {@code space}: pruneOutputLayer false, maxLayerSparsity 0.99. */
    static Caps read(Section s) {
        boolean pruneOutputLayer = s.bool("pruneOutputLayer", false);
        double maxLayerSparsity = s.number("maxLayerSparsity", DEFAULT_MAX_LAYER_SPARSITY);
        return s.build(() -> new Caps(pruneOutputLayer, maxLayerSparsity));
    }
}
