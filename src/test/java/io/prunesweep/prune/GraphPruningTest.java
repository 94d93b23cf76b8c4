package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.LayerFlops;
import io.prunesweep.eval.LayerStats;
import io.prunesweep.eval.SizeMetrics;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import io.prunesweep.testing.GraphNets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A {@code ComputationGraph} (conv → batch norm → relu → conv with a residual add, global pooling, softmax) through
 * the same path as a {@code MultiLayerNetwork}: loaded from a zip, measured, pruned at element, N:M and block
 * granularity, fine-tuned with the mask held, saved and loaded with its masks; and pruned by unit groups at channel
 * granularity (every schedule, the bn criterion, capped groups, shrunk ≡ masked).
 */
class GraphPruningTest {
    @TempDir
    Path tmp;

    private static final DataSet DATA = GraphNets.images(96, 5);

    private static Net graph() {
        return Net.of(GraphNets.residualCnn(11));
    }

    private static PruneSettings element(double s) {
        return new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER, s, false, 1.0, 3);
    }

    @Test
    void aGraphZipIsLoadedAsAGraphAndAChainZipAsAChain() {
        Net g = graph();
        Path zip = tmp.resolve("g.zip");
        ModelStore.save(g, Optional.empty(), zip);
        ModelStore.LoadedModel loaded = ModelStore.load(zip);
        assertTrue(loaded.net().isGraph());
        assertEquals(ModelStore.fingerprint(g), loaded.fingerprint());
        assertEquals(g.output(DATA.getFeatures()), loaded.net().output(DATA.getFeatures()));

        Net chain = Net.of(TinyNets.mlp(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1));
        Path mlp = tmp.resolve("m.zip");
        ModelStore.save(chain, Optional.empty(), mlp);
        assertFalse(ModelStore.load(mlp).net().isGraph());
    }

    @Test
    void theLayerGraphListsLayersAndVerticesInTopologicalOrderWithTheirInputs() {
        List<Net.Node> nodes = graph().nodes();
        assertEquals(List.of("c1", "bn", "relu", "c2", "add", "pool", "out"), nodes.stream().map(Net.Node::name).toList());
        Net.Node add = nodes.get(4);
        assertFalse(add.isLayer());
        assertEquals("ElementWiseVertex", add.type());
        assertEquals(List.of("relu", "c2"), add.inputs());
        assertTrue(nodes.get(6).output());
        assertEquals(InputSpec.image(1, 8, 8), InputSpec.of(graph()));
    }

    @Test
    void paramsNonzerosAndFlopsMatchTheHandCounts() {
        Net g = graph();
        SizeMetrics size = SizeMetrics.of(g);
        assertEquals(219, size.totalParams());
        // zero at initialisation: the 11 biases, batch norm's β, running mean and log-std (12)
        assertEquals(219 - 23, size.nonzeroParams());
        assertEquals(219, g.numParams());
        InputType in = InputType.convolutionalFlat(8, 8, 1);
        List<LayerFlops> flops = FlopCounter.perLayer(g, in);
        assertEquals(List.of("c1", "bn", "relu", "c2", "pool", "out"), flops.stream().map(LayerFlops::name).toList());
        assertEquals(4_608, flops.get(0).flops().dense());
        assertEquals(18_432, flops.get(3).flops().dense());
        assertEquals(24, flops.get(5).flops().dense());
        assertEquals(23_064, FlopCounter.count(g, in).dense());
        assertEquals(List.of(40L, 16L, 0L, 148L, 0L, 15L), LayerStats.of(g).stream().map(LayerStats::params).toList());

        PrunePlan plan = Pruner.plan(g, element(0.5), new ScoringContext(g, 3, List.of()));
        plan.masks().applyTo(g);
        // half of c1's 36 and c2's 144 weights: 18 + 72 zeros
        assertEquals(Set.of("c1_W", "c2_W"), plan.masks().masks().keySet());
        assertEquals(90, plan.masks().prunedCount());
        assertEquals(219 - 23 - 90, SizeMetrics.of(g).nonzeroParams());
        assertEquals(2 * 18 * 64 + 2 * 72 * 64 + 24, FlopCounter.count(g, in).effective());
    }

    @Test
    void elementPruningHoldsThroughAdamFineTuningOfTheGraph() {
        Net g = graph();
        PrunePlan plan = Pruner.plan(g, element(0.7), new ScoringContext(g, 3, List.of()));
        INDArray before = g.params().dup();
        double loss = FineTuner.fineTune(g, TinyNets.iterator(DATA, 16), 2, 0.01, plan.masks());
        assertTrue(Double.isFinite(loss));
        assertEquals(0, plan.masks().violations(g), "masked weights stay zero");
        assertFalse(before.equalsWithEps(g.params(), 1e-6), "the surviving weights trained");
        assertTrue(g.param("bn_gamma") != null, "batch norm parameters are named by their layer");
    }

    @Test
    void nmAndBlockPruningWorkOnTheGraphsConvolutions() {
        Net g = graph();
        PruneSettings nm = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.NM, Scope.LAYER, 0.5, false, 1.0, 3,
                new NmPattern(2, 4), null);
        MaskSet m = Pruner.plan(g, nm, new ScoringContext(g, 3, List.of())).masks();
        // c1 reduces over 9 inputs per output: runs of 4, 4 and 1 keep 2, 2 and 1; c2 over 36: nine runs keep 2
        assertEquals(4 * 4 + 4 * 18, m.prunedCount());
        PruneSettings block = new PruneSettings(CriterionKind.L1, Granularity.BLOCK, Scope.GLOBAL, 0.5, false, 1.0, 3,
                null, new BlockShape(4, 1));
        MaskSet b = Pruner.plan(g, block, new ScoringContext(g, 3, List.of())).masks();
        assertEquals(Set.of("c1_W", "c2_W"), b.masks().keySet());
        assertTrue(b.prunedCount() > 0);
    }

    @Test
    void aPrunedGraphAndItsMasksSurviveASaveAndLoad() {
        Net g = graph();
        MaskSet masks = Pruner.plan(g, element(0.6), new ScoringContext(g, 3, List.of())).masks();
        FineTuner.fineTune(g, TinyNets.iterator(DATA, 32), 1, 0.01, masks);
        Path zip = tmp.resolve("pruned.zip");
        ModelStore.save(g, Optional.empty(), zip);
        masks.save(tmp.resolve("pruned.masks.json"));

        Net back = ModelStore.load(zip).net();
        MaskSet again = MaskSet.load(tmp.resolve("pruned.masks.json"));
        assertEquals(masks, again);
        assertEquals(0, again.violations(back));
        assertArrayEquals(g.params().toFloatVector(), back.params().toFloatVector());
        FineTuner.fineTune(back, TinyNets.iterator(DATA, 32), 1, 0.01, again);
        assertEquals(0, again.violations(back), "the reloaded masks hold through more training");
    }

    @Test
    void channelPruningOfAGraphRemovesWholeUnitGroupsAndTheShrunkGraphComputesTheSame() {
        Net g = graph();
        FineTuner.fineTune(g, TinyNets.iterator(DATA, 32), 1, 0.01, MaskSet.empty());
        PruneSettings s = new PruneSettings(CriterionKind.L1, Granularity.CHANNEL, Scope.LAYER, 0.5, false, 1.0, 3);
        PrunePlan plan = Pruner.plan(g, s, new ScoringContext(g, 3, List.of()));
        assertTrue(plan.byGroups());
        // one group: c1's channels, its batch norm, c2's channels (added to them), and c2 and out reading them
        assertEquals(1, plan.removedUnits().size(), plan.removedUnits().toString());
        assertEquals(2, plan.removedUnits().values().iterator().next().length);
        assertEquals(Set.of("c1_W", "c1_b", "bn_gamma", "bn_beta", "c2_W", "c2_b", "out_W"),
                plan.masks().masks().keySet(), "running mean and variance are not masked");
        // c1 2 filters of 9 + 2 biases; gamma, beta 2 + 2; c2 2 filters of 36 and the kept filters' 2 input
        // channels (2·2·9) + 2 biases; out 2 rows of 3
        assertEquals(18 + 2 + 4 + 72 + 36 + 2 + 6, plan.masks().prunedCount());
        assertEquals(0.5, plan.achieved(), 1e-12);
        plan.masks().applyTo(g);
        FineTuner.fineTune(g, TinyNets.iterator(DATA, 16), 2, 0.01, plan.masks());
        assertEquals(0, plan.masks().violations(g), "whole groups stay removed through Adam fine-tuning");
        Net small = Surgeon.shrink(g, plan);
        assertTrue(small.isGraph());
        // c1 2·9 + 2, batch norm 4·2, c2 2·2·9 + 2, out 2·3 + 3
        assertEquals(20 + 8 + 38 + 9, small.numParams());
        INDArray x = DATA.getFeatures();
        assertTrue(g.output(x).equalsWithEps(small.output(x), 1e-5), "shrunk ≡ masked");
    }

    @Test
    void theBatchNormCriterionRanksAGroupsChannelsByTheirGamma() {
        Net g = graph();
        INDArray gamma = g.param("bn_gamma").dup();
        gamma.putScalar(0, 0.9f).putScalar(1, -0.05f).putScalar(2, 0.5f).putScalar(3, 0.1f);
        g.model().setParam("bn_gamma", gamma);
        PrunePlan plan = Pruner.plan(g, new PruneSettings(CriterionKind.BN, Granularity.CHANNEL, Scope.GLOBAL, 0.5,
                false, 1.0, 3), new ScoringContext(g, 3, List.of()));
        assertArrayEquals(new int[] {1, 3}, plan.removedUnits().values().iterator().next(), "lowest |γ| go");
        PruneException e = assertThrows(PruneException.class, () -> Pruner.check(g, Granularity.ELEMENT,
                CriterionKind.BN, false));
        assertTrue(e.getMessage().contains("bn"), e.getMessage());
        Net noBn = Net.of(GraphNets.residualMlp(3, false));
        e = assertThrows(PruneException.class, () -> Pruner.check(noBn, Granularity.NEURON, CriterionKind.BN, false));
        assertTrue(e.getMessage().contains("no batch norm"), e.getMessage());
    }

    @Test
    void aRatioThatWouldEmptyAGroupIsCappedAndSaid() {
        Net g = graph();
        PrunePlan plan = Pruner.plan(g, new PruneSettings(CriterionKind.L2, Granularity.CHANNEL, Scope.LAYER, 0.95,
                false, 1.0, 3), new ScoringContext(g, 3, List.of()));
        assertEquals(3, plan.removedUnits().values().iterator().next().length, "one of the 4 channels stays");
        assertEquals(0.75, plan.achieved(), 1e-12);
        assertEquals(1, plan.capped().size());
        assertTrue(plan.capped().get(0).contains("4 of its 4 units were due for removal, 3 removed"),
                plan.capped().get(0));
    }

    @Test
    void everyScheduleRunsChannelPruningOnTheGraphWithWholeGroupsHeld() {
        for (ScheduleKind kind : ScheduleKind.values()) {
            Net g = graph();
            Net initial = g.copy();
            FineTuner.fineTune(g, TinyNets.iterator(DATA, 32), 1, 0.01, MaskSet.empty());
            PruneSettings s = new PruneSettings(CriterionKind.TAYLOR, Granularity.CHANNEL, Scope.LAYER, 0.5, false,
                    1.0, 3);
            List<DataSet> batches = List.of(DATA);
            ScheduledPruning.Outcome o = ScheduledPruning.run(g, kind, 2, s, n -> new ScoringContext(n, 3, batches),
                    new ScheduledPruning.Training(TinyNets.iterator(DATA, 32), 2, 0.01, 3), initial, 99);
            assertTrue(o.plan().byGroups(), kind.id());
            assertEquals(2, o.plan().removedUnits().values().iterator().next().length, kind.id());
            assertEquals(0, o.masks().violations(g), kind.id() + ": mask held");
            Net small = Surgeon.shrink(g, o.plan());
            assertTrue(g.output(DATA.getFeatures()).equalsWithEps(small.output(DATA.getFeatures()), 1e-5),
                    kind.id() + ": shrunk ≡ masked");
        }
        assertThrows(PruneException.class, () -> Surgeon.shrink(graph(), java.util.Map.of(0, new int[] {0})),
                "the layer surgeon does not take graphs");
        assertTrue(Topology.of(graph()).describe().contains("channel=by unit groups"), Topology.of(graph()).describe());
    }

    @Test
    void everyScheduleRunsOnTheGraphWithTheMaskHeld() {
        for (ScheduleKind kind : ScheduleKind.values()) {
            Net g = graph();
            Net initial = g.copy();
            FineTuner.fineTune(g, TinyNets.iterator(DATA, 32), 1, 0.01, MaskSet.empty());
            ScheduledPruning.Outcome o = ScheduledPruning.run(g, kind, 2, element(0.6),
                    n -> new ScoringContext(n, 3, List.of()),
                    new ScheduledPruning.Training(TinyNets.iterator(DATA, 32), 2, 0.01, 3), initial, 99);
            // layer scope: 60 % of c1's 36 and c2's 144 weights, rounded per layer
            assertEquals(22 + 86, o.masks().prunedCount(), kind.id());
            assertEquals(0, o.masks().violations(g), kind.id() + ": mask held");
        }
        Net g = graph();
        Net fresh = g.freshInit(99);
        assertTrue(fresh.isGraph());
        assertEquals(g.numParams(), fresh.numParams());
        assertFalse(g.param("c1_W").equals(fresh.param("c1_W")), "a fresh initialisation of the graph differs");
        assertEquals(fresh.param("c2_W"), g.freshInit(99).param("c2_W"), "and is seeded");
    }

    @Test
    void aDepthwiseConvolutionIsPrunedElementByElementOnly() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(2)
                .updater(new org.nd4j.linalg.learning.config.Adam(0.01))
                .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("c1", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4).build(), "in")
                .addLayer("dw", new org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D.Builder(3, 3)
                        .depthMultiplier(1).nOut(4).build(), "c1")
                .addLayer("pool", new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer(), "dw")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutionalFlat(8, 8, 1)).build();
        var cg = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        cg.init();
        Net g = Net.of(cg);
        MaskSet masks = Pruner.plan(g, element(0.5), new ScoringContext(g, 3, List.of())).masks();
        assertEquals(Set.of("c1_W", "dw_W"), masks.masks().keySet());
        // dw W is [3, 3, 4, 1]: 18 of its 36 weights, and 18 of c1's 36
        assertEquals(18 + 18, masks.prunedCount());
        FineTuner.fineTune(g, TinyNets.iterator(DATA, 32), 1, 0.01, masks);
        assertEquals(0, masks.violations(g));
        PruneSettings nm = new PruneSettings(CriterionKind.MAGNITUDE, Granularity.NM, Scope.LAYER, 0.5, false, 1.0, 3,
                new NmPattern(2, 4), null);
        assertEquals(Set.of("c1_W"), Pruner.plan(g, nm, new ScoringContext(g, 3, List.of())).masks().masks().keySet(),
                "N:M groups are laid out for [out, in, kH, kW] weights, not depthwise ones");
    }
}
