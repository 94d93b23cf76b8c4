package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * Spark settings of a sweep.
 *
 * @param parallelism partitions to spread candidates over, &ge; 0; 0 = Spark's default parallelism
 */
public record SparkSettings(int parallelism) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The keys of the spec's {@code spark} section. */
    static final List<String> KEYS = List.of("parallelism");

    public SparkSettings {
        Check.that(parallelism >= 0, "parallelism", parallelism, "must be >= 0 (0 = Spark's default)");
    }

    /** Reads the {@code spark} section; parallelism defaults to 0. */
    static SparkSettings read(Section s) {
        int parallelism = s.integer("parallelism", 0);
        return s.build(() -> new SparkSettings(parallelism));
    }

    /** Spark's default parallelism. */
    public static SparkSettings defaults() {
        return new SparkSettings(0);
    }
}
