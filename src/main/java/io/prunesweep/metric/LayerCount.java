package io.prunesweep.metric;

import java.io.Serializable;
import java.util.Objects;

/**
 * Parameter counts of one layer of a measured model.
 *
 * @param index   layer index
 * @param type    layer type (the DL4J layer class name)
 * @param params  parameters of the layer (weights and bias), &ge; 0
 * @param nonzero parameters not exactly zero, &ge; 0
 */
public record LayerCount(int index, String type, long params, long nonzero) implements Serializable {
    private static final long serialVersionUID = 1L;

    public LayerCount {
        Objects.requireNonNull(type, "type");
        if (index < 0 || params < 0 || nonzero < 0) {
            throw new IllegalArgumentException("layer " + index + ": index, params and nonzero must be >= 0, found "
                    + index + ", " + params + ", " + nonzero);
        }
    }

    /** 1 − nonzero/params (0 for a layer without parameters). */
    public double sparsity() {
        return params == 0 ? 0 : 1 - (double) nonzero / params;
    }
}
