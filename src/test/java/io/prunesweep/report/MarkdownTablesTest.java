package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.LayerCount;
import io.prunesweep.results.ResultRow;
import io.prunesweep.spec.ScheduleKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownTablesTest {
    private static final Path V1 = Path.of("src/test/resources/io/prunesweep/results/v1");

    @Test
    void frontTableHasTheBaselineFirstThenTheFrontWithTheKneeMarked() {
        ResultRow base = Rows.ok("base").nonzero(10_000).valAccuracy(0.88).testAccuracy(0.87).build();
        ResultRow a = Rows.ok("a").nonzero(5_000).valAccuracy(0.9).testAccuracy(0.89).build();
        ResultRow b = Rows.ok("b").nonzero(1_234).valAccuracy(0.8).testAccuracy(0.8).build();
        SweepSummary s = new SweepSummary("t", "h", "f", "m", "d", "v", "s", "e", List.of(), base, 1, "r", "b", 2, 2,
                0);
        String t = MarkdownTables.front(s, List.of(a, b),
                List.of(MarkdownColumn.CANDIDATE, MarkdownColumn.VAL_ACC, MarkdownColumn.NONZERO));
        assertEquals("""
                | candidate | val acc | nonzero |
                |---|---|---|
                | dense baseline | 88.00 % | 10,000 |
                | a | 90.00 % | 5,000 |
                | b (knee) | 80.00 % | 1,234 |
                """, t);
        // with both label columns, the config column names the baseline and marks the knee, once
        String both = MarkdownTables.front(s, List.of(b), List.of(MarkdownColumn.CANDIDATE, MarkdownColumn.CONFIG));
        String[] lines = both.split("\n");
        assertEquals("|  | dense baseline |", lines[2]);
        assertEquals(1, both.split("\\(knee\\)", -1).length - 1, both);
    }

    @Test
    void rowsTableLeavesFailedRowsOutAndOrdersByRungThenSize() {
        List<ResultRow> rows = List.of(Rows.ok("x").nonzero(100).rung(1).build(),
                Rows.ok("y").nonzero(50).build(), Rows.ok("z").nonzero(500).build(),
                Rows.failed("f", "diverged").build());
        String t = MarkdownTables.rows(rows, null, List.of(MarkdownColumn.CANDIDATE, MarkdownColumn.RUNG,
                MarkdownColumn.NONZERO));
        assertEquals("""
                | candidate | rung | nonzero |
                |---|---|---|
                | z | 0 | 500 |
                | y | 0 | 50 |
                | x | 1 | 100 |
                """, t);
    }

    @Test
    void schedulesTableBoldsTheBestOfEachSparsity() {
        List<LayerCount> layers = List.of(new LayerCount(0, "DenseLayer", 10_000, 1_000));
        List<ResultRow> rows = List.of(
                Rows.ok("a").schedule(ScheduleKind.ONE_SHOT).valAccuracy(0.85).nonzero(1_000).layers(layers).build(),
                Rows.ok("b").schedule(ScheduleKind.GRADUAL).valAccuracy(0.87).nonzero(1_000).layers(layers).build());
        String t = MarkdownTables.schedules(rows);
        assertTrue(t.startsWith("| target sparsity | nonzero | one-shot | gradual |\n|---|---|---|---|\n"), t);
        assertTrue(t.contains("| 0.50 | 10.00 % | 85.00 | **87.00** |"), t);
    }

    @Test
    void perLayerSparsityIsOneFigurePerLayer() {
        ResultRow r = Rows.ok("a").nonzero(1_000).layers(List.of(new LayerCount(0, "DenseLayer", 8_000, 400),
                new LayerCount(1, "OutputLayer", 2_000, 600))).build();
        assertEquals("0.95 / 0.70", MarkdownColumn.LAYER_SPARSITY.cell(r, false, new MarkdownColumn.Context(null, null)));
    }

    @Test
    void achievedSparsityIsItsOwnColumnNextToTheTargetAndMissingWhenNotRecorded() {
        MarkdownColumn.Context ctx = new MarkdownColumn.Context(null, null);
        assertEquals(MarkdownColumn.ACHIEVED, MarkdownColumn.of("achieved"));
        assertEquals("achieved sparsity", MarkdownColumn.ACHIEVED.header());
        assertEquals("0.38", MarkdownColumn.ACHIEVED.cell(Rows.ok("a").achieved(0.375).build(), false, ctx));
        assertEquals("0.50", MarkdownColumn.TARGET.cell(Rows.ok("a").achieved(0.375).build(), false, ctx));
        assertEquals(Text.MISSING, MarkdownColumn.ACHIEVED.cell(Rows.ok("old").build(), false, ctx));
        assertFalse(TableRequest.DEFAULT_COLUMNS.contains(MarkdownColumn.ACHIEVED), "an option, not a default");
    }

    @Test
    void shrunkLatencyIsAnOptionalColumnMissingWithoutAShrunkModel() {
        MarkdownColumn.Context ctx = new MarkdownColumn.Context(null, null);
        assertEquals(MarkdownColumn.SHRUNK_LATENCY, MarkdownColumn.of("shrunk_latency"));
        assertEquals("shrunk latency ms", MarkdownColumn.SHRUNK_LATENCY.header());
        assertEquals("0.625", MarkdownColumn.SHRUNK_LATENCY.cell(Rows.ok("s").shrunkLatency(0.625).build(), false,
                ctx));
        assertEquals(Text.MISSING, MarkdownColumn.SHRUNK_LATENCY.cell(Rows.ok("e").build(), false, ctx));
        assertFalse(TableRequest.DEFAULT_COLUMNS.contains(MarkdownColumn.SHRUNK_LATENCY), "an option, not a default");
    }

    @Test
    void aFrontTableRendersFromTheCommittedV1Store() {
        String t = new TableRequest(V1, "front", List.of()).render();
        String[] lines = t.split("\n");
        assertEquals("| candidate | config | val acc | test acc | nonzero | sparsity | sparse bytes |", lines[0]);
        assertTrue(lines[2].startsWith("|  | dense baseline |"), t);
        assertTrue(lines.length >= 4, t);
    }

    @Test
    void targetTablePicksTheFewestFlopsWithinOnePointOfDenseAndJudgesTwoFold() {
        ResultRow dense = Rows.ok("dense").nonzero(10_000).valAccuracy(0.90).build();
        ResultRow a = Rows.ok("a").nonzero(6_000).valAccuracy(0.895).build();
        ResultRow farOff = Rows.ok("far").nonzero(4_000).valAccuracy(0.885).build();
        ResultRow c = Rows.ok("c").nonzero(4_900).valAccuracy(0.891).build();
        SweepSummary s = Rows.summary(dense, "c");
        String met = MarkdownTables.flopsTarget(s, List.of(a, farOff, c)).split("\n")[2];
        // c: 9,800 effective FLOPs against 20,000, 0.9 pp below dense; "far" has fewer but is 1.5 pp below
        assertTrue(met.startsWith("| 90.00 % | magnitude/element/layer@0.5"), met);
        assertTrue(met.contains("| 89.10 % | 9,800 (20,000) | 2.04× |") && met.endsWith("| met |"), met);
        // the shrunk model's latency is measured by the serial pass; a row without it says so
        assertTrue(met.contains("| 1.250, – (1.250) |"), met);
        String missed = MarkdownTables.flopsTarget(s, List.of(a, farOff)).split("\n")[2];
        assertTrue(missed.contains("| 1.67× |") && missed.endsWith("| missed |"), missed);
        assertTrue(MarkdownTables.flopsTarget(s, List.of(farOff)).split("\n")[2].endsWith("| none | | | | | | missed |"));
        assertThrows(IllegalArgumentException.class, () -> MarkdownTables.flopsTarget(Rows.summary(null, null),
                List.of(a)));
    }

    @Test
    void summaryGivesTheRunsCountsAndWallTime() {
        SweepSummary s = new SweepSummary("t", "h", "f", "m", "d", "v", "2026-01-01T10:00:00Z",
                "2026-01-01T10:01:26.400Z", List.of(), null, 1, "r", null, 24, 20, 4);
        assertEquals("""
                | candidates | run by this run | found done | wall time of this run |
                |---|---|---|---|
                | 24 | 20 | 4 | 1 min 26 s |
                """, MarkdownTables.summary(s));
    }

    @Test
    void badRequestsNameWhatIsWrong(@TempDir Path tmp) throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MarkdownColumn.of("val_accuracy"))
                .getMessage().contains("unknown column 'val_accuracy'; columns: candidate, config"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TableRequest(V1, "pivot", List.of()))
                .getMessage().contains("unknown table 'pivot'"));
        Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TableRequest(tmp.resolve("empty"), "front", List.of()).render()).getMessage()
                .contains("has no front.json"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TableRequest.parse("dir --colums a", tmp)).getMessage().contains("unknown option '--colums'"));
    }

    @Test
    void readmeTablesFindAnEditedCellAndRegenerateIt() {
        Path root = Path.of("");
        String args = V1 + " --table front --columns candidate,val_acc";
        String table = TableRequest.parse(args, root).render();
        String doc = "intro\n<!-- report: " + args + " -->\n" + table + "<!-- /report -->\noutro\n";
        assertEquals(List.of(), ReadmeTables.mismatches(doc, root));
        String edited = doc.replaceFirst("\\d\\d\\.\\d\\d %", "99.99 %");
        assertEquals(1, ReadmeTables.mismatches(edited, root).size());
        assertEquals(doc, ReadmeTables.update(edited, root));
    }
}
