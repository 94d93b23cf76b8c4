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
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FastDense} computes what DL4J's {@link DenseLayer} computes: the same outputs, parameter gradients
 * and input gradient (within 1e-5) for the same weights, with and without a cached training forward pass, in
 * float and double, for the options a dense layer has; it trains to the same weights with Adam, survives a save
 * and reload, and leaves what it does not compute itself (layer norm) to DL4J's code.
 */
class FastDenseTest {
    private static final double TOL = 1e-5;

    /** LeNet-300-100 with its hidden layers built by {@code hidden} (a DenseLayer builder, then converted or not). */
    private static MultiLayerNetwork mlp(boolean fast, DataType type, UnaryOperator<DenseLayer.Builder> setup) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new Adam(0.002)).weightInit(WeightInit.XAVIER).list()
                .layer(dense(fast, setup.apply(new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU))))
                .layer(dense(fast, setup.apply(new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU))))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DenseLayer dense(boolean fast, DenseLayer.Builder b) {
        return fast ? FastDense.of(b.build()) : b.build();
    }

    /** A DL4J network and the FastDense one with the same weights. */
    private static MultiLayerNetwork[] pair(DataType type, UnaryOperator<DenseLayer.Builder> setup) {
        MultiLayerNetwork a = mlp(false, type, setup);
        MultiLayerNetwork b = mlp(true, type, setup);
        b.setParams(a.params().dup());
        return new MultiLayerNetwork[] {a, b};
    }

    private static DataSet batch(int n, long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(type, n, 784);
        INDArray y = Nd4j.zeros(type, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 + seed) % 10, 1.0);
        }
        return new DataSet(x, y);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertTrue(Arrays.equals(expected.shape(), actual.shape()), what + " shape " + Arrays.toString(expected.shape())
                + " vs " + Arrays.toString(actual.shape()));
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= TOL, what + ": max |difference| " + diff + " > " + TOL
                + " (largest value " + expected.amaxNumber() + ")");
    }

    private static void assertSameForwardAndGradients(MultiLayerNetwork a, MultiLayerNetwork b, DataSet ds,
                                                      String what) {
        List<INDArray> fa = a.feedForward(ds.getFeatures(), false);
        List<INDArray> fb = b.feedForward(ds.getFeatures(), false);
        for (int i = 0; i < fa.size(); i++) {
            assertClose(fa.get(i), fb.get(i), what + ": activation " + i);
        }
        for (MultiLayerNetwork net : List.of(a, b)) {
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(a.score(), b.score(), TOL, what + ": loss");
        assertEquals(a.gradient().gradientForVariable().keySet(), b.gradient().gradientForVariable().keySet());
        for (String k : a.gradient().gradientForVariable().keySet()) {
            assertClose(a.gradient().getGradientFor(k), b.gradient().getGradientFor(k), what + ": gradient " + k);
        }
    }

    @Test
    void lenet300ForwardAndParameterGradientsEqualDl4j() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        assertSame(FastDenseLayer.class, n[1].getLayer(0).getClass());
        assertSame(FastDenseLayer.class, n[1].getLayer(1).getClass());
        assertSameForwardAndGradients(n[0], n[1], batch(128, 11, DataType.FLOAT), "batch 128");
        assertSameForwardAndGradients(n[0], n[1], batch(1, 12, DataType.FLOAT), "batch 1");
        assertSameForwardAndGradients(n[0], n[1], batch(37, 13, DataType.FLOAT), "batch 37");
    }

    /** The training forward pass's relu (a Java loop) gives DL4J's values and, like libnd4j's, lets NaN through. */
    @Test
    void trainingReluEqualsDl4jAndPassesNaN() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        DataSet ds = batch(32, 21, DataType.FLOAT);
        ds.getFeatures().putScalar(5, 100, Float.NaN);
        List<INDArray> fa = n[0].feedForward(ds.getFeatures(), true);
        List<INDArray> fb = n[1].feedForward(ds.getFeatures(), true);
        for (int i = 1; i < fa.size(); i++) {
            INDArray nanA = fa.get(i).isNaN();
            assertEquals(nanA, fb.get(i).isNaN(), "NaN in training activation " + i);
            assertTrue(nanA.castTo(DataType.INT).sumNumber().intValue() > 0, "NaN reached activation " + i);
            INDArray zeroA = fa.get(i).dup();
            INDArray zeroB = fb.get(i).dup();
            zeroA.putWhereWithMask(nanA, 0);
            zeroB.putWhereWithMask(nanA, 0);
            assertClose(zeroA, zeroB, "training activation " + i);
        }
        assertTrue(Float.isNaN(fb.get(1).getFloat(5, 0)), "a NaN input reaches the first layer's output");
        assertTrue(fb.get(1).getRow(0).minNumber().floatValue() >= 0f, "relu output");
    }

    @Test
    void optionsEqualDl4j() {
        record Case(String name, UnaryOperator<DenseLayer.Builder> setup) {
        }
        for (Case c : List.of(new Case("no bias", b -> b.hasBias(false)),
                new Case("tanh", b -> b.activation(Activation.TANH)),
                new Case("sigmoid", b -> b.activation(Activation.SIGMOID)),
                new Case("identity", b -> b.activation(Activation.IDENTITY)),
                new Case("l2 and weight decay", b -> (DenseLayer.Builder) b.l2(1e-3).weightDecay(1e-4)),
                new Case("layer norm (DL4J's own code)", b -> b.hasLayerNorm(true)))) {
            MultiLayerNetwork[] n = pair(DataType.FLOAT, c.setup());
            assertSameForwardAndGradients(n[0], n[1], batch(16, 3, DataType.FLOAT), c.name());
        }
    }

    /** Double precision (cblas_dgemm), and a backward pass with no training forward pass before it. */
    @Test
    void doubleAndBackwardWithoutCachedForwardEqualDl4j() {
        MultiLayerNetwork[] n = pair(DataType.DOUBLE, b -> b);
        assertSameForwardAndGradients(n[0], n[1], batch(16, 5, DataType.DOUBLE), "double");
        for (MultiLayerNetwork net : n) {
            net.initGradientsView();
        }
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 9, 784).subi(0.4);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Pair<Gradient, INDArray>[] grads = new Pair[2];
        INDArray[] outs = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            Layer l = n[i].getLayer(0);
            l.setInput(x, mgr);
            outs[i] = l.activate(false, mgr).dup();
            INDArray eps = Nd4j.linspace(-1, 1, outs[i].length(), DataType.DOUBLE).reshape(outs[i].shape());
            grads[i] = copy(l.backpropGradient(eps, mgr));
        }
        assertClose(outs[0], outs[1], "output");
        assertClose(grads[0].getSecond(), grads[1].getSecond(), "input gradient");
        for (String k : List.of("W", "b")) {
            assertClose(grads[0].getFirst().getGradientFor(k), grads[1].getFirst().getGradientFor(k), "gradient " + k);
        }
    }

    private static Pair<Gradient, INDArray> copy(Pair<Gradient, INDArray> g) {
        Gradient c = new DefaultGradient();
        g.getFirst().gradientForVariable().forEach((k, v) -> c.setGradientFor(k, v.dup()));
        return new Pair<>(c, g.getSecond().dup());
    }

    /** DL4J's {@code calculateGradients} asks for the network input's gradient: the first FastDense layer gives it. */
    @Test
    void calculateGradientsReturnsTheNetworkInputGradient() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        DataSet ds = batch(16, 9, DataType.FLOAT);
        INDArray expected = n[0].calculateGradients(ds.getFeatures(), ds.getLabels(), null, null).getSecond();
        INDArray actual = n[1].calculateGradients(ds.getFeatures(), ds.getLabels(), null, null).getSecond();
        assertClose(expected, actual, "gradient with respect to the network input");
    }

    /** Training runs through DL4J's workspaces; a few Adam steps land on the same weights. */
    @Test
    void adamTrainingReachesTheSameWeights() {
        MultiLayerNetwork[] n = pair(DataType.FLOAT, b -> b);
        for (int step = 0; step < 5; step++) {
            DataSet ds = batch(128, 100 + step, DataType.FLOAT);
            n[0].fit(ds);
            n[1].fit(ds);
        }
        assertClose(n[0].params(), n[1].params(), "parameters after 5 Adam steps");
        assertClose(n[0].getUpdater().getStateViewArray(), n[1].getUpdater().getStateViewArray(), "Adam state");
    }

    @Test
    void survivesSaveAndReload() throws Exception {
        MultiLayerNetwork fast = pair(DataType.FLOAT, b -> b)[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, out, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(out.toByteArray()));
        assertSame(FastDense.class, back.getLayerWiseConfigurations().getConf(1).getLayer().getClass());
        assertSame(FastDenseLayer.class, back.getLayer(1).getClass());
        INDArray x = batch(4, 1, DataType.FLOAT).getFeatures();
        assertClose(fast.output(x), back.output(x), "output after reload");
    }

    @Test
    void ofCopiesTheWholeConfiguration() {
        DenseLayer src = new DenseLayer.Builder().nIn(5).nOut(7).activation(Activation.TANH).weightInit(WeightInit.RELU)
                .hasBias(false).hasLayerNorm(true).dropOut(0.8).l2(0.01).name("d").build();
        FastDense f = FastDense.of(src);
        assertSame(FastDense.class, f.getClass());
        assertEquals(src.toString().replaceFirst("^DenseLayer", "FastDense"), f.toString());
        assertEquals(src, f);
        assertThrows(ModelException.class, () -> FastDense.of(new DenseLayer() { }));
    }
}
