package io.prunesweep.graph;

import io.prunesweep.model.FastConv2D;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One small network per coupling kind, on side×side grey images (fed flat, as the data package gives them),
 * with 3 classes. Layer widths differ from each other so that a slice attributed to the wrong layer shows.
 */
final class GraphFixtures {
    static final int SIDE = 8;
    static final int CLASSES = 3;

    private GraphFixtures() {
    }

    /** The fixture of the given name. */
    static org.deeplearning4j.nn.api.Model named(String name, int side) {
        return switch (name) {
            case "convBnConv" -> convBnConv(side);
            case "residual" -> residual(side);
            case "concat" -> concat(side);
            case "depthwiseSeparable" -> depthwiseSeparable(side);
            case "depthwiseMultiplier" -> depthwiseMultiplier(side);
            case "unsupportedVertex" -> unsupportedVertex(side);
            case "sigmoidBranch" -> sigmoidBranch(side);
            case "denseViaFlatten" -> denseViaFlatten(side);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static ComputationGraphConfiguration.GraphBuilder graph(int side) {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Sgd(0.01))
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutionalFlat(side, side, 1));
    }

    private static ComputationGraph init(ComputationGraphConfiguration.GraphBuilder g, String last) {
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static ConvolutionLayer conv(int out, int kernel, int stride) {
        return new ConvolutionLayer.Builder(kernel, kernel).nOut(out).stride(stride, stride)
                .activation(Activation.IDENTITY).build();
    }

    private static ConvolutionLayer fast(int out, int kernel, int stride, Activation act) {
        return new FastConv2D.Builder(kernel, kernel).nOut(out).stride(stride, stride).activation(act).build();
    }

    /** Batch norm; DL4J's batch-norm layer ignores any activation set on it (its config default is sigmoid). */
    private static BatchNormalization bn() {
        return new BatchNormalization.Builder().activation(Activation.IDENTITY).build();
    }

    /** c1 (conv 4) → bn1 → relu → max pool → zero padding → c2 (conv 5) → global pooling → out. */
    static ComputationGraph convBnConv(int side) {
        var g = graph(side)
                .addLayer("c1", conv(4, 3, 1), "in")
                .addLayer("bn1", bn(), "c1")
                .addLayer("relu1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn1")
                .addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        "relu1")
                .addLayer("pad1", new ZeroPaddingLayer.Builder(1, 1).build(), "pool1")
                .addLayer("c2", fast(5, 3, 1, Activation.RELU), "pad1");
        return init(g, "c2");
    }

    /**
     * stem (conv 4, bn, relu) → a (conv 4, bn, relu) → b (conv 4, bn) + identity shortcut from stem → relu;
     * then c (conv 6 stride 2, bn) + projection p (1×1 conv 6 stride 2, bn) → relu → out.
     */
    static ComputationGraph residual(int side) {
        var g = graph(side)
                .addLayer("stem", fast(4, 3, 1, Activation.IDENTITY), "in")
                .addLayer("stem.bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "stem")
                .addLayer("a", fast(4, 3, 1, Activation.IDENTITY), "stem.bn")
                .addLayer("a.bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "a")
                .addLayer("b", fast(4, 3, 1, Activation.IDENTITY), "a.bn")
                .addLayer("b.bn", bn(), "b")
                .addVertex("add1", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b.bn", "stem.bn")
                .addLayer("relu1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add1")
                .addLayer("c", fast(6, 3, 2, Activation.IDENTITY), "relu1")
                .addLayer("c.bn", bn(), "c")
                .addLayer("p", fast(6, 1, 2, Activation.IDENTITY), "relu1")
                .addLayer("p.bn", bn(), "p")
                .addVertex("add2", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c.bn", "p.bn")
                .addLayer("relu2", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add2");
        return init(g, "relu2");
    }

    /** Branches x (conv 3, bn, relu) and y (conv 2, bn, relu) concatenated into z (conv 4, relu) → out. */
    static ComputationGraph concat(int side) {
        var g = graph(side)
                .addLayer("x", fast(3, 3, 1, Activation.IDENTITY), "in")
                .addLayer("x.bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "x")
                .addLayer("y", conv(2, 1, 1), "in")
                .addLayer("y.bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "y")
                .addVertex("cat", new MergeVertex(), "x.bn", "y.bn")
                .addLayer("z", fast(4, 3, 1, Activation.RELU), "cat");
        return init(g, "z");
    }

    /**
     * stem (conv 3, bn, relu) → dw (depthwise 3×3, multiplier 1, bn, relu) → pw (1×1 conv 4, bn, relu) →
     * sep (separable 3×3, depth multiplier 2, 5 outputs, relu) → out.
     */
    static ComputationGraph depthwiseSeparable(int side) {
        var g = graph(side)
                .addLayer("stem", fast(3, 3, 1, Activation.IDENTITY), "in")
                .addLayer("stem.bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "stem")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1)
                        .activation(Activation.IDENTITY).build(), "stem.bn")
                .addLayer("dw.bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "dw")
                .addLayer("pw", fast(4, 1, 1, Activation.IDENTITY), "dw.bn")
                .addLayer("pw.bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "pw")
                .addLayer("sep", new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(5)
                        .activation(Activation.RELU).build(), "pw.bn");
        return init(g, "sep");
    }

    /** A depthwise convolution with depth multiplier 2 read by a 1×1 conv: each input channel owns two outputs. */
    static ComputationGraph depthwiseMultiplier(int side) {
        var g = graph(side)
                .addLayer("stem", fast(3, 3, 1, Activation.RELU), "in")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2)
                        .activation(Activation.RELU).build(), "stem")
                .addLayer("pw", fast(4, 1, 1, Activation.RELU), "dw");
        return init(g, "pw");
    }

    /**
     * An L2NormalizeVertex (which mixes all channels of its input) after a (conv 3); its output read by c
     * (conv 2); a second branch b (conv 4) → d (conv 2); c + d → out. Only a's units touch the vertex.
     */
    static ComputationGraph unsupportedVertex(int side) {
        var g = graph(side)
                .addLayer("a", fast(3, 3, 1, Activation.RELU), "in")
                .addVertex("l2", new L2NormalizeVertex(), "a")
                .addLayer("c", fast(2, 3, 1, Activation.IDENTITY), "l2")
                .addLayer("b", fast(4, 3, 1, Activation.RELU), "in")
                .addLayer("d", fast(2, 3, 1, Activation.IDENTITY), "b")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c", "d")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "sum");
        return init(g, "relu");
    }

    /** A sigmoid conv (its removed units would still emit 0.5) beside a ReLU conv, concatenated. */
    static ComputationGraph sigmoidBranch(int side) {
        var g = graph(side)
                .addLayer("s", fast(2, 3, 1, Activation.SIGMOID), "in")
                .addLayer("r", fast(3, 3, 1, Activation.RELU), "in")
                .addVertex("cat", new MergeVertex(), "s", "r")
                .addLayer("z", fast(4, 3, 1, Activation.RELU), "cat");
        return init(g, "z");
    }

    /** A MultiLayerNetwork: conv 3 → bn → max pool → dense 5 through a flatten (4×4 per channel) → out. */
    static MultiLayerNetwork denseViaFlatten(int side) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(side, side, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
