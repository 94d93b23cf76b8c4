package io.prunesweep.spec;

import io.prunesweep.metric.Metric;
import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource budget a candidate must meet, e.g. {@code nonzero_params<=25000}: the budget allocator turns
 * the sensitivity table into per-layer ratios that bring the metric to at most {@code limit} with the least
 * predicted accuracy loss.
 *
 * @param metric a {@link Metric#budgetable()} metric
 * @param limit  the upper bound, &gt; 0
 * @param basis  the sensitivity settings the allocation is computed from (bound by
 *               {@link SweepSpec#candidates()}; part of a budget candidate's identity, so changing the
 *               sensitivity section re-runs budget candidates), or null for a budget as parsed
 */
public record Budget(Metric metric, double limit, SensitivitySettings basis) implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_]+)\\s*([<>=!]+)\\s*(\\S+)\\s*");

    /** A budget not yet bound to sensitivity settings. */
    public Budget(Metric metric, double limit) {
        this(metric, limit, null);
    }

    /** The same budget allocated from the given sensitivity settings. */
    public Budget bound(SensitivitySettings s) {
        return new Budget(metric, limit, s);
    }

    public Budget {
        Objects.requireNonNull(metric, "metric");
        Check.that(metric.budgetable(), "metric", metric,
                "cannot be a budget; allowed: " + String.join(", ", Metric.budgetIds()));
        Check.that(limit > 0 && !Double.isInfinite(limit), "limit", limit, "must be a positive finite number");
    }

    /**
     * Parses {@code METRIC<=NUMBER} (blanks allowed around the parts; the number may use an exponent).
     *
     * @throws IllegalArgumentException naming what is wrong: the form, the metric, the operator or the number
     *                                  (the record's own rules check the metric can be a budget and the limit)
     */
    public static Budget parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected METRIC<=NUMBER, e.g. nonzero_params<=25000 (metrics: "
                    + String.join(", ", Metric.budgetIds()) + ")");
        }
        String id = m.group(1);
        Metric metric;
        try {
            metric = Metric.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown budget metric '" + id + "'; allowed: "
                    + String.join(", ", Metric.budgetIds()), e);
        }
        if (!m.group(2).equals("<=")) {
            throw new IllegalArgumentException("unsupported operator '" + m.group(2) + "'; a budget is an upper "
                    + "bound: use <=");
        }
        double v;
        try {
            v = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + m.group(3) + "' is not a number");
        }
        return new Budget(metric, v);
    }

    /** The canonical spelling, {@code nonzero_params<=25000}; part of a budget candidate's identity. */
    public String id() {
        return metric.id() + "<=" + Canon.num(limit);
    }

    /** {@link #id()} plus the basis, as hashed into candidate ids. */
    String canonical() {
        return id() + (basis == null ? "" : "[" + basis.canonical() + "]");
    }

    @Override
    public String toString() {
        return id();
    }
}
