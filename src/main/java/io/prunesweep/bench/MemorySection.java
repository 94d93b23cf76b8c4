package io.prunesweep.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 6: peak resident memory of a {@code local[2]} sweep run by the CLI in its own JVM, and how often
 * that JVM loaded the dataset.
 *
 * @param candidates candidates in the sweep
 * @param peakGib    peak RSS (VmHWM) in GiB
 * @param loads      dataset loads the sweep reported for its JVM, empty when it reported none
 */
public record MemorySection(int candidates, double peakGib, OptionalInt loads) {
    /** The stated bound on peak RSS, GiB. */
    public static final Target TARGET = Target.atMost(4, 2).withUnit(" GiB");
    private static final Pattern LOADS = Pattern.compile("dataset loaded (\\d+) time\\(s\\) in this JVM");

    /** Runs the sweep in a child JVM ({@code -Xmx3g}) and samples its VmHWM every 200 ms. */
    public static MemorySection measure(Workbench w, Path modelZip) {
        int n = w.quick() ? 4 : 8;
        Path spec = w.spec("memory", modelZip, n);
        Path out = w.work("runs/memory");
        Workbench.deleteTree(out);
        ChildJvm run = ChildJvm.run("3g", List.of("sweep", "--spec", spec.toString(), "--out", out.toString(),
                "--master", "local[2]"), w.work("memory.log"));
        return new MemorySection(n, run.peakKb() / 1024.0 / 1024.0, loads(run.output()));
    }

    /** The count from the sweep's "dataset loaded N time(s) in this JVM" line. */
    static OptionalInt loads(String output) {
        Matcher m = LOADS.matcher(output);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** Writes the section and records its figures. */
    public void render(Report r, boolean quick) {
        r.record("memory", "peak_rss_gib", peakGib);
        loads.ifPresent(n -> r.record("memory", "dataset_loads", n));
        r.line("## 6. Memory%n");
        r.line("A `local[2]` sweep of %d %s candidates in its own JVM (`-Xmx3g`), peak RSS sampled from", candidates,
                quick ? "small-data" : "full-data");
        r.line("`/proc/<pid>/status` (VmHWM) every 200 ms. Peak RSS: %s.", TARGET.verdict(peakGib));
        if (loads.isEmpty()) {
            r.line("The sweep did not report how often it loaded the dataset.%n");
        } else if (loads.getAsInt() == 1) {
            r.line("The dataset was loaded once in that JVM: the driver and both local executor slots read it from one");
            r.line("per-JVM cache (`DataCache`).%n");
        } else {
            r.line("The dataset was loaded %d times in that JVM (the driver and two local executor slots).%n",
                    loads.getAsInt());
        }
    }
}
