package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class PrunerTest {

    private static PruneSettings settings(CriterionKind c, Granularity g, Scope s, double sp) {
        return new PruneSettings(c, g, s, sp, false, 1.0, 7L);
    }

    private static float[] w(MultiLayerNetwork net, String key) {
        return net.getParam(key).dup('c').data().asFloat();
    }

    private static int zeros(float[] a) {
        int z = 0; // -0.0f counts: it is a zero
        for (float v : a) {
            z += v == 0f ? 1 : 0;
        }
        return z;
    }

    @Test
    void magnitudeElementLayerScopeRemovesTheSmallestWeightsOfEachLayerAndSparesTheOutputLayer() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        float[] before0 = w(net, "0_W");
        float[] before2 = w(net, "2_W");
        PrunePlan plan = Pruner.plan(Net.of(net), settings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.5),
                new ScoringContext(Net.of(net), 7, List.of()));
        plan.masks().applyTo(Net.of(net));
        float[] after0 = w(net, "0_W");
        assertEquals(60, zeros(after0), "120 weights at 50% → exactly 60 zeros");
        assertEquals(40, zeros(w(net, "1_W")));
        assertEquals(0, zeros(w(net, "2_W")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(before2, w(net, "2_W"));
        float maxRemoved = 0;
        float minKept = Float.MAX_VALUE;
        for (int i = 0; i < before0.length; i++) {
            if (after0[i] == 0) {
                maxRemoved = Math.max(maxRemoved, Math.abs(before0[i]));
            } else {
                minKept = Math.min(minKept, Math.abs(before0[i]));
                assertEquals(before0[i], after0[i], "kept weights are unchanged");
            }
        }
        assertTrue(maxRemoved <= minKept);
    }

    @Test
    void outputLayerIsPrunedOnlyWhenAsked() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 1);
        PruneSettings s = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, 0.5, true, 1.0, 7);
        Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 7, List.of())).masks().applyTo(Net.of(net));
        assertEquals(12, zeros(w(net, "2_W")));
    }

    @Test
    void globalScopeUsesOneThresholdAcrossLayers() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 3);
        float[] b0 = w(net, "0_W");
        float[] b1 = w(net, "1_W");
        PrunePlan plan = Pruner.plan(Net.of(net), settings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.GLOBAL, 0.6),
                new ScoringContext(Net.of(net), 7, List.of()));
        plan.masks().applyTo(Net.of(net));
        float[] a0 = w(net, "0_W");
        float[] a1 = w(net, "1_W");
        assertEquals(Math.round(0.6 * 200), zeros(a0) + zeros(a1));
        float maxRemoved = 0;
        float minKept = Float.MAX_VALUE;
        for (int l = 0; l < 2; l++) {
            float[] b = l == 0 ? b0 : b1;
            float[] a = l == 0 ? a0 : a1;
            for (int i = 0; i < b.length; i++) {
                if (a[i] == 0) {
                    maxRemoved = Math.max(maxRemoved, Math.abs(b[i]));
                } else {
                    minKept = Math.min(minKept, Math.abs(b[i]));
                }
            }
        }
        assertTrue(maxRemoved <= minKept);
        assertNotEquals(zeros(a0) * 80, zeros(a1) * 120, "layers end at different ratios under one threshold");
    }

    @Test
    void globalScopeRespectsThePerLayerCap() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 3);
        // scale layer 1 down so a plain global threshold would empty it
        net.getParam("1_W").muli(1e-3);
        PruneSettings s = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.GLOBAL, 0.5, false, 0.8, 7);
        PrunePlan plan = Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 7, List.of()));
        plan.masks().applyTo(Net.of(net));
        assertEquals(64, zeros(w(net, "1_W")), "layer 1 capped at 80% of 80 weights");
        assertEquals(100 - 64, zeros(w(net, "0_W")), "the rest of the budget comes from layer 0");
    }

    @Test
    void normCriteriaRemoveTheNeuronsWithTheSmallestNormsWithBiasAndConsumerRow() {
        for (CriterionKind c : List.of(CriterionKind.L1, CriterionKind.L2, CriterionKind.MAGNITUDE)) {
            MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 5);
            float[] before = w(net, "0_W");
            PrunePlan plan = Pruner.plan(Net.of(net), settings(c, Granularity.NEURON, Scope.LAYER, 0.3),
                    new ScoringContext(Net.of(net), 7, List.of()));
            int[] removed = plan.removedUnits().get(0);
            assertEquals(3, removed.length, c + ": 30% of 10 neurons");
            assertEquals(2, plan.removedUnits().get(1).length, c + ": 30% of 8 neurons, rounded");
            double maxRemoved = 0;
            double minKept = Double.MAX_VALUE;
            for (int j = 0; j < 10; j++) {
                double n = 0;
                for (int i = 0; i < 12; i++) {
                    float v = before[i * 10 + j];
                    n += c == CriterionKind.L2 ? v * v : Math.abs(v);
                }
                final int unit = j;
                boolean gone = java.util.Arrays.stream(removed).anyMatch(r -> r == unit);
                if (gone) {
                    maxRemoved = Math.max(maxRemoved, n);
                } else {
                    minKept = Math.min(minKept, n);
                }
            }
            assertTrue(maxRemoved <= minKept, c + " removes the lowest-norm neurons");
            plan.masks().applyTo(Net.of(net));
            float[] w0 = w(net, "0_W");
            float[] b0 = w(net, "0_b");
            float[] w1 = w(net, "1_W");
            for (int j : removed) {
                assertTrue(b0[j] == 0f);
                for (int i = 0; i < 12; i++) {
                    assertTrue(w0[i * 10 + j] == 0f, "column of the removed neuron");
                }
                for (int k = 0; k < 8; k++) {
                    assertTrue(w1[j * 8 + k] == 0f, "row of the removed neuron in the next layer");
                }
            }
        }
    }

    @Test
    void randomCriterionIsReproducibleBySeed() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 5);
        PruneSettings a = new PruneSettings(CriterionKind.RANDOM, Granularity.ELEMENT, Scope.LAYER, 0.5, false, 1, 11);
        PruneSettings b = new PruneSettings(CriterionKind.RANDOM, Granularity.ELEMENT, Scope.LAYER, 0.5, false, 1, 12);
        MaskSet m1 = Pruner.plan(Net.of(net), a, new ScoringContext(Net.of(net), 11, List.of())).masks();
        MaskSet m2 = Pruner.plan(Net.of(net), a, new ScoringContext(Net.of(net), 11, List.of())).masks();
        MaskSet m3 = Pruner.plan(Net.of(net), b, new ScoringContext(Net.of(net), 12, List.of())).masks();
        assertEquals(m1, m2);
        assertNotEquals(m1, m3);
    }

    @Test
    void taylorNeuronScoreMatchesAFiniteDifferenceOfTheLoss() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.DOUBLE, 9);
        DataSet data = TinyNets.data(64, 12, DataType.DOUBLE, 3);
        ScoringContext ctx = new ScoringContext(Net.of(net), 9, List.of(data));
        Topology.PrunableLayer l0 = Topology.of(Net.of(net)).layer(0).orElseThrow();
        float[] scores = new TaylorCriterion().score(ctx, l0, Granularity.NEURON);
        double eps = 1e-4;
        for (int j = 0; j < 10; j++) {
            // scaling neuron j's outgoing row by (1±ε) scales a_j's effect; dL/dε = mean a_j·∂L/∂a_j
            double plus = scaledRowScore(net, data, j, 1 + eps);
            double minus = scaledRowScore(net, data, j, 1 - eps);
            double expected = Math.abs((plus - minus) / (2 * eps));
            assertEquals(expected, scores[j], 1e-4 + 1e-3 * expected, "neuron " + j);
        }
    }

    private static double scaledRowScore(MultiLayerNetwork net, DataSet data, int row, double factor) {
        MultiLayerNetwork copy = net.clone();
        INDArray w1 = copy.getParam("1_W");
        w1.getRow(row).muli(factor);
        return copy.score(data, false);
    }

    @Test
    void channelPruningRemovesFiltersAndTheNextLayersInputSlices() {
        MultiLayerNetwork net = TinyNets.cnn(4);
        PrunePlan plan = Pruner.plan(Net.of(net), settings(CriterionKind.L1, Granularity.CHANNEL, Scope.LAYER, 0.5),
                new ScoringContext(Net.of(net), 7, List.of()));
        assertEquals(3, plan.removedUnits().get(0).length);
        assertEquals(3, plan.removedUnits().get(2).length, "50% of 5 channels: 2.5 rounds half up to 3");
        plan.masks().applyTo(Net.of(net));
        float[] w2 = w(net, "2_W"); // [5, 6, 2, 2]
        for (int c : plan.removedUnits().get(0)) {
            for (int o = 0; o < 5; o++) {
                for (int k = 0; k < 4; k++) {
                    assertTrue(w2[(o * 6 + c) * 4 + k] == 0f);
                }
            }
        }
        float[] w3 = w(net, "3_W"); // dense after flatten: rows c*h*w..
        long spatial = Topology.of(Net.of(net)).layer(2).orElseThrow().spatial();
        for (int c : plan.removedUnits().get(2)) {
            for (long r = c * spatial; r < (c + 1) * spatial; r++) {
                for (int k = 0; k < 7; k++) {
                    assertTrue(w3[(int) (r * 7 + k)] == 0f);
                }
            }
        }
    }

    @Test
    void unsupportedGranularityIsAClearError() {
        MultiLayerNetwork mlp = TinyNets.mlp(DataType.FLOAT, 1);
        PruneException e = assertThrows(PruneException.class, () -> Pruner.plan(Net.of(mlp),
                settings(CriterionKind.L1, Granularity.CHANNEL, Scope.LAYER, 0.5), new ScoringContext(Net.of(mlp), 1, List.of())));
        assertTrue(e.getMessage().contains("no layer that supports channel pruning"), e.getMessage());
        assertTrue(e.getMessage().contains("channel pruning applies to ConvolutionLayer"), e.getMessage());
    }

    @Test
    void taylorWithoutDataIsAClearError() {
        MultiLayerNetwork mlp = TinyNets.mlp(DataType.FLOAT, 1);
        PruneException e = assertThrows(PruneException.class, () -> Pruner.plan(Net.of(mlp),
                settings(CriterionKind.TAYLOR, Granularity.NEURON, Scope.LAYER, 0.5), new ScoringContext(Net.of(mlp), 1, List.of())));
        assertTrue(e.getMessage().contains("needs training minibatches"));
    }

    @Test
    void laterRoundsKeepEarlierRemovalsAndReachTheirOwnTarget() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 2);
        PruneSettings s = settings(CriterionKind.RANDOM, Granularity.ELEMENT, Scope.LAYER, 0.3);
        MaskSet first = Pruner.plan(Net.of(net), s, new ScoringContext(Net.of(net), 1, List.of())).masks();
        first.applyTo(Net.of(net));
        PrunePlan second = Pruner.plan(Net.of(net), s.withSparsity(0.6), new ScoringContext(Net.of(net), 2, List.of()), first);
        ParamMask a = first.masks().get("0_W");
        ParamMask b = second.masks().masks().get("0_W");
        for (int i = 0; i < a.length(); i++) {
            assertTrue(a.isKept(i) || !b.isKept(i), "removed in round 1 stays removed");
        }
        assertEquals(120 - 72, b.keptCount(), "60% of 120 exactly");
    }

    @Test
    void neuronPruningWorksOnLayersWithoutBias() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(6).nOut(5).hasBias(false)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(5).nOut(2).hasBias(false)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        PrunePlan plan = Pruner.plan(Net.of(net), settings(CriterionKind.L1, Granularity.NEURON, Scope.LAYER, 0.4),
                new ScoringContext(Net.of(net), 1, List.of()));
        assertEquals(2, plan.removedUnits().get(0).length);
        plan.masks().applyTo(Net.of(net));
        assertEquals(0, plan.masks().violations(Net.of(net)));
        MultiLayerNetwork small = Surgeon.shrink(net, plan.removedUnits());
        assertEquals(6 * 3 + 3 * 2, small.numParams());
    }
}
