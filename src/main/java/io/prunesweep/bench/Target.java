package io.prunesweep.bench;

import java.util.Locale;

/**
 * A stated bound on one measured figure, and the verdict on a measurement against it. A verdict says
 * "met" only when the measurement satisfies the bound it names, compared exactly (not as printed), so a
 * figure that misses its target is never called met.
 *
 * @param bound   the limit
 * @param atMost  true for "value ≤ bound" (times, ratios), false for "value ≥ bound" (rates, shares)
 * @param decimals digits after the point when the value and the bound are printed
 */
public record Target(double bound, boolean atMost, int decimals) {
    public Target {
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("bound must be finite, got " + bound);
        }
        if (decimals < 0 || decimals > 6) {
            throw new IllegalArgumentException("decimals must be in 0..6, got " + decimals);
        }
    }

    /** value ≤ bound. */
    public static Target atMost(double bound, int decimals) {
        return new Target(bound, true, decimals);
    }

    /** value ≥ bound. */
    public static Target atLeast(double bound, int decimals) {
        return new Target(bound, false, decimals);
    }

    /** Whether {@code value} satisfies the bound; NaN never does. */
    public boolean met(double value) {
        return atMost ? value <= bound : value >= bound;
    }

    /** The bound as a reader sees it, e.g. "≤ 0.550". */
    public String describe() {
        return (atMost ? "≤ " : "≥ ") + number(bound);
    }

    /**
     * "**met** (0.548 ≤ 0.550)" or "**missed** by 0.5% (0.553, target ≤ 0.550)": the shortfall is relative to
     * the bound.
     */
    public String verdict(double value) {
        if (met(value)) {
            return String.format(Locale.ROOT, "**met** (%s %s)", number(value), describe());
        }
        if (Double.isNaN(value)) {
            return "**missed** (not measured, target " + describe() + ")";
        }
        if (bound == 0) {
            return String.format(Locale.ROOT, "**missed** (%s, target %s)", number(value), describe());
        }
        double shortfall = 100 * Math.abs(value - bound) / Math.abs(bound);
        return String.format(Locale.ROOT, "**missed** by %.1f%% (%s, target %s)", shortfall, number(value), describe());
    }

    private String number(double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
