package io.prunesweep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The benchmark behind {@code jobs/bench.sh}: runs every section in order and writes {@code RESULTS.md}
 * and {@code raw.csv}. Every comparison is a ratio of measurements taken in this run, interleaved and
 * repeated, with medians. Spark is reached only through the {@link SweepRunner} it is given.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /**
     * Runs every section and writes the report into {@code dir}; returns the path of {@code RESULTS.md}.
     *
     * @param quick CI-size inputs: the numbers are not meaningful, the code paths are exercised
     */
    public static Path run(Path dir, boolean quick, Consumer<String> log, SweepRunner runner) {
        Workbench w = new Workbench(dir, quick, log);
        Report r = new Report();
        long t0 = System.nanoTime();
        header(r, quick);
        Path modelZip = w.baseModel();
        MachineScaling machine = MachineScaling.measure(w, r);
        ParallelRuns runs = ParallelRuns.measure(w, runner, modelZip);
        runs.record(r);
        ParallelEfficiency.render(r, runs, machine, quick);
        SparkOverhead.render(r, runs);
        ThroughputSection.measure(w).render(r);
        StructuredSection.measure(w).render(r);
        FrontQuality.measure(w, runner).render(r);
        MemorySection.measure(w, modelZip).render(r, quick);
        CostModel.render(r, runs);
        r.line("%nWhole benchmark: %.0f s.", (System.nanoTime() - t0) / 1e9);
        return r.write(w.dir());
    }

    private static void header(Report r, boolean quick) {
        r.line("# prunesweep benchmark results%n");
        r.line("Produced by `jobs/bench.sh%s` on %s (%s, %d cores, Java %s). Every comparison is a ratio of",
                quick ? " --quick" : "", Instant.now().toString().substring(0, 16) + "Z", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        r.line("measurements taken in this run (A and B interleaved, repeated, medians); absolute times depend on the");
        r.line("machine and its load. Raw numbers: `raw.csv`.%s", quick
                ? "\n\n**Quick mode**: CI-size data, one repetition. The numbers below exercise the code and are not "
                + "meaningful measurements; run `jobs/bench.sh` without `--quick` for those." : "");
        r.line("");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
