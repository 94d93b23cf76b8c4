package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LatencyMethod;
import io.prunesweep.metric.Measurements;
import io.prunesweep.report.CsvWriter;
import io.prunesweep.results.Json;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.Provenance;
import io.prunesweep.results.ResultColumns;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.RunConfig;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import io.prunesweep.testing.GraphNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latency re-measured serially on the driver: which rows, when, and how the row records it. */
class SerialLatencyTest {
    @TempDir
    Path tmp;

    private static ResultRow row(LatencyMethod method) {
        RunConfig cfg = new RunConfig(new PruneMethod(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER), 0.5,
                null, new Schedule(ScheduleKind.ONE_SHOT), new FineTune(1, 0.001, 32), Caps.defaults());
        Measurements m = new Measurements(new Footprint(100, 50, 400, 300, 250, 200, 100, -1, List.of()), 0.9, 0.3,
                Double.NaN, 1.25, 77, method);
        return new ResultRow("00000000000000b1", cfg, new Outcome.Measured(m), new Provenance(3, 0, "local", 0,
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "spec", "model", "data", "prunesweep=0.1"));
    }

    @Test
    void theMethodColumnRoundTripsAndOlderRowsReadAsInTask() throws IOException {
        for (LatencyMethod m : LatencyMethod.values()) {
            ResultRow r = row(m);
            byte[] json = Json.pretty(r);
            assertEquals(r, Json.read(json, ResultRow.class), m.id());
            assertEquals(m.id(), Json.mapper().readTree(json).get("latencyMethod").asText());
            String[] csv = CsvWriter.toCsv(List.of(r)).split("\r\n");
            // appended columns keep the v1 order; the cell sits under its header
            List<String> header = List.of(csv[0].split(","));
            int at = header.indexOf("latencyMethod");
            assertTrue(at > header.indexOf("pattern"), "latencyMethod comes after the v1 columns: " + header);
            // counted from the end: the quoted per-layer JSON before it holds commas
            String[] cells = csv[1].split(",", -1);
            assertEquals(m.id(), cells[cells.length - (header.size() - at)]);
        }
        ObjectNode old = (ObjectNode) Json.mapper().readTree(Json.pretty(row(LatencyMethod.SERIAL_INTERLEAVED)));
        old.remove("latencyMethod");
        assertEquals(LatencyMethod.IN_TASK, Json.read(Json.mapper().writeValueAsBytes(old), ResultRow.class)
                .measurements().latencyMethod(), "a row written before the column existed");
        old.put("latencyMethod", "sideways");
        Exception e = assertThrows(Exception.class, () -> Json.read(Json.mapper().writeValueAsBytes(old),
                ResultRow.class));
        assertTrue(e.getMessage().contains("latencyMethod: expected in-task or serial-interleaved, found 'sideways'"),
                e.getMessage());
        assertTrue(ResultColumns.all().stream().anyMatch(c -> c.name().equals("latencyMethod") && !c.reproducible()));
    }

    @Test
    void aRecordedFigureAppliesOnlyToTheRowItWasMeasuredFor() throws IOException {
        ResultRow r = row(LatencyMethod.IN_TASK);
        Path f = tmp.resolve("latency").resolve(r.candidateId() + ".json");
        Files.createDirectories(f.getParent());
        Files.write(f, Json.pretty(new SerialLatency.Record(r.candidateId(), r.provenance().finishedAt(), 0.5, 9)));
        ResultRow applied = SerialLatency.recorded(List.of(r), tmp).get(0);
        assertEquals(0.5, applied.measurements().latencyMs());
        assertEquals(LatencyMethod.SERIAL_INTERLEAVED, applied.measurements().latencyMethod());
        Files.write(f, Json.pretty(new SerialLatency.Record(r.candidateId(), "an earlier run", 0.5, 9)));
        assertEquals(r, SerialLatency.recorded(List.of(r), tmp).get(0), "the candidate ran again since");
    }

