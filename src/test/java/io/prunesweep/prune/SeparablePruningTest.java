package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.Scope;
import io.prunesweep.testing.GraphNets;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Element pruning of a {@code SeparableConvolution2D}: both its weight arrays (depthwise {@code _W}, pointwise
 * {@code _pW}) are pruned, each to its own ratio, by every element criterion; the masks hold through Adam
 * fine-tuning; N:M and block leave the layer alone.
 */
class SeparablePruningTest {
    private static final DataSet DATA = GraphNets.images(48, 7);
    /** Depthwise [multiplier 2, nIn 3, 3, 3] and pointwise [nOut 4, nIn·multiplier 6, 1, 1]. */
    private static final int DEPTHWISE = 2 * 3 * 3 * 3;
    private static final int POINTWISE = 4 * 6;

    /** c (conv 3×3, 3 channels) → sep (separable 3×3, multiplier 2, 4 outputs) → global average → out (3). */
    private static Net graph() {
        var conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutionalFlat(8, 8, 1))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build(), "in")
                .addLayer("sep", new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(4)
                        .activation(Activation.RELU).build(), "c")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sep")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return Net.of(g);
    }

    private static PruneSettings element(CriterionKind c) {
        return new PruneSettings(c, Granularity.ELEMENT, Scope.LAYER, 0.5, false, 1.0, 3);
    }

    private static long pruned(MaskSet m, String key) {
        ParamMask p = m.masks().get(key);
        assertTrue(p != null, key + " has no mask: " + m.masks().keySet());
        return p.length() - p.keptCount();
    }

    @Test
    void bothWeightArraysAreTargetsWithTheShapesDl4jGivesThem() {
        Net g = graph();
        assertArrayEquals(new long[] {2, 3, 3, 3}, g.param("sep_W").shape());
        assertArrayEquals(new long[] {4, 6, 1, 1}, g.param("sep_pW").shape());
        List<String> keys = Topology.of(g).targets(Granularity.ELEMENT, false).stream()
                .map(Topology.PrunableLayer::weightKey).toList();
        assertEquals(List.of("c_W", "sep_W", "sep_pW"), keys);
        String described = Topology.of(g).describe();
        assertTrue(described.contains("element=yes(sep_pW)") && described.contains("nm/block=no"), described);
        // one sensitivity/budget target per layer, counting both arrays and the bias
        List<Prunable> targets = Prunable.of(g, Granularity.ELEMENT, false);
        assertEquals(List.of("c", "sep"), targets.stream().map(Prunable::name).toList());
        assertEquals(DEPTHWISE + POINTWISE + 4, targets.get(1).params());
    }

    @Test
    void everyElementCriterionPrunesHalfOfEachArrayAndAdamFineTuningHoldsTheMasks() {
        List<DataSet> batches = List.of(DATA.sample(16, false));
        for (CriterionKind c : List.of(CriterionKind.MAGNITUDE, CriterionKind.RANDOM, CriterionKind.L1,
                CriterionKind.L2, CriterionKind.TAYLOR)) {
            Net g = graph();
            PrunePlan plan = Pruner.plan(g, element(c), new ScoringContext(g, 3, batches));
            MaskSet m = plan.masks();
            assertEquals(Set.of("c_W", "sep_W", "sep_pW"), m.masks().keySet(), c.toString());
            assertEquals(Math.round(0.5 * DEPTHWISE), pruned(m, "sep_W"), c + " sep_W");
            assertEquals(Math.round(0.5 * POINTWISE), pruned(m, "sep_pW"), c + " sep_pW");
            if (c == CriterionKind.MAGNITUDE) {
                // the pointwise cut is its own smallest |w|, not a slice chosen with the depthwise array
                float[] w = g.param("sep_pW").dup('c').data().asFloat();
                ParamMask pm = m.masks().get("sep_pW");
                float maxCut = 0;
                float minKept = Float.MAX_VALUE;
                for (int i = 0; i < w.length; i++) {
                    if (pm.isKept(i)) {
                        minKept = Math.min(minKept, Math.abs(w[i]));
                    } else {
                        maxCut = Math.max(maxCut, Math.abs(w[i]));
                    }
                }
                assertTrue(maxCut <= minKept, maxCut + " > " + minKept);
                m.applyTo(g);
                INDArray before = g.param("sep_pW").dup();
                double loss = FineTuner.fineTune(g, TinyNets.iterator(DATA, 16), 1, 0.01, m);
                assertTrue(Double.isFinite(loss));
                assertEquals(0, m.violations(g), "masked weights of both arrays stay zero");
                assertFalse(before.equalsWithEps(g.param("sep_pW"), 1e-6), "the surviving pointwise weights trained");
            }
        }
    }

    @Test
    void taylorProductsCoverThePointwiseArrayAndStillNoBias() {
        Net g = graph();
        ScoringContext ctx = new ScoringContext(g, 3, List.of(DATA.sample(16, false)));
        List<float[]> pw = ctx.taylorProducts("sep_pW");
        assertEquals(1, pw.size());
        assertEquals(POINTWISE, pw.get(0).length);
        float abs = 0;
        for (float v : pw.get(0)) {
            abs += Math.abs(v);
        }
        assertTrue(abs > 0, "w·∂L/∂w of the pointwise weights is not all zero");
        assertEquals(DEPTHWISE, ctx.taylorProducts("sep_W").get(0).length);
        assertThrows(PruneException.class, () -> ctx.taylorProducts("sep_b"));
    }

    @Test
    void nmAndBlockLeaveTheSeparableLayerAlone() {
        Net g = graph();
        PruneSettings nm = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.NM, Scope.LAYER, 0.5, false, 1.0, 3,
                new NmPattern(2, 4), null);
        assertEquals(Set.of("c_W"), Pruner.plan(g, nm, new ScoringContext(g, 3, List.of())).masks().masks().keySet());
        PruneSettings block = new PruneSettings(CriterionKind.L1, Granularity.BLOCK, Scope.LAYER, 0.5, false, 1.0, 3,
                null, new BlockShape(3, 1));
        assertEquals(Set.of("c_W"), Pruner.plan(g, block, new ScoringContext(g, 3, List.of())).masks().masks().keySet());
    }

    @Test
    void aChainPrunesBothArraysToo() {
        var conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build())
                .layer(new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(4)
                        .activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build();
        MultiLayerNetwork chain = new MultiLayerNetwork(conf);
        chain.init();
        Net net = Net.of(chain);
        MaskSet m = Pruner.plan(net, element(CriterionKind.L2), new ScoringContext(net, 3, List.of())).masks();
        assertEquals(Set.of("0_W", "1_W", "1_pW"), m.masks().keySet());
        assertEquals(Math.round(0.5 * DEPTHWISE), pruned(m, "1_W"));
        assertEquals(Math.round(0.5 * POINTWISE), pruned(m, "1_pW"));
    }
}
