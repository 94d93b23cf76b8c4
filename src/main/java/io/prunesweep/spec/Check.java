package io.prunesweep.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/** The rule shapes the spec records share; each throws a {@link SpecViolation} naming the field and value. */
final class Check {

    private Check() {
    }

    static void that(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw SpecViolation.of(field, value, rule);
        }
    }

    /**
     * An immutable copy of a list that must name at least one value, none twice (a duplicate would make
     * duplicate candidates or rows); a duplicate is reported at its own index with the first one's.
     */
    static <E> List<E> distinct(String field, List<E> values) {
        Objects.requireNonNull(values, field);
        if (values.isEmpty()) {
            throw SpecViolation.of(field, "[]", "must list at least one value");
        }
        return distinctOrEmpty(field, values);
    }

    /** As {@link #distinct}, but null or empty is allowed and gives the empty list. */
    static <E> List<E> distinctOrEmpty(String field, List<E> values) {
        List<E> copy = values == null ? List.of() : List.copyOf(values);
        Map<E, Integer> seen = new HashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            Integer first = seen.putIfAbsent(copy.get(i), i);
            if (first != null) {
                throw new SpecViolation(field + "[" + i + "]", copy.get(i), "duplicate value",
                        field + "[" + first + "]");
            }
        }
        return copy;
    }

    /** Applies a single-value rule to every element, naming each by its index. */
    static <E> void each(String field, List<E> values, BiConsumer<String, E> rule) {
        for (int i = 0; i < values.size(); i++) {
            rule.accept(field + "[" + i + "]", values.get(i));
        }
    }

    /** Adding 0.0 turns -0.0 into 0.0 (equal values must be equal doubles: they give one candidate id). */
    static List<Double> plusZero(List<Double> values) {
        return values == null ? null : values.stream().map(v -> v == null ? null : v + 0.0).toList();
    }
}
