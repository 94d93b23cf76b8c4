package io.prunesweep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The benchmark behind {@code jobs/bench.sh}: measures every section, then renders {@code RESULTS.md} and
 * {@code raw.csv} from those measurements only. Every comparison is a ratio of measurements taken in this
 * run, interleaved and repeated, with medians. Spark is reached only through the {@link SweepRunner} it
 * is given.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /**
     * Everything one run measured; {@link #render} turns it into the report.
     *
     * @param quick     CI-size inputs
     * @param startedAt when the run started (UTC, minutes)
     * @param cpu       the CPU model
     * @param cores     available processors
     * @param machine   the machine's own scaling
     * @param runs      local[1], local[2] and loop repetitions
     * @param throughput training rates
     * @param structured dense vs shrunk
     * @param conv      the CNN through FastConv2D vs DL4J's convolution layer
     * @param shrunkFineTune structured candidates' fine-tune time, shrunk vs dense
     * @param front     reference sweep front
     * @param memory    peak RSS
     * @param modelBytes base model zip size
     * @param fixedCost  per-candidate fixed cost
     * @param durations  quick sweep and whole benchmark
     */
    public record Measurements(boolean quick, String startedAt, String cpu, int cores, MachineScaling machine,
                               ParallelRuns runs, ThroughputSection throughput, StructuredSection structured,
                               ConvSection conv, ShrunkFineTuneSection shrunkFineTune,
                               FrontQuality front, MemorySection memory, long modelBytes, FixedCost fixedCost,
                               Durations durations) {
    }

    /**
     * Runs every section and writes the report into {@code dir}; returns the path of {@code RESULTS.md}.
     *
     * @param quick CI-size inputs: the numbers are not meaningful, the code paths are exercised
     */
    public static Path run(Path dir, boolean quick, Consumer<String> log, SweepRunner runner) {
        Workbench w = new Workbench(dir, quick, log);
        long t0 = System.nanoTime();
        String startedAt = Instant.now().toString().substring(0, 16) + "Z";
        Path modelZip = w.baseModel();
        MachineScaling machine = MachineScaling.measure(w);
        ParallelRuns runs = ParallelRuns.measure(w, runner, modelZip);
        ThroughputSection throughput = ThroughputSection.measure(w);
        StructuredSection structured = StructuredSection.measure(w);
        ConvSection conv = ConvSection.measure(w);
        ShrunkFineTuneSection shrunkFineTune = ShrunkFineTuneSection.measure(w);
        FrontQuality front = FrontQuality.measure(w, runner);
        MemorySection memory = MemorySection.measure(w, modelZip);
        FixedCost fixedCost = FixedCost.measure(w, runner, modelZip);
        double quickSweep = Durations.timeQuickSweep(w);
        Measurements m = new Measurements(quick, startedAt, cpuModel(), Runtime.getRuntime().availableProcessors(),
                machine, runs, throughput, structured, conv, shrunkFineTune, front, memory, size(modelZip), fixedCost,
                new Durations(quickSweep, (System.nanoTime() - t0) / 1e9));
        Report r = render(m);
        return r.write(w.dir());
    }

    /** The whole report from the measurements alone. */
    public static Report render(Measurements m) {
        Report r = new Report();
        header(r, m);
        m.machine().record(r);
        m.runs().record(r);
        ParallelEfficiency.render(r, m.runs(), m.machine(), m.quick());
        SparkOverhead.render(r, m.runs());
        m.throughput().render(r);
        m.structured().render(r);
        m.conv().render(r);
        m.shrunkFineTune().render(r);
        m.front().render(r);
        m.memory().render(r, m.quick());
        CostModel.render(r, m.runs(), m.modelBytes());
        m.fixedCost().render(r);
        m.durations().render(r, m.quick());
        return r;
    }

    private static void header(Report r, Measurements m) {
        r.line("# prunesweep benchmark results%n");
        r.line("Produced by `jobs/bench.sh%s` on %s (%s, %d cores, Java %s). Every comparison is a ratio of",
                m.quick() ? " --quick" : "", m.startedAt(), m.cpu(), m.cores(), System.getProperty("java.version"));
        r.line("measurements taken in this run (A and B interleaved, repeated, medians); absolute times depend on the");
        r.line("machine and its load. Raw numbers: `raw.csv`. Explanations and hand-run investigations: `NOTES.md`.%s",
                m.quick() ? "\n\n**Quick mode**: CI-size data, one repetition. The numbers below exercise the code and "
                + "are not meaningful measurements; run `jobs/bench.sh` without `--quick` for those." : "");
        r.line("");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + p, e);
        }
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
