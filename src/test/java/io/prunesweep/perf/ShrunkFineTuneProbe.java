package io.prunesweep.perf;

import io.prunesweep.bench.ShrunkFineTuneSection;
import io.prunesweep.bench.Workbench;
import io.prunesweep.sweep.ThreadPolicy;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs the benchmark's §4c alone (LeNet-300-100, one fine-tune epoch dense, shrunk and masked at 50 % and 75 %
 * of the hidden neurons removed, five interleaved rounds) and prints its ratios, so a change to the training step
 * can be judged against §4c's target without the whole benchmark.
 *
 * <p>{@code OMP_NUM_THREADS=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*"
 * io.prunesweep.perf.ShrunkFineTuneProbe [report-dir]}
 */
public final class ShrunkFineTuneProbe {
    private ShrunkFineTuneProbe() {
    }

    public static void main(String[] args) {
        ThreadPolicy.apply(1);
        Workbench w = new Workbench(Path.of(args.length > 0 ? args[0] : "target/probe-4c"), false,
                System.out::println);
        ShrunkFineTuneSection s = ShrunkFineTuneSection.measure(w);
        for (ShrunkFineTuneSection.Point p : s.points()) {
            System.out.printf(Locale.ROOT, "%.0f%% removed: time/FLOPs %.2f (wall), %.2f (CPU), cblas %.2f;"
                    + " epoch dense %.3f s, shrunk %.3f s (wall)%n", 100 * p.removed(), s.timeOverFlops(p),
                    s.cpuOverFlops(p), s.blasOverFlops(p), p.dense().wall(), p.shrunk().wall());
        }
    }
}
