package io.prunesweep.prune;

import io.prunesweep.model.Net;
import io.prunesweep.model.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Retrains a pruned network with its mask held (see {@link MaskEnforcer}). A loss that becomes NaN or
 * infinite fails the candidate with a clear reason instead of producing a meaningless result.
 */
public final class FineTuner {
    private FineTuner() {
    }

    /**
     * @param net          the network, already masked; trained in place
     * @param train        training minibatches; each epoch is one pass
     * @param epochs       number of passes (0 = only re-apply the mask)
     * @param learningRate learning rate for the network's updater
     * @param masks        masks to hold
     * @return the final minibatch loss (NaN when epochs = 0)
     * @throws io.prunesweep.model.TrainingDivergedException when the loss becomes NaN or infinite
     */
    public static double fineTune(Net net, DataSetIterator train, int epochs, double learningRate,
                                  MaskSet masks) {
        return fineTune(net, train, epochs, learningRate, new MaskEnforcer(masks), List.of());
    }

    /**
     * Fine-tunes with a given enforcer (whose masks may be swapped during training) and extra listeners
     * called after it on every iteration.
     */
    public static double fineTune(Net net, DataSetIterator train, int epochs, double learningRate,
                                  MaskEnforcer enforcer, List<TrainingListener> extra) {
        enforcer.masks().applyTo(net);
        if (epochs == 0) {
            return Double.NaN;
        }
        List<TrainingListener> before = new ArrayList<>(net.listeners());
        List<TrainingListener> with = new ArrayList<>(before);
        with.add(enforcer);
        with.addAll(extra);
        net.setListeners(with);
        net.setLearningRate(learningRate);
        try {
            double score = Double.NaN;
            for (int e = 0; e < epochs; e++) {
                if (!train.hasNext()) {
                    train.reset();
                }
                net.fit(train);
                score = net.score();
                if (!Double.isFinite(score)) {
                    throw new TrainingDivergedException("fine-tuning diverged: loss is " + score
                            + " after epoch " + (e + 1)
                            + " (learning rate " + learningRate + ")");
                }
            }
            return score;
        } finally {
            net.setListeners(before);
        }
    }
}
