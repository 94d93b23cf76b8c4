package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.graph.DependencyGraph;
import io.prunesweep.graph.Member;
import io.prunesweep.graph.UnitGroup;
import io.prunesweep.metric.TrainedForm;
import io.prunesweep.model.ModelStore;
import io.prunesweep.model.Net;
import io.prunesweep.prune.FineTuner;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.prune.PruneException;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.prune.Topology;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import io.prunesweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The first complaint: a batch norm between a convolution and its consumer made the convolution unprunable
 * at channel granularity. A {@code MultiLayerNetwork} conv → batch norm → relu → conv → flatten → dense → output,
 * on real Fashion-MNIST images, is now pruned by unit groups (the first conv's channels with their batch-norm
 * slices and the second conv's input slices), holds its masks through Adam fine-tuning, shrinks to a chain that
 * computes the same, and sweeps ({@code model: {path:}}) with the shrunk model saved and counted.
 */
class BatchNormChainTest {
    /**
     * The shrunk parameter count at 50 %: layer 0 keeps 3 of 6 channels (3·1·3·3 + 3 = 30), the batch norm 4·3 = 12,
     * layer 3 keeps 4 of 8 filters over 3 input channels (4·3·3·3 + 4 = 112), the dense layer reads 4·14·14 = 784
     * (784·16 + 16 = 12,560), the output 16·10 + 10 = 170.
     */
    private static final long SHRUNK_AT_HALF = 30 + 12 + 112 + 12_560 + 170;
    /** Full size: 60 + 24 + (8·6·9 + 8) + (8·196·16 + 16) + 170. */
    private static final long FULL = 60 + 24 + 440 + 25_104 + 170;

    private static DataSplits splits;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        Prerequisites.requireFashionMnist();
        splits = DataCache.get(DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 64, 42).withLimits(256, 64));
    }

    /** Layers 0 conv 3×3 (6) · 1 batch norm · 2 relu · 3 conv 3×3 stride 2 (8, relu) · 4 dense 16 · 5 softmax 10. */
    static MultiLayerNetwork bnChain() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Adam(0.005))
                .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build())
                // DL4J's batch norm ignores a configured activation: the ReLU is a layer of its own
                .layer(new BatchNormalization.Builder().activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).stride(2, 2).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The chain trained one epoch on the 256-image slice, so its batch norm has real statistics. */
    private static Net trained() {
        Net net = Net.of(bnChain());
        assertEquals(FULL, net.numParams());
        FineTuner.fineTune(net, splits.train().iterator(64, true, 1), 1, 0.005, MaskSet.empty());
        return net;
    }

    private static INDArray images() {
        return splits.test().head(64).toDataSet().getFeatures();
    }

    @Test
    void channelPruningOfAChainWithBatchNormGoesByGroupsHoldsThroughAdamAndShrinks() {
        Net net = trained();
        assertTrue(Pruner.byGroups(net, Granularity.CHANNEL));
        assertFalse(Pruner.byGroups(net, Granularity.ELEMENT), "element pruning stays layer by layer");
        UnitGroup first = DependencyGraph.of(net).producedBy("0").orElseThrow();
        assertTrue(first.prunable(), first.reason());
        // a channel moves with its filter and bias, its four batch-norm values, and layer 3's input slice
        assertEquals(Set.of("0_W", "0_b", "1_gamma", "1_beta", "1_mean", "1_log10stdev", "3_W"),
                Set.copyOf(first.members().stream().map(Member::param).toList()));

        PrunePlan plan = Pruner.plan(net, new PruneSettings(CriterionKind.L1, Granularity.CHANNEL, Scope.LAYER, 0.5,
                false, 1.0, 3), new ScoringContext(net, 3, List.of()));
        assertTrue(plan.byGroups());
        assertEquals(List.of(3, 4), plan.removedUnits().values().stream().map(r -> r.length).toList(),
                "half of layer 0's 6 channels and of layer 3's 8");
        assertEquals(0.5, plan.achieved(), 1e-12);
        assertEquals(Set.of("0_W", "0_b", "1_gamma", "1_beta", "3_W", "3_b", "4_W"), plan.masks().masks().keySet(),
                "the batch norm's running statistics are not masked");
        plan.masks().applyTo(net);
        INDArray before = net.params().dup();
        FineTuner.fineTune(net, splits.train().iterator(64, true, 2), 1, 0.005, plan.masks());
        assertEquals(0, plan.masks().violations(net), "whole groups stay removed through Adam fine-tuning");
        assertFalse(before.equalsWithEps(net.params(), 1e-6), "the surviving weights trained");

        Net small = Surgeon.shrink(net, plan);
        assertFalse(small.isGraph(), "a chain shrinks to a chain");
        assertEquals(SHRUNK_AT_HALF, small.numParams());
        INDArray x = images();
        double diff = net.output(x).sub(small.output(x)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, "shrunk ≡ masked on 64 real test images in inference mode, max |difference| " + diff);
    }

    @Test
    void theBnCriterionIsRefusedForAChannelGroupWithoutBatchNorm() {
        Net net = Net.of(bnChain());
        // layer 3's channels pass through no batch norm: Network Slimming's |γ| cannot rank them
        PruneException e = assertThrows(PruneException.class,
                () -> Pruner.check(net, Granularity.CHANNEL, CriterionKind.BN, false));
        assertTrue(e.getMessage().contains("no batch norm"), e.getMessage());
        Pruner.check(net, Granularity.CHANNEL, CriterionKind.L1, false);
    }

    @Test
    void aSweepOverTheChainSavesTheShrunkModelAndCountsIt() throws IOException {
        Net base = trained();
        Path zip = tmp.resolve("bnchain.zip");
        ModelStore.save(base, Optional.empty(), zip);
        Path spec = spec("bnchain", zip, "[l1, taylor]", "");
        Path out = tmp.resolve("out");
        SweepOutcome o = new SweepDriver(new LocalRunner(), line -> { }).run(spec, out, ResumeOptions.REUSE, false);
        assertEquals(2, o.all().size());
        assertTrue(o.all().stream().allMatch(ResultRow::ok), o.all().toString());
        for (ResultRow r : o.all()) {
            var f = r.measurements().footprint();
            assertEquals(FULL, f.params(), r.toString());
            assertEquals(SHRUNK_AT_HALF, f.shrunkParams(), r.toString());
            assertEquals(0.5, r.measurements().achievedSparsity(), 1e-12);
            assertEquals(TrainedForm.MASKED, r.measurements().trainedForm(), "group-pruned networks fine-tune masked");
            Path dir = out.resolve("candidates");
            Net masked = ModelStore.load(dir.resolve(r.candidateId() + ".zip")).net();
            Net shrunk = ModelStore.load(dir.resolve(r.candidateId() + ".shrunk.zip")).net();
            assertFalse(shrunk.isGraph());
            assertEquals(SHRUNK_AT_HALF, shrunk.numParams());
            assertEquals(0, MaskSet.load(dir.resolve(r.candidateId() + ".masks.json")).violations(masked));
            INDArray x = images();
            assertTrue(masked.output(x).equalsWithEps(shrunk.output(x), 1e-5), "shrunk ≡ masked");
        }
    }

    @Test
    void theLayerWiseTopologySaysTheChainIsPrunedByGroupsAndSensitivityGoesByGroup() throws IOException {
        Net net = Net.of(bnChain());
        // before: inspect said layer 0 was not channel-prunable ("feeds a BatchNormalization") and layer 3 was,
        // layer by layer; both are pruned by unit groups
        PruneException e = assertThrows(PruneException.class,
                () -> Topology.of(net).targets(Granularity.CHANNEL, false));
        assertTrue(e.getMessage().contains("by unit groups") && e.getMessage().contains("batch norm"),
                e.getMessage());
        String support = Topology.of(net).describe();
        assertTrue(support.contains("layer 0 ConvolutionLayer") && !support.contains("channel=no")
                && !support.contains("channel=yes"), support);
        assertEquals(2, support.split("channel=by unit groups", -1).length - 1, support);
        assertEquals(List.of(0, 3, 4), Topology.of(net).targets(Granularity.ELEMENT, false).stream()
                .map(Topology.PrunableLayer::index).toList(), "element pruning still goes layer by layer");

        // sensitivity at channel granularity: one cell per group (layer 0's channels with the batch norm, and
        // layer 3's), each measured
        Path zip = tmp.resolve("bnchain.zip");
        ModelStore.save(net, Optional.empty(), zip);
        Path spec = spec("bnsens", zip, "[l1]", "sensitivity: {ratios: [0.5], criterion: l1, granularity: channel}\n");
        DependencyGraph dg = DependencyGraph.of(net);
        int first = dg.producedBy("0").orElseThrow().id();
        int second = dg.producedBy("3").orElseThrow().id();
        List<SensitivityRow> rows = new SweepDriver(new LocalRunner(), line -> { }).sensitivity(spec, null);
        assertEquals(List.of(first, second), rows.stream().map(SensitivityRow::layer).toList(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.ok() && r.byGroup()), rows.toString());
        assertEquals("group '0' of ConvolutionLayer+BatchNormalization", rows.get(0).type());
        assertEquals("group '3' of ConvolutionLayer", rows.get(1).type());
    }

    private Path spec(String name, Path zip, String criteria, String extra) throws IOException {
        String yaml = """
                name: %s
                seed: 7
                model: {path: %s}
                data: {format: idx, dir: %s, validation: 64, trainLimit: 256, testLimit: 64}
                space:
                  criterion: %s
                  granularity: [channel]
                  scope: [layer]
                  sparsity: [0.5]
                  fineTuneEpochs: [1]
                  batchSize: 64
                objectives: [val_accuracy, nonzero_params]
                %soutput: %s
                """.formatted(name, zip, DataSource.FASHION_MNIST_DIR, criteria, extra, tmp.resolve("out-" + name));
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
