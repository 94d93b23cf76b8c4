package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class EvaluatorTest {

    /** Softmax layer with identity weights and zero bias: p = softmax(x). */
    private static MultiLayerNetwork identitySoftmax() {
        MultiLayerNetwork net = new MultiLayerNetwork(TestNets.builder().layer(TestNets.softmax(2, 2)).build());
        net.init();
        TestNets.set(net, "0_W", 1, 0, 0, 1);
        TestNets.set(net, "0_b", 0, 0);
        return net;
    }

    /** Arg-max predictions 0, 1, 0, 1 against labels 0, 1, 1, 0: two right. */
    private static DataSet data() {
        return new DataSet(
                Nd4j.create(new float[][] {{2, 0}, {0, 3}, {1, 0}, {0, 1}}),
                Nd4j.create(new float[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}}));
    }

    /** Mean of -ln p(label) with p = softmax(x); for two classes that is ln(1 + e^-(x_label - x_other)). */
    private static double expectedLoss() {
        return (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-3))
                + Math.log1p(Math.exp(1)) + Math.log1p(Math.exp(1))) / 4;
    }

    @Test
    void accuracyAndMeanLossOverUnevenBatches() {
        List<DataSet> examples = data().asList();
        // batches of 3 and 1: the loss must weight by example, not by batch
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(examples, 3);

        EvalResult r = Evaluator.evaluate(Net.of(identitySoftmax()), it);

        assertEquals(0.5, r.accuracy(), 1e-12);
        assertEquals(4, r.examples());
        assertEquals(expectedLoss(), r.loss(), 1e-5);
    }

    @Test
    void resetsIteratorSoRepeatedCallsAgree() {
        MultiLayerNetwork net = identitySoftmax();
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(data().asList(), 2);

        EvalResult first = Evaluator.evaluate(Net.of(net), it);
        EvalResult second = Evaluator.evaluate(Net.of(net), it);

        assertEquals(first, second);
        assertEquals(4, second.examples());
    }

    @Test
    void singleDataSetMatchesIterator() {
        EvalResult r = Evaluator.evaluate(Net.of(identitySoftmax()), data());

        assertEquals(0.5, r.accuracy(), 1e-12);
        assertEquals(expectedLoss(), r.loss(), 1e-5);
    }

    @Test
    void allCorrectWhenLabelsFollowArgmax() {
        DataSet agreeing = new DataSet(
                Nd4j.create(new float[][] {{2, 0}, {0, 3}, {1, 0}, {0, 1}}),
                Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}}));

        EvalResult r = Evaluator.evaluate(Net.of(identitySoftmax()), agreeing);

        assertEquals(1.0, r.accuracy(), 1e-12);
        double expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-3))
                + 2 * Math.log1p(Math.exp(-1))) / 4;
        assertEquals(expected, r.loss(), 1e-5);
    }

    /** Random features and one-hot labels for a network of {@code width} inputs and {@code classes} outputs. */
    private static DataSet random(int n, int width, int classes, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[n * width];
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                x[i * width + j] = (float) r.nextDouble(-1, 2);
            }
            y[i * classes + r.nextInt(classes)] = 1f;
        }
        return new DataSet(Nd4j.create(x, new long[] {n, width}), Nd4j.create(y, new long[] {n, classes}));
    }

    @Test
    void onePassGivesTheBitsOfOutputAndScoreExamples() {
        List<MultiLayerNetwork> nets = List.of(TestNets.prunedMlp(), TestNets.cnn(), TestNets.withBatchNorm(),
                io.prunesweep.model.ModelZoo.build("mlp", io.prunesweep.model.InputSpec.flat(784), 10, 3, 0.001),
                io.prunesweep.model.ModelZoo.build("cnn", io.prunesweep.model.InputSpec.image(1, 28, 28), 10, 4, 0.001));
        for (MultiLayerNetwork net : nets) {
            int width = inputWidth(net);
            int classes = (int) net.getOutputLayer().getParam("b").length();
            DataSet all = random(37, width, classes, width);
            assertTrue(Evaluator.Accumulator.onePass(net, all), net.summary());
            INDArray[] both = Evaluator.Accumulator.outputAndScores(net, all);
            INDArray out = net.output(all.getFeatures(), false);
            INDArray scores = net.scoreExamples(all, false);
            assertArrayEquals(out.dup('c').data().asDouble(), both[0].dup('c').data().asDouble());
            assertArrayEquals(scores.dup('c').data().asDouble(), both[1].dup('c').data().asDouble());

            // and over uneven batches through the iterator, against the two calls accumulated the old way
            org.nd4j.evaluation.classification.Evaluation e = new org.nd4j.evaluation.classification.Evaluation();
            double loss = 0;
            ListDataSetIterator<DataSet> batches = new ListDataSetIterator<>(all.asList(), 16);
            while (batches.hasNext()) {
                DataSet b = batches.next();
                e.eval(b.getLabels(), net.output(b.getFeatures(), false));
                loss += net.scoreExamples(b, false).sumNumber().doubleValue();
            }
            EvalResult r = Evaluator.evaluate(Net.of(net), new ListDataSetIterator<>(all.asList(), 16));
            assertEquals(e.accuracy(), r.accuracy());
            assertEquals(loss / 37, r.loss());
        }
    }

    private static int inputWidth(MultiLayerNetwork net) {
        var in = net.getLayerWiseConfigurations().getConf(0).getLayer();
        if (in instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer f && f.getNIn() > 0
                && net.getLayerWiseConfigurations().getInputPreProcess(0) == null) {
            return (int) f.getNIn();
        }
        // image models read a flat row; the first preprocessor knows its shape
        var pre = net.getLayerWiseConfigurations().getInputPreProcess(0);
        if (pre instanceof org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor p) {
            return (int) (p.getInputHeight() * p.getInputWidth() * p.getNumChannels());
        }
        throw new IllegalStateException("no input width for " + net.summary());
    }

    @Test
    void rejectsEmptyDataAndBadResults() {
        ListDataSetIterator<DataSet> empty = new ListDataSetIterator<>(List.of(), 2);
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(Net.of(identitySoftmax()), empty));
        assertThrows(IllegalArgumentException.class, () -> new EvalResult(1.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EvalResult(Double.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EvalResult(0.5, 0, 0));
    }
}
