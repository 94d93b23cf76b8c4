package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.Json;
import io.prunesweep.results.ResultColumns;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SweepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every candidate row records the sparsity its pruning plan achieved, so a candidate whose per-layer cap bound is
 * visible as such: a sweep of two candidates under {@code maxLayerSparsity: 0.5} through {@link LocalRunner}.
 */
class AchievedSparsityTest {
    @TempDir
    Path tmp;

    @Test
    void aCappedCandidateRecordsWhatItAchievedAndAnUncappedOneItsTarget() throws IOException {
        Path out = tmp.resolve("out");
        Path spec = LocalSweeps.spec(tmp, "capped", List.of(0.3, 0.95), "val_accuracy, nonzero_params", "",
                "  maxLayerSparsity: 0.5\n");
        SweepOutcome o = new SweepDriver(new LocalRunner(), new ArrayList<String>()::add)
                .run(spec, out, ResumeOptions.REUSE, false);
        Map<Double, ResultRow> byTarget = o.all().stream()
                .collect(Collectors.toMap(r -> r.config().targetSparsity(), Function.identity()));
        assertEquals(2, byTarget.size(), o.all().toString());
        byTarget.values().forEach(r -> assertTrue(r.ok(), r.error()));

        ResultRow capped = byTarget.get(0.95);
        // the prunable weights (the output layer is not pruned): 12x300 and 300x100. Capped, each layer loses
        // floor(0.5 n) of its n weights: (1800 + 15000) / 33600 = 0.5 exactly
        assertEquals(0.5, capped.measurements().achievedSparsity(), 1e-12, "the cap, not the 0.95 target");
        assertTrue(capped.capped());
        ResultRow free = byTarget.get(0.3);
        // round(0.3 n) per layer: (1080 + 9000) / 33600 = 0.3
        assertEquals(0.3, free.measurements().achievedSparsity(), 1e-12);
        assertFalse(free.capped());

        // what the task wrote is what the driver holds, in every file
        ResultRow written = Json.read(Files.readAllBytes(out.resolve("results").resolve(capped.candidateId()
                + ".json")), ResultRow.class);
        assertEquals(capped.measurements().achievedSparsity(), written.measurements().achievedSparsity());
        String csv = Files.readString(out.resolve("results.csv"));
        assertTrue(csv.startsWith(String.join(",", ResultColumns.names()) + "\r\n"), csv);
        // achievedSparsity, then shrunkLatencyMs (empty: element pruning has no shrunk model) end the row
        assertTrue(csv.contains("," + capped.measurements().achievedSparsity() + ",\r\n"), csv);
        assertTrue(Files.readString(out.resolve("report.html")).contains(">capped</span>"), "report.html tags it");
        assertTrue(Json.mapper().readTree(out.resolve("baseline.json").toFile()).get("achievedSparsity").isNull(),
                "the dense baseline was not pruned");
    }
}
