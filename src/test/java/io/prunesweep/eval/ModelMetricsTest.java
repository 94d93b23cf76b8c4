package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;

class ModelMetricsTest {

    @Test
    void combinesSizeFlopsAndLayers() {
        ModelMetrics m = ModelMetrics.of(TestNets.prunedMlp(), InputType.feedForward(4));

        assertEquals(23, m.size().totalParams());
        assertEquals(8, m.size().nonzeroParams());
        assertEquals(new FlopStats(36, 14), m.flops());
        assertEquals(2, m.layers().size());
        assertThrows(UnsupportedOperationException.class, () -> m.layers().clear());
    }

    @Test
    void rejectsLayersThatDoNotAddUp() {
        SizeMetrics size = new SizeMetrics(10, 5, 0.5, 40, 30, 100);
        List<LayerStats> layers = List.of(new LayerStats(0, "0", "DenseLayer", 9, 5, 9, 5));
        assertThrows(IllegalArgumentException.class, () -> new ModelMetrics(size, new FlopStats(0, 0), layers));
    }
}
