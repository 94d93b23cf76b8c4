package io.prunesweep.eval;

import io.prunesweep.model.Net;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
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
 * cross-entropy {@code -Σ y·ln p}. Inference mode is used throughout (no dropout). For unmasked data into a
 * {@code MultiLayerNetwork} the layers below the output layer run once per batch for both figures (the same
 * values the two DL4J calls compute separately); a {@code ComputationGraph} runs its {@code output} and
 * {@code scoreExamples}.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * Evaluates {@code net} on every batch of {@code data}, resetting it first if it supports reset.
     *
     * @throws IllegalArgumentException if the iterator yields no examples
     */
    public static EvalResult evaluate(Net net, DataSetIterator data) {
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
    public static EvalResult evaluate(Net net, DataSet data) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(data, "data");
        Accumulator acc = new Accumulator();
        acc.add(net, data);
        return acc.result();
    }

    static final class Accumulator {
        private final Evaluation evaluation = new Evaluation();
        private double lossSum;
        private long examples;

        void add(Net net, DataSet batch) {
            int n = batch.numExamples();
            if (n == 0) {
                return;
            }
            INDArray out;
            INDArray scores;
            if (net instanceof Net.Chain c && onePass(c.network(), batch)) {
                INDArray[] both = outputAndScores(c.network(), batch);
                out = both[0];
                scores = both[1];
            } else {
                out = net.output(batch.getFeatures(), batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
                scores = net.scoreExamples(batch);
            }
            evaluation.eval(batch.getLabels(), out, batch.getLabelsMaskArray());
            // Summed rather than averaged per batch so a short last batch gets its true weight.
            lossSum += scores.sumNumber().doubleValue();
            examples += n;
        }

        /** Unmasked data into a network that ends in an output layer: the common case, served by one pass. */
        static boolean onePass(MultiLayerNetwork net, DataSet batch) {
            return batch.getFeaturesMaskArray() == null && batch.getLabelsMaskArray() == null && net.getnLayers() > 1
                    && net.getOutputLayer() instanceof IOutputLayer;
        }

        /**
         * What {@code net.output(features, false)} and {@code net.scoreExamples(batch, false)} return, with the
         * layers below the output layer run once instead of twice: both calls run them in inference mode on the
         * same features and differ only in the output layer, which here gets the shared input (through its
         * preprocessor, as both calls do) and is asked for its activations and its per-example loss. The same
         * ops on the same values give the same bits (EvaluatorTest compares with the two calls).
         */
        static INDArray[] outputAndScores(MultiLayerNetwork net, DataSet batch) {
            int last = net.getnLayers() - 1;
            // the list starts with the input itself, so entry i + 1 is layer i's output
            INDArray below = net.feedForwardToLayer(last - 1, batch.getFeatures(), false).get(last);
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
            if (pre != null) {
                below = pre.preProcess(below, (int) batch.getFeatures().size(0), mgr);
            }
            Layer outputLayer = net.getOutputLayer();
            IOutputLayer ol = (IOutputLayer) outputLayer;
            try {
                INDArray out = outputLayer.activate(below, false, mgr);
                ol.setLabels(batch.getLabels());
                outputLayer.setInput(below, mgr);
                INDArray scores = ol.computeScoreForExamples(0, mgr);
                return new INDArray[] {out, scores};
            } finally {
                net.clear();
            }
        }

        EvalResult result() {
            if (examples == 0) {
                throw new IllegalArgumentException("no examples to evaluate");
            }
            return new EvalResult(evaluation.accuracy(), lossSum / examples, examples);
        }
    }
}