    @Test
    void aRecordCarriesTheShrunkLatencyAndOneWrittenBeforeItReadsNaN() throws IOException {
        ResultRow r = row(LatencyMethod.IN_TASK);
        Path f = tmp.resolve("latency").resolve(r.candidateId() + ".json");
        Files.createDirectories(f.getParent());
        SerialLatency.Record rec = new SerialLatency.Record(r.candidateId(), r.provenance().finishedAt(), 0.5, 9,
                0.25);
        assertEquals(rec, Json.read(Json.pretty(rec), SerialLatency.Record.class));
        Files.write(f, Json.pretty(rec));
        ResultRow applied = SerialLatency.recorded(List.of(r), tmp).get(0);
        assertEquals(0.5, applied.measurements().latencyMs());
        assertEquals(0.25, applied.measurements().shrunkLatencyMs());

        // no shrunk model: null in the file, NaN in the row
        SerialLatency.Record none = new SerialLatency.Record(r.candidateId(), r.provenance().finishedAt(), 0.5, 9);
        assertTrue(Json.mapper().readTree(Json.pretty(none)).get("shrunkLatencyMs").isNull());
        Files.write(f, Json.pretty(none));
        assertTrue(Double.isNaN(SerialLatency.recorded(List.of(r), tmp).get(0).measurements().shrunkLatencyMs()));

        // a record of an earlier version has no such field
        Files.writeString(f, """
                {"candidateId": "%s", "finishedAt": "%s", "latencyMs": 0.75, "rounds": 9}
                """.formatted(r.candidateId(), r.provenance().finishedAt()));
        ResultRow old = SerialLatency.recorded(List.of(r), tmp).get(0);
        assertEquals(0.75, old.measurements().latencyMs());
        assertTrue(Double.isNaN(old.measurements().shrunkLatencyMs()), "absent: not measured");
        assertThrows(IllegalArgumentException.class, () -> new SerialLatency.Record("x", "t", 0.5, 9, -1));
    }

    /**
     * A graph sweep of element and neuron candidates with latency as an objective, so that the serial pass times
     * every ok row: each neuron candidate's shrunk model is timed beside its masked model, element candidates have
     * nothing to time.
     */
    @Test
    void theSerialPassTimesEachShrunkModelBesideItsMaskedModel() throws IOException {
        Path spec = GraphNets.sweepSpec(tmp, "shrunklat", "element");
        Files.writeString(spec, Files.readString(spec).replace("granularity: [element]", "granularity: [element, neuron]")
                .replace("objectives: [val_accuracy, nonzero_params]",
                        "objectives: [val_accuracy, nonzero_params, latency_ms]"));
        Path out = tmp.resolve("out");
        SweepOutcome o = sweep(spec, out, new ArrayList<>());
        assertEquals(4, o.all().size());
        assertTrue(o.all().stream().allMatch(ResultRow::ok), o.all().toString());
        for (ResultRow r : o.all()) {
            double shrunk = r.measurements().shrunkLatencyMs();
            if (r.config().method().granularity() == Granularity.NEURON) {
                assertTrue(Files.isRegularFile(out.resolve("candidates").resolve(r.candidateId() + ".shrunk.zip")));
                assertTrue(shrunk > 0 && Double.isFinite(shrunk), r.candidateId() + " " + shrunk);
            } else {
                assertTrue(Double.isNaN(shrunk), "an element candidate has no shrunk model: " + r);
            }
        }
        // results/ keeps what the tasks measured: no task times a shrunk model
        assertTrue(new ResultStore(out).readAll().stream().allMatch(r -> Double.isNaN(r.measurements()
                .shrunkLatencyMs())));
        // front.json as written carries the serial figures; the smallest neuron candidate is always on the front
        JsonNode front = Json.mapper().readTree(out.resolve("front.json").toFile()).get("front");
        int neurons = 0;
        for (JsonNode m : front) {
            if (m.get("granularity").asText().equals("neuron")) {
                neurons++;
                assertTrue(m.get("shrunkLatencyMs").asDouble() > 0, m.toString());
            } else {
                assertTrue(m.get("shrunkLatencyMs").isNull(), m.toString());
            }
        }
        assertTrue(neurons > 0, front.toString());
        String csv = Files.readString(out.resolve("results.csv"));
        assertTrue(csv.split("\r\n")[0].endsWith(",shrunkLatencyMs"), "the last column of results.csv");
    }

    private static SweepOutcome sweep(Path spec, Path out, List<String> log) {
        return new SweepDriver(new LocalRunner(), log::add).run(spec, out, ResumeOptions.REUSE, false);
    }

