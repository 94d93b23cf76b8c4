package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FastMultiLayerUpdater} and {@link FastGraphUpdater} train bit for bit as DL4J's own updaters, through the
 * fused Adam pass where the blocks allow it and DL4J's standard path where they do not (regularization, gradient
 * normalization, a graph), and stay installed across learning-rate changes.
 */
class FastUpdatersTest {
    private static final int FEATURES = 50;
    private static final int CLASSES = 5;

    /** Minibatches of 32 and 20 examples: 20 makes the division by the minibatch size inexact in float. */
    private static DataSet batch(int seed, int rows, long... featureShape) {
        Nd4j.getRandom().setSeed(seed);
        long[] shape = featureShape.length == 0 ? new long[] {rows, FEATURES} : featureShape;
        INDArray x = Nd4j.rand(DataType.FLOAT, shape);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, CLASSES);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 7 + seed) % CLASSES, 1.0);
        }
        return new DataSet(x, y);
    }

    private static int rows(int step) {
        return step % 2 == 0 ? 32 : 20;
    }

    /** Trains {@code reference} by DL4J's own fit and {@code fast} through {@link Net}, same minibatches. */
    private static void trainBoth(MultiLayerNetwork reference, MultiLayerNetwork fast) {
        assertArrayEquals(reference.params().toFloatVector(), fast.params().toFloatVector());
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int step = 0; step < 4; step++) {
                DataSet ds = batch(10 * epoch + step, rows(step));
                reference.fit(ds);
                Net.of(fast).fit(ds);
            }
            reference.incrementEpochCount();
            fast.incrementEpochCount();
        }
        assertSame(MultiLayerUpdater.class, reference.getUpdater().getClass());
        assertInstanceOf(FastMultiLayerUpdater.class, fast.getUpdater());
        assertArrayEquals(reference.params().toFloatVector(), fast.params().toFloatVector(), "parameters");
        assertArrayEquals(reference.getUpdater().getStateViewArray().toFloatVector(),
                fast.getUpdater().getStateViewArray().toFloatVector(), "updater state");
    }

    private static long fusedSteps(MultiLayerNetwork n) {
        return ((FastMultiLayerUpdater) n.getUpdater()).fusedSteps();
    }

    private static MultiLayerNetwork dl4jNet(boolean l2, GradientNormalization normalization) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(FastAdam.of(new Adam(0.01))).weightInit(WeightInit.XAVIER)
                .gradientNormalization(normalization).gradientNormalizationThreshold(0.5);
        if (l2) {
            b.l2(1e-3).weightDecay(1e-3);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(30).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(30).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void zooMlpTrainsBitForBitAsDl4jAndFusesEveryStep() {
        MultiLayerNetwork reference = ModelZoo.build("mlp", InputSpec.flat(FEATURES), CLASSES, 3, 0.01);
        MultiLayerNetwork fast = ModelZoo.build("mlp", InputSpec.flat(FEATURES), CLASSES, 3, 0.01);
        INDArray before = fast.params().dup();
        trainBoth(reference, fast);
        assertEquals(8, fusedSteps(fast));
        assertNotEquals(before, fast.params(), "training moved the weights");
    }

    @Test
    void regularizationTakesDl4jsStandardPathWithTheSameResult() {
        MultiLayerNetwork reference = dl4jNet(true, GradientNormalization.None);
        MultiLayerNetwork fast = dl4jNet(true, GradientNormalization.None);
        trainBoth(reference, fast);
        assertEquals(0, fusedSteps(fast));
    }

    @Test
    void gradientNormalizationGoesThroughDl4jsOwnUpdate() {
        MultiLayerNetwork reference = dl4jNet(false, GradientNormalization.ClipL2PerLayer);
        MultiLayerNetwork fast = dl4jNet(false, GradientNormalization.ClipL2PerLayer);
        trainBoth(reference, fast);
        assertEquals(0, fusedSteps(fast));
    }

    @Test
    void learningRateChangesKeepTheStateAndTheFastUpdater() {
        MultiLayerNetwork reference = ModelZoo.build("mlp", InputSpec.flat(FEATURES), CLASSES, 4, 0.01);
        MultiLayerNetwork fast = ModelZoo.build("mlp", InputSpec.flat(FEATURES), CLASSES, 4, 0.01);
        trainBoth(reference, fast);
        // DL4J rebuilds the updater on a learning-rate change; the next fit puts the fast one back over that state
        reference.setLearningRate(0.003);
        Net.of(fast).setLearningRate(0.003);
        trainBoth(reference, fast);
        assertEquals(8, fusedSteps(fast));
    }

    @Test
    void graphTrainsBitForBitAsDl4j() {
        InputSpec image = InputSpec.image(1, 12, 12);
        ComputationGraph reference = GraphZoo.build("resnet", image, CLASSES, 2, 0.01, List.of(2, 3, 4));
        ComputationGraph fast = GraphZoo.build("resnet", image, CLASSES, 2, 0.01, List.of(2, 3, 4));
        for (int step = 0; step < 4; step++) {
            DataSet ds = batch(step, rows(step) / 4, rows(step) / 4, 1, 12, 12);
            reference.fit(ds);
            Net.of(fast).fit(ds);
        }
        assertSame(ComputationGraphUpdater.class, reference.getUpdater().getClass());
        assertInstanceOf(FastGraphUpdater.class, fast.getUpdater());
        assertArrayEquals(reference.params().toFloatVector(), fast.params().toFloatVector(), "parameters");
        assertArrayEquals(reference.getUpdater().getStateViewArray().toFloatVector(),
                fast.getUpdater().getStateViewArray().toFloatVector(), "updater state");
    }

    @Test
    void recognisesOnlyTheSameMemory() {
        INDArray view = Nd4j.rand(DataType.FLOAT, 1, 40);
        assertTrue(FastUpdaters.sameMemory(view.reshape(40), view));
        assertFalse(FastUpdaters.sameMemory(view.dup().reshape(40), view));
        assertFalse(FastUpdaters.sameMemory(view.reshape(40).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20)),
                view));
    }
}
