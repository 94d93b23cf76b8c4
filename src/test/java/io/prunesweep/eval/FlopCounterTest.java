package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class FlopCounterTest {

    @Test
    void mlpDenseAndEffective() {
        FlopStats f = FlopCounter.count(Net.of(TestNets.prunedMlp()), InputType.feedForward(4));

        assertEquals(2 * (4 * 3 + 3 * 2), f.dense());
        assertEquals(2 * (3 + 4), f.effective());
        assertEquals(14.0 / 36, f.effectiveFraction(), 1e-12);
    }

    @Test
    void convUsesOutputSpatialSize() {
        MultiLayerNetwork net = TestNets.cnn();
        float[] w = new float[2 * 1 * 3 * 3];
        w[0] = 1;
        w[4] = -1;
        w[9] = 2;
        w[13] = 0.5f;
        w[17] = 3;
        TestNets.set(net, "0_W", w);
        float[] out = new float[18 * 2];
        for (int i = 0; i < 10; i++) {
            out[3 * i] = 1;
        }
        TestNets.set(net, "2_W", out);

        List<LayerFlops> layers = FlopCounter.perLayer(Net.of(net), InputType.convolutionalFlat(8, 8, 1));

        // conv: 8x8 → 6x6 with a 3x3 kernel; 2·out·in·kH·kW·outH·outW
        assertEquals(new FlopStats(2L * 2 * 1 * 3 * 3 * 36, 2L * 5 * 36), layers.get(0).flops());
        assertEquals(new FlopStats(0, 0), layers.get(1).flops());
        assertTrue(layers.get(1).counted(), "pooling is known and deliberately 0");
        assertEquals(new FlopStats(2 * 18 * 2, 2 * 10), layers.get(2).flops());
        assertEquals(new FlopStats(1296 + 72, 360 + 20),
                FlopCounter.count(Net.of(net), InputType.convolutionalFlat(8, 8, 1)));
    }

    @Test
    void unflattensImageInputWhenNetworkHasNoPreprocessor() {
        // configured without setInputType: no FeedForwardToCnn preprocessor in front of the conv
        MultiLayerNetwork net = new MultiLayerNetwork(TestNets.builder()
                .layer(new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(2).activation(Activation.RELU).build())
                .build());
        net.init();
        TestNets.fill(net, "0_W", 1f);

        FlopStats f = FlopCounter.count(Net.of(net), InputType.convolutionalFlat(8, 8, 1));

        assertEquals(new FlopStats(2L * 18 * 36, 2L * 18 * 36), f);
        assertEquals(2 + 18, LayerStats.of(Net.of(net)).get(0).params());
        assertEquals(18, LayerStats.of(Net.of(net)).get(0).weightParams(), "conv W is a weight, b is not");
    }

    @Test
    void unmodelledLayerCountsZeroWithNote() {
        List<LayerFlops> layers = FlopCounter.perLayer(Net.of(TestNets.withBatchNorm()), InputType.feedForward(4));

        LayerFlops bn = layers.get(1);
        assertEquals("BatchNormalization", bn.type());
        assertEquals(new FlopStats(0, 0), bn.flops());
        assertFalse(bn.counted());
        assertTrue(bn.note().contains("BatchNormalization"));
        assertTrue(layers.get(0).counted());
    }

    @Test
    void inputTypeForPicksFlatImageOrFeedForward() {
        assertEquals(InputType.convolutionalFlat(8, 8, 1), FlopCounter.inputTypeFor(Net.of(TestNets.cnn()), 8, 8, 1));
        assertEquals(InputType.feedForward(4), FlopCounter.inputTypeFor(Net.of(TestNets.mlp()), 2, 2, 1));
        assertEquals(InputType.feedForward(4), FlopCounter.inputTypeFor(Net.of(TestNets.mlp()), 1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> FlopCounter.inputTypeFor(Net.of(TestNets.mlp()), 1, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> FlopCounter.inputTypeFor(Net.of(TestNets.mlp()), 0, 4, 1));
    }

    @Test
    void flopStatsValidationAndRatios() {
        assertThrows(IllegalArgumentException.class, () -> new FlopStats(10, 11));
        assertThrows(IllegalArgumentException.class, () -> new FlopStats(-1, 0));
        assertEquals(4.0, new FlopStats(100, 25).speedup(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, new FlopStats(100, 0).speedup());
        assertEquals(1.0, new FlopStats(0, 0).effectiveFraction());
    }

    @Test
    void depthwiseAndSeparableConvolutionsCountEveryWeightOncePerOutputPosition() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1)
                .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2)
                        .nOut(4).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SeparableConvolution2D.Builder(3, 3).nOut(3).build())
                .layer(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<LayerFlops> layers = FlopCounter.perLayer(Net.of(net), InputType.convolutionalFlat(8, 8, 2));
        // on 8·8 outputs: depthwise W 3·3·2·2 = 36; separable: depthwise W 1·4·3·3 = 36 plus pointwise pW 3·4 = 12
        assertEquals(2 * 36 * 64, layers.get(0).flops().dense());
        assertEquals(2 * (36 + 12) * 64, layers.get(1).flops().dense());
        assertEquals("", layers.get(1).note());
        assertEquals(2 * 3 * 3, layers.get(3).flops().dense());
        net.getParam("1_pW").putScalar(0, 0f);
        assertEquals(2 * (36 + 11) * 64, FlopCounter.perLayer(Net.of(net), InputType.convolutionalFlat(8, 8, 2))
                .get(1).flops().effective());
    }
}
