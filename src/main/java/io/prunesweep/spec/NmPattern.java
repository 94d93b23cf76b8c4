package io.prunesweep.spec;

import java.io.Serializable;

/**
 * An N:M sparsity pattern: in every group of {@code m} consecutive weights along a layer's input
 * (reduction) dimension, {@code n} are kept. Spelled {@code "N:M"} in specs, e.g. {@code "2:4"}.
 *
 * @param n weights kept per group, &ge; 1
 * @param m group size, &gt; n
 */
public record NmPattern(int n, int m) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default, 2:4 (the pattern sparse tensor cores accelerate). */
    public static final NmPattern DEFAULT = new NmPattern(2, 4);

    public NmPattern {
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("N:M sizes must be >= 1, found " + n + ":" + m);
        }
        if (n >= m) {
            throw new IllegalArgumentException("N:M needs N < M, found " + n + ":" + m);
        }
    }

    /** The sparsity the pattern implies, 1 − N/M. */
    public double sparsity() {
        return 1 - (double) n / m;
    }

    /** The spec spelling, e.g. {@code 2:4}. */
    public String id() {
        return n + ":" + m;
    }

    /**
     * Parses {@code "N:M"}.
     *
     * @throws IllegalArgumentException when malformed or not 1 &le; N &lt; M
     */
    public static NmPattern parse(String text) {
        String t = text == null ? "" : text.trim();
        String[] p = t.split(":", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("expected N:M such as 2:4, found '" + text + "'");
        }
        try {
            return new NmPattern(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected N:M with integers such as 2:4, found '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
