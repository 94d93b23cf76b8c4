package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How candidates are chosen from the search space.
 *
 * @param method  {@code grid} (every configuration) or {@code random} (a seeded sample)
 * @param samples configurations to draw with {@code random}, &ge; 1; 0 with {@code grid}, where it
 *                is unused
 */
public record SearchSettings(String method, int samples) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Exhaustive search. */
    public static final String GRID = "grid";
    /** Seeded random sampling without replacement. */
    public static final String RANDOM = "random";
    /** Allowed methods. */
    public static final List<String> METHODS = List.of(GRID, RANDOM);

    public SearchSettings {
        Objects.requireNonNull(method, "method");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown search method '" + method + "'; allowed: "
                    + String.join(", ", METHODS));
        }
        if (method.equals(RANDOM) && samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1 with method random: " + samples);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0: " + samples);
        }
    }

    /** Exhaustive search. */
    public static SearchSettings grid() {
        return new SearchSettings(GRID, 0);
    }

    /** Random sampling of {@code samples} distinct configurations. */
    public static SearchSettings random(int samples) {
        return new SearchSettings(RANDOM, samples);
    }

    String canonical() {
        return "method=" + method + ";samples=" + samples;
    }
}
