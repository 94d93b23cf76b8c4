package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.sweep.ResumeOptions;
import io.prunesweep.sweep.Versions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.prunesweep.testing.Prerequisites;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume and failure handling on one local[2] session shared by the class, built by {@link Sessions} exactly
 * as the application builds its own (Kryo, registration required).
 */
class ResumeAndFailureTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Prerequisites.requireFashionMnist();
        spark = Sessions.getOrCreate("prunesweep-test", "local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static SparkSession spark() {
        return spark;
    }

    private static Map<String, byte[]> snapshot(Path results) throws Exception {
        Map<String, byte[]> m = new HashMap<>();
        try (var s = Files.list(results)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void aResumedSweepRunsOnlyMissingCandidatesAndKeepsFinishedOnes() throws Exception {
        Path dir = tmp;
        Path out = dir.resolve("out");
        Path first = TinySweep.spec(dir, "resume", List.of("magnitude"), List.of("element"), List.of(0.5, 0.8),
                List.of(0.001));
        SweepOutcome o1 = SweepApp.run(spark(), first, out, false, s -> { });
        assertEquals(2, o1.all().size());
        ResultStore store = new ResultStore(out);
        Map<String, byte[]> before = snapshot(store.resultsDir().localPath());

        // the same spec again: nothing runs, nothing changes
        List<String> log = new java.util.ArrayList<>();
        SweepApp.run(spark(), first, out, false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("2 already done, 0 to run")), log.toString());
        Map<String, byte[]> same = snapshot(store.resultsDir().localPath());
        assertEquals(before.keySet(), same.keySet());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), same.get(k), k + " untouched");
        }

        // a grown spec: only the new candidate runs; old rows stay byte-identical
        Path grown = TinySweep.spec(dir, "resume", List.of("magnitude"), List.of("element"), List.of(0.5, 0.8, 0.95),
                List.of(0.001));
        log.clear();
        SweepOutcome o3 = SweepApp.run(spark(), grown, out, false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("3 candidates, 2 already done, 1 to run")), log.toString());
        Map<String, byte[]> after = snapshot(store.resultsDir().localPath());
        assertEquals(3, after.size());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), k + " untouched by the resumed run");
        }
        Set<String> ids = new TreeSet<>();
        o3.all().forEach(r -> assertTrue(ids.add(r.candidateId()), "no duplicate " + r.candidateId()));
        assertEquals(3, ids.size());
        assertTrue(Files.isRegularFile(out.resolve("results.parquet").resolve("_SUCCESS")));
        assertEquals(3, spark().read().parquet(out.resolve("results.parquet").toString()).count());
    }

    @Test
    void rowsFromAnotherCommitAreReusedWithAWarningAndRerunWithTheFlag() throws Exception {
        Path out = tmp.resolve("out");
        Path spec = TinySweep.spec(tmp, "othercode", List.of("magnitude"), List.of("element"), List.of(0.5, 0.8),
                List.of(0.001));
        SweepOutcome first = SweepApp.run(spark(), spec, out, false, s -> { });
        ResultStore store = new ResultStore(out);
        String moved = first.all().get(0).candidateId();
        String kept = first.all().get(1).candidateId();
        assertEquals(Versions.summary(), store.read(moved).provenance().versions(), "a row records this build's versions line");
        Path file = store.resultsDir().localPath().resolve(moved + ".json");
        String other = "0123456789".repeat(4);
        String here = " commit=" + Versions.current().commitLabel() + " ";
        String json = Files.readString(file);
        assertTrue(json.contains(here), json);
        Files.writeString(file, json.replace(here, " commit=" + other + " "));
        Map<String, byte[]> before = snapshot(store.resultsDir().localPath());

        List<String> log = new java.util.ArrayList<>();
        SweepApp.run(spark(), spec, out, false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("warning: 1 finished result(s) came from other code")
                && l.contains("1 from commit " + other)), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("2 already done, 0 to run")), log.toString());
        Map<String, byte[]> reused = snapshot(store.resultsDir().localPath());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), reused.get(k), k + " reused as it was");
        }

        log.clear();
        SweepApp.run(spark(), spec, out, new ResumeOptions(false, true), false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("2 candidates, 1 already done, 1 to run")), log.toString());
        assertEquals(Versions.summary(), store.read(moved).provenance().versions(), "rerun by this build");
        assertArrayEquals(before.get(kept + ".json"), Files.readAllBytes(store.resultsDir().localPath().resolve(kept + ".json")),
                "the row this build wrote is not rerun");
    }

    @Test
    void theSweepRunsAsOneJobGroupWhoseDescriptionNamesSweepAndCandidates() throws Exception {
        Path dir = tmp;
        java.util.List<java.util.Properties> starts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                starts.add(start.properties());
            }
        };
        spark().sparkContext().addSparkListener(listener);
        try {
            Path spec = TinySweep.spec(dir, "uigroup", List.of("magnitude"), List.of("element"), List.of(0.5, 0.8),
                    List.of(0.001));
            SweepApp.run(spark(), spec, dir.resolve("out"), false, s -> { });
            spark().sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark().sparkContext().removeSparkListener(listener);
        }
        java.util.List<String> descriptions = starts.stream()
                .filter(p -> "prunesweep-uigroup".equals(p.getProperty("spark.jobGroup.id")))
                .map(p -> p.getProperty("spark.job.description")).toList();
        assertEquals(1, descriptions.size(), "one candidate job in the sweep's group: " + descriptions);
        assertEquals("prunesweep sweep uigroup: 2 of 2 candidates", descriptions.get(0));
    }

    @Test
    void aDivergingCandidateBecomesOneFailedRowAndTheRestFinish() throws Exception {
        Path dir = tmp;
        Path out = dir.resolve("out");
        Path spec = TinySweep.spec(dir, "fail", List.of("magnitude"), List.of("element"), List.of(0.5),
                List.of(0.001, 1.0e12));
        SweepOutcome o = SweepApp.run(spark(), spec, out, false, s -> { });
        assertEquals(2, o.all().size());
        ResultRow bad = o.all().stream().filter(r -> r.config().fineTune().learningRate() > 1).findFirst().orElseThrow();
        ResultRow good = o.all().stream().filter(r -> r.config().fineTune().learningRate() < 1).findFirst().orElseThrow();
        assertFalse(bad.ok());
        assertTrue(bad.error().contains("diverged") || bad.error().contains("NaN"), bad.error());
        assertEquals(0, bad.provenance().attempt(), "recorded once, on the first attempt");
        assertTrue(good.ok());
        assertEquals(List.of(good.candidateId()), o.front().stream().map(ResultRow::candidateId).toList());
        var frame = SweepApp.results(spark(), out.toString());
        assertEquals(2, frame.count());
        double test = frame.filter(frame.col("candidateId").equalTo(good.candidateId())).first().getAs("testAccuracy");
        assertEquals(good.measurements().testAccuracy(), test, 0.0, "the results frame carries the front's test accuracy");
        assertTrue(!Double.isNaN(test));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains(bad.candidateId()), "report lists the failure");
    }
}
