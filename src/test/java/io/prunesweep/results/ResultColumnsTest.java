package io.prunesweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.TrainedForm;
import io.prunesweep.report.CsvWriter;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.Budget;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one flat view of a result: every format writes its columns, and JSON reads back to an equal row. */
class ResultColumnsTest {
    /** The v1 header, frozen: files and notebooks address columns by these names. */
    private static final String V1_HEADER = "candidateId,seed,criterion,granularity,scope,targetSparsity,schedule,"
            + "fineTuneEpochs,learningRate,batchSize,pruneOutputLayer,maxLayerSparsity,status,error,params,"
            + "nonzeroParams,sparsity,denseBytes,sparseBytes,zipBytes,flops,effectiveFlops,shrunkParams,valAccuracy,"
            + "valLoss,testAccuracy,latencyMs,fineTuneMs,executorId,attempt,startedAt,finishedAt,specHash,"
            + "modelFingerprint,dataFingerprint,versions,layers,budget,rung,rounds,pattern";

    private static final Provenance PROVENANCE = new Provenance(-42, 2, "exec-3", 1, "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:05Z", "spec", "model", "data", "prunesweep=0.1 dl4j=1.0.0-M2.1");

    private static Measurements measured(double test, double achieved) {
        return measured(test, achieved, Double.NaN);
    }

    private static Measurements measured(double test, double achieved, double shrunkMs) {
        return new Measurements(new Footprint(1000, 400, 4000, 2100, 1800, 2000, 800, 600,
                List.of(new LayerCount(0, "DenseLayer", 900, 350), new LayerCount(1, "OutputLayer", 100, 50))),
                0.875, 0.42, test, 3.5, 1234).withAchievedSparsity(achieved).withShrunkLatencyMs(shrunkMs);
    }

    /** Rows that use every part of the structure with values no column defaults to. */
    static List<ResultRow> rows() {
        RunConfig nm = new RunConfig(new PruneMethod(CriterionKind.TAYLOR, Granularity.NM, Scope.GLOBAL,
                new NmPattern(1, 4), null), 0.75, null, new Schedule(ScheduleKind.ITERATIVE, 3),
                new FineTune(2, 0.01, 16), new Caps(true, 0.9));
        RunConfig block = new RunConfig(new PruneMethod(CriterionKind.RANDOM, Granularity.BLOCK, Scope.LAYER, null,
                new BlockShape(2, 2)), 0.5, null, new Schedule(ScheduleKind.ONE_SHOT), new FineTune(0, 0.001, 8),
                Caps.defaults());
        RunConfig budget = new RunConfig(new PruneMethod(CriterionKind.MAGNITUDE, Granularity.NEURON, Scope.LAYER),
                0.61234, Budget.parse("flops<=1e6"), new Schedule(ScheduleKind.LOTTERY), new FineTune(1, 0.002, 32),
                Caps.defaults());
        return List.of(
                new ResultRow("00000000000000a1", nm, new Outcome.Measured(measured(0.86, 0.5)), PROVENANCE),
                new ResultRow("00000000000000a2", block, new Outcome.Measured(measured(Double.NaN, 0.375)), PROVENANCE),
                new ResultRow("00000000000000a3", budget, new Outcome.Measured(measured(0.5, 0.61234, 1.75)),
                        PROVENANCE),
                new ResultRow("00000000000000a4", nm, new Outcome.Failed("TrainingDivergedException: loss is NaN"),
                        PROVENANCE));
    }

    @Test
    void jsonRoundTripGivesEqualRows() throws IOException {
        for (ResultRow r : rows()) {
            assertEquals(r, Json.read(Json.pretty(r), ResultRow.class), r.label());
        }
    }

