package io.prunesweep.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Section 9: how long the commands a user runs take on this machine, so README, the quick spec and
 * {@code jobs/bench.sh} can point here instead of quoting figures no command regenerates.
 *
 * @param quickSweepSeconds wall time of {@code prunesweep sweep --spec conf/sweeps/quick.yaml} in its own
 *                          JVM into a fresh output directory (base model training included)
 * @param benchSeconds      wall time of this benchmark up to this section
 */
public record Durations(double quickSweepSeconds, double benchSeconds) {
    /** The spec README's first run uses. */
    public static final Path QUICK_SPEC = Path.of("conf/sweeps/quick.yaml");

    /** Times the quick sweep in a child JVM, as {@code jobs/prunesweep sweep --spec conf/sweeps/quick.yaml}. */
    public static double timeQuickSweep(Workbench w) {
        Path spec = QUICK_SPEC.toAbsolutePath();
        if (!Files.isRegularFile(spec)) {
            throw new IllegalStateException("cannot time the quick sweep: " + spec
                    + " not found (run the benchmark from the project directory)");
        }
        Path out = w.work("runs/quick-sweep");
        Workbench.deleteTree(out);
        return ChildJvm.run("4g", List.of("sweep", "--spec", spec.toString(), "--out", out.toString()),
                w.work("quick-sweep.log")).seconds();
    }

    /** Writes the section and records its figures. */
    public void render(Report r, boolean quick) {
        r.record("durations", "quick_sweep_s", quickSweepSeconds);
        r.record("durations", "bench_s", benchSeconds);
        r.line("## 9. Durations%n");
        r.line("| command | wall s |%n|---|---|");
        r.line("| `jobs/prunesweep sweep --spec conf/sweeps/quick.yaml` (own JVM, fresh output, base model training "
                + "included, after the build) | %.0f |", quickSweepSeconds);
        r.line("| `jobs/bench.sh%s` (this run, without the build) | %.0f |%n", quick ? " --quick" : "", benchSeconds);
    }
}
