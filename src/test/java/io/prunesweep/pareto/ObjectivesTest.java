package io.prunesweep.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectivesTest {

    @Test
    void parsesKnownMetricsWithTheirDirections() {
        assertEquals(Direction.MAXIMIZE, Objective.parse("val_accuracy").direction());
        for (String n : List.of("nonzero_params", "sparse_bytes", "flops", "latency_ms")) {
            assertEquals(new Objective(n, Direction.MINIMIZE), Objective.parse(n));
        }
        assertEquals(List.of(Objectives.VAL_ACCURACY, Objectives.FLOPS),
                Objectives.parseAll(List.of("val_accuracy", "flops")));
    }

    @Test
    void unknownNameListsAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Objective.parse("accuracy"));
        assertTrue(e.getMessage().contains("'accuracy'"), e.getMessage());
        assertTrue(e.getMessage().contains("val_accuracy, nonzero_params, sparse_bytes, flops, latency_ms"),
                e.getMessage());
    }
}
