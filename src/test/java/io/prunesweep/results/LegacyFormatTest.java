package io.prunesweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.TrainedForm;
import io.prunesweep.report.CsvWriter;
import io.prunesweep.report.JsonWriter;
import io.prunesweep.report.SensitivityReport;
import io.prunesweep.report.SweepSummary;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the committed store written by the code before results were structured (format v1, see its
 * README) and checks that the current code reads every file and writes the same files back: a sweep started
 * before the change resumes, and users see the same outputs. The deliberate differences: a double that
 * was not measured is written as {@code null} where v1's per-candidate files had {@code "NaN"}, and the columns
 * added since v1 come last ({@link #v1Part} strips them to compare).
 */
class LegacyFormatTest {
    static final Path V1 = v1();

    private static Path v1() {
        try {
            return Path.of(LegacyFormatTest.class.getResource("/io/prunesweep/results/v1/sweep.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /**
     * JSON or CSV written today without the columns added since v1 (latencyMethod, trainedForm, achievedSparsity,
     * shrunkLatencyMs, the last ones); a v1 row has neither an achieved sparsity nor a shrunk latency, so those
     * columns are always null or an empty cell here.
     */
    private static String v1Part(String written) {
        return written.replaceAll(",\n\\s*\"latencyMethod\" : \"[^\"]*\"", "")
                .replaceAll(",\n\\s*\"trainedForm\" : \"[^\"]*\"", "")
                .replaceAll(",\n\\s*\"achievedSparsity\" : null", "")
                .replaceAll(",\n\\s*\"shrunkLatencyMs\" : null", "")
                .replaceAll(",(latencyMethod|in-task|serial-interleaved|),(trainedForm|masked|shrunk|),"
                        + "(achievedSparsity|),(shrunkLatencyMs|)\r\n", "\r\n");
    }

    /** Every row of the store, with the front's test accuracy as results.csv has it. */
    static List<ResultRow> allWithFrontTests() throws IOException {
        Map<String, ResultRow> front = JsonWriter.readFront(V1.resolve("front.json")).stream()
                .collect(Collectors.toMap(ResultRow::candidateId, Function.identity()));
        return new ResultStore(V1).readAll().stream().map(r -> front.getOrDefault(r.candidateId(), r)).toList();
    }

    @Test
    void readsEveryResultFileAndWritesItBackTheSameWithNullForNaN(@TempDir Path dir) throws IOException {
        ResultStore v1 = new ResultStore(V1);
        List<ResultRow> rows = v1.readAll();
        assertEquals(8, rows.size());
        assertEquals(4, rows.stream().filter(ResultRow::ok).count());
        ResultStore again = new ResultStore(dir);
        for (ResultRow r : rows) {
            again.write(r);
            String original = text(v1.resultsDir().localPath().resolve(r.candidateId() + ".json"));
            String rewritten = text(again.resultsDir().localPath().resolve(r.candidateId() + ".json"));
            assertEquals(original.replace("\"NaN\"", "null"), v1Part(rewritten), r.candidateId());
            assertEquals(r.ok() ? "in-task" : "", Json.mapper().readTree(rewritten).get("latencyMethod").asText(),
                    "v1 latencies were all timed in the task");
            assertEquals(r.ok() ? "masked" : "", Json.mapper().readTree(rewritten).get("trainedForm").asText(),
                    "v1 candidates were all fine-tuned masked");
            assertTrue(Json.mapper().readTree(rewritten).get("achievedSparsity").isNull(),
                    "v1 did not record what its plans achieved");
            assertTrue(Json.mapper().readTree(rewritten).get("shrunkLatencyMs").isNull(),
                    "v1 did not time shrunk models");
            assertEquals(r, again.read(r.candidateId()), "reads back equal");
        }
        assertEquals(v1.doneIds(), again.doneIds());
    }

    @Test
    void keepsWhatEachKindOfRowHolds() throws IOException {
        ResultStore v1 = new ResultStore(V1);
        ResultRow budget = v1.read("f737bc5207b55671");
        assertEquals("nonzero_params<=100000", budget.config().budgetId());
        assertEquals(0.79819, budget.config().targetSparsity(), "the achieved target of a budget row");
        ResultRow nm = v1.read("959c3511dace807b");
        assertEquals("2:4", nm.config().pattern());
        ResultRow structured = v1.read("8a8eac662f01fbf5");
        assertEquals(125810, structured.measurements().footprint().shrunkParams());
        assertEquals(3, structured.measurements().footprint().layers().size());
        assertEquals(TrainedForm.MASKED, structured.measurements().trainedForm(),
                "a neuron candidate of an older store was fine-tuned masked");
        assertTrue(Double.isNaN(structured.measurements().achievedSparsity()), "not recorded by older stores");
        assertFalse(structured.capped(), "nor reported as capped");
        assertTrue(Double.isNaN(structured.measurements().shrunkLatencyMs()), "older stores did not time it");
        ResultRow failed = v1.read("13203690b6e2bb8a");
        assertFalse(failed.ok());
        assertTrue(failed.error().startsWith("TrainingDivergedException: fine-tuning diverged"), failed.error());
        assertEquals(1e12, failed.config().fineTune().learningRate());
    }

    @Test
    void baselineReadsAndWritesBackTheSame() throws IOException {
        String original = text(V1.resolve("baseline.json"));
        ResultRow baseline = Json.read(original, ResultRow.class);
        assertEquals(0.715, baseline.measurements().testAccuracy());
        assertEquals(original, v1Part(new String(Json.pretty(baseline), StandardCharsets.UTF_8)));
    }

    @Test
    void csvFilesAreWrittenByteForByteAsBefore() throws IOException {
        assertEquals(text(V1.resolve("results.csv")), v1Part(CsvWriter.toCsv(allWithFrontTests())));
        assertEquals(text(V1.resolve("front.csv")),
                v1Part(CsvWriter.toCsv(JsonWriter.readFront(V1.resolve("front.json")))));
    }

    @Test
    void frontJsonIsWrittenByteForByteAsBefore(@TempDir Path dir) throws IOException {
        List<ResultRow> front = JsonWriter.readFront(V1.resolve("front.json"));
        SweepSummary summary = JsonWriter.readSummary(V1.resolve("front.json"));
        assertEquals(3, front.size());
        assertEquals("edbdb83c2a92220b", summary.kneeId());
        Path out = dir.resolve("front.json");
        JsonWriter.writeFront(front, summary, out);
        assertEquals(text(V1.resolve("front.json")), v1Part(text(out)));
    }

    @Test
    void sensitivityCellsReadAndTheirTableIsTheSame(@TempDir Path dir) throws IOException {
        List<SensitivityRow> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(V1.resolve("sensitivity"))) {
            for (Path f : files.sorted().toList()) {
                SensitivityRow cell = Json.read(Files.readAllBytes(f), SensitivityRow.class);
                cells.add(cell);
                assertEquals(text(f), new String(Json.pretty(cell), StandardCharsets.UTF_8), f.toString());
            }
        }
        assertEquals(4, cells.size());
        assertEquals(text(V1.resolve("sensitivity.csv")), SensitivityReport.csv(cells));
    }
}
