package io.prunesweep.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.graph.GroupChecks.Subject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Groups of each coupling kind, derived by hand from the fixtures' wiring, and the same groups checked
 * against the networks' forward passes ({@link GroupChecks}).
 */
class DependencyGraphTest {

    private static INDArray images() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.randn(DataType.FLOAT, 16, GraphFixtures.SIDE * GraphFixtures.SIDE);
    }

    private static Member m(String param, Role role, int axis, long offset, long block, int first, int units) {
        return new Member(param.substring(0, param.lastIndexOf('_')), param, role, axis, offset, block, first, units);
    }

    /** Every per-channel batch-norm array of layer {@code bn}, as the network itself names them. */
    private static List<Member> norm(Model net, String bn, int width) {
        List<Member> out = new ArrayList<>();
        for (String k : net.paramTable().keySet()) {
            if (k.startsWith(bn + "_")) {
                out.add(m(k, Role.NORM, 0, 0, 1, 0, width));
            }
        }
        assertEquals(4, out.size(), "gamma, beta, mean and variance of " + bn + ": " + out);
        return out;
    }

    private static UnitGroup produced(DependencyGraph g, String layer) {
        return g.producedBy(layer).orElseThrow(() -> new AssertionError("no group made by " + layer + "\n"
                + g.describe()));
    }

    private static void assertMembers(UnitGroup g, List<Member> expected) {
        assertEquals(new HashSet<>(expected), new HashSet<>(g.members()), "group '" + g.name() + "'");
        assertEquals(expected.size(), g.members().size(), "group '" + g.name() + "' has a member twice");
    }

    private static void assertSound(ComputationGraph net, DependencyGraph g) {
        Subject s = GroupChecks.of(net);
        GroupChecks.randomise(s, 5);
        assertTrue(GroupChecks.assertSound(s, g, images()) > 0);
    }

    @Test
    void batchNormPoolingAndPaddingPassChannelsFromAConvToItsConsumer() {
        ComputationGraph net = GraphFixtures.convBnConv(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        List<Member> c1 = new ArrayList<>(List.of(m("c1_W", Role.OUTPUT, 0, 0, 1, 0, 4),
                m("c1_b", Role.OUTPUT, 0, 0, 1, 0, 4), m("c2_W", Role.INPUT, 1, 0, 1, 0, 4)));
        c1.addAll(norm(net, "bn1", 4));
        assertMembers(produced(g, "c1"), c1);
        assertTrue(produced(g, "c1").prunable(), g.describe());
        assertEquals(4, produced(g, "c1").width());
        // the global pooling keeps one feature per channel
        assertMembers(produced(g, "c2"), List.of(m("c2_W", Role.OUTPUT, 0, 0, 1, 0, 5),
                m("c2_b", Role.OUTPUT, 0, 0, 1, 0, 5), m("out_W", Role.INPUT, 0, 0, 1, 0, 5)));
        UnitGroup out = produced(g, "out");
        assertFalse(out.prunable());
        assertTrue(out.reason().contains("its units are the classes"), out.reason());
        UnitGroup input = g.group(0);
        assertEquals("in", input.name());
        assertFalse(input.prunable());
        assertTrue(input.reason().startsWith("network input 'in'"), input.reason());
        assertEquals(List.of(m("c1_W", Role.INPUT, 1, 0, 1, 0, 1)), input.members());
        assertEquals(4, g.groups().size());
        assertSound(net, g);
    }

    @Test
    void aResidualAddMakesTheChannelsOfAllItsInputsOneGroup() {
        ComputationGraph net = GraphFixtures.residual(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        // identity shortcut: stem and b are one unit set, read by a, c and p
        UnitGroup identity = produced(g, "stem");
        assertEquals(identity, produced(g, "b"));
        assertEquals("stem+b", identity.name());
        List<Member> expected = new ArrayList<>(List.of(m("stem_W", Role.OUTPUT, 0, 0, 1, 0, 4),
                m("stem_b", Role.OUTPUT, 0, 0, 1, 0, 4), m("a_W", Role.INPUT, 1, 0, 1, 0, 4),
                m("b_W", Role.OUTPUT, 0, 0, 1, 0, 4), m("b_b", Role.OUTPUT, 0, 0, 1, 0, 4),
                m("c_W", Role.INPUT, 1, 0, 1, 0, 4), m("p_W", Role.INPUT, 1, 0, 1, 0, 4)));
        expected.addAll(norm(net, "stem.bn", 4));
        expected.addAll(norm(net, "b.bn", 4));
        assertMembers(identity, expected);
        // projection shortcut: c and p are one unit set, read by the output layer through the pooling
        UnitGroup projection = produced(g, "c");
        assertEquals(projection, produced(g, "p"));
        List<Member> proj = new ArrayList<>(List.of(m("c_W", Role.OUTPUT, 0, 0, 1, 0, 6),
                m("c_b", Role.OUTPUT, 0, 0, 1, 0, 6), m("p_W", Role.OUTPUT, 0, 0, 1, 0, 6),
                m("p_b", Role.OUTPUT, 0, 0, 1, 0, 6), m("out_W", Role.INPUT, 0, 0, 1, 0, 6)));
        proj.addAll(norm(net, "c.bn", 6));
        proj.addAll(norm(net, "p.bn", 6));
        assertMembers(projection, proj);
        // the block's inner conv is a group of its own
        List<Member> inner = new ArrayList<>(List.of(m("a_W", Role.OUTPUT, 0, 0, 1, 0, 4),
                m("a_b", Role.OUTPUT, 0, 0, 1, 0, 4), m("b_W", Role.INPUT, 1, 0, 1, 0, 4)));
        inner.addAll(norm(net, "a.bn", 4));
        assertMembers(produced(g, "a"), inner);
        assertEquals(5, g.groups().size(), g.describe());
        assertEquals(3, g.prunable().size(), g.describe());
        assertSound(net, g);
    }

    @Test
    void aConcatenationPlacesEachBranchAtItsOffsetInTheConsumer() {
        ComputationGraph net = GraphFixtures.concat(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        List<Member> x = new ArrayList<>(List.of(m("x_W", Role.OUTPUT, 0, 0, 1, 0, 3),
                m("x_b", Role.OUTPUT, 0, 0, 1, 0, 3), m("z_W", Role.INPUT, 1, 0, 1, 0, 3)));
        x.addAll(norm(net, "x.bn", 3));
        assertMembers(produced(g, "x"), x);
        List<Member> y = new ArrayList<>(List.of(m("y_W", Role.OUTPUT, 0, 0, 1, 0, 2),
                m("y_b", Role.OUTPUT, 0, 0, 1, 0, 2), m("z_W", Role.INPUT, 1, 3, 1, 0, 2)));
        y.addAll(norm(net, "y.bn", 2));
        assertMembers(produced(g, "y"), y);
        assertTrue(produced(g, "x").prunable() && produced(g, "y").prunable());
        assertSound(net, g);
    }

    @Test
    void depthwiseFiltersMoveWithTheirInputChannel() {
        ComputationGraph net = GraphFixtures.depthwiseSeparable(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        List<Member> stem = new ArrayList<>(List.of(m("stem_W", Role.OUTPUT, 0, 0, 1, 0, 3),
                m("stem_b", Role.OUTPUT, 0, 0, 1, 0, 3), m("dw_W", Role.DEPTHWISE, 2, 0, 1, 0, 3),
                m("dw_b", Role.DEPTHWISE, 0, 0, 1, 0, 3), m("pw_W", Role.INPUT, 1, 0, 1, 0, 3)));
        stem.addAll(norm(net, "stem.bn", 3));
        stem.addAll(norm(net, "dw.bn", 3));
        assertMembers(produced(g, "stem"), stem);
        // separable: the depthwise half (multiplier 2) moves with pw's channels, the pointwise half makes 5
        List<Member> pw = new ArrayList<>(List.of(m("pw_W", Role.OUTPUT, 0, 0, 1, 0, 4),
                m("pw_b", Role.OUTPUT, 0, 0, 1, 0, 4), m("sep_W", Role.DEPTHWISE, 1, 0, 1, 0, 4),
                m("sep_pW", Role.INPUT, 1, 0, 2, 0, 4)));
        pw.addAll(norm(net, "pw.bn", 4));
        assertMembers(produced(g, "pw"), pw);
        assertMembers(produced(g, "sep"), List.of(m("sep_pW", Role.OUTPUT, 0, 0, 1, 0, 5),
                m("sep_b", Role.OUTPUT, 0, 0, 1, 0, 5), m("out_W", Role.INPUT, 0, 0, 1, 0, 5)));
        assertSound(net, g);
    }

    @Test
    void aDepthMultiplierGivesEachInputChannelAsManyConsecutiveOutputs() {
        ComputationGraph net = GraphFixtures.depthwiseMultiplier(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        assertMembers(produced(g, "stem"), List.of(m("stem_W", Role.OUTPUT, 0, 0, 1, 0, 3),
                m("stem_b", Role.OUTPUT, 0, 0, 1, 0, 3), m("dw_W", Role.DEPTHWISE, 2, 0, 1, 0, 3),
                m("dw_b", Role.DEPTHWISE, 0, 0, 2, 0, 3), m("pw_W", Role.INPUT, 1, 0, 2, 0, 3)));
        assertSound(net, g);
    }

    @Test
    void aDenseLayerBehindAFlattenReadsEachChannelAsAsBlockOfRows() {
        MultiLayerNetwork net = GraphFixtures.denseViaFlatten(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        List<Member> conv = new ArrayList<>(List.of(m("0_W", Role.OUTPUT, 0, 0, 1, 0, 3),
                m("0_b", Role.OUTPUT, 0, 0, 1, 0, 3), m("3_W", Role.INPUT, 0, 0, 16, 0, 3)));
        conv.addAll(norm(net, "1", 3));
        assertMembers(produced(g, "0"), conv);
        assertMembers(produced(g, "3"), List.of(m("3_W", Role.OUTPUT, 1, 0, 1, 0, 5),
                m("3_b", Role.OUTPUT, 0, 0, 1, 0, 5), m("4_W", Role.INPUT, 0, 0, 1, 0, 5)));
        Subject s = GroupChecks.of(net);
        GroupChecks.randomise(s, 5);
        assertEquals(7, GroupChecks.assertSound(s, g, images()));
    }

    @Test
    void anUnsupportedVertexMakesExactlyTheUnitsItReadsUnprunable() {
        ComputationGraph net = GraphFixtures.unsupportedVertex(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        UnitGroup a = produced(g, "a");
        assertFalse(a.prunable());
        assertTrue(a.reason().contains("'l2' (L2NormalizeVertex)"), a.reason());
        // the vertex's output is a unit set of its own, as unprunable, read by c
        UnitGroup l2 = g.groups().stream().filter(x -> x.name().equals("l2")).findFirst().orElseThrow();
        assertFalse(l2.prunable());
        assertEquals(List.of(m("c_W", Role.INPUT, 1, 0, 1, 0, 3)), l2.members());
        assertTrue(produced(g, "b").prunable());
        UnitGroup sum = produced(g, "c");
        assertEquals(sum, produced(g, "d"));
        assertTrue(sum.prunable());
        assertEquals(Set.of("b", "c+d"), Set.copyOf(g.prunable().stream().map(UnitGroup::name).toList()));
        assertTrue(g.describe().contains("NOT prunable: read by 'l2' (L2NormalizeVertex)"), g.describe());
        assertSound(net, g);
    }

    @Test
    void aLayerNormalisedDenseLayerKeepsItsOutputsButItsInputsStayPrunable() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in")
                .addLayer("a", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(6).nOut(5)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build(), "in")
                .addLayer("ln", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(5).nOut(4)
                        .hasLayerNorm(true).activation(org.nd4j.linalg.activations.Activation.RELU).build(), "a")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(4).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "ln")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        DependencyGraph g = DependencyGraph.of(net);
        UnitGroup ln = produced(g, "ln");
        assertFalse(ln.prunable(), "layer norm: zeroing one output changes the others' normalisation");
        assertTrue(ln.reason().contains("layer norm"), ln.reason());
        assertTrue(produced(g, "a").prunable(), "reading a unit through a layer-normalised layer is fine");
    }

    @Test
    void anActivationThatDoesNotMapZeroToZeroKeepsItsUnits() {
        ComputationGraph net = GraphFixtures.sigmoidBranch(GraphFixtures.SIDE);
        DependencyGraph g = DependencyGraph.of(net);
        UnitGroup s = produced(g, "s");
        assertFalse(s.prunable());
        assertTrue(s.reason().contains("maps 0 to 0.5"), s.reason());
        assertTrue(produced(g, "r").prunable());
        assertEquals(List.of(m("r_W", Role.OUTPUT, 0, 0, 1, 0, 3), m("r_b", Role.OUTPUT, 0, 0, 1, 0, 3),
                m("z_W", Role.INPUT, 1, 2, 1, 0, 3)), produced(g, "r").members());
        assertSound(net, g);
    }

    /**
     * DL4J 1.0.0-M2.1's batch-norm layer ignores the activation its configuration names (the configuration default
     * is sigmoid): the same network with a "sigmoid" and with an identity batch norm computes the same, so the
     * activation does not make the units unprunable.
     */
    @Test
    void aBatchNormsConfiguredActivationIsIgnoredByDl4jAndSoByTheGroups() {
        var withSigmoid = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutionalFlat(4, 4, 1))
                .addLayer("c", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(1, 1).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "in")
                .addLayer("bn", new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder()
                        .activation(org.nd4j.linalg.activations.Activation.SIGMOID).build(), "c")
                .addLayer("d", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(1, 1).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "bn")
                .addLayer("loss", new org.deeplearning4j.nn.conf.layers.CnnLossLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "d")
                .setOutputs("loss").build();
        ComputationGraph net = new ComputationGraph(withSigmoid);
        net.init();
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 16).muli(3);
        INDArray bn = net.feedForward(new INDArray[] {x}, false).get("bn");
        assertTrue(bn.minNumber().doubleValue() < 0, "no sigmoid applied: " + bn);
        DependencyGraph g = DependencyGraph.of(net);
        assertTrue(produced(g, "c").prunable(), g.describe());
    }

    @Test
    void parameterKeysOfBatchNormDepthwiseAndSeparableLayersAreTheOnesDl4jCreates() {
        Set<String> keys = GraphFixtures.depthwiseSeparable(GraphFixtures.SIDE).paramTable().keySet();
        assertTrue(keys.containsAll(List.of("dw_W", "dw_b", "sep_W", "sep_pW", "sep_b", "stem.bn_gamma",
                "stem.bn_beta", "stem.bn_mean")), keys.toString());
        assertTrue(keys.contains("stem.bn_var") || keys.contains("stem.bn_log10stdev"), keys.toString());
        for (UnitGroup gr : DependencyGraph.of(GraphFixtures.depthwiseSeparable(GraphFixtures.SIDE)).groups()) {
            for (Member mem : gr.members()) {
                assertTrue(keys.contains(mem.param()), mem.param() + " is not a parameter of the network");
            }
        }
    }
}
