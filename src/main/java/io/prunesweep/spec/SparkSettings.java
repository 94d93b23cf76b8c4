package io.prunesweep.spec;

import java.io.Serializable;

/**
 * Spark settings of a sweep.
 *
 * @param parallelism partitions to spread candidates over, &ge; 0; 0 = Spark's default parallelism
 */
public record SparkSettings(int parallelism) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SparkSettings {
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be >= 0 (0 = Spark's default): " + parallelism);
        }
    }

    /** Spark's default parallelism. */
    public static SparkSettings defaults() {
        return new SparkSettings(0);
    }
}
