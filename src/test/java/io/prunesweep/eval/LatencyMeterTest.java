package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.Net;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatencyMeterTest {

    @Test
    void statsArePositiveAndOrdered() {
        MultiLayerNetwork net = TestNets.mlp();
        INDArray batch = Nd4j.rand(DataType.FLOAT, 5, 4);

        LatencyStats s = LatencyMeter.measure(Net.of(net), batch, 3, 10);

        assertEquals(10, s.runs());
        assertEquals(5, s.batchSize());
        assertTrue(s.minMs() > 0, "min " + s.minMs());
        assertTrue(s.minMs() <= s.medianMs() && s.medianMs() <= s.maxMs(), s.toString());
        assertEquals(s.medianMs() / 5, s.medianMsPerExample(), 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        MultiLayerNetwork net = TestNets.mlp();
        INDArray batch = Nd4j.rand(DataType.FLOAT, 2, 4);
        assertThrows(IllegalArgumentException.class, () -> LatencyMeter.measure(Net.of(net), batch, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> LatencyMeter.measure(Net.of(net), batch, 0, 0));
    }

    @Test
    void statsValidation() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyStats(1, 2, 3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LatencyStats(3, 1, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LatencyStats(1, -1, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LatencyStats(1, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LatencyStats(1, 1, 1, 1, 0));
    }
}
