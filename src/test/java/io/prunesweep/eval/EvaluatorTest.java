package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
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

        EvalResult r = Evaluator.evaluate(identitySoftmax(), it);

        assertEquals(0.5, r.accuracy(), 1e-12);
        assertEquals(4, r.examples());
        assertEquals(expectedLoss(), r.loss(), 1e-5);
    }

    @Test
    void resetsIteratorSoRepeatedCallsAgree() {
        MultiLayerNetwork net = identitySoftmax();
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(data().asList(), 2);

        EvalResult first = Evaluator.evaluate(net, it);
        EvalResult second = Evaluator.evaluate(net, it);

        assertEquals(first, second);
        assertEquals(4, second.examples());
    }

    @Test
    void singleDataSetMatchesIterator() {
        EvalResult r = Evaluator.evaluate(identitySoftmax(), data());

        assertEquals(0.5, r.accuracy(), 1e-12);
        assertEquals(expectedLoss(), r.loss(), 1e-5);
    }

    @Test
    void allCorrectWhenLabelsFollowArgmax() {
        DataSet agreeing = new DataSet(
                Nd4j.create(new float[][] {{2, 0}, {0, 3}, {1, 0}, {0, 1}}),
                Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}}));

        EvalResult r = Evaluator.evaluate(identitySoftmax(), agreeing);

        assertEquals(1.0, r.accuracy(), 1e-12);
        double expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-3))
                + 2 * Math.log1p(Math.exp(-1))) / 4;
        assertEquals(expected, r.loss(), 1e-5);
    }

    @Test
    void rejectsEmptyDataAndBadResults() {
        ListDataSetIterator<DataSet> empty = new ListDataSetIterator<>(List.of(), 2);
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(identitySoftmax(), empty));
        assertThrows(IllegalArgumentException.class, () -> new EvalResult(1.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EvalResult(Double.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EvalResult(0.5, 0, 0));
    }
}