    /** The latency method of every ok row as the sweep reports it (results.csv, the outcome, the notebook rows). */
    private static Map<String, LatencyMethod> methods(SweepOutcome o, Path out) {
        Map<String, LatencyMethod> m = new TreeMap<>();
        o.all().stream().filter(ResultRow::ok).forEach(r -> m.put(r.candidateId(), r.measurements().latencyMethod()));
        Map<String, LatencyMethod> dir = new TreeMap<>();
        SerialLatency.recorded(new ResultStore(out).readAll(), out).stream().filter(ResultRow::ok)
                .forEach(r -> dir.put(r.candidateId(), r.measurements().latencyMethod()));
        assertEquals(m, dir, "the directory's rows with the recorded figures applied");
        assertTrue(new ResultStore(out).readAll().stream().filter(ResultRow::ok)
                .allMatch(r -> r.measurements().latencyMethod() == LatencyMethod.IN_TASK),
                "result files keep what their task measured");
        return m;
    }

    private static LatencyMethod baseline(Path out) throws IOException {
        return Json.read(Files.readAllBytes(out.resolve("baseline.json")), ResultRow.class).measurements()
                .latencyMethod();
    }

    @Test
    void withLatencyAsAnObjectiveEveryOkRowIsReMeasuredSeriallyBeforeTheFrontIsChosen() throws IOException {
        Path out = tmp.resolve("out");
        Path spec = LocalSweeps.spec(tmp, "lat", List.of(0.3, 0.6, 0.9), "val_accuracy, latency_ms", "");
        List<String> log = new ArrayList<>();
        SweepOutcome o = sweep(spec, out, log);
        Map<String, LatencyMethod> methods = methods(o, out);
        assertEquals(3, methods.size());
        assertEquals(Set.of(LatencyMethod.SERIAL_INTERLEAVED), Set.copyOf(methods.values()), methods.toString());
        assertEquals(LatencyMethod.SERIAL_INTERLEAVED, baseline(out), "the reference point's latency too");
        int remeasured = log.indexOf("latency_ms is an objective: re-measuring 3 candidate(s) serially, "
                + SerialLatency.ROUNDS + " rounds each");
        assertTrue(remeasured >= 0, log.toString());
        assertTrue(remeasured < log.indexOf(log.stream().filter(l -> l.startsWith("Pareto front")).findFirst()
                .orElseThrow()), "before the front: " + log);
        // the front was chosen on the recorded serial figures
        ResultStore store = new ResultStore(out);
        Map<String, Double> serial = new TreeMap<>();
        SerialLatency.recorded(store.readAll(), out).forEach(r -> serial.put(r.candidateId(),
                r.measurements().latencyMs()));
        o.front().forEach(r -> assertEquals(serial.get(r.candidateId()), r.measurements().latencyMs(),
                r.candidateId()));

        // a resume measures nothing again and leaves results and figures as they are
        List<ResultRow> before = store.readAll();
        log.clear();
        SweepOutcome again = sweep(spec, out, log);
        assertTrue(log.stream().noneMatch(l -> l.contains("re-measuring")), log.toString());
        assertEquals(before, store.readAll());
        assertEquals(o.all(), again.all());
    }

    @Test
    void withoutLatencyAsAnObjectiveExactlyTheFrontMembersAreReMeasured() throws IOException {
        Path out = tmp.resolve("out");
        Path spec = LocalSweeps.spec(tmp, "nolat", List.of(0.3, 0.6, 0.9), "val_accuracy, nonzero_params", "");
        List<String> log = new ArrayList<>();
        SweepOutcome o = sweep(spec, out, log);
        Set<String> front = o.front().stream().map(ResultRow::candidateId).collect(Collectors.toSet());
        Map<String, LatencyMethod> methods = methods(o, out);
        assertTrue(front.size() < methods.size(), "the test needs an ok row off the front: " + methods.keySet()
                + " front " + front);
        Set<String> serial = methods.entrySet().stream().filter(e -> e.getValue() == LatencyMethod.SERIAL_INTERLEAVED)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertEquals(front, serial);
        assertTrue(log.stream().noneMatch(l -> l.contains("re-measuring")), log.toString());
        o.front().forEach(r -> assertEquals(LatencyMethod.SERIAL_INTERLEAVED, r.measurements().latencyMethod()));
        assertEquals(LatencyMethod.SERIAL_INTERLEAVED, baseline(out));
    }
}
