package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.report.JsonWriter;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.SweepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole sweep through {@link SweepDriver} and the in-process {@link LocalRunner}: no Spark anywhere. */
class SweepDriverTest {
    @TempDir
    Path tmp;

    private static Map<String, byte[]> snapshot(Path results) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (var s = Files.list(results)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static SweepOutcome sweep(Path spec, Path out, List<String> log) {
        return new SweepDriver(new LocalRunner(), log::add).run(spec, out, ResumeOptions.REUSE, false);
    }

    @Test
    void aSweepRunsInProcessAndAResumeRunsOnlyWhatIsMissing() throws IOException {
        Path out = tmp.resolve("out");
        Path spec = LocalSweeps.spec(tmp, "local", List.of(0.5, 0.8), "val_accuracy, nonzero_params", "");
        List<String> log = new ArrayList<>();
        SweepOutcome first = sweep(spec, out, log);
        assertEquals(2, first.all().size());
        assertTrue(first.all().stream().allMatch(ResultRow::ok), first.all().toString());
        assertTrue(first.all().stream().allMatch(r -> r.provenance().executorId().equals("local")));
        assertTrue(log.contains("sweep local: 2 candidates, 0 already done, 2 to run on this thread (1 task slot)"),
                log.toString());
        assertTrue(log.get(log.size() - 1).endsWith(": results.csv front.json front.csv report.html models/"),
                log.toString());
        for (String f : List.of("results.csv", "front.json", "front.csv", "report.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        ResultStore store = new ResultStore(out);
        Map<String, byte[]> before = snapshot(store.resultsDir().localPath());

        log.clear();
        SweepOutcome again = sweep(spec, out, log);
        assertTrue(log.contains("nothing to run: every candidate of this spec has a result in "
                + store.resultsDir().localPath().toAbsolutePath()), log.toString());
        assertTrue(log.stream().noneMatch(l -> l.startsWith("[")), "no candidate ran: " + log);
        assertEquals(before.keySet(), snapshot(store.resultsDir().localPath()).keySet());
        before.forEach((k, v) -> assertArrayEquals(v, readUnchecked(store.resultsDir().localPath().resolve(k)),
                k + " untouched"));
        assertEquals(first.front(), again.front());

        Path grown = LocalSweeps.spec(tmp, "local", List.of(0.5, 0.8, 0.95), "val_accuracy, nonzero_params", "");
        log.clear();
        SweepOutcome third = sweep(grown, out, log);
        assertTrue(log.stream().anyMatch(l -> l.contains("3 candidates, 2 already done, 1 to run")), log.toString());
        assertEquals(1, log.stream().filter(l -> l.startsWith("[")).count(), "one candidate ran: " + log);
        assertEquals(3, third.all().size());
        before.forEach((k, v) -> assertArrayEquals(v, readUnchecked(store.resultsDir().localPath().resolve(k)), k));
    }

    @Test
    void halvingRunsItsRungsThroughTheRunnerAndResumesWithoutRunningAgain() throws IOException {
        Path out = tmp.resolve("out");
        Path spec = LocalSweeps.spec(tmp, "halve", List.of(0.5, 0.7, 0.9), "val_accuracy, nonzero_params",
                "search: {method: halving, rungs: 2, eta: 3, minEpochs: 1}");
        List<String> log = new ArrayList<>();
        SweepOutcome o = sweep(spec, out, log);
        assertEquals(4, o.all().size(), "3 candidates at rung 0, 1 survivor at rung 1: " + o.all());
        ResultRow survivor = o.all().stream().filter(r -> r.provenance().rung() == 1).findFirst().orElseThrow();
        assertEquals(3, survivor.config().fineTune().epochs());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("rung 0 keeps 1 of 3: [")), log.toString());

        log.clear();
        sweep(spec, out, log);
        assertTrue(log.contains("rung 0/1 (1 fine-tune epochs): 3 candidates, 3 already done, 0 to run"),
                log.toString());
        assertTrue(log.contains("rung 1/1 (3 fine-tune epochs): 1 candidates, 1 already done, 0 to run"),
                log.toString());
        assertTrue(log.stream().noneMatch(l -> l.startsWith("[")), "no candidate ran: " + log);
    }

    @Test
    void frontRowsCarryTheSameTestAccuracyInTheOutcomeResultsCsvFrontJsonAndTheDirectoryRows() throws IOException {
        Path out = tmp.resolve("out");
        Path spec = LocalSweeps.spec(tmp, "tested", List.of(0.5, 0.9), "val_accuracy, nonzero_params", "");
        SweepOutcome o = sweep(spec, out, new ArrayList<>());
        assertFalse(o.front().isEmpty());
        Map<String, Double> fromOutcome = new TreeMap<>();
        o.front().forEach(r -> fromOutcome.put(r.candidateId(), r.measurements().testAccuracy()));
        fromOutcome.values().forEach(a -> assertTrue(a >= 0 && a <= 1, "measured: " + fromOutcome));

        Map<String, Double> fromJson = new TreeMap<>();
        JsonWriter.readFront(out.resolve("front.json"))
                .forEach(r -> fromJson.put(r.candidateId(), r.measurements().testAccuracy()));
        assertEquals(fromOutcome, fromJson, "front.json");

        Map<String, Double> fromCsv = new TreeMap<>();
        for (Map<String, String> row : csv(out.resolve("results.csv"))) {
            String acc = row.get("testAccuracy");
            if (fromOutcome.containsKey(row.get("candidateId"))) {
                fromCsv.put(row.get("candidateId"), Double.parseDouble(acc));
            } else {
                assertEquals("", acc, "a row off the front has no test accuracy");
            }
        }
        assertEquals(fromOutcome, fromCsv, "results.csv");

        Map<String, Double> fromDir = new TreeMap<>();
        TestAccuracy.recorded(new ResultStore(out).readAll(), out).stream()
                .filter(r -> !Double.isNaN(r.measurements().testAccuracy()))
                .forEach(r -> fromDir.put(r.candidateId(), r.measurements().testAccuracy()));
        assertEquals(fromOutcome, fromDir, "a sweep directory's rows (the notebook DataFrame)");
        assertTrue(new ResultStore(out).readAll().stream().allMatch(r -> Double.isNaN(r.measurements().testAccuracy())),
                "result files hold validation metrics only");
    }

    /** results.csv as header-keyed rows; quoted cells (the per-layer JSON) may hold commas and doubled quotes. */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String text = Files.readString(file);
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                lines.add(cells);
                cells = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> l : lines.subList(1, lines.size())) {
            assertEquals(lines.get(0).size(), l.size(), l.toString());
            Map<String, String> row = new TreeMap<>();
            for (int i = 0; i < l.size(); i++) {
                row.put(lines.get(0).get(i), l.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static byte[] readUnchecked(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
