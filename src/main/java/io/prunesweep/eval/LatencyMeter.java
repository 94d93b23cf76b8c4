package io.prunesweep.eval;

import io.prunesweep.model.Net;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Measures inference latency of a network on one batch.
 *
 * <p>Untimed warm-up runs come first so that JIT compilation, native library loading and DL4J
 * workspace allocation do not land in the measurement. Each timed run is one
 * {@code net.output(batch, false)} call measured with {@link System#nanoTime()}. The median is the
 * headline number because on a shared machine the distribution has a long right tail.
 */
public final class LatencyMeter {

    private static final double NANOS_PER_MS = 1_000_000.0;

    private LatencyMeter() {
    }

    /**
     * @param batch   input features, examples along dimension 0
     * @param warmups untimed runs, &gt;= 0
     * @param runs    timed runs, &gt; 0
     */
    public static LatencyStats measure(Net net, INDArray batch, int warmups, int runs) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(batch, "batch");
        if (warmups < 0) {
            throw new IllegalArgumentException("warmups must be >= 0: " + warmups);
        }
        if (runs <= 0) {
            throw new IllegalArgumentException("runs must be > 0: " + runs);
        }
        if (batch.rank() < 1 || batch.size(0) <= 0) {
            throw new IllegalArgumentException("batch must hold at least one example");
        }
        for (int i = 0; i < warmups; i++) {
            net.output(batch);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            net.output(batch);
            ms[i] = (System.nanoTime() - t0) / NANOS_PER_MS;
        }
        Arrays.sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2.0;
        return new LatencyStats(median, ms[0], ms[runs - 1], runs, Math.toIntExact(batch.size(0)));
    }
}
