package io.prunesweep.spec;

import java.io.Serializable;

/**
 * How one candidate is fine-tuned after pruning.
 *
 * @param epochs       fine-tuning epochs, &ge; 0
 * @param learningRate fine-tuning learning rate, &gt; 0 and finite
 * @param batchSize    fine-tuning mini-batch size, &ge; 1
 */
public record FineTune(int epochs, double learningRate, int batchSize) implements Serializable {

    private static final long serialVersionUID = 1L;

    public FineTune {
        epochs("fineTuneEpochs", epochs);
        learningRate("learningRate", learningRate);
        batchSize("batchSize", batchSize);
    }

    // the rules for one value, shared with FineTuneSpace

    static int epochs(String field, int e) {
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
}
