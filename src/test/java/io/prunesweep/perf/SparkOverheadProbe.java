package io.prunesweep.perf;

import io.prunesweep.bench.SweepRunner;
import io.prunesweep.bench.Workbench;
import io.prunesweep.results.ResultRow;
import io.prunesweep.spark.Bench;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where RESULTS.md §2's Spark overhead goes: the benchmark's 8 full-data candidates on a fresh {@code local[1]}
 * session and in the plain loop, alternating, with the fan-out's wall time split into the rows' own
 * fine-tune time and the rest, and the process CPU time (all threads, so Spark's own threads count) beside it.
 *
 * <pre>
 * java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*" io.prunesweep.perf.SparkOverheadProbe 3 target/probe
 * </pre>
 */
public final class SparkOverheadProbe {
    private SparkOverheadProbe() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/probe");
        Workbench w = new Workbench(dir, false, System.out::println);
        Path zip = w.baseModel();
        Path spec = w.spec("probe", zip, 8);
        Bench spark = new Bench();
        // warm-up, untimed: JIT, native libraries, Spark's first session
        spark.fanOut("local[1]", w.prepare(spec, "warmup"));
        SweepRunner.loop(w.prepare(spec, "warmup-loop"));
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 2; k++) {
                boolean useSpark = (r + k) % 2 == 0;
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                SweepRunner.FanOut f = useSpark ? spark.fanOut("local[1]", w.prepare(spec, "s" + r))
                        : SweepRunner.loop(w.prepare(spec, "l" + r));
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                double ft = f.rows().stream().mapToLong(x -> x.measurements().fineTuneMs()).sum() / 1e3;
                StringBuilder per = new StringBuilder();
                for (ResultRow x : f.rows()) {
                    per.append(' ').append(x.measurements().fineTuneMs());
                }
                System.out.printf(Locale.ROOT, "%-8s wall %.2f s, process CPU %.2f s, fine-tune %.2f s, rest %.3f s per"
                                + " candidate; fine-tune ms:%s%n", useSpark ? "local[1]" : "loop", f.seconds(), cpu, ft,
                        (f.seconds() - ft) / f.rows().size(), per);
            }
        }
        System.exit(0);
    }
}
