package io.prunesweep.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The metric vocabulary prunesweep measures for every candidate, with each metric's direction.
 * Sweep specs name objectives by these strings.
 */
public final class Objectives {

    /** Validation accuracy in [0, 1]. */
    public static final Objective VAL_ACCURACY = new Objective("val_accuracy", Direction.MAXIMIZE);
    /** Number of parameters left non-zero after pruning. */
    public static final Objective NONZERO_PARAMS = new Objective("nonzero_params", Direction.MINIMIZE);
    /** Size of the pruned parameters in a sparse encoding. */
    public static final Objective SPARSE_BYTES = new Objective("sparse_bytes", Direction.MINIMIZE);
    /** Effective FLOPs of one forward pass, skipping pruned weights. */
    public static final Objective FLOPS = new Objective("flops", Direction.MINIMIZE);
    /** Measured inference latency in milliseconds. */
    public static final Objective LATENCY_MS = new Objective("latency_ms", Direction.MINIMIZE);

    private static final List<Objective> KNOWN =
            List.of(VAL_ACCURACY, NONZERO_PARAMS, SPARSE_BYTES, FLOPS, LATENCY_MS);

    private Objectives() {
    }

    /** All known objectives, in documentation order. */
    public static List<Objective> all() {
        return KNOWN;
    }

    /** The known metric names, in documentation order. */
    public static List<String> names() {
        return KNOWN.stream().map(Objective::name).toList();
    }

    /**
     * Looks up a known metric by name (exact, lower-case spelling).
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the allowed names
     */
    public static Objective parse(String name) {
        Objects.requireNonNull(name, "name");
        for (Objective o : KNOWN) {
            if (o.name().equals(name.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + name + "'; allowed: "
                + KNOWN.stream().map(Objective::name).collect(Collectors.joining(", ")));
    }

    /** Parses every name in order; see {@link #parse(String)}. */
    public static List<Objective> parseAll(List<String> names) {
        List<Objective> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(parse(n));
        }
        return List.copyOf(out);
    }
}
