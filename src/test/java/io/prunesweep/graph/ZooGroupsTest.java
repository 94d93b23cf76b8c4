package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.graph.GroupChecks.Subject;
import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.prune.Topology;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The zoo through the dependency graph: for the MultiLayerNetworks the groups say what {@link Topology} says
 * today; for the graphs, the couplings their architecture documents, checked against the forward pass.
 */
class ZooGroupsTest {
    private static final InputSpec IMAGE = InputSpec.image(1, 28, 28);

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn"})
    void multiLayerZooGroupsAgreeWithTopology(String zoo) {
        MultiLayerNetwork net = ModelZoo.build(zoo, zoo.equals("mlp") ? InputSpec.flat(784) : IMAGE, 10, 1, 0.001);
        DependencyGraph g = DependencyGraph.of(net);
        Topology t = Topology.of(new io.prunesweep.model.Net.Chain(net));
        for (Topology.PrunableLayer l : t.layers()) {
            UnitGroup group = g.producedBy(String.valueOf(l.index())).orElseThrow();
            assertEquals(l.reason() == null, group.prunable(), "layer " + l.index() + ": " + group.reason());
            assertEquals(l.nOut(), group.width());
            assertEquals(Set.of(new Member(String.valueOf(l.index()), l.weightKey(), Role.OUTPUT, l.isConv() ? 0 : 1,
                    0, 1, 0, (int) l.nOut()), new Member(String.valueOf(l.index()), l.biasKey(), Role.OUTPUT, 0, 0, 1, 0,
                    (int) l.nOut())), Set.copyOf(group.members(Role.OUTPUT)));
            if (l.reason() == null) {
                String consumer = String.valueOf(l.consumer());
                int axis = l.consumerKind() == Topology.ConsumerKind.CONV_INPUT ? 1 : 0;
                assertEquals(List.of(new Member(consumer, consumer + "_W", Role.INPUT, axis, 0, l.spatial(), 0,
                        (int) l.nOut())), group.members(Role.INPUT));
                assertEquals(3, group.members().size());
            }
        }
        assertEquals(t.layers().stream().filter(l -> l.reason() == null).count(), g.prunable().size());
    }

    private static INDArray images() {
        Nd4j.getRandom().setSeed(2);
        return Nd4j.rand(DataType.FLOAT, 8, 784);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet", "mobilenet", "inception"})
    void graphZooGroupsHoldUnderTheForwardPass(String zoo) {
        // narrow widths: the couplings are the defaults', the checks cost less
        List<Integer> widths = zoo.equals("inception") ? List.of(4, 3, 4, 2) : List.of(4, 6, 8);
        ComputationGraph net = GraphZoo.build(zoo, IMAGE, 10, 1, 0.001, widths);
        DependencyGraph g = DependencyGraph.of(net);
        Subject s = GroupChecks.of(net);
        GroupChecks.randomise(s, 9);
        assertTrue(GroupChecks.assertSound(s, g, images()) >= 2 * g.prunable().size());
        // only the network input and the classes are unprunable
        assertEquals(List.of("input", "output"), g.groups().stream().filter(x -> !x.prunable()).map(UnitGroup::name)
                .toList(), g.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet"})
    void resnetStagesAreResidualGroups(String zoo) {
        ComputationGraph net = GraphZoo.build(zoo, IMAGE, 10, 1, 0.001, List.of(4, 6, 8));
        DependencyGraph g = DependencyGraph.of(net);
        // stage 1 adds the identity: the stem and the stage's second conv are one group
        assertEquals("stem+s1.b", g.producedBy("stem").orElseThrow().name());
        assertEquals(4, g.producedBy("stem").orElseThrow().width());
        assertEquals("s2.b+s2.proj", g.producedBy("s2.proj").orElseThrow().name());
        assertEquals("s3.b+s3.proj", g.producedBy("s3.proj").orElseThrow().name());
        assertEquals(8, g.producedBy("s3.b").orElseThrow().width());
        assertTrue(g.producedBy("s3.b").orElseThrow().members(Role.INPUT).stream()
                .anyMatch(m -> m.param().equals("output_W")));
        assertEquals(Set.of("stem+s1.b", "s1.a", "s2.a", "s2.b+s2.proj", "s3.a", "s3.b+s3.proj"),
                Set.copyOf(g.prunable().stream().map(UnitGroup::name).toList()));
        assertFalse(g.describe().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inception"})
    void inceptionBranchesReachTheHeadAtTheirOffsets(String zoo) {
        ComputationGraph net = GraphZoo.build(zoo, IMAGE, 10, 1, 0.001, List.of(5, 3, 4, 2));
        DependencyGraph g = DependencyGraph.of(net);
        assertEquals(List.of(0L, 3L, 7L), List.of("i.1x1", "i.3x3", "i.proj").stream()
                .map(b -> g.producedBy(b).orElseThrow().members(Role.INPUT).get(0))
                .peek(m -> assertEquals("head_W", m.param()))
                .map(Member::offset).toList());
    }
}
