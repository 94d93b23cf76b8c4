package io.prunesweep.eval;

/**
 * Forward-pass FLOPs per example, as counted by {@link FlopCounter}: a multiply–add is 2 FLOPs;
 * biases, activations, pooling and layers FlopCounter does not model are not counted.
 *
 * @param dense     FLOPs if every weight were stored and multiplied
 * @param effective FLOPs if multiplications by zero weights were skipped
 */
public record FlopStats(long dense, long effective) {

    /** Validates {@code 0 <= effective <= dense}. */
    public FlopStats {
        if (dense < 0 || effective < 0) {
            throw new IllegalArgumentException("FLOPs must be >= 0");
        }
        if (effective > dense) {
            throw new IllegalArgumentException("effective " + effective + " > dense " + dense);
        }
    }

    /** {@code effective / dense}; 1 when there is nothing to count. */
    public double effectiveFraction() {
        return dense == 0 ? 1.0 : (double) effective / dense;
    }

    /** Theoretical speed-up {@code dense / effective}; infinite if all counted weights are zero. */
    public double speedup() {
        if (dense == 0) {
            return 1.0;
        }
        return effective == 0 ? Double.POSITIVE_INFINITY : (double) dense / effective;
    }

    FlopStats plus(FlopStats other) {
        return new FlopStats(Math.addExact(dense, other.dense), Math.addExact(effective, other.effective));
    }
}
