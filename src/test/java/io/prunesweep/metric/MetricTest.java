package io.prunesweep.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.pareto.Direction;
import io.prunesweep.pareto.Objective;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricTest {
    private static final Footprint FOOTPRINT = new Footprint(100, 40, 400, 210, 300, 200, 80, -1,
            List.of(new LayerCount(0, "DenseLayer", 90, 35), new LayerCount(1, "OutputLayer", 10, 5)));
    private static final Measurements M = new Measurements(FOOTPRINT, 0.91, 0.3, Double.NaN, 1.5, 1200);

    @Test
    void idsAreTheSpecAndFileSpellings() {
        // these strings are in every spec and result file written so far: they must never change
        assertEquals(List.of("val_accuracy", "nonzero_params", "sparse_bytes", "flops", "latency_ms"), Metric.ids());
        for (Metric m : Metric.values()) {
            assertEquals(m, Metric.fromId(m.id()));
            assertEquals(new Objective(m.id(), m.direction()), m.objective());
        }
    }

    @Test
    void directions() {
        assertEquals(Direction.MAXIMIZE, Metric.VAL_ACCURACY.direction());
        for (Metric m : List.of(Metric.NONZERO_PARAMS, Metric.SPARSE_BYTES, Metric.FLOPS, Metric.LATENCY_MS)) {
            assertEquals(Direction.MINIMIZE, m.direction(), m.id());
        }
    }

    @Test
    void valuesComeFromTheirMeasurement() {
        assertEquals(0.91, Metric.VAL_ACCURACY.of(M));
        assertEquals(40, Metric.NONZERO_PARAMS.of(M));
        assertEquals(210, Metric.SPARSE_BYTES.of(M));
        assertEquals(80, Metric.FLOPS.of(M), "flops is the effective count, not the dense one");
        assertEquals(1.5, Metric.LATENCY_MS.of(M));
    }

    @Test
    void onlyWeightDependentMetricsAreBudgets() {
        assertEquals(List.of("nonzero_params", "sparse_bytes", "flops"), Metric.budgetIds());
        assertFalse(Metric.VAL_ACCURACY.budgetable());
        assertFalse(Metric.LATENCY_MS.budgetable());
    }

    @Test
    void anUnknownIdIsNamedWithTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.fromId("accuracy"));
        assertTrue(e.getMessage().contains("'accuracy'"), e.getMessage());
        assertTrue(e.getMessage().contains("val_accuracy, nonzero_params, sparse_bytes, flops, latency_ms"));
        assertThrows(IllegalArgumentException.class, () -> Metric.fromId("Val_Accuracy"));
    }

    @Test
    void footprintChecksItsCounts() {
        assertEquals(0.6, FOOTPRINT.sparsity(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Footprint(10, 11, 0, 0, 0, 0, 0, -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Footprint(-1, 0, 0, 0, 0, 0, 0, -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Footprint(10, 5, 0, 0, 0, 0, 0, -2, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Footprint(10, 5, 0, 0, 0, 0, 0, -1,
                List.of(new LayerCount(0, "DenseLayer", 9, 5))), "layers must add up");
        assertThrows(UnsupportedOperationException.class, () -> FOOTPRINT.layers().clear());
    }

    @Test
    void measurementsCheckTheirRanges() {
        assertThrows(IllegalArgumentException.class, () -> new Measurements(FOOTPRINT, 1.5, 0, Double.NaN, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Measurements(FOOTPRINT, Double.NaN, 0, Double.NaN,
                1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Measurements(FOOTPRINT, 0.5, 0, -0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Measurements(FOOTPRINT, 0.5, 0, Double.NaN, -1, 0));
        assertEquals(0.8, M.withTestAccuracy(0.8).testAccuracy());
        assertEquals(M.footprint(), M.withTestAccuracy(0.8).footprint());
    }
}
