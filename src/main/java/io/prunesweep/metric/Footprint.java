package io.prunesweep.metric;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a model costs, independent of data: parameter counts, storage sizes and FLOPs.
 *
 * @param params         total parameters of the (masked) model
 * @param nonzeroParams  parameters not exactly zero
 * @param denseBytes     float32 dense size
 * @param sparseBytes    min(bitmask, CSR) size
 * @param zipBytes       size of the DL4J model zip
 * @param flops          dense FLOPs per example
 * @param effectiveFlops FLOPs per example of the nonzero weights
 * @param shrunkParams   parameters of the physically shrunk model (structured granularities), -1 when there is none
 * @param layers         per-layer counts in layer order; empty, or adding up to {@code params} and
 *                       {@code nonzeroParams}
 */
public record Footprint(long params, long nonzeroParams, long denseBytes, long sparseBytes, long zipBytes, long flops,
                        long effectiveFlops, long shrunkParams, List<LayerCount> layers) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Footprint {
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        if (params < 0 || nonzeroParams < 0 || denseBytes < 0 || sparseBytes < 0 || zipBytes < 0 || flops < 0
                || effectiveFlops < 0) {
            throw new IllegalArgumentException("counts and sizes must be >= 0: params=" + params + " nonzeroParams="
                    + nonzeroParams + " denseBytes=" + denseBytes + " sparseBytes=" + sparseBytes + " zipBytes="
                    + zipBytes + " flops=" + flops + " effectiveFlops=" + effectiveFlops);
        }
        if (nonzeroParams > params) {
            throw new IllegalArgumentException("nonzeroParams " + nonzeroParams + " exceeds params " + params);
        }
        if (shrunkParams < -1) {
            throw new IllegalArgumentException("shrunkParams must be >= 0, or -1 for none: " + shrunkParams);
        }
        if (!layers.isEmpty()) {
            long p = layers.stream().mapToLong(LayerCount::params).sum();
            long n = layers.stream().mapToLong(LayerCount::nonzero).sum();
            if (p != params || n != nonzeroParams) {
                throw new IllegalArgumentException("layer counts (" + p + ", " + n + ") do not add up to params "
                        + params + " and nonzeroParams " + nonzeroParams);
            }
        }
    }

    /** 1 − nonzeroParams/params over all parameters (0 for a model without parameters). */
    public double sparsity() {
        return params == 0 ? 0.0 : 1.0 - (double) nonzeroParams / params;
    }
}
