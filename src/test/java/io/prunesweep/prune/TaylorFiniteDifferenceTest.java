package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.Granularity;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The Taylor scores at element and channel granularity against a central finite difference of the loss
 * (the neuron case is in {@link PrunerTest}). The oracle perturbs the network the way the score's definition
 * reads, not the way the criterion computes it: one weight scaled by (1±ε) for an element (dL/dε = w·∂L/∂w),
 * and for a channel the producing filter, weights and bias, scaled by (1±ε), which scales that channel's
 * activation because ReLU and max pooling commute with a positive factor (dL/dε = Σ a·∂L/∂a over positions).
 * The criterion instead reads the consumer's weight gradients through the consumer slice, so a wrong slice,
 * index order or averaging shows up here. The networks are doubles; the criterion's floats agree to ~1e-7.
 */
class TaylorFiniteDifferenceTest {
    /** Small enough that no ReLU or max-pool switch falls inside the step (a 1e-4 step crossed one). */
    private static final double EPS = 1e-6;
    /** Below this a score is treated as no signal (a dead ReLU, an unused input pixel). */
    private static final double SIGNAL = 1e-6;

    private static void assertMatches(double expected, float actual, String what) {
        assertEquals(expected, actual, 1e-8 + 1e-4 * Math.abs(expected), what);
    }

    /** |dL/dε| at ε = 0 by central difference, for a perturbation that scales something by (1+ε). */
    private static double fd(MultiLayerNetwork net, DataSet data, BiConsumer<MultiLayerNetwork, Double> scale) {
        MultiLayerNetwork plus = net.clone();
        scale.accept(plus, 1 + EPS);
        MultiLayerNetwork minus = net.clone();
        scale.accept(minus, 1 - EPS);
        return Math.abs((plus.score(data, false) - minus.score(data, false)) / (2 * EPS));
    }

    /** The position of flat index {@code i} in a C-order array of {@code shape}, computed here, not borrowed. */
    private static long[] unravel(long i, long[] shape) {
        long[] pos = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            pos[d] = i % shape[d];
            i /= shape[d];
        }
        return pos;
    }

    private static void scaleWhere(INDArray a, java.util.function.Predicate<long[]> which, double f) {
        for (long i = 0; i < a.length(); i++) {
            long[] at = unravel(i, a.shape());
            if (which.test(at)) {
                a.putScalar(at, a.getDouble(at) * f);
            }
        }
    }

    private static void elementScoresMatch(MultiLayerNetwork net, DataSet data, int layer) {
        ScoringContext ctx = new ScoringContext(Net.of(net), 9, List.of(data));
        float[] scores = new TaylorCriterion().score(ctx, Topology.of(Net.of(net)).layer(layer).orElseThrow(),
                Granularity.ELEMENT);
        String key = layer + "_W";
        long[] shape = net.getParam(key).shape();
        assertEquals(net.getParam(key).length(), scores.length, "one score per weight of " + key);
        int signal = 0;
        for (int i = 0; i < scores.length; i++) {
            long[] at = unravel(i, shape);
            double expected = fd(net, data, (n, f) -> scaleWhere(n.getParam(key), p -> Arrays.equals(p, at), f));
            assertMatches(expected, scores[i], key + Arrays.toString(at));
            signal += expected > SIGNAL ? 1 : 0;
        }
        assertTrue(signal > scores.length / 2, "the check compares real signal: " + signal + " of " + scores.length);
    }

    @Test
    void taylorElementScoreMatchesAFiniteDifferenceOfTheLossOnDenseWeights() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.DOUBLE, 9);
        DataSet data = TinyNets.data(64, 12, DataType.DOUBLE, 3);
        elementScoresMatch(net, data, 0); // [12, 10]
        elementScoresMatch(net, data, 1); // [10, 8]
    }

    @Test
    void taylorElementScoreMatchesAFiniteDifferenceOfTheLossOnConvolutionWeights() {
        MultiLayerNetwork net = TinyNets.cnn(DataType.DOUBLE, 1);
        DataSet data = TinyNets.data(32, 100, DataType.DOUBLE, 4);
        elementScoresMatch(net, data, 0); // [6, 1, 3, 3]
        elementScoresMatch(net, data, 2); // [5, 6, 2, 2]: every axis of the C order in play
    }

    @Test
    void taylorChannelScoreMatchesAFiniteDifferenceOfTheLoss() {
        // seed 1: no dead channel in either convolution, so every channel is compared on a non-zero value
        MultiLayerNetwork net = TinyNets.cnn(DataType.DOUBLE, 1);
        DataSet data = TinyNets.data(32, 100, DataType.DOUBLE, 4);
        ScoringContext ctx = new ScoringContext(Net.of(net), 9, List.of(data));
        // layer 0 feeds a convolution through max pooling; layer 2 feeds a dense layer through the flatten
        for (int layer : new int[] {0, 2}) {
            float[] scores = new TaylorCriterion().score(ctx, Topology.of(Net.of(net)).layer(layer).orElseThrow(),
                    Granularity.CHANNEL);
            long channels = net.getParam(layer + "_W").size(0);
            assertEquals(channels, scores.length, "one score per channel of layer " + layer);
            for (int c = 0; c < channels; c++) {
                long channel = c;
                String w = layer + "_W";
                String b = layer + "_b";
                double expected = fd(net, data, (n, f) -> {
                    scaleWhere(n.getParam(w), p -> p[0] == channel, f);
                    INDArray bias = n.getParam(b);
                    bias.putScalar(channel, bias.getDouble(channel) * f);
                });
                assertMatches(expected, scores[c], "layer " + layer + " channel " + c);
                assertTrue(expected > SIGNAL, "layer " + layer + " channel " + c + " carries signal: " + expected);
            }
        }
    }
}
