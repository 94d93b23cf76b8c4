package io.prunesweep.pareto;

/** Whether larger or smaller values of an objective are better. */
public enum Direction {
    MAXIMIZE,
    MINIMIZE;

    /**
     * Returns {@code value} oriented so that larger is always better; lets the algorithms below be
     * written once for maximisation.
     */
    double oriented(double value) {
        return this == MAXIMIZE ? value : -value;
    }
}
