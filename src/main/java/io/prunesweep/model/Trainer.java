package io.prunesweep.model;

import java.util.function.IntConsumer;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Trains a base model for a number of epochs; the iterator's own seed makes the run reproducible. */
public final class Trainer {
    private Trainer() {
    }

    /**
     * @param net     the network, trained in place
     * @param train   training minibatches (reset between epochs)
     * @param epochs  passes over the data, ≥ 1
     * @param onEpoch called with the finished epoch number (1-based), for progress output
     */
    public static void train(Net net, DataSetIterator train, int epochs, IntConsumer onEpoch) {
        if (epochs < 1) {
            throw new ModelException("epochs must be ≥ 1, found " + epochs);
        }
        for (int e = 1; e <= epochs; e++) {
            if (!train.hasNext()) {
                train.reset();
            }
            net.fit(train);
            if (!Double.isFinite(net.score())) {
                throw new TrainingDivergedException("training diverged: loss is " + net.score() + " after epoch " + e);
            }
            onEpoch.accept(e);
        }
    }
}
