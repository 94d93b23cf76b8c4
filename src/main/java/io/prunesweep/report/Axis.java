package io.prunesweep.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plot axis mapping data values to [0, 1], linear or base-10 logarithmic, with tick values.
 *
 * @param lo  value at 0
 * @param hi  value at 1
 * @param log whether the mapping is logarithmic
 */
record Axis(double lo, double hi, boolean log) {
    /** Above this max/min ratio a positive axis goes logarithmic, else small models crowd into a corner. */
    static final double LOG_RATIO = 20;

    /** An axis covering {@code values} (finite ones only) with a little margin on both sides. */
    static Axis covering(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            return new Axis(0, 1, false);
        }
        if (min > 0 && max / min > LOG_RATIO) {
            double pad = Math.pow(max / min, 0.05);
            return new Axis(min / pad, max * pad, true);
        }
        double span = max - min;
        double pad = span > 0 ? 0.06 * span : (min == 0 ? 1 : 0.05 * Math.abs(min));
        return new Axis(min - pad, max + pad, false);
    }

    /** Position of {@code v} in [0, 1] (outside for values off the axis). */
    double frac(double v) {
        return log ? Math.log10(v / lo) / Math.log10(hi / lo) : (v - lo) / (hi - lo);
    }

    /** Tick values inside the axis: 1-2-5 steps when linear, decades (plus 2 and 5 when few) when log. */
    List<Double> ticks() {
        if (log) {
            int first = (int) Math.floor(Math.log10(lo));
            int last = (int) Math.ceil(Math.log10(hi));
            List<Double> decades = new ArrayList<>();
            List<Double> all = new ArrayList<>();
            for (int e = first; e <= last; e++) {
                double d = Math.pow(10, e);
                for (double m : new double[] {1, 2, 5}) {
                    double v = m * d;
                    if (v >= lo && v <= hi) {
                        all.add(v);
                        if (m == 1) {
                            decades.add(v);
                        }
                    }
                }
            }
            return decades.size() >= 3 ? decades : all;
        }
        List<Double> ticks = new ArrayList<>();
        double step = niceStep((hi - lo) / 5);
        for (long k = (long) Math.ceil(lo / step); k * step <= hi; k++) {
            ticks.add(k * step);
        }
        return ticks;
    }

    /** The 1, 2 or 5 times a power of ten closest above {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / magnitude;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
