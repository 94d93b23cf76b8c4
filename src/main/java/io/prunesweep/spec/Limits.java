package io.prunesweep.spec;

/**
 * The value ranges of a candidate's settings, checked in one place for both a single
 * {@link CandidateConfig} and every value of a {@link SearchSpace} list, so the two can never disagree.
 * Each takes the field's name so the violation names it as the spec spells it.
 */
final class Limits {
    private Limits() {
    }

    static double sparsity(String field, double s) {
        Check.that(s >= 0 && s < 1, field, s, "must be in [0, 1)");
        return s;
    }

    static int fineTuneEpochs(String field, int e) {
        Check.that(e >= 0, field, e, "must be >= 0");
        return e;
    }

    static double learningRate(String field, double lr) {
        Check.that(lr > 0, field, lr, "must be > 0");
        Check.that(!Double.isInfinite(lr), field, lr, "must be finite");
        return lr;
    }

    static int batchSize(String field, int b) {
        Check.that(b >= 1, field, b, "must be >= 1");
        return b;
    }

    static double maxLayerSparsity(String field, double m) {
        Check.that(m > 0 && m <= 1, field, m, "must be in (0, 1]");
        return m;
    }

    static int rounds(String field, int r) {
        Check.that(r >= 1, field, r, "must be >= 1");
        return r;
    }
}
