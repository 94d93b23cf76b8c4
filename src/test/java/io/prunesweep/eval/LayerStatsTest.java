package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prunesweep.model.Net;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerStatsTest {

    @Test
    void countsParamsAndNonzerosPerLayer() {
        List<LayerStats> layers = LayerStats.of(Net.of(TestNets.prunedMlp()));

        assertEquals(2, layers.size());
        assertEquals(new LayerStats(0, "layer0", "DenseLayer", 15, 3, 12, 3), layers.get(0));
        assertEquals(new LayerStats(1, "layer1", "OutputLayer", 8, 5, 6, 4), layers.get(1));
        assertEquals(12.0 / 15, layers.get(0).sparsity(), 1e-12);
        assertEquals(9.0 / 12, layers.get(0).weightSparsity(), 1e-12);
        assertEquals(3.0 / 8, layers.get(1).sparsity(), 1e-12);
    }

    @Test
    void countsParamsOfLayersItDoesNotModel() {
        LayerStats bn = LayerStats.of(Net.of(TestNets.withBatchNorm())).get(1);

        assertEquals("BatchNormalization", bn.type());
        // gamma, beta, running mean and running variance, one per channel
        assertEquals(12, bn.params());
    }

    @Test
    void layerWithoutParamsHasZeroSparsity() {
        LayerStats pool = LayerStats.of(Net.of(TestNets.cnn())).get(1);

        assertEquals("SubsamplingLayer", pool.type());
        assertEquals(0, pool.params());
        assertEquals(0.0, pool.sparsity());
    }

    @Test
    void rejectsInconsistentCounts() {
        assertThrows(IllegalArgumentException.class, () -> new LayerStats(0, "a", "T", 5, 6, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerStats(0, "a", "T", 5, 3, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerStats(0, "a", "T", 5, 3, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new LayerStats(-1, "a", "T", 0, 0, 0, 0));
    }
}
