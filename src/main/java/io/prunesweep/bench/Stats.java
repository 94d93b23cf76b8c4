package io.prunesweep.bench;

import java.util.Arrays;
import java.util.List;

/** Medians of repeated measurements. */
public final class Stats {
    private Stats() {
    }

    /** Median of the values (mean of the middle two for an even count). */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Median of an array. */
    public static double median(double[] values) {
        return median(Arrays.stream(values).boxed().toList());
    }
}
