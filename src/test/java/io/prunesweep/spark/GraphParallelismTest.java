package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.testing.GraphNets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep of a {@code ComputationGraph} base model on {@code local[2]} gives the rows of {@code local[1]}. */
class GraphParallelismTest {

    private static List<ResultRow> run(Path spec, Path out, String master) {
        SparkSession spark = Sessions.getOrCreate("graph " + master, master);
        try {
            SweepOutcome o = SweepApp.run(spark, spec, out, false, s -> { });
            return o.all().stream().sorted(Comparator.comparing(ResultRow::candidateId)).toList();
        } finally {
            spark.stop();
        }
    }

    @Test
    void aGraphSweepOnLocalTwoEqualsLocalOneBitForBit(@TempDir Path dir) {
        Path spec = GraphNets.sweepSpec(dir, "graphpar", "element");
        List<ResultRow> serial = run(spec, dir.resolve("serial"), "local[1]");
        List<ResultRow> parallel = run(spec, dir.resolve("parallel"), "local[2]");
        assertEquals(2, serial.size());
        assertTrue(serial.stream().allMatch(ResultRow::ok), serial.toString());
        for (int i = 0; i < serial.size(); i++) {
            ResultRow a = serial.get(i);
            ResultRow b = parallel.get(i);
            assertEquals(a.candidateId(), b.candidateId());
            assertEquals(a.provenance().modelFingerprint(), b.provenance().modelFingerprint());
            assertEquals(a.measurements().footprint(), b.measurements().footprint());
            assertEquals(a.measurements().testAccuracy(), b.measurements().testAccuracy(), 0.0);
            assertEquals(a.measurements().valAccuracy(), b.measurements().valAccuracy(), 0.0);
            assertEquals(a.measurements().valLoss(), b.measurements().valLoss(), 0.0);
        }
    }
}
