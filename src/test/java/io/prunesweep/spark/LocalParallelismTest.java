package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.holdenkarau.spark.testing.DataFrameSuiteBase$;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A serial and a parallel run of the same sweep give the same rows and the same front. */
class LocalParallelismTest {

    /** The columns that must not depend on where or when a candidate ran. */
    private static final String[] DETERMINISTIC = {"candidateId", "seed", "criterion", "granularity", "targetSparsity",
        "status", "params", "nonzeroParams", "sparsity", "denseBytes", "sparseBytes", "flops", "effectiveFlops",
        "shrunkParams", "valAccuracy", "valLoss", "testAccuracy", "modelFingerprint", "dataFingerprint"};

    private static SweepOutcome run(Path spec, Path out, String master, List<Row> sink) {
        SparkSession spark = Sessions.getOrCreate("test " + master, master);
        try {
            assertEquals(master, spark.sparkContext().master());
            assertEquals("true", spark.conf().get("spark.kryo.registrationRequired"));
            SweepOutcome o = SweepApp.run(spark, spec, out, false, s -> { });
            Dataset<Row> df = ResultsFrame.of(spark, o.all()).select(DETERMINISTIC[0],
                    java.util.Arrays.copyOfRange(DETERMINISTIC, 1, DETERMINISTIC.length)).orderBy("candidateId");
            sink.addAll(df.collectAsList());
            return o;
        } finally {
            spark.stop();
        }
    }

    @Test
    void localOneAndLocalTwoGiveIdenticalRowsAndFront(@TempDir Path dir) {
        Prerequisites.requireFashionMnist();
        Path spec = TinySweep.spec(dir, "par", List.of("magnitude", "taylor"), List.of("element", "neuron"),
                List.of(0.5, 0.9), List.of(0.001));
        List<Row> serial = new java.util.ArrayList<>();
        List<Row> parallel = new java.util.ArrayList<>();
        SweepOutcome a = run(spec, dir.resolve("serial"), "local[1]", serial);
        SweepOutcome b = run(spec, dir.resolve("parallel"), "local[2]", parallel);
        assertEquals(8, serial.size());
        assertEquals(serial.size(), parallel.size());
        for (int i = 0; i < serial.size(); i++) {
            assertTrue(DataFrameSuiteBase$.MODULE$.approxEquals(serial.get(i), parallel.get(i), 0.0),
                    "row " + i + " differs:\n " + serial.get(i) + "\n " + parallel.get(i));
        }
        assertEquals(a.front().stream().map(ResultRow::candidateId).toList(),
                b.front().stream().map(ResultRow::candidateId).toList());
        assertTrue(a.all().stream().allMatch(ResultRow::ok), "every candidate finished");
        assertTrue(a.front().stream().allMatch(r -> !Double.isNaN(r.measurements().testAccuracy())), "front members get test accuracy");
        assertTrue(a.all().stream().filter(r -> !a.front().contains(r)).allMatch(r -> Double.isNaN(r.measurements().testAccuracy())),
                "test accuracy is measured for front members only");
    }
}
