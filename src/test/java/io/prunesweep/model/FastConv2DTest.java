package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
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
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FastConv2D} computes what DL4J's {@link ConvolutionLayer} computes: the same outputs, parameter
 * gradients and input gradient (within 1e-5, float32) for the same weights, on the LeNet-5 shapes of the zoo
 * CNN and on other geometries; it trains to the same weights and survives a save and reload.
 */
class FastConv2DTest {
    private static final double TOL = 1e-5;

    /** LeNet-5 as in the zoo, with the convolutions built by {@code conv}. */
    private static MultiLayerNetwork lenet(Function<int[], ConvolutionLayer.Builder> conv) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Sgd(0.05)).weightInit(WeightInit.XAVIER).list()
                .layer(conv.apply(new int[] {5, 5}).nOut(6).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(conv.apply(new int[] {5, 5}).nOut(16).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork dl4jLenet() {
        return lenet(k -> new ConvolutionLayer.Builder(k));
    }

    private static MultiLayerNetwork fastLenet(MultiLayerNetwork copyFrom) {
        MultiLayerNetwork net = lenet(FastConv2D.Builder::new);
        net.setParams(copyFrom.params().dup());
        return net;
    }

    private static DataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7) % 10, 1f);
        }
        return new DataSet(x, y);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(List.of(expected.shape().length), List.of(actual.shape().length), what + " rank");
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + " shape");
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= TOL, what + ": max |difference| " + diff + " > " + TOL
                + " (largest value " + expected.amaxNumber() + ")");
    }

    @Test
    void lenetForwardAndParameterGradientsEqualDl4j() {
        MultiLayerNetwork dl4j = dl4jLenet();
        MultiLayerNetwork fast = fastLenet(dl4j);
        assertSame(FastConv2DLayer.class, fast.getLayer(0).getClass());
        DataSet ds = batch(32, 11);

        List<INDArray> a = dl4j.feedForward(ds.getFeatures(), false);
        List<INDArray> b = fast.feedForward(ds.getFeatures(), false);
        for (int i = 0; i < a.size(); i++) {
            assertClose(a.get(i), b.get(i), "activation " + i);
        }

        for (MultiLayerNetwork net : List.of(dl4j, fast)) {
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(dl4j.score(), fast.score(), TOL);
        Map<String, INDArray> ga = dl4j.gradient().gradientForVariable();
        Map<String, INDArray> gb = fast.gradient().gradientForVariable();
        assertEquals(ga.keySet(), gb.keySet());
        for (String k : ga.keySet()) {
            assertClose(ga.get(k), gb.get(k), "gradient " + k);
        }
    }

    /** Layer by layer at the zoo's two convolution shapes, including the gradient passed to the layer below. */
    @Test
    void lenetConvolutionsGiveTheSameInputGradient() {
        MultiLayerNetwork dl4j = dl4jLenet();
        MultiLayerNetwork fast = fastLenet(dl4j);
        dl4j.initGradientsView();
        fast.initGradientsView();
        long[][] shapes = {{32, 1, 28, 28}, {32, 6, 12, 12}};
        int[] layer = {0, 2};
        for (int c = 0; c < 2; c++) {
            Nd4j.getRandom().setSeed(5 + c);
            INDArray x = Nd4j.rand(DataType.FLOAT, shapes[c]).subi(0.3);
            Pair<INDArray, Pair<Gradient, INDArray>> r1 = fwdBwd(dl4j.getLayer(layer[c]), x);
            Pair<INDArray, Pair<Gradient, INDArray>> r2 = fwdBwd(fast.getLayer(layer[c]), x);
            assertClose(r1.getFirst(), r2.getFirst(), "conv " + c + " output");
            assertClose(r1.getSecond().getSecond(), r2.getSecond().getSecond(), "conv " + c + " input gradient");
            for (String k : List.of("W", "b")) {
                assertClose(r1.getSecond().getFirst().getGradientFor(k), r2.getSecond().getFirst().getGradientFor(k),
                        "conv " + c + " gradient " + k);
            }
        }
    }

    private static Pair<INDArray, Pair<Gradient, INDArray>> fwdBwd(Layer l, INDArray x) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        l.setInput(x, mgr);
        INDArray out = l.activate(true, mgr).dup();
        Nd4j.getRandom().setSeed(99);
        INDArray eps = Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5).divi(32);
        Pair<Gradient, INDArray> g = l.backpropGradient(eps, mgr);
        Gradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
        g.getFirst().gradientForVariable().forEach((k, v) -> copy.setGradientFor(k, v.dup()));
        return new Pair<>(out, new Pair<>(copy, g.getSecond().dup()));
    }

    /** Geometries the zoo does not use: padding, stride, same mode, dilation, no bias, other activations. */
    @Test
    void otherGeometriesEqualDl4j() {
        record Case(String name, Function<ConvolutionLayer.Builder, ConvolutionLayer.Builder> setup) {
        }
        List<Case> cases = List.of(
                new Case("pad 1 stride 2", b -> b.padding(1, 1).stride(2, 2)),
                new Case("same mode stride 2", b -> b.convolutionMode(ConvolutionMode.Same).stride(2, 2)),
                new Case("same mode stride 1", b -> b.convolutionMode(ConvolutionMode.Same)),
                new Case("dilation 2", b -> b.dilation(2, 2)),
                new Case("no bias, tanh", b -> b.hasBias(false).activation(Activation.TANH)),
                new Case("identity", b -> b.activation(Activation.IDENTITY)));
        for (Case c : cases) {
            MultiLayerNetwork a = small(c.setup().apply(new ConvolutionLayer.Builder(3, 3)));
            MultiLayerNetwork b = small(c.setup().apply(new FastConv2D.Builder(3, 3)));
            b.setParams(a.params().dup());
            DataSet ds = batch(8, 3);
            ds = new DataSet(ds.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2 * 11 * 11)), ds.getLabels());
            assertClose(a.output(ds.getFeatures()), b.output(ds.getFeatures()), c.name() + " output");
            for (MultiLayerNetwork net : List.of(a, b)) {
                net.setInput(ds.getFeatures());
                net.setLabels(ds.getLabels());
                net.computeGradientAndScore();
            }
            for (String k : a.gradient().gradientForVariable().keySet()) {
                assertClose(a.gradient().getGradientFor(k), b.gradient().getGradientFor(k), c.name() + " gradient " + k);
            }
        }
    }

    private static MultiLayerNetwork small(ConvolutionLayer.Builder conv) {
        return small(conv, DataType.FLOAT);
    }

    private static MultiLayerNetwork small(ConvolutionLayer.Builder conv, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(type).weightInit(WeightInit.XAVIER).activation(Activation.RELU).list()
                .layer(conv.nOut(4).build())
                .layer(new FastConv2D.Builder(2, 2).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(11, 11, 2)).build());
        net.init();
        return net;
    }

    /** Double precision goes through the same paths (cblas_dgemm); a backward pass without a training forward pass
     * before it recomputes what the forward pass would have kept. */
    @Test
    void doublePrecisionAndBackwardWithoutCachedForwardEqualDl4j() {
        MultiLayerNetwork a = small(new ConvolutionLayer.Builder(3, 3).stride(2, 2), DataType.DOUBLE);
        MultiLayerNetwork b = small(new FastConv2D.Builder(3, 3).stride(2, 2), DataType.DOUBLE);
        b.setParams(a.params().dup());
        a.initGradientsView();
        b.initGradientsView();
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 11, 11);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray[] outs = new INDArray[2];
        Pair<Gradient, INDArray>[] grads = new Pair[2];
        Layer[] layers = {a.getLayer(0), b.getLayer(0)};
        for (int i = 0; i < 2; i++) {
            layers[i].setInput(x, mgr);
            outs[i] = layers[i].activate(false, mgr).dup();
            INDArray eps = Nd4j.ones(DataType.DOUBLE, outs[i].shape()).muli(0.25);
            grads[i] = layers[i].backpropGradient(eps, mgr);
        }
        assertClose(outs[0], outs[1], "double output");
        assertClose(grads[0].getSecond(), grads[1].getSecond(), "double input gradient");
        for (String k : List.of("W", "b")) {
            assertClose(grads[0].getFirst().getGradientFor(k), grads[1].getFirst().getGradientFor(k), "double " + k);
        }
    }

    /**
     * Inference and a training forward pass take the same path (patches and per-example products), so they agree
     * bit for bit: layer by layer on every geometry above, and through a whole network's workspaces.
     */
    @Test
    void inferenceComputesExactlyTheTrainingForwardPass() {
        List<ConvolutionLayer.Builder> geometries = List.of(new FastConv2D.Builder(3, 3),
                new FastConv2D.Builder(3, 3).padding(1, 1).stride(2, 2),
                new FastConv2D.Builder(3, 3).convolutionMode(ConvolutionMode.Same).stride(2, 2),
                new FastConv2D.Builder(3, 3).dilation(2, 2), new FastConv2D.Builder(3, 3).hasBias(false));
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        for (int g = 0; g < geometries.size(); g++) {
            Layer l = small(geometries.get(g)).getLayer(0);
            assertSame(FastConv2DLayer.class, l.getClass());
            Nd4j.getRandom().setSeed(40 + g);
            INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 11, 11).subi(0.5);
            l.setInput(x, mgr);
            INDArray inference = l.activate(false, mgr).dup();
            l.setInput(x, mgr);
            INDArray training = l.activate(true, mgr).dup();
            assertBitEqual(training, inference, "geometry " + g);
        }
        MultiLayerNetwork net = fastLenet(dl4jLenet());
        INDArray x = batch(16, 4).getFeatures();
        List<INDArray> trainingPass = net.feedForward(x, true);
        assertBitEqual(trainingPass.get(trainingPass.size() - 1), net.output(x, false), "network output");
    }

    /** INDArray.equals allows 1e-5; these paths must agree exactly. */
    private static void assertBitEqual(INDArray expected, INDArray actual, String what) {
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + " shape");
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.dup('c').data().asFloat(),
                actual.dup('c').data().asFloat(), what);
    }

    /** Training runs through DL4J's workspaces; a few SGD steps land on the same weights. */
    @Test
    void trainingReachesTheSameWeights() {
        MultiLayerNetwork dl4j = dl4jLenet();
        MultiLayerNetwork fast = fastLenet(dl4j);
        for (int step = 0; step < 3; step++) {
            DataSet ds = batch(32, 100 + step);
            dl4j.fit(ds);
            fast.fit(ds);
        }
        assertClose(dl4j.params(), fast.params(), "parameters after 3 SGD steps");
    }

    /** The zoo CNN changed only its convolution class: same architecture, same initial weights, same outputs. */
    @Test
    void zooCnnUsesFastConv2DWithTheFormerWeights() {
        InputSpec in = InputSpec.image(1, 28, 28);
        MultiLayerNetwork now = ModelZoo.build("cnn", in, 10, 42, 0.002);
        MultiLayerNetwork before = ModelZoo.buildCnnWithDl4jConvolutions(in, 10, 42, 0.002);
        for (int layer : new int[] {0, 2}) {
            assertSame(FastConv2D.class, now.getLayerWiseConfigurations().getConf(layer).getLayer().getClass());
            assertSame(ConvolutionLayer.class, before.getLayerWiseConfigurations().getConf(layer).getLayer().getClass());
        }
        assertEquals(before.params(), now.params());
        assertEquals(before.getLayerWiseConfigurations().toJson().replace(ConvolutionLayer.class.getName(),
                FastConv2D.class.getName()), now.getLayerWiseConfigurations().toJson());
        INDArray x = batch(8, 2).getFeatures();
        assertClose(before.output(x), now.output(x), "zoo cnn output");
    }

    @Test
    void survivesSaveAndReload() throws Exception {
        MultiLayerNetwork fast = fastLenet(dl4jLenet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fast, out, false);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(out.toByteArray()));
        assertSame(FastConv2D.class, back.getLayerWiseConfigurations().getConf(2).getLayer().getClass());
        assertSame(FastConv2DLayer.class, back.getLayer(2).getClass());
        INDArray x = batch(4, 1).getFeatures();
        assertClose(fast.output(x), back.output(x), "output after reload");
    }

    @Test
    void ofCopiesTheWholeConfiguration() {
        ConvolutionLayer src = new ConvolutionLayer.Builder(3, 5).nIn(2).nOut(7).stride(2, 1).padding(1, 2)
                .activation(Activation.TANH).weightInit(WeightInit.RELU).hasBias(false).name("c").build();
        FastConv2D f = FastConv2D.of(src);
        assertSame(FastConv2D.class, f.getClass());
        assertEquals(src.toString().replaceFirst("^ConvolutionLayer", "FastConv2D"), f.toString());
        assertEquals(src, f);
        assertThrows(ModelException.class, () -> FastConv2D.of(new Convolution1DLayer.Builder(3).nIn(1).nOut(2).build()));
    }
}
