package io.prunesweep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 6: peak resident memory of a {@code local[2]} sweep run by the CLI in its own JVM, and how often
 * that JVM loaded the dataset.
 *
 * @param candidates candidates in the sweep
 * @param peakGib    peak RSS (VmHWM) in GiB
 * @param loads      the sweep's own line about dataset loads, or "(not reported)"
 */
public record MemorySection(int candidates, double peakGib, String loads) {
    /** The stated bound on peak RSS, GiB. */
    public static final Target TARGET = Target.atMost(4, 2);

    /** Runs the sweep in a child JVM ({@code -Xmx3g}) and samples its VmHWM every 200 ms. */
    public static MemorySection measure(Workbench w, Path modelZip) {
        int n = w.quick() ? 4 : 8;
        Path spec = w.spec("memory", modelZip, n);
        Path out = w.work("runs/memory");
        Workbench.deleteTree(out);
        List<String> cmd = new ArrayList<>(List.of(Workbench.javaBinary(), "-Xmx3g"));
        cmd.addAll(jvmFlagsToPass());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.prunesweep.cli.Main", "sweep", "--spec",
                spec.toString(), "--out", out.toString(), "--master", "local[2]"));
        Path logFile = w.work("memory.log");
        long peakKb = 0;
        String output;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            Process proc = pb.start();
            Path status = Path.of("/proc", String.valueOf(proc.pid()), "status");
            while (proc.isAlive()) {
                try {
                    for (String l : Files.readAllLines(status)) {
                        if (l.startsWith("VmHWM:")) {
                            peakKb = Math.max(peakKb, Long.parseLong(l.replaceAll("[^0-9]", "")));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended between isAlive and the read: the last sample stands
                }
                Thread.sleep(200);
            }
            if (proc.exitValue() != 0) {
                throw new IllegalStateException("the memory sweep exited with " + proc.exitValue() + "; see " + logFile);
            }
            output = Files.readString(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the memory sweep", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling the memory sweep", e);
        }
        String loads = output.lines().filter(l -> l.contains("dataset loaded")).findFirst().orElse("(not reported)");
        return new MemorySection(n, peakKb / 1024.0 / 1024.0, loads.trim());
    }

    /** The module and reflection flags this JVM was started with, so the child JVM can run Spark too. */
    private static List<String> jvmFlagsToPass() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect"))
                .toList();
    }

    /** Writes the section and records its figure. */
    public void render(Report r, boolean quick) {
        r.record("memory", "peak_rss_gib", peakGib);
        r.line("## 6. Memory%n");
        r.line("A `local[2]` sweep of %d %s candidates in its own JVM (`-Xmx3g`), peak RSS sampled from", candidates,
                quick ? "small-data" : "full-data");
        r.line("`/proc/<pid>/status` (VmHWM) every 200 ms: **%.2f GiB**, GiB target: %s.", peakGib,
                TARGET.verdict(peakGib));
        r.line("Dataset loads in that JVM, as the sweep reports them: `%s` — the driver and both local", loads);
        r.line("executor slots share one per-JVM cache; on a cluster each executor JVM loads it once (`DataCache`).%n");
    }
}
