package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prunesweep.results.Outcome;
import io.prunesweep.results.ResultColumns;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.report.JsonWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet side of the one column table: same schema and values as the v1 results.parquet. */
class ResultsFrameTest {
    private static final List<String> ADDED = List.of("latencyMethod", "trainedForm", "achievedSparsity",
            "shrunkLatencyMs");

    @TempDir
    Path tmp;

    @Test
    void schemaAndRowsEqualTheV1Parquet() throws IOException, URISyntaxException {
        Path v1 = Path.of(getClass().getResource("/io/prunesweep/results/v1/sweep.json").toURI()).getParent();
        Map<String, ResultRow> front = JsonWriter.readFront(v1.resolve("front.json")).stream()
                .collect(Collectors.toMap(ResultRow::candidateId, Function.identity()));
        List<ResultRow> rows = new ResultStore(v1).readAll().stream()
                .map(r -> front.getOrDefault(r.candidateId(), r)).toList();
        SparkSession spark = Sessions.getOrCreate("results-frame", "local[1]");
        try {
            var stored = spark.read().parquet(v1.resolve("results.parquet").toString());
            // the columns added since v1 come last; without them the frame is v1's
            StructType schema = ResultsFrame.schema();
            assertEquals(ADDED, List.of(schema.fieldNames()).subList(schema.size() - ADDED.size(), schema.size()));
            assertEquals(stored.schema(), new StructType(Arrays.copyOf(schema.fields(), schema.size() - ADDED.size())));
            assertEquals(ResultColumns.names(), List.of(schema.fieldNames()));
            Comparator<Row> byId = Comparator.comparing(r -> r.getString(0));
            List<Row> expected = stored.collectAsList().stream().sorted(byId).toList();
            List<Row> actual = ResultsFrame.of(spark, rows).drop(ADDED.toArray(String[]::new)).collectAsList().stream()
                    .sorted(byId).toList();
            assertEquals(expected, actual);

            // the added columns' values survive a Parquet write and read: one row with an achieved sparsity
            ResultRow ok = rows.stream().filter(ResultRow::ok).findFirst().orElseThrow();
            List<ResultRow> written = rows.stream().map(r -> r != ok ? r : r.withOutcome(new Outcome.Measured(
                    r.measurements().withAchievedSparsity(0.4375).withShrunkLatencyMs(0.625)))).toList();
            ResultsFrame.writeParquet(spark, written, tmp);
            Map<String, Row> back = spark.read().parquet(tmp.resolve("results.parquet").toString()).collectAsList()
                    .stream().collect(Collectors.toMap(r -> r.getString(0), Function.identity()));
            assertEquals(rows.size(), back.size());
            for (ResultRow r : written) {
                Row b = back.get(r.candidateId());
                for (String name : ADDED) {
                    assertEquals(ResultColumns.all().get(ResultColumns.names().indexOf(name)).plain(r),
                            b.get(b.fieldIndex(name)), r.candidateId() + " " + name);
                }
            }
            assertEquals(0.4375, back.get(ok.candidateId()).getDouble(back.get(ok.candidateId())
                    .fieldIndex("achievedSparsity")));
            assertEquals(0.625, back.get(ok.candidateId()).getDouble(back.get(ok.candidateId())
                    .fieldIndex("shrunkLatencyMs")));
        } finally {
            spark.stop();
        }
    }
}
