package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import io.prunesweep.testing.GraphNets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-layer ratios on a network pruned by unit groups: the keys are group ids ({@link Prunable}), each listed group
 * loses its own share, and a key that is no target group is refused by name.
 */
class GroupLayerSparsityTest {
    private static PruneSettings settings(double sparsity, Map<Integer, Double> ratios) {
        return new PruneSettings(CriterionKind.L1, Granularity.NEURON, Scope.LAYER, sparsity, false, 1.0, 3, null,
                null, ratios);
    }

    @Test
    void theTargetsOfAGraphAreItsNeuronGroupsWithEveryParameterThatMovesWithThem() {
        Net g = Net.of(GraphNets.residualMlpWithHidden(3));
        List<Prunable> t = Prunable.of(g, Granularity.NEURON, false);
        // groups: 0 the input (not prunable), 1 the stream d1+d2, 2 h, 3 the output (not prunable)
        assertEquals(List.of(1, 2), t.stream().map(Prunable::index).toList());
        Prunable stream = t.get(0);
        assertEquals("d1+d2", stream.name());
        assertEquals("group of DenseLayer+BatchNormalization", stream.type());
        assertEquals("group 'd1+d2' of DenseLayer+BatchNormalization", stream.label());
        assertTrue(stream.group());
        // d1 W 96 + b 8, batch norm 4·8, d2 W 64 (its rows read the stream and its columns write it: counted once)
        // + b 8, h's rows 8·6 = 48
        assertEquals(96 + 8 + 32 + 64 + 8 + 48, stream.params());
        Prunable h = t.get(1);
        assertEquals("h", h.name());
        assertEquals("group of DenseLayer", h.type());
        // h W 48 + b 6, out's rows 6·3
        assertEquals(48 + 6 + 18, h.params());
        assertEquals(h, Prunable.of(g, Granularity.NEURON, false, 2));
        PruneException e = assertThrows(PruneException.class, () -> Prunable.of(g, Granularity.NEURON, false, 0));
        assertTrue(e.getMessage().contains("unit group 0 is not a neuron pruning target"), e.getMessage());
    }

    @Test
    void theTargetsOfAPlainChainAreItsLayersAsTheLayerPrunerSeesThem() {
        Net chain = Net.of(TinyNets.mlp(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1));
        List<Prunable> t = Prunable.of(chain, Granularity.NEURON, false);
        List<Topology.PrunableLayer> layers = Topology.of(chain).targets(Granularity.NEURON, false);
        assertEquals(layers.size(), t.size());
        for (int i = 0; i < t.size(); i++) {
            Topology.PrunableLayer l = layers.get(i);
            assertEquals(new Prunable(l.index(), l.name(), l.type(), l.nIn() * l.nOut() + l.nOut(), false), t.get(i));
            assertEquals(l.type(), t.get(i).label(), "a layer's row type is its class, as before");
        }
    }

    @Test
    void eachListedGroupLosesItsOwnShareAndUnlistedOnesTheDefault() {
        Net g = Net.of(GraphNets.residualMlpWithHidden(3));
        PrunePlan only = Pruner.plan(g, settings(0, Map.of(2, 0.5)), new ScoringContext(g, 3, List.of()));
        assertEquals(3, only.removedUnits().get(2).length, "h loses 3 of 6");
        assertTrue(!only.removedUnits().containsKey(1) || only.removedUnits().get(1).length == 0,
                "the stream is untouched at the default 0");
        // h: 3 columns of 8 and 3 biases; out: 3 rows of 3
        assertEquals(24 + 3 + 9, only.masks().prunedCount());

        PrunePlan both = Pruner.plan(g, settings(0.25, Map.of(2, 0.5)), new ScoringContext(g, 3, List.of()));
        assertEquals(2, both.removedUnits().get(1).length, "the stream at the default 0.25: 2 of 8");
        assertEquals(3, both.removedUnits().get(2).length);
        assertEquals(5 / 14.0, both.achieved(), 1e-12);
    }

    @Test
    void aKeyThatIsNoTargetGroupIsRefusedByName() {
        Net g = Net.of(GraphNets.residualMlpWithHidden(3));
        for (int bad : new int[] {0, 3, 7}) {
            PruneException e = assertThrows(PruneException.class,
                    () -> Pruner.plan(g, settings(0, Map.of(bad, 0.5)), new ScoringContext(g, 3, List.of())));
            assertTrue(e.getMessage().startsWith("per-layer sparsity names unit group " + bad + ", which is not a "
                    + "neuron pruning target"), e.getMessage());
            assertTrue(e.getMessage().contains("1 'd1+d2'") && e.getMessage().contains("2 'h'"), e.getMessage());
        }
    }
}
