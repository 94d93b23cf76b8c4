package io.prunesweep.eval;

/**
 * Wall-clock latency of {@code net.output(batch, false)} over repeated runs, see {@link LatencyMeter}.
 *
 * @param medianMs  median run time in milliseconds (mean of the two middle runs for an even count)
 * @param minMs     fastest run in milliseconds
 * @param maxMs     slowest run in milliseconds
 * @param runs      number of timed runs, &gt; 0
 * @param batchSize examples per run, &gt; 0
 */
public record LatencyStats(double medianMs, double minMs, double maxMs, int runs, int batchSize) {

    /** Validates positive counts and {@code 0 <= min <= median <= max}. */
    public LatencyStats {
        if (runs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("runs and batchSize must be > 0");
        }
        if (!(minMs >= 0.0 && minMs <= medianMs && medianMs <= maxMs && Double.isFinite(maxMs))) {
            throw new IllegalArgumentException(
                    "need 0 <= min <= median <= max, got " + minMs + ", " + medianMs + ", " + maxMs);
        }
    }

    /** Median time per example in milliseconds. */
    public double medianMsPerExample() {
        return medianMs / batchSize;
    }
}
