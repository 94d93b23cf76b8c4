package io.prunesweep.eval;

import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Computes accuracy and loss of a classifier.
 *
 * <p>Accuracy is DL4J's {@link Evaluation#accuracy()} (arg-max of output vs arg-max of label,
 * masks respected). Loss is the output layer's loss per example from
 * {@code net.scoreExamples(batch, false)}, i.e. without L1/L2/weight-decay terms, averaged over all
 * examples (so batches are weighted by their size); for MCXENT/softmax this is the mean
 * cross-entropy {@code -Σ y·ln p}. Inference mode is used throughout (no dropout).
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * Evaluates {@code net} on every batch of {@code data}, resetting it first if it supports reset.
     *
     * @throws IllegalArgumentException if the iterator yields no examples
     */
    public static EvalResult evaluate(MultiLayerNetwork net, DataSetIterator data) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(data, "data");
        if (data.resetSupported()) {
            data.reset();
        }
        Accumulator acc = new Accumulator();
        while (data.hasNext()) {
            acc.add(net, data.next());
        }
        return acc.result();
    }

    /** Evaluates {@code net} on a single in-memory batch. */
    public static EvalResult evaluate(MultiLayerNetwork net, DataSet data) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(data, "data");
        Accumulator acc = new Accumulator();
        acc.add(net, data);
        return acc.result();
    }

    private static final class Accumulator {
        private final Evaluation evaluation = new Evaluation();
        private double lossSum;
        private long examples;

        void add(MultiLayerNetwork net, DataSet batch) {
            int n = batch.numExamples();
            if (n == 0) {
                return;
            }
            INDArray out = net.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(),
                    batch.getLabelsMaskArray());
            evaluation.eval(batch.getLabels(), out, batch.getLabelsMaskArray());
            // Summed rather than averaged per batch so a short last batch gets its true weight.
            lossSum += net.scoreExamples(batch, false).sumNumber().doubleValue();
            examples += n;
        }

        EvalResult result() {
            if (examples == 0) {
                throw new IllegalArgumentException("no examples to evaluate");
            }
            return new EvalResult(evaluation.accuracy(), lossSum / examples, examples);
        }
    }
}
