package io.prunesweep.spec;

import io.prunesweep.metric.Metric;

/**
 * A spec record refusing a value: which field (relative to the record, e.g. {@code sparsity[1]}), the value
 * and the rule it breaks. The loader places it in the file by prefixing the section's key path, so
 * {@code sparsity[1] = 1.5: must be in [0, 1)} is reported as {@code space.sparsity[1] = 1.5: ...}; built by
 * hand, the record's message alone already names the field and the value.
 */
public final class SpecViolation extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;
    private final String rule;
    private final String sameAs;

    /**
     * @param field  the field's path inside the record, or null when the rule spans several fields
     * @param value  the offending value, or null when there is none
     * @param rule   what is wrong and, where possible, what is allowed
     * @param sameAs for a duplicate, the path of the field holding the first occurrence, else null
     */
    SpecViolation(String field, Object value, String rule, String sameAs) {
        super(render(field, value == null ? null : show(value), rule, sameAs));
        this.field = field;
        this.value = value == null ? null : show(value);
        this.rule = rule;
        this.sameAs = sameAs;
    }

    /** A field breaking a rule. */
    static SpecViolation of(String field, Object value, String rule) {
        return new SpecViolation(field, value, rule, null);
    }

    /** A rule that spans several fields of the record. */
    static SpecViolation of(String rule) {
        return new SpecViolation(null, null, rule, null);
    }

    /** The field's path inside the record, or null when the rule spans several fields. */
    public String field() {
        return field;
    }

    /** The offending value as the record holds it, or null. */
    public String value() {
        return value;
    }

    /** The rule that is broken, with field paths inside it read relative to {@code section}. */
    String reason(String section) {
        return rule + (sameAs == null ? "" : " (same as " + join(section, sameAs) + ")");
    }

    static String join(String section, String field) {
        if (section == null || section.isEmpty()) {
            return field;
        }
        return field == null ? section : section + "." + field;
    }

    private static String render(String field, String value, String rule, String sameAs) {
        String reason = rule + (sameAs == null ? "" : " (same as " + sameAs + ")");
        if (field == null) {
            return reason;
        }
        return field + (value == null ? "" : " = " + value) + ": " + reason;
    }

    /** Values as a spec spells them: 0.9 (not 0.9000000000000000222), one-shot, val_accuracy. */
    static String show(Object v) {
        if (v instanceof Double d && Double.isFinite(d)) {
            return Canon.num(d);
        }
        if (v instanceof CriterionKind c) {
            return c.id();
        } else if (v instanceof Granularity g) {
            return g.id();
        } else if (v instanceof Scope s) {
            return s.id();
        } else if (v instanceof ScheduleKind k) {
            return k.id();
        } else if (v instanceof Metric m) {
            return m.id();
        }
        return String.valueOf(v);
    }
}
