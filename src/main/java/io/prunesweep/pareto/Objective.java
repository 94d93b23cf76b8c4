package io.prunesweep.pareto;

import java.util.Objects;

/**
 * One optimisation objective: a metric name and the direction in which it improves.
 *
 * @param name      metric name, non-blank
 * @param direction whether larger or smaller values are better
 */
public record Objective(String name, Direction direction) {

    public Objective {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
        if (name.isBlank()) {
            throw new IllegalArgumentException("objective name must not be blank");
        }
    }

    /**
     * Parses one of the metric names known to prunesweep (see {@link Objectives#names()}).
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the allowed names
     */
    public static Objective parse(String name) {
        return Objectives.parse(name);
    }
}
