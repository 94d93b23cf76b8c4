package io.prunesweep.perf;

import io.prunesweep.bench.Sgemm;
import io.prunesweep.sweep.ThreadPolicy;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether two threads of one JVM scale like two processes (RESULTS.md §1 runs two Spark tasks as two threads of one
 * executor JVM): the 128×784×300 product through {@code cblas_sgemm} directly and through ND4J's {@code mmuli}, each
 * on one thread alone and then on two threads at once, in alternating repetitions. Compare the printed speed-ups
 * with the benchmark's two-process figure (§1, "machine's own limit").
 *
 * <pre>
 * OMP_NUM_THREADS=1 MALLOC_ARENA_MAX=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*" \
 *     io.prunesweep.perf.ThreadScalingProbe [reps] [seconds]
 * </pre>
 */
public final class ThreadScalingProbe {
    private ThreadScalingProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        ThreadPolicy.apply(1);
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        double secs = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        Sgemm.Product shape = new Sgemm.Product("layer 0 forward", 128, 784, 300, false, false);
        for (int r = 0; r < reps; r++) {
            scaling("cblas_sgemm", p -> Sgemm.blasRate(p, secs), shape);
            scaling("ND4J mmuli ", p -> Sgemm.nd4jRate(p, secs), shape);
        }
        System.exit(0);
    }

    private static void scaling(String what, ToDoubleFunction<Sgemm.Product> rate, Sgemm.Product shape)
            throws InterruptedException {
        double one = rate.applyAsDouble(shape);
        double[] both = new double[2];
        Thread t = new Thread(() -> {
            ThreadPolicy.apply(1);
            both[0] = rate.applyAsDouble(shape);
        });
        t.start();
        both[1] = rate.applyAsDouble(shape);
        t.join();
        System.out.printf(Locale.ROOT, "%s one thread %.1f GFLOP/s, two threads %.1f + %.1f: speed-up %.2f%n", what, one,
                both[0], both[1], (both[0] + both[1]) / one);
    }
}
