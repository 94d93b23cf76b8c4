package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensitivity job, budget candidates and successive halving on a slice of Fashion-MNIST. */
class SensitivityBudgetHalvingTest {

    private static Path spec(Path dir, String name, String space, String extra) throws IOException {
        String yaml = """
                name: %s
                seed: 7
                model: {zoo: mlp, epochs: 1, batchSize: 64}
                data: {format: idx, dir: %s, validation: 300, trainLimit: 1200, testLimit: 300}
                space:
                  criterion: [magnitude]
                  granularity: [element]
                  learningRate: [0.001]
                  batchSize: 64
                %s
                %s
                objectives: [val_accuracy, nonzero_params]
                output: %s
                """.formatted(name, TinySweep.FASHION, space.indent(2).stripTrailing(), extra, dir.resolve("out-" + name));
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static List<SensitivityRow> sensitivity(Path spec, Path out, String master, List<String> log) {
        SparkSession spark = Sessions.getOrCreate("sensitivity " + master, master);
        try {
            assertEquals(master, spark.sparkContext().master());
            return Sensitivity.run(spark, spec, out, log::add);
        } finally {
            spark.stop();
        }
    }

    @Test
    void sensitivityTableIsTheSameOnLocalOneAndLocalTwoAndResumes(@TempDir Path dir) throws IOException {
        Prerequisites.requireFashionMnist();
        Path spec = spec(dir, "sens", "sparsity: [0.5]", "sensitivity: {ratios: [0.5, 0.9], criterion: magnitude, "
                + "granularity: element}");
        List<String> log = new ArrayList<>();
        List<SensitivityRow> one = sensitivity(spec, dir.resolve("one"), "local[1]", log);
        List<SensitivityRow> two = sensitivity(spec, dir.resolve("two"), "local[2]", log);
        assertEquals(4, one.size(), "2 hidden layers x 2 ratios (output layer not prunable)");
        assertTrue(one.stream().allMatch(SensitivityRow::ok), one.toString());
        String csv1 = Files.readString(dir.resolve("one/sensitivity.csv"));
        assertEquals(csv1, Files.readString(dir.resolve("two/sensitivity.csv")), "same table on local[1] and local[2]");
        assertTrue(csv1.startsWith("layer,type,params,ratio,val_accuracy,accuracy_drop,nonzero_removed"), csv1);
        // pruning one layer alone removes round(ratio * n) of its weights
        SensitivityRow l0 = one.stream().filter(r -> r.layer() == 0 && r.ratio() == 0.9).findFirst().orElseThrow();
        assertEquals(Math.round(0.9 * 784 * 300), l0.nonzeroRemoved());
        assertTrue(l0.accuracyDrop() > one.stream().filter(r -> r.layer() == 0 && r.ratio() == 0.5).findFirst()
                .orElseThrow().accuracyDrop() - 0.02, "more pruning is not much better");
        String html = Files.readString(dir.resolve("one/sensitivity.html"));
        assertEquals(2, html.split("<polyline class=\"layer\"", -1).length - 1, "one line per layer");
        // a rerun measures nothing again
        log.clear();
        List<SensitivityRow> again = sensitivity(spec, dir.resolve("one"), "local[1]", log);
        assertEquals(one, again);
        assertTrue(log.stream().anyMatch(l -> l.contains("4 already done, 0 to run")), log.toString());
    }

    @Test
    void budgetCandidatesMeetTheirBudgetAndHalvingRunsRungsAsJobsAndResumes(@TempDir Path dir) throws IOException {
        Prerequisites.requireFashionMnist();
        Path spec = spec(dir, "bh", "sparsity: [0.5, 0.8]\nbudget: [\"nonzero_params<=60000\"]",
                "search: {method: halving, rungs: 2, eta: 2, minEpochs: 1}\nsensitivity: {ratios: [0.5, 0.75, 0.9]}");
        Path out = dir.resolve("out");
        SparkSession spark = Sessions.getOrCreate("budget-halving", "local[2]");
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart e) {
                String d = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
                if (d != null) {
                    jobs.add(d);
                }
            }
        });
        try {
            List<String> log = new ArrayList<>();
            SweepOutcome o = SweepApp.run(spark, spec, out, false, log::add);
            // rung 0: 2 sparsity candidates + 1 budget candidate at 1 epoch; rung 1: max(1, 3/2) = 1 at 2 epochs
            List<ResultRow> rows = o.all();
            assertEquals(4, rows.size(), rows.toString());
            assertEquals(3, rows.stream().filter(r -> r.config().fineTune().epochs() == 1 && r.provenance().rung() == 0).count());
            assertEquals(1, rows.stream().filter(r -> r.config().fineTune().epochs() == 2 && r.provenance().rung() == 1).count());
            assertTrue(rows.stream().allMatch(ResultRow::ok), rows.toString());
            ResultRow budget = rows.stream().filter(r -> r.config().budgetId().equals("nonzero_params<=60000")
                    && r.provenance().rung() == 0).findFirst().orElseThrow();
            double nonzero = budget.value(Metric.NONZERO_PARAMS);
            assertTrue(nonzero <= 60_000, "budget met: " + nonzero);
            assertTrue(nonzero > 20_000, "not wildly over-pruned: " + nonzero);
            assertTrue(Files.isRegularFile(out.resolve("sensitivity.csv")));
            String report = Files.readString(out.resolve("report.html"));
            assertTrue(report.contains("<th>rung</th>"), "report shows the rung");
            assertTrue(report.contains("id=\"sensitivity\"") && report.contains("sensitivity.html"),
                    "report embeds the sensitivity plot");
            synchronized (jobs) {
                assertTrue(jobs.stream().anyMatch(j -> j.startsWith("prunesweep sensitivity bh")), jobs.toString());
                assertTrue(jobs.stream().anyMatch(j -> j.contains("rung 0/1")), jobs.toString());
                assertTrue(jobs.stream().anyMatch(j -> j.contains("rung 1/1")), jobs.toString());
            }
            // the survivor of rung 0 is its best by front rank (the selection itself is tested in HalvingTest)
            ResultRow survivor = rows.stream().filter(r -> r.provenance().rung() == 1).findFirst().orElseThrow();
            assertTrue(rows.stream().anyMatch(r -> r.provenance().rung() == 0 && r.label().replace(" ft1", " ft2")
                    .equals(survivor.label().replace(" rung 1", ""))), survivor.label());

            // rerun: every rung is finished, nothing runs, results untouched
            ResultStore store = new ResultStore(out);
            List<ResultRow> before = store.readAll();
            log.clear();
            jobs.clear();
            SweepApp.run(spark, spec, out, false, log::add);
            assertEquals(before, store.readAll());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("rung 0/1") && l.contains("3 already done, 0 to run")),
                    log.toString());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("rung 1/1") && l.contains("1 already done, 0 to run")),
                    log.toString());
            synchronized (jobs) {
                assertTrue(jobs.stream().noneMatch(j -> j.contains("rung") || j.contains("sensitivity")),
                        jobs.toString());
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void anUnreachableBudgetStopsTheSweepBeforeAnyCandidateRuns(@TempDir Path dir) throws IOException {
        Prerequisites.requireFashionMnist();
        Path spec = spec(dir, "unreach", "sparsity: [0.5]\nbudget: [\"nonzero_params<=100\"]",
                "sensitivity: {ratios: [0.5, 0.9]}");
        Path out = dir.resolve("out");
        SparkSession spark = Sessions.getOrCreate("unreachable", "local[2]");
        try {
            var e = org.junit.jupiter.api.Assertions.assertThrows(io.prunesweep.sweep.SweepException.class,
                    () -> SweepApp.run(spark, spec, out, false, s -> { }));
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().startsWith(spec + ": space.budget = nonzero_params<=100: unreachable:"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("removes at most 238680"), e.getMessage());
            assertEquals(List.of(), new ResultStore(out).readAll(), "no candidate ran");
            assertTrue(Files.isRegularFile(out.resolve("sensitivity.csv")), "the measured table is kept");
        } finally {
            spark.stop();
        }
    }
}
