package io.prunesweep.eval;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The static (data-independent) measurements of a network in one value.
 *
 * @param size   storage sizes, see {@link SizeMetrics}
 * @param flops  forward-pass FLOPs per example, see {@link FlopCounter}
 * @param layers per-layer parameter counts, in layer order (unmodifiable copy)
 */
public record ModelMetrics(SizeMetrics size, FlopStats flops, List<LayerStats> layers) {

    /** Validates non-null fields and that the layer counts add up to the total. */
    public ModelMetrics {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(flops, "flops");
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        long params = layers.stream().mapToLong(LayerStats::params).sum();
        long nonzero = layers.stream().mapToLong(LayerStats::nonzero).sum();
        if (params != size.totalParams() || nonzero != size.nonzeroParams()) {
            throw new IllegalArgumentException("layer counts (" + params + ", " + nonzero
                    + ") do not add up to size counts (" + size.totalParams() + ", " + size.nonzeroParams() + ")");
        }
    }

    /** Measures size, FLOPs and per-layer counts of {@code net} for inputs of type {@code in}. */
    public static ModelMetrics of(MultiLayerNetwork net, InputType in) {
        return new ModelMetrics(SizeMetrics.of(net), FlopCounter.count(net, in), LayerStats.of(net));
    }
}
