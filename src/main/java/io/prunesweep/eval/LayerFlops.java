package io.prunesweep.eval;

import java.util.Objects;

/**
 * FLOPs of one layer, see {@link FlopCounter} for the counting rules.
 *
 * @param index layer position, from 0
 * @param name  DL4J layer name, as in {@link LayerStats#name()}
 * @param type  simple class name of the layer configuration
 * @param flops dense and effective FLOPs per example
 * @param note  empty when the layer is modelled; otherwise why its FLOPs are reported as 0
 */
public record LayerFlops(int index, String name, String type, FlopStats flops, String note) {

    /** Validates non-null fields and a non-negative index. */
    public LayerFlops {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(flops, "flops");
        Objects.requireNonNull(note, "note");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0: " + index);
        }
    }

    /** Whether FlopCounter knows how to count this layer type. */
    public boolean counted() {
        return note.isEmpty();
    }
}
