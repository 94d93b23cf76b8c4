package io.prunesweep.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The zoo's {@link ComputationGraph}s for small grey images, each built around one kind of coupling that
 * structured pruning must respect. Convolutions are {@link FastConv2D} (DL4J's convolution computed by
 * native ops) with "same" padding and no bias where a batch norm follows (its beta is the bias); the
 * depthwise convolutions are DL4J's {@code DepthwiseConvolution2D}. Seeded, float32, Adam, Xavier, as
 * {@link ModelZoo}.
 *
 * <ul>
 *   <li>{@code resnet}, widths {@code [s1, s2, s3]}: a 3×3 stem to s1 channels, then three stages of one basic
 *       block each (conv-BN-ReLU-conv-BN, added to the shortcut, ReLU); stage 1 keeps the resolution and adds
 *       the identity, stages 2 and 3 halve it and add a 1×1 stride-2 projection with BN; global average
 *       pooling; softmax.</li>
 *   <li>{@code mobilenet}, widths {@code [s, p1, p2, ...]}: a 3×3 stem to s channels with BN, then one
 *       depthwise-separable block per further width (3×3 depthwise conv-BN-ReLU, 1×1 conv to p_i-BN-ReLU),
 *       the first two blocks with stride 2; global average pooling; softmax.</li>
 *   <li>{@code inception}, widths {@code [s, a, b, c]}: a 3×3 stem to s channels with BN and 2×2 max pooling,
 *       then a block concatenating three branches (1×1 conv to a; 1×1 conv to b/2 then 3×3 conv to b; 3×3
 *       max pooling then 1×1 conv to c), each with BN and ReLU, read by a 3×3 conv to s channels; global
 *       average pooling; softmax.</li>
 * </ul>
 */
public final class GraphZoo {
    private GraphZoo() {
    }

    /**
     * Default widths per model, chosen so that one training epoch on 20,000 images takes about a minute on 2 cores
     * (measured by {@code io.prunesweep.perf.GraphZooEpoch}, OMP_NUM_THREADS=2, batch 128, on a shared machine:
     * resnet 54 s wall / 53 s CPU, mobilenet 56 s / 57 s, inception 58 s / 62 s; resnet at [8, 16, 32] took 111 s
     * and mobilenet at [16, 32, 64] 92 s).
     */
    public static final Map<String, List<Integer>> DEFAULT_WIDTHS = Map.of(
            "resnet", List.of(6, 12, 24),
            "mobilenet", List.of(8, 16, 32),
            "inception", List.of(16, 16, 16, 16));

    /** Zoo names built here, in the order they are listed. */
    public static final List<String> NAMES = List.of("resnet", "mobilenet", "inception");

