package io.prunesweep.spec;

import java.io.Serializable;
import java.util.Locale;

/**
 * A block of a weight matrix pruned as one unit, spelled {@code "RxC"} in specs (e.g. {@code "4x1"}):
 * {@code rows} consecutive inputs (the reduction dimension) by {@code cols} consecutive outputs.
 *
 * @param rows block height along the input dimension, &ge; 1
 * @param cols block width along the output dimension, &ge; 1
 */
public record BlockShape(int rows, int cols) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default, 4x1. */
    public static final BlockShape DEFAULT = new BlockShape(4, 1);

    public BlockShape {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("block sizes must be >= 1, found " + rows + "x" + cols);
        }
    }

    /** The spec spelling, e.g. {@code 4x1}. */
    public String id() {
        return rows + "x" + cols;
    }

    /**
     * Parses {@code "RxC"} (case-insensitive x).
     *
     * @throws IllegalArgumentException when malformed or a size is below 1
     */
    public static BlockShape parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String[] p = t.split("x", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("expected RxC such as 4x1, found '" + text + "'");
        }
        try {
            return new BlockShape(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected RxC with integers such as 4x1, found '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
