package io.prunesweep.eval;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny networks with hand-set parameters shared by the eval tests. */
final class TestNets {

    private TestNets() {
    }

    static NeuralNetConfiguration.ListBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list();
    }

    static OutputLayer softmax(int nIn, int nOut) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(nOut)
                .activation(Activation.SOFTMAX).build();
    }

    /** Untouched 4-3-2 MLP (DL4J's random weights, zero biases). */
    static MultiLayerNetwork mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(builder()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(softmax(3, 2))
                .build());
        net.init();
        return net;
    }

    /**
     * 4-3-2 MLP with hand-set parameters; non-zeros: 0_W 3 of 12, 0_b 0 of 3, 1_W 4 of 6, 1_b 1 of 2.
     */
    static MultiLayerNetwork prunedMlp() {
        MultiLayerNetwork net = mlp();
        set(net, "0_W", 1, 0, 0,
                        0, 2, 0,
                        0, 0, 3,
                        0, 0, 0);
        set(net, "0_b", 0, 0, 0);
        set(net, "1_W", 1, -1,
                        2, 0,
                        0, 3);
        set(net, "1_b", 0.5f, 0);
        return net;
    }

    /**
     * conv 3x3 (1→2 channels, stride 1, no padding: 8x8 → 6x6), max-pool 2x2/2 (→ 3x3), softmax 18→2;
     * input {@code convolutionalFlat(8, 8, 1)}.
     */
    static MultiLayerNetwork cnn() {
        MultiLayerNetwork net = new MultiLayerNetwork(builder()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1))
                .build());
        net.init();
        return net;
    }

    /** 4 → batch-norm → 2: a layer type the FLOP counter does not model. */
    static MultiLayerNetwork withBatchNorm() {
        MultiLayerNetwork net = new MultiLayerNetwork(builder()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().nOut(3).build())
                .layer(softmax(3, 2))
                .build());
        net.init();
        return net;
    }

    /** Overwrites parameter {@code key} with {@code values} given in row-major order of its shape. */
    static void set(MultiLayerNetwork net, String key, float... values) {
        long[] shape = net.getParam(key).shape();
        net.setParam(key, Nd4j.create(values, shape, 'c'));
    }

    /** Sets every entry of parameter {@code key} to {@code value}. */
    static void fill(MultiLayerNetwork net, String key, float value) {
        net.getParam(key).assign(value);
    }
}
