package io.prunesweep.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class ResultFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAT = """
            {"candidateId": "c1", "status": "ok", "valAccuracy": 0.875, "valLoss": "NaN", "nonzeroParams": 120,
             "executorId": "1", "attempt": 0, "startedAt": "2026-01-01T00:00:00Z", "finishedAt": "x",
             "latencyMs": 1.5, "fineTuneMs": 900, "layers": [{"layer": 0, "nonzero": 100}, {"layer": 1, "nonzero": 20}]}
            """;
    /** The same measurements restructured as the results package may nest them, run on another executor. */
    private static final String NESTED = """
            {"candidate": {"id": "c1"}, "outcome": {"status": "ok", "metrics": {"val_accuracy": 0.875,
             "latency": {"median_ms": 3.0, "method": "serial"}}},
             "provenance": {"executor": "2", "attempt": 1, "started_at": "later", "fine_tune_ms": 950}}
            """;

    private static Path write(Path dir, String id, String json) throws Exception {
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results").resolve(id + ".json"), json);
        return dir;
    }

    @Test
    void flattensNestingAndListsByColumnName(@TempDir Path dir) throws Exception {
        write(dir, "c1", FLAT);
        Files.writeString(dir.resolve("results").resolve(".c2.json.tmp"), "{");
        Map<String, Map<String, String>> rows = ResultFiles.read(dir);
        assertEquals(Set.of("c1"), rows.keySet(), "temp files are not results");
        Map<String, String> row = rows.get("c1");
        assertEquals("0.875", row.get("valAccuracy"));
        assertEquals("\"NaN\"", row.get("valLoss"), "a string stays a string");
        assertEquals("2", row.get("layers.size"));
        assertEquals("20", row.get("layers[1].nonzero"));
        assertEquals("1", ResultFiles.column(row, "executorId"));
        assertEquals("120", ResultFiles.column(row, "nonzeroParams"));
        assertThrows(AssertionFailedError.class, () -> ResultFiles.column(row, "nonzero"), "two layers match");
    }

    @Test
    void runDependentColumnsAreTheExecutorAttemptTimesAndDurationsFlatOrNested() throws Exception {
        var flat = ResultFiles.reproducible(ResultFiles.flatten(JSON.readTree(FLAT)));
        assertEquals(Set.of("candidateId", "status", "valAccuracy", "valLoss", "nonzeroParams", "layers.size",
                "layers[0].layer", "layers[0].nonzero", "layers[1].layer", "layers[1].nonzero"), flat.keySet());
        var nested = ResultFiles.reproducible(ResultFiles.flatten(JSON.readTree(NESTED)));
        assertEquals(Set.of("candidate.id", "outcome.status", "outcome.metrics.val_accuracy"),
                nested.keySet());
    }

    @Test
    void theComparisonIgnoresWhereAndWhenButNotWhat(@TempDir Path dir) throws Exception {
        var a = ResultFiles.read(write(dir.resolve("a"), "c1", FLAT));
        var moved = ResultFiles.read(write(dir.resolve("b"), "c1", FLAT.replace("\"executorId\": \"1\"",
                "\"executorId\": \"0\"").replace("\"attempt\": 0", "\"attempt\": 1").replace("900", "1200")));
        assertDoesNotThrow(() -> ResultFiles.assertSameReproducibleColumns(a, moved, 5));
        var changed = ResultFiles.read(write(dir.resolve("c"), "c1", FLAT.replace("\"nonzero\": 20",
                "\"nonzero\": 21")));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> ResultFiles.assertSameReproducibleColumns(a, changed, 5));
        assertTrue(e.getMessage().contains("c1 layers[1].nonzero: 20 vs 21"), e.getMessage());
        var extra = ResultFiles.read(write(dir.resolve("d"), "c1", FLAT.replace("{\"candidateId\"",
                "{\"budget\": \"\", \"candidateId\"")));
        assertThrows(AssertionFailedError.class, () -> ResultFiles.assertSameReproducibleColumns(a, extra, 5),
                "a column only one side has is a difference");
        assertThrows(AssertionFailedError.class, () -> ResultFiles.assertSameReproducibleColumns(a, a, 50),
                "fewer columns than the floor");
    }
}