    /**
     * Builds an initialised, untrained graph.
     *
     * @param name         {@code resnet}, {@code mobilenet} or {@code inception}
     * @param input        the input, an image
     * @param numClasses   output classes
     * @param seed         initialisation seed
     * @param learningRate Adam learning rate
     * @param widths       channel widths as the class documentation describes, or an empty list for the defaults
     */
    public static ComputationGraph build(String name, InputSpec input, int numClasses, long seed, double learningRate,
                                         List<Integer> widths) {
        if (!NAMES.contains(name)) {
            throw new ModelException("unknown graph zoo model '" + name + "'; available: " + NAMES);
        }
        if (input.height() <= 0) {
            throw new ModelException("the " + name + " model needs image input (channels, height, width); the "
                    + "dataset gives " + input.width() + " flat features");
        }
        List<Integer> w = widths == null || widths.isEmpty() ? DEFAULT_WIDTHS.get(name) : List.copyOf(widths);
        checkWidths(name, w);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, learningRate, 0.5)))
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(input.inputType());
        String last = switch (name) {
            case "resnet" -> resnet(g, w);
            case "mobilenet" -> mobilenet(g, w);
            default -> inception(g, w);
        };
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last)
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static void checkWidths(String name, List<Integer> w) {
        int expected = switch (name) {
            case "resnet" -> 3;
            case "inception" -> 4;
            default -> -1;
        };
        if (expected > 0 && w.size() != expected || expected < 0 && w.size() < 2) {
            throw new ModelException("widths of " + name + " must be " + (expected > 0 ? expected + " numbers"
                    : "at least 2 numbers") + " (see GraphZoo), found " + w);
        }
        for (int x : w) {
            if (x < 1 || x > 4096) {
                throw new ModelException("widths of " + name + " must be between 1 and 4096, found " + w);
            }
        }
    }

    private static String resnet(ComputationGraphConfiguration.GraphBuilder g, List<Integer> w) {
        String x = convBn(g, "stem", "input", w.get(0), 3, 1, true);
        int channels = w.get(0);
        for (int s = 0; s < 3; s++) {
            String p = "s" + (s + 1);
            int out = w.get(s);
            int stride = s == 0 ? 1 : 2;
            String a = convBn(g, p + ".a", x, out, 3, stride, true);
            String b = convBn(g, p + ".b", a, out, 3, 1, false);
            String shortcut = x;
            if (stride != 1 || out != channels) {
                shortcut = convBn(g, p + ".proj", x, out, 1, stride, false);
            }
            g.addVertex(p + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b, shortcut)
                    .addLayer(p + ".relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), p + ".add");
            x = p + ".relu";
            channels = out;
        }
        return x;
    }

    private static String mobilenet(ComputationGraphConfiguration.GraphBuilder g, List<Integer> w) {
        String x = convBn(g, "stem", "input", w.get(0), 3, 1, true);
        for (int i = 1; i < w.size(); i++) {
            String p = "b" + i;
            int stride = i <= 2 ? 2 : 1;
            g.addLayer(p + ".dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).stride(stride, stride)
                    .hasBias(false).activation(Activation.IDENTITY).build(), x);
            String d = bn(g, p + ".dw", p + ".dw", true);
            x = convBn(g, p + ".pw", d, w.get(i), 1, 1, true);
        }
        return x;
    }

    private static String inception(ComputationGraphConfiguration.GraphBuilder g, List<Integer> w) {
        String stem = convBn(g, "stem", "input", w.get(0), 3, 1, true);
        g.addLayer("stem.pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                stem);
        String a = convBn(g, "i.1x1", "stem.pool", w.get(1), 1, 1, true);
        String reduce = convBn(g, "i.3x3r", "stem.pool", Math.max(1, w.get(2) / 2), 1, 1, true);
        String b = convBn(g, "i.3x3", reduce, w.get(2), 3, 1, true);
        g.addLayer("i.pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(1, 1).build(),
                "stem.pool");
        String c = convBn(g, "i.proj", "i.pool", w.get(3), 1, 1, true);
        g.addVertex("i.concat", new MergeVertex(), a, b, c);
        return convBn(g, "head", "i.concat", w.get(0), 3, 1, true);
    }

    /** A convolution without bias, its batch norm and, if {@code relu}, a ReLU; returns the last vertex. */
    private static String convBn(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int out,
                                 int kernel, int stride, boolean relu) {
        g.addLayer(name, new FastConv2D.Builder(kernel, kernel).nOut(out).stride(stride, stride).hasBias(false)
                .activation(Activation.IDENTITY).build(), in);
        return bn(g, name, name, relu);
    }

    /**
     * A batch norm and, if {@code relu}, an activation layer: DL4J's batch-norm layer ignores an activation set on
     * it, so the ReLU must be a layer of its own.
     */
    private static String bn(ComputationGraphConfiguration.GraphBuilder g, String name, String in, boolean relu) {
        g.addLayer(name + ".bn", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), in);
        if (!relu) {
            return name + ".bn";
        }
        g.addLayer(name + ".relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + ".bn");
        return name + ".relu";
    }
}
