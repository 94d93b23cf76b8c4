package io.prunesweep.pareto;

import java.util.Objects;

/**
 * One optimisation objective: a name and the direction in which it improves. prunesweep's own objectives are
 * its metrics ({@code io.prunesweep.metric.Metric#objective()}); this package itself knows no metric names.
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
}