    @Test
    void jsonHasExactlyTheColumnsInOrderWithNullForNaN() throws IOException {
        ResultRow failed = rows().get(3);
        JsonNode node = Json.mapper().readTree(Json.pretty(failed));
        List<String> fields = iterable(node.fieldNames());
        assertEquals(ResultColumns.names(), fields);
        assertTrue(node.get("valAccuracy").isNull());
        assertEquals(-1, node.get("params").asLong());
        assertEquals("failed", node.get("status").asText());
        assertEquals("1:4", node.get("pattern").asText());
    }

    /** Columns added since v1, at the end so that v1 readers addressing columns by position still work. */
    private static final String ADDED = ",latencyMethod,trainedForm,achievedSparsity,shrunkLatencyMs";

    @Test
    void columnNamesAreTheV1NamesInTheV1OrderThenTheAddedOnes() {
        assertEquals(V1_HEADER + ADDED, String.join(",", ResultColumns.names()));
        assertEquals(V1_HEADER + ADDED + "\r\n", CsvWriter.toCsv(List.of()));
    }

    @Test
    void csvCellsAreTheTableValues() {
        String csv = CsvWriter.toCsv(rows());
        String[] lines = csv.split("\r\n");
        assertEquals(5, lines.length);
        // the block row: no quoted cells, so a plain split is exact
        List<String> cells = Arrays.asList(lines[2].split(",", -1));
        List<String> expected = ResultColumns.all().stream().map(c -> c.text(rows().get(1))).toList();
        assertEquals(expected.subList(0, ResultColumns.names().indexOf("layers")),
                cells.subList(0, ResultColumns.names().indexOf("layers")));
        assertEquals("", cells.get(ResultColumns.names().indexOf("testAccuracy")), "NaN is an empty cell");
        assertEquals("2x2", cells.get(cells.size() - 5), "pattern");
        assertEquals("in-task", cells.get(cells.size() - 4), "latencyMethod");
        assertEquals("masked", cells.get(cells.size() - 3), "trainedForm");
        assertEquals("0.375", cells.get(cells.size() - 2), "achievedSparsity");
        assertEquals("", cells.get(cells.size() - 1), "shrunkLatencyMs: a block row has no shrunk model");
        assertTrue(lines[4].endsWith(",,,"), "a failed row has neither a trained form, an achieved sparsity nor a "
                + "shrunk latency: " + lines[4]);
        assertTrue(lines[3].endsWith(",1.75"), "the neuron row's shrunk latency: " + lines[3]);
    }

    @Test
    void onlyTimingsExecutorAttemptAndTimestampsAreNotReproducible() {
        Set<String> notReproducible = ResultColumns.all().stream().filter(c -> !c.reproducible())
                .map(ResultColumns.Column::name).collect(Collectors.toSet());
        assertEquals(Set.of("latencyMs", "fineTuneMs", "executorId", "attempt", "startedAt", "finishedAt",
                "latencyMethod", "shrunkLatencyMs"),
                notReproducible);
        ResultRow r = rows().get(0);
        ResultRow rerun = new ResultRow(r.candidateId(), r.config(), new Outcome.Measured(
                new Measurements(r.measurements().footprint(), 0.875, 0.42, 0.86, 9.9, 4321).withAchievedSparsity(0.5)
                        .withShrunkLatencyMs(4.5)),
                new Provenance(-42, 2, "exec-7", 3, "later", "later still", "spec", "model", "data",
                        PROVENANCE.versions()));
        assertEquals(ResultColumns.reproducible(r), ResultColumns.reproducible(rerun));
    }

