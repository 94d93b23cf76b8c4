package io.prunesweep.bench;

import java.util.Locale;

/**
 * A stated bound on one measured figure, and the verdict on a measurement against it. A verdict says
 * "met" only when the measurement satisfies the bound it names, compared exactly (not as printed), so a
 * figure that misses its target is never called met.
 *
 * @param bound    the limit
 * @param atMost   true for "value ≤ bound" (times, ratios), false for "value ≥ bound" (rates, shares)
 * @param decimals digits after the point when the value and the bound are printed
 * @param unit     printed after each number ("" for none, " GiB", " %")
 */
public record Target(double bound, boolean atMost, int decimals, String unit) {
    public Target {
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("bound must be finite, got " + bound);
        }
        if (decimals < 0 || decimals > 6) {
            throw new IllegalArgumentException("decimals must be in 0..6, got " + decimals);
        }
        if (unit == null) {
            throw new IllegalArgumentException("unit must not be null (use \"\")");
        }
    }

    /** value ≤ bound, no unit. */
    public static Target atMost(double bound, int decimals) {
        return new Target(bound, true, decimals, "");
    }

    /** value ≥ bound, no unit. */
    public static Target atLeast(double bound, int decimals) {
        return new Target(bound, false, decimals, "");
    }

    /** The same bound printed with {@code u} after each number. */
    public Target withUnit(String u) {
        return new Target(bound, atMost, decimals, u);
    }

    /** Whether {@code value} satisfies the bound; NaN never does. */
    public boolean met(double value) {
        return atMost ? value <= bound : value >= bound;
    }

    /** The bound as a reader sees it, e.g. "≤ 0.550". */
    public String describe() {
        return (atMost ? "≤ " : "≥ ") + number(bound);
    }

    /** "**met** (0.548 ≤ 0.550)" or "**missed** (0.553, target ≤ 0.550)". */
    public String verdict(double value) {
        if (met(value)) {
            return "**met** (" + number(value) + " " + describe() + ")";
        }
        if (Double.isNaN(value)) {
            return "**missed** (not measured, target " + describe() + ")";
        }
        return "**missed** (" + number(value) + ", target " + describe() + ")";
    }

    private String number(double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v) + unit;
    }
}
