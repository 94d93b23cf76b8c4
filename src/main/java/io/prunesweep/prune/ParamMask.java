package io.prunesweep.prune;

import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Which entries of one parameter array survive pruning: bit {@code i} set means entry {@code i} (in C
 * order over {@code shape}) is kept. Immutable.
 */
public final class ParamMask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final long[] shape;
    private final long length;
    private final BitSet kept;

    /**
     * @param key   parameter key, e.g. {@code "0_W"}
     * @param shape the parameter's shape
     * @param kept  kept entries in C order (copied)
     */
    public ParamMask(String key, long[] shape, BitSet kept) {
        if (key == null || key.isBlank()) {
            throw new PruneException("mask key must not be blank");
        }
        long len = 1;
        for (long d : shape) {
            if (d <= 0) {
                throw new PruneException("mask " + key + ": bad shape " + Arrays.toString(shape));
            }
            len *= d;
        }
        if (kept.length() > len) {
            throw new PruneException("mask " + key + ": bit " + (kept.length() - 1) + " outside shape "
                    + Arrays.toString(shape));
        }
        this.key = key;
        this.shape = shape.clone();
        this.length = len;
        this.kept = (BitSet) kept.clone();
    }

    /** A mask keeping everything. */
    public static ParamMask all(String key, long[] shape) {
        long len = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        BitSet b = new BitSet((int) len);
        b.set(0, (int) len);
        return new ParamMask(key, shape, b);
    }

    public String key() {
        return key;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Number of entries. */
    public long length() {
        return length;
    }

    /** Whether entry {@code i} (C order) is kept. */
    public boolean isKept(int i) {
        return kept.get(i);
    }

    /** Number of kept entries. */
    public long keptCount() {
        return kept.cardinality();
    }

    /** A copy of the kept bits. */
    public BitSet keptBits() {
        return (BitSet) kept.clone();
    }

    /** The entries kept by both masks (pruning is cumulative across rounds). */
    public ParamMask and(ParamMask other) {
        if (!key.equals(other.key) || !Arrays.equals(shape, other.shape)) {
            throw new PruneException("cannot combine mask " + key + Arrays.toString(shape) + " with "
                    + other.key + Arrays.toString(other.shape));
        }
        BitSet b = keptBits();
        b.and(other.kept);
        return new ParamMask(key, shape, b);
    }

    /** The mask as a float array of 0/1 in C order, ready to multiply the parameter with. */
    public float[] toFloats() {
        float[] f = new float[(int) length];
        for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
            f[i] = 1f;
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamMask m && key.equals(m.key) && Arrays.equals(shape, m.shape) && kept.equals(m.kept);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + kept.hashCode();
    }

    @Override
    public String toString() {
        return "ParamMask[" + key + Arrays.toString(shape) + " kept " + keptCount() + "/" + length + "]";
    }
}
