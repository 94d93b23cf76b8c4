package io.prunesweep.metric;

import io.prunesweep.pareto.Direction;
import io.prunesweep.pareto.Objective;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A metric a sweep can trade off (an objective) or bound (a budget). Specs, result files and reports spell a
 * metric by its {@link #id()}; the id strings are part of the file formats and never change.
 */
public enum Metric {
    /** Validation accuracy in [0, 1] after fine-tuning. */
    VAL_ACCURACY("val_accuracy", Direction.MAXIMIZE, "validation accuracy", false, Measurements::valAccuracy),
    /** Parameters left non-zero after pruning. */
    NONZERO_PARAMS("nonzero_params", Direction.MINIMIZE, "nonzero parameters", true,
            m -> m.footprint().nonzeroParams()),
    /** Size of the parameters in the smaller of the bitmask and CSR encodings. */
    SPARSE_BYTES("sparse_bytes", Direction.MINIMIZE, "sparse size (bytes)", true,
            m -> m.footprint().sparseBytes()),
    /** Effective FLOPs per example: those of the weights that are not zero. */
    FLOPS("flops", Direction.MINIMIZE, "effective FLOPs per example", true, m -> m.footprint().effectiveFlops()),
    /** Median latency of one minibatch forward pass, in milliseconds. */
    LATENCY_MS("latency_ms", Direction.MINIMIZE, "latency (ms per minibatch)", false, Measurements::latencyMs);

    private final String id;
    private final Direction direction;
    private final String label;
    private final boolean budgetable;
    private final ToDoubleFunction<Measurements> value;

    Metric(String id, Direction direction, String label, boolean budgetable, ToDoubleFunction<Measurements> value) {
        this.id = id;
        this.direction = direction;
        this.label = label;
        this.budgetable = budgetable;
        this.value = value;
    }

    /** The name specs and files use, e.g. {@code nonzero_params}. */
    public String id() {
        return id;
    }

    /** Whether larger or smaller values are better. */
    public Direction direction() {
        return direction;
    }

    /** A readable name for axes and tables, e.g. {@code nonzero parameters}. */
    public String label() {
        return label;
    }

    /**
     * Whether a budget may bound it: the metrics that depend only on which weights are pruned, so the
     * sensitivity table predicts them (not accuracy, not a latency measured under load).
     */
    public boolean budgetable() {
        return budgetable;
    }

    /** This metric's value in a set of measurements. */
    public double of(Measurements m) {
        return value.applyAsDouble(Objects.requireNonNull(m, "measurements"));
    }

    /** This metric as an objective of a Pareto front. */
    public Objective objective() {
        return new Objective(id, direction);
    }

    /** The metrics as Pareto objectives, in the same order. */
    public static List<Objective> objectives(List<Metric> metrics) {
        return metrics.stream().map(Metric::objective).toList();
    }

    /** Every metric id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Metric::id).toList();
    }

    /** The ids of the metrics a budget may bound. */
    public static List<String> budgetIds() {
        return Arrays.stream(values()).filter(Metric::budgetable).map(Metric::id).toList();
    }

    /**
     * The metric spelled {@code id} (exact spelling).
     *
     * @throws IllegalArgumentException for an unknown id; the message names it and lists the allowed ones
     */
    public static Metric fromId(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'; allowed: "
                + Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
