package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * {@link FastAdam} trains exactly as DL4J's {@link Adam} (same parameters and state within float rounding, over
 * steps and epochs of a learning-rate schedule), keeps its class through DL4J's cloning, JSON and model files,
 * and answers learning-rate changes as Adam does.
 */
class FastAdamTest {

    private static MultiLayerNetwork net(IUpdater updater, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(FastDense.of(new DenseLayer.Builder().nIn(50).nOut(40).activation(Activation.RELU).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(40).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static DataSet batch(int seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(type, 32, 50);
        INDArray y = Nd4j.zeros(type, 32, 5);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, (i + seed) % 5, 1.0);
        }
        return new DataSet(x, y);
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    private static void trainBothAndCompare(IUpdater reference, IUpdater fast, DataType type) {
        MultiLayerNetwork a = net(reference, type);
        MultiLayerNetwork b = net(fast, type);
        b.setParams(a.params().dup());
        assertInstanceOf(FastAdamUpdater.class,
                b.getUpdater().getStateViewArray() == null ? null : firstUpdater(b));
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int step = 0; step < 4; step++) {
                DataSet ds = batch(10 * epoch + step, type);
                a.fit(ds);
                b.fit(ds);
            }
            a.incrementEpochCount();
            b.incrementEpochCount();
        }
        double dp = maxDiff(a.params(), b.params());
        double ds = maxDiff(a.getUpdater().getStateViewArray(), b.getUpdater().getStateViewArray());
        assertTrue(dp <= 1e-5, "parameters differ by " + dp);
        assertTrue(ds <= 1e-6, "Adam state differs by " + ds);
        assertTrue(maxDiff(a.params(), net(reference, type).params()) > 1e-3, "training moved the weights");
    }

    private static Object firstUpdater(MultiLayerNetwork n) {
        return ((org.deeplearning4j.nn.updater.MultiLayerUpdater) n.getUpdater()).getUpdaterBlocks().get(0)
                .getGradientUpdater();
    }

    @Test
    void trainsAsAdamWithAScheduleAcrossEpochs() {
        trainBothAndCompare(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, 0.01, 0.5)),
                FastAdam.of(new ExponentialSchedule(ScheduleType.EPOCH, 0.01, 0.5)), DataType.FLOAT);
    }

    @Test
    void otherBetasAndEpsilonAndDoublePrecision() {
        Adam custom = new Adam(0.005, 0.8, 0.99, 1e-6);
        trainBothAndCompare(custom, FastAdam.of(custom), DataType.FLOAT);
        // double arrays go through libnd4j's op, as DL4J's own updater does
        trainBothAndCompare(custom, FastAdam.of(custom), DataType.DOUBLE);
    }

    @Test
    void keepsItsClassThroughCloneJsonAndModelFiles() throws Exception {
        FastAdam f = FastAdam.of(new ExponentialSchedule(ScheduleType.EPOCH, 0.01, 0.5));
        assertSame(FastAdam.class, f.clone().getClass());
        assertEquals(f.getLearningRate(3, 2), f.clone().getLearningRate(3, 2));
        MultiLayerNetwork n = net(f, DataType.FLOAT);
        n.fit(batch(1, DataType.FLOAT));
        assertSame(FastAdam.class, ((BaseLayer) n.getLayerWiseConfigurations().getConf(1).getLayer()).getIUpdater()
                .getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(n, out, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(out.toByteArray()),
                true);
        IUpdater u = ((BaseLayer) back.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        assertSame(FastAdam.class, u.getClass());
        assertEquals(0.01 * 0.25, u.getLearningRate(0, 2), 1e-12);
        assertEquals(n.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertInstanceOf(FastAdamUpdater.class, firstUpdater(back));
        // training goes on from the restored state exactly as from the original
        n.fit(batch(2, DataType.FLOAT));
        back.fit(batch(2, DataType.FLOAT));
        assertEquals(n.params(), back.params());
    }

    @Test
    void learningRateChangesApplyAsForAdam() {
        MultiLayerNetwork n = net(FastAdam.of(new Adam(0.01)), DataType.FLOAT);
        n.setLearningRate(0.003);
        IUpdater u = ((BaseLayer) n.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        assertSame(FastAdam.class, u.getClass());
        assertEquals(0.003, u.getLearningRate(0, 0), 1e-12);
    }
}
