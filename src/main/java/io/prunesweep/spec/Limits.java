package io.prunesweep.spec;

/**
 * The value ranges of a candidate's settings, checked in one place for both a single
 * {@link CandidateConfig} and every value of a {@link SearchSpace} list, so the two can never disagree.
 */
final class Limits {
    private Limits() {
    }

    static double sparsity(double s) {
        return check(s >= 0 && s < 1, "sparsity must be in [0, 1): " + s, s);
    }

    static int fineTuneEpochs(int e) {
        return (int) check(e >= 0, "fineTuneEpochs must be >= 0: " + e, e);
    }

    static double learningRate(double lr) {
        return check(lr > 0 && !Double.isInfinite(lr), "learningRate must be > 0 and finite: " + lr, lr);
    }

    static int batchSize(int b) {
        return (int) check(b >= 1, "batchSize must be >= 1: " + b, b);
    }

    static double maxLayerSparsity(double m) {
        return check(m > 0 && m <= 1, "maxLayerSparsity must be in (0, 1]: " + m, m);
    }

    static int rounds(int r) {
        return (int) check(r >= 1, "rounds must be >= 1: " + r, r);
    }

    private static double check(boolean ok, String message, double value) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
