package io.prunesweep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How the machine itself scales from one to two workers at 128×784×300: as two processes each running a
 * one-thread {@code cblas_sgemm} loop (the limit for {@code local[2]} against {@code local[1]}), and as two
 * threads of one JVM running ND4J's {@code mmuli} (shows whether a JVM-wide native lock is in the way), and as two
 * threads of one JVM calling {@code cblas_sgemm} directly (the path of the fine-tune's dense products, which shows
 * whether threads of one process scale like processes at all).
 *
 * @param oneProcessGflops rate of one sgemm process alone
 * @param twoProcessGflops total rate of two concurrent sgemm processes
 * @param processScaling   two processes' total over one process
 * @param threadScaling    two ND4J threads' total over one thread, in this JVM
 * @param blasThreadScaling two {@code cblas_sgemm} threads' total over one thread, in this JVM
 */
public record MachineScaling(double oneProcessGflops, double twoProcessGflops, double processScaling,
                             double threadScaling, double blasThreadScaling) {

    /** The best {@code local[2]/local[1]} time ratio the machine allows: one over the process scaling. */
    public double bestRatio() {
        return 1 / processScaling;
    }

    /** Measures both; each timed loop runs about 4 s (1 s in quick mode). */
    public static MachineScaling measure(Workbench w) {
        double secs = w.quick() ? 1 : 4;
        List<Double> single = new ArrayList<>();
        List<Double> pair = new ArrayList<>();
        for (int r = 0; r < (w.quick() ? 1 : 2); r++) {
            single.add(sgemmProcesses(1, secs));
            pair.add(sgemmProcesses(2, secs));
        }
        double procScale = Stats.median(pair) / Stats.median(single);
        // threads go through ND4J, because the question is whether ND4J serialises two tasks of one JVM, and
        // through cblas_sgemm alone, which separates ND4J's call path from the threads themselves
        Sgemm.Product shape = new Sgemm.Product("layer 0 forward", 128, 784, 300, false, false);
        MachineScaling m = new MachineScaling(Stats.median(single), Stats.median(pair), procScale,
                twoThreads(() -> Sgemm.nd4jRate(shape, secs)), twoThreads(() -> Sgemm.blasRate(shape, secs)));
        w.log().accept(String.format(Locale.ROOT, "  machine scaling: 2 processes %.2fx, 2 threads in one JVM %.2fx"
                + " (ND4J mmuli), %.2fx (cblas_sgemm)", m.processScaling(), m.threadScaling(), m.blasThreadScaling()));
        return m;
    }

    /** Two threads' total rate over one thread's, {@code rate} timed alone first and then on two threads at once. */
    private static double twoThreads(java.util.function.DoubleSupplier rate) {
        double one = rate.getAsDouble();
        double[] both = new double[2];
        Thread t = new Thread(() -> both[0] = rate.getAsDouble());
        t.start();
        both[1] = rate.getAsDouble();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring thread scaling", e);
        }
        return (both[0] + both[1]) / one;
    }

    /** Records the raw figures. */
    public void record(Report report) {
        report.record("machine", "sgemm_1proc_gflops", oneProcessGflops);
        report.record("machine", "sgemm_2proc_total_gflops", twoProcessGflops);
        report.record("machine", "process_scaling", processScaling);
        report.record("machine", "thread_scaling_in_jvm", threadScaling);
        report.record("machine", "blas_thread_scaling_in_jvm", blasThreadScaling);
    }

    /** Total GFLOP/s of {@code k} concurrent sgemm processes. */
    private static double sgemmProcesses(int k, double seconds) {
        List<Process> ps = new ArrayList<>();
        try {
            for (int i = 0; i < k; i++) {
                ProcessBuilder pb = new ProcessBuilder(Workbench.javaBinary(), "-cp",
                        System.getProperty("java.class.path"), Sgemm.class.getName(), String.valueOf(seconds));
                ChildJvm.nativeEnv(pb);
                ps.add(pb.redirectErrorStream(true).start());
            }
            double total = 0;
            for (Process p : ps) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(120, TimeUnit.SECONDS);
                String line = out.lines().filter(l -> l.startsWith("GFLOPS ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("sgemm process printed no rate:\n" + out));
                total += Double.parseDouble(line.substring(7));
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an sgemm process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring process scaling", e);
        } finally {
            ps.forEach(Process::destroyForcibly);
        }
    }
}