    @Test
    void aShrunkTrainedRowRoundTripsAndAnUnknownFormNamesItsColumn() throws IOException {
        ResultRow r = rows().get(2);
        ResultRow shrunk = r.withOutcome(new Outcome.Measured(r.measurements().withTrainedForm(TrainedForm.SHRUNK)));
        String json = new String(Json.pretty(shrunk), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"trainedForm\" : \"shrunk\""), json);
        assertEquals(shrunk, Json.read(json, ResultRow.class));
        assertEquals(TrainedForm.MASKED, Json.read(json.replace(",\n  \"trainedForm\" : \"shrunk\"", ""),
                ResultRow.class).measurements().trainedForm(), "a row without the column was trained masked");
        IOException e = assertThrows(IOException.class, () -> Json.read(json.replace("\"shrunk\"", "\"tiny\""),
                ResultRow.class));
        assertTrue(e.getMessage().contains("trainedForm") && e.getMessage().contains("tiny"), e.getMessage());
    }

    @Test
    void achievedSparsityRoundTripsReadsNaNWhenAbsentAndAnOutOfRangeValueNamesItsColumn() throws IOException {
        ResultRow capped = rows().get(0);
        String json = new String(Json.pretty(capped), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.endsWith(",\n  \"achievedSparsity\" : 0.5,\n  \"shrunkLatencyMs\" : null\n}"),
                "before the last column: " + json);
        assertEquals(0.5, Json.read(json, ResultRow.class).measurements().achievedSparsity());
        assertTrue(capped.capped(), "0.5 of a 0.75 target");
        assertFalse(rows().get(2).capped(), "a budget row's target is what it achieved");
        ResultRow older = Json.read(json.replace(",\n  \"achievedSparsity\" : 0.5", ""), ResultRow.class);
        assertTrue(Double.isNaN(older.measurements().achievedSparsity()), "a row without the column: not measured");
        assertFalse(older.capped(), "an unknown achieved sparsity is not reported as capped");
        assertTrue(Json.mapper().readTree(Json.pretty(rows().get(3))).get("achievedSparsity").isNull(),
                "a failed row: null");
        IOException e = assertThrows(IOException.class, () -> Json.read(json.replace("\"achievedSparsity\" : 0.5",
                "\"achievedSparsity\" : 1.5"), ResultRow.class));
        assertTrue(e.getMessage().contains("achievedSparsity") && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void shrunkLatencyIsTheLastColumnRoundTripsReadsNaNWhenAbsentAndANegativeValueNamesItsColumn()
            throws IOException {
        ResultRow neuron = rows().get(2);
        String json = new String(Json.pretty(neuron), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.endsWith(",\n  \"shrunkLatencyMs\" : 1.75\n}"), "the last column: " + json);
        assertEquals(1.75, Json.read(json, ResultRow.class).measurements().shrunkLatencyMs());
        ResultRow older = Json.read(json.replace(",\n  \"shrunkLatencyMs\" : 1.75", ""), ResultRow.class);
        assertTrue(Double.isNaN(older.measurements().shrunkLatencyMs()), "a row without the column: not measured");
        assertEquals(neuron.withOutcome(new Outcome.Measured(neuron.measurements().withShrunkLatencyMs(Double.NaN))),
                older);
        assertTrue(Json.mapper().readTree(Json.pretty(rows().get(3))).get("shrunkLatencyMs").isNull(),
                "a failed row: null");
        IOException e = assertThrows(IOException.class, () -> Json.read(json.replace("\"shrunkLatencyMs\" : 1.75",
                "\"shrunkLatencyMs\" : -2.0"), ResultRow.class));
        assertTrue(e.getMessage().contains("shrunkLatencyMs") && e.getMessage().contains("-2.0"), e.getMessage());
    }

    @Test
    void cappedMeansMoreThanHalfAPercentagePointShort() {
        assertTrue(Measurements.capped(0.95, 0.5));
        assertTrue(Measurements.capped(0.9, 0.8949));
        assertFalse(Measurements.capped(0.9, 0.8951), "rounding to whole units");
        assertFalse(Measurements.capped(0.5, 0.5));
        assertFalse(Measurements.capped(0.5, Double.NaN), "the baseline and older rows");
    }

    @Test
    void aBadValueNamesItsColumn() {
        String json = new String(Json.pretty(rows().get(0)), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"batchSize\" : 16", "\"batchSize\" : \"sixteen\"");
        IOException e = assertThrows(IOException.class, () -> Json.read(json, ResultRow.class));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        assertTrue(e.getMessage().contains("00000000000000a1"), e.getMessage());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
