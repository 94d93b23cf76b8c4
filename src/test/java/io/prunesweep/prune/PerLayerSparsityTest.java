package io.prunesweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** PruneSettings.layerSparsity: each listed layer to its own ratio, the others to the single ratio. */
class PerLayerSparsityTest {

    private static PruneSettings settings(Granularity g, double sparsity, Map<Integer, Double> layers) {
        return new PruneSettings(CriterionKind.MAGNITUDE, g, Scope.LAYER, sparsity, false, 1.0, 1, null, null, layers);
    }

    private static long pruned(PrunePlan p, String key) {
        ParamMask m = p.masks().masks().get(key);
        return m == null ? 0 : m.length() - m.keptCount();
    }

    @Test
    void elementLayersGetTheirOwnRatiosAndUnlistedOnesTheDefault() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 3);
        PrunePlan p = Pruner.plan(Net.of(net), settings(Granularity.ELEMENT, 0, Map.of(0, 0.5)),
                new ScoringContext(Net.of(net), 1, List.of()));
        assertEquals(60, pruned(p, "0_W"), "round(0.5 · 120)");
        assertEquals(0, pruned(p, "1_W"), "unlisted layer at the default 0");
        PrunePlan q = Pruner.plan(Net.of(net), settings(Granularity.ELEMENT, 0.25, Map.of(1, 0.75)),
                new ScoringContext(Net.of(net), 1, List.of()));
        assertEquals(30, pruned(q, "0_W"));
        assertEquals(60, pruned(q, "1_W"));
    }

    @Test
    void neuronPruningOfOneLayerMasksItsConsumerSliceOnly() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 3);
        PrunePlan p = Pruner.plan(Net.of(net), settings(Granularity.NEURON, 0, Map.of(0, 0.5)),
                new ScoringContext(Net.of(net), 1, List.of()));
        assertEquals(5, p.removedUnits().get(0).length);
        assertEquals(0, p.removedUnits().get(1).length);
        assertEquals(5 * 12, pruned(p, "0_W"));
        assertEquals(5 * 8, pruned(p, "1_W"), "the consumer rows of the removed units");
        assertFalse(p.masks().masks().containsKey("2_W") && pruned(p, "2_W") > 0);
    }

    @Test
    void roundsScaleEveryLayerRatio() {
        PruneSettings s = settings(Granularity.ELEMENT, 0.8, Map.of(0, 0.8, 1, 0.4));
        assertEquals(Map.of(0, 0.4, 1, 0.2), s.withSparsity(0.4).layerSparsity());
        assertEquals(s.layerSparsity(), s.withSparsity(0.8).layerSparsity());
        assertTrue(s.withSparsity(0).layerSparsity().values().stream().allMatch(v -> v == 0));
    }

    @Test
    void badPerLayerSettingsAreRefused() {
        MultiLayerNetwork net = TinyNets.mlp(DataType.FLOAT, 3);
        var e = assertThrows(PruneException.class, () -> Pruner.plan(Net.of(net), settings(Granularity.ELEMENT, 0,
                Map.of(2, 0.5)), new ScoringContext(Net.of(net), 1, List.of())));
        assertTrue(e.getMessage().contains("layer 2"), e.getMessage());
        assertThrows(PruneException.class, () -> settings(Granularity.ELEMENT, 0, Map.of(0, 1.0)));
        assertThrows(PruneException.class, () -> new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT,
                Scope.GLOBAL, 0.5, false, 1.0, 1, null, null, Map.of(0, 0.5)));
    }
}
