package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.InputSpec;
import io.prunesweep.testing.Prerequisites;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Physical surgery on graphs gives the masked network's function: each coupling fixture and each graph zoo
 * model, trained one step on a batch of real Fashion-MNIST images (so batch norm holds running statistics
 * moved by real data and the weights are no longer the initial ones), then
 * about half the units of every prunable group removed, agree with the masked network on 200 real validation
 * images in inference mode within 1e-5 (the zoo models at reduced widths: the couplings are the defaults').
 */
class GraphSurgeonTest {
    private static DataSplits splits;

    @BeforeAll
    static void data() {
        Prerequisites.requireFashionMnist();
        splits = DataCache.get(DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 500, 3).withLimits(2000, 500));
    }

    /** Keeps a random half (at least one) of every prunable group's units. */
    static Map<Integer, int[]> randomHalves(DependencyGraph g, long seed) {
        Random r = new Random(seed);
        Map<Integer, int[]> kept = new HashMap<>();
        for (UnitGroup group : g.prunable()) {
            int[] keep = IntStream.range(0, group.width()).filter(u -> r.nextBoolean()).toArray();
            kept.put(group.id(), keep.length == 0 ? new int[] {r.nextInt(group.width())} : keep);
        }
        return kept;
    }

    private static DataSet batch() {
        return splits.train().iterator(128, true, 4).next();
    }

    private static double diff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"convBnConv", "residual", "concat", "depthwiseSeparable", "depthwiseMultiplier",
        "unsupportedVertex", "sigmoidBranch", "resnet", "mobilenet", "inception"})
    void shrunkGraphComputesWhatTheMaskedGraphComputes(String name) {
        ComputationGraph net = GraphZoo.NAMES.contains(name)
                ? GraphZoo.build(name, InputSpec.image(1, 28, 28), 10, 3, 0.002,
                        name.equals("inception") ? List.of(6, 4, 6, 4) : List.of(6, 8, 10))
                : (ComputationGraph) GraphFixtures.named(name, 28);
        DataSet train = batch();
        if (!GraphZoo.NAMES.contains(name)) {
            // the fixtures tell 3 classes apart
            train = new DataSet(train.getFeatures(), train.getLabels().getColumns(0, 1, 2));
        }
        net.fit(train);
        DependencyGraph g = DependencyGraph.of(net);
        Map<Integer, int[]> kept = randomHalves(g, 17);
        ComputationGraph small = GraphSurgeon.shrink(net, g, kept);
        ComputationGraph masked = net.clone();
        GraphSurgeon.mask(masked, g, kept);
        assertTrue(small.numParams() < net.numParams(), small.numParams() + " vs " + net.numParams());
        for (String v : net.getConfiguration().getVertices().keySet()) {
            assertSame(net.getConfiguration().getVertices().get(v).getClass(),
                    small.getConfiguration().getVertices().get(v).getClass(), v);
        }
        INDArray x = splits.validation().toDataSet().getFeatures().getRows(java.util.stream.IntStream.range(0, 200)
                .toArray());
        double d = diff(masked.outputSingle(false, x), small.outputSingle(false, x));
        assertTrue(d <= 1e-5, name + ": shrunk and masked differ by " + d);
        // the removal is not vacuous: the masked network computes something else than the dense one
        assertTrue(diff(masked.outputSingle(false, x), net.outputSingle(false, x)) > 1e-4, name);
    }

    @Test
    void aMultiLayerNetworkWithBatchNormBeforeAFlattenShrinksToo() {
        MultiLayerNetwork net = (MultiLayerNetwork) GraphFixtures.named("denseViaFlatten", 28);
        DataSet b = batch();
        net.fit(new DataSet(b.getFeatures(), b.getLabels().getColumns(0, 1, 2)));
        DependencyGraph g = DependencyGraph.of(net);
        Map<Integer, int[]> kept = randomHalves(g, 3);
        MultiLayerNetwork small = GraphSurgeon.shrink(net, g, kept);
        MultiLayerNetwork masked = net.clone();
        GraphSurgeon.mask(masked, g, kept);
        INDArray x = splits.validation().toDataSet().getFeatures();
        double d = diff(masked.output(x, false), small.output(x, false));
        assertTrue(d <= 1e-5, "shrunk and masked differ by " + d);
        assertEquals(kept.get(g.producedBy("0").orElseThrow().id()).length, small.layerSize(0));
    }

    @Test
    void unprunableOrEmptiedGroupsAreRefused() {
        ComputationGraph net = GraphFixtures.unsupportedVertex(8);
        DependencyGraph g = DependencyGraph.of(net);
        int a = g.producedBy("a").orElseThrow().id();
        GraphException e = assertThrows(GraphException.class, () -> GraphSurgeon.shrink(net, g, Map.of(a, new int[] {0})));
        assertTrue(e.getMessage().contains("is not prunable: read by 'l2' (L2NormalizeVertex)"), e.getMessage());
        int b = g.producedBy("b").orElseThrow().id();
        e = assertThrows(GraphException.class, () -> GraphSurgeon.mask(net, g, Map.of(b, new int[0])));
        assertTrue(e.getMessage().contains("would lose all 4 units"), e.getMessage());
    }
}
