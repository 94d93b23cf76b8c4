package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * How a sweep's candidates are fine-tuned after pruning. Read from the {@code space} keys
 * {@code fineTuneEpochs}, {@code learningRate} and {@code batchSize}.
 *
 * @param epochs        fine-tuning epochs, each &ge; 0, at least one, no duplicates
 * @param learningRates fine-tuning learning rates, each &gt; 0 and finite, at least one, no duplicates
 * @param batchSize     fine-tuning batch size shared by all candidates, &ge; 1
 */
public record FineTuneSpace(List<Integer> epochs, List<Double> learningRates, int batchSize)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default of {@code space.fineTuneEpochs}. */
    public static final List<Integer> DEFAULT_EPOCHS = List.of(1);
    /** Default of {@code space.learningRate}. */
    public static final List<Double> DEFAULT_LEARNING_RATES = List.of(0.001);
    /** Default of {@code space.batchSize}. */
    public static final int DEFAULT_BATCH_SIZE = 128;

    public FineTuneSpace {
        epochs = Check.distinct("fineTuneEpochs", epochs);
        learningRates = Check.distinct("learningRate", Check.plusZero(learningRates));
        Check.each("fineTuneEpochs", epochs, FineTune::epochs);
        Check.each("learningRate", learningRates, FineTune::learningRate);
        FineTune.batchSize("batchSize", batchSize);
    }

    /** Reads its keys of {@code space}: fineTuneEpochs [1], learningRate [0.001], batchSize 128. */
    static FineTuneSpace read(Section s) {
        List<Integer> epochs = s.integers("fineTuneEpochs", DEFAULT_EPOCHS);
        List<Double> learningRates = s.numbers("learningRate", DEFAULT_LEARNING_RATES);
        int batchSize = s.integer("batchSize", DEFAULT_BATCH_SIZE);
        return s.build(() -> new FineTuneSpace(epochs, learningRates, batchSize));
    }
}
