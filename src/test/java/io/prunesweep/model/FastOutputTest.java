package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * {@link FastOutput} computes exactly what DL4J's {@link OutputLayer} computes: bit for bit the same outputs,
 * score, parameter gradients and input gradient for the same weights, for the losses and options an output layer
 * has, with per-example masks and a loss of the user's own (no kept pre-output); the score of a step is never one
 * of stale weights; it trains to the same weights with Adam and survives a save and reload.
 */
class FastOutputTest {
    private static final double EXACT = 0;

    /**
     * The training loss of softmax with cross-entropy is summed by FastOutputLayer in Java from the pre-output: equal
     * to ND4J's to float rounding, not bit for bit.
     */
    private static void assertLoss(double expected, double actual, String what) {
        assertLoss(expected, actual, 1e-6, what);
    }

    /** {@link #assertLoss} with a relative tolerance: ND4J sums a large batch's loss in float. */
    private static void assertLoss(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, 1e-6 + relative * Math.abs(expected), what);
    }

    private static MultiLayerNetwork net(boolean fast, DataType type, UnaryOperator<OutputLayer.Builder> setup) {
        OutputLayer out = setup.apply(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(40).nOut(10)
                .activation(Activation.SOFTMAX)).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(new Adam(0.003)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(30).nOut(40).activation(Activation.RELU).build())
                .layer(fast ? FastOutput.of(out) : out)
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static MultiLayerNetwork[] pair(DataType type, UnaryOperator<OutputLayer.Builder> setup) {
        MultiLayerNetwork a = net(false, type, setup);
        MultiLayerNetwork b = net(true, type, setup);
        b.setParams(a.params().dup());
        return new MultiLayerNetwork[] {a, b};
    }

    private static DataSet batch(int n, long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(type, n, 30).subi(0.3);
        INDArray y = Nd4j.zeros(type, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 + seed) % 10, 1.0);
        }
        return new DataSet(x, y);
    }

    /** Bit for bit: same shape and the same value in every element. */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertTrue(Arrays.equals(expected.shape(), actual.shape()), what + " shape " + Arrays.toString(expected.shape())
                + " vs " + Arrays.toString(actual.shape()));
        assertArrayEquals(expected.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
                actual.castTo(DataType.DOUBLE).dup('c').data().asDouble(), what + ": not bit for bit equal");
    }

    /** Output, score, parameter gradients and the network input's gradient (through the output layer's). */
    private static void assertSameEverything(MultiLayerNetwork a, MultiLayerNetwork b, DataSet ds, String what) {
        assertSameEverything(a, b, ds, 1e-6, what);
    }

    private static void assertSameEverything(MultiLayerNetwork a, MultiLayerNetwork b, DataSet ds, double lossTolerance,
                                             String what) {
        assertClose(a.output(ds.getFeatures()), b.output(ds.getFeatures()), what + ": output");
        assertClose(a.scoreExamples(ds, false), b.scoreExamples(ds, false), what + ": per-example scores");
        Pair<?, INDArray> ga = a.calculateGradients(ds.getFeatures(), ds.getLabels(), null, ds.getLabelsMaskArray());
        Pair<?, INDArray> gb = b.calculateGradients(ds.getFeatures(), ds.getLabels(), null, ds.getLabelsMaskArray());
        assertClose(ga.getSecond(), gb.getSecond(), what + ": input gradient");
        for (MultiLayerNetwork n : List.of(a, b)) {
            n.setInput(ds.getFeatures());
            n.setLabels(ds.getLabels());
            n.setLayerMaskArrays(null, ds.getLabelsMaskArray());
            n.computeGradientAndScore();
        }
        assertLoss(a.score(), b.score(), lossTolerance, what + ": loss");
        assertEquals(a.gradient().gradientForVariable().keySet(), b.gradient().gradientForVariable().keySet(),
                what + ": gradient variables");
        for (String k : a.gradient().gradientForVariable().keySet()) {
            assertClose(a.gradient().getGradientFor(k), b.gradient().getGradientFor(k), what + ": gradient " + k);
        }
    }

    @Test
    void softmaxCrossEntropyEqualsDl4j() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        assertSame(FastOutputLayer.class, n[1].getLayer(1).getClass());
        assertSameEverything(n[0], n[1], batch(128, 1, DataType.FLOAT), "batch 128");
        assertSameEverything(n[0], n[1], batch(1, 2, DataType.FLOAT), "batch 1");
        assertSameEverything(n[0], n[1], batch(37, 3, DataType.FLOAT), "batch 37");
    }

    /**
     * The softmax gradient and the bias sum done outside ND4J's loss (one native op, Java subtraction and column
     * sums) equal DL4J's bit for bit across batch sizes and class counts, one-hot and soft labels, including
     * batches past the sizes where libnd4j might change how it loops. (The reported loss gets a looser bound here:
     * ND4J adds up to four million float terms in float, the Java sum in double.)
     */
    @Test
    void softmaxGradientAndBiasSumEqualDl4jAcrossShapes() {
        for (int classes : new int[] {2, 10, 100, 1000}) {
            for (int n : new int[] {1, 37, 128, 1000, 4096}) {
                MultiLayerNetwork[] pair = new MultiLayerNetwork[2];
                for (int f = 0; f < 2; f++) {
                    OutputLayer out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(40).nOut(classes)
                            .activation(Activation.SOFTMAX).build();
                    pair[f] = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                            .updater(new Adam(0.003)).weightInit(WeightInit.XAVIER).list()
                            .layer(new DenseLayer.Builder().nIn(30).nOut(40).activation(Activation.RELU).build())
                            .layer(f == 1 ? FastOutput.of(out) : out).build());
                    pair[f].init();
                }
                pair[1].setParams(pair[0].params().dup());
                Nd4j.getRandom().setSeed(classes * 31L + n);
                INDArray x = Nd4j.rand(DataType.FLOAT, n, 30).subi(0.3).muli(4);
                INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
                for (int i = 0; i < n; i++) {
                    y.putScalar(i, (i * 7L) % classes, 1.0);
                }
                assertSameEverything(pair[0], pair[1], new DataSet(x, y), 1e-3,
                        classes + " classes, batch " + n + ", one-hot");
                INDArray soft = Nd4j.rand(DataType.FLOAT, n, classes);
                soft.diviColumnVector(soft.sum(true, 1));
                assertSameEverything(pair[0], pair[1], new DataSet(x, soft), 1e-3,
                        classes + " classes, batch " + n + ", soft");
            }
        }
    }

    @Test
    void otherLossesAndOptionsEqualDl4j() {
        record Case(String name, DataType type, UnaryOperator<OutputLayer.Builder> setup) {
        }
        for (Case c : List.of(
                new Case("double", DataType.DOUBLE, b -> b),
                new Case("no bias", DataType.FLOAT, b -> b.hasBias(false)),
                new Case("mse, identity", DataType.FLOAT,
                        b -> b.lossFunction(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)),
                new Case("negative log likelihood", DataType.FLOAT,
                        b -> b.lossFunction(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)),
                new Case("l2 and weight decay", DataType.FLOAT, b -> (OutputLayer.Builder) b.l2(1e-3).weightDecay(1e-4)),
                new Case("a loss of the user's own", DataType.FLOAT, b -> b.lossFunction(new UsersLoss())))) {
            MultiLayerNetwork[] n = pair(c.type(), c.setup());
            assertSameEverything(n[0], n[1], batch(16, 4, c.type()), c.name());
        }
    }

    /** Per-example label masks go through DL4J's own code, with the same result. */
    @Test
    void labelMasksEqualDl4j() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        DataSet ds = batch(8, 5, DataType.FLOAT);
        ds.setLabelsMaskArray(Nd4j.create(new float[] {1, 0, 1, 1, 0, 1, 1, 1}, 8, 1));
        assertSameEverything(n[0], n[1], ds, "label mask");
    }

    /** The kept pre-output is of the weights the step scored: after an update the next score is of the new ones. */
    @Test
    void aScoreAfterAnUpdateSeesTheNewWeights() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        DataSet ds = batch(32, 6, DataType.FLOAT);
        for (int step = 0; step < 4; step++) {
            for (MultiLayerNetwork net : n) {
                net.fit(ds);
            }
            assertLoss(n[0].score(), n[1].score(), "score of step " + step + " (same batch every step)");
        }
        assertClose(n[0].params(), n[1].params(), "parameters after 4 Adam steps");
        for (MultiLayerNetwork net : n) {
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.computeGradientAndScore();
        }
        assertLoss(n[0].score(), n[1].score(), "score recomputed on the same input object after the updates");
        assertEquals(n[0].score(ds), n[1].score(ds), EXACT, "score(DataSet)");
    }

    /**
     * Logits large enough that the softmax saturates and LossMCXENT's clipping decides the loss: the Java sum still
     * agrees with ND4J's; and a non-finite pre-output gives a non-finite loss, which the divergence check needs.
     */
    @Test
    void lossOfSaturatedAndNonFiniteLogitsEqualsDl4j() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        for (MultiLayerNetwork net : n) {
            net.getLayer(1).getParam("W").muli(300);
        }
        DataSet ds = batch(64, 8, DataType.FLOAT);
        assertSameEverything(n[0], n[1], ds, "saturated softmax");
        assertTrue(n[0].score() > 1, "the batch's loss is dominated by clipped probabilities: " + n[0].score());
        for (MultiLayerNetwork net : n) {
            net.getLayer(1).getParam("b").putScalar(3, Float.NaN);
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.computeGradientAndScore();
        }
        assertTrue(Double.isNaN(n[0].score()), "DL4J's loss with a NaN bias: " + n[0].score());
        assertTrue(Double.isNaN(n[1].score()), "the Java loss with a NaN bias: " + n[1].score());
    }

    @Test
    void adamTrainingReachesTheSameWeights() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        for (int step = 0; step < 5; step++) {
            DataSet ds = batch(64, 100 + step, DataType.FLOAT);
            n[0].fit(ds);
            n[1].fit(ds);
        }
        assertClose(n[0].params(), n[1].params(), "parameters after 5 Adam steps");
    }

    @Test
    void survivesSaveAndReload() throws Exception {
        MultiLayerNetwork fast = pair(DataType.FLOAT, b -> b)[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, out, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(out.toByteArray()));
        assertSame(FastOutput.class, back.getLayerWiseConfigurations().getConf(1).getLayer().getClass());
        assertSame(FastOutputLayer.class, back.getLayer(1).getClass());
        INDArray x = batch(4, 1, DataType.FLOAT).getFeatures();
        assertClose(fast.output(x), back.output(x), "output after reload");
    }

    @Test
    void ofCopiesTheWholeConfiguration() {
        OutputLayer src = new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(3)
                .activation(Activation.TANH).weightInit(WeightInit.RELU).hasBias(false).dropOut(0.8).l2(0.01)
                .name("o").build();
        FastOutput f = FastOutput.of(src);
        assertSame(FastOutput.class, f.getClass());
        assertEquals(src.toString().replaceFirst("^OutputLayer", "FastOutput"), f.toString());
        assertEquals(src, f);
        assertThrows(ModelException.class, () -> FastOutput.of(new OutputLayer() { }));
    }

    /** Cross-entropy written outside ND4J's loss package: the layer does not keep a pre-output for it. */
    static final class UsersLoss implements ILossFunction {
        private final LossMCXENT inner = new LossMCXENT();

        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
            return inner.computeScore(labels, preOutput, fn, mask, average);
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
            return inner.computeScoreArray(labels, preOutput, fn, mask);
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
            return inner.computeGradient(labels, preOutput, fn, mask);
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation fn,
                                                              INDArray mask, boolean average) {
            return inner.computeGradientAndScore(labels, preOutput, fn, mask, average);
        }

        @Override
        public String name() {
            return "users-loss";
        }
    }
}
