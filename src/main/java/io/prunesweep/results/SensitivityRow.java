package io.prunesweep.results;

import io.prunesweep.metric.Metric;
import java.io.Serializable;

/**
 * One cell of the sensitivity table: one prunable layer pruned alone to one ratio (for neuron/channel
 * granularity with its consumer slice, as the pruner masks it), evaluated on validation without
 * fine-tuning. "Removed" values are the dense model's minus the pruned model's, over the whole network.
 *
 * @param key                file name stem under {@code <out>/sensitivity/} (layer, ratio and a hash of
 *                           everything the cell depends on)
 * @param layer              layer index, or unit group id where the model is pruned by unit groups (then the
 *                           group plays the layer's part: pruned alone, with every slice that moves with it)
 * @param type               layer type, or for a group {@code group '<name>' of <layer classes>} ({@link #byGroup})
 * @param params             parameters of the layer (weights and bias), or of every slice of the group
 * @param ratio              the ratio the layer was pruned to
 * @param criterion          criterion id
 * @param granularity        granularity id
 * @param status             {@code ok} or {@code failed}
 * @param error              failure reason, empty when ok
 * @param valAccuracy        validation accuracy of the pruned model
 * @param denseAccuracy      validation accuracy of the dense model
 * @param nonzeroRemoved     nonzero parameters removed
 * @param flopsRemoved       effective FLOPs per example removed
 * @param sparseBytesRemoved sparse bytes removed
 */
public record SensitivityRow(String key, int layer, String type, long params, double ratio, String criterion,
                             String granularity, String status, String error, double valAccuracy,
                             double denseAccuracy, long nonzeroRemoved, long flopsRemoved, long sparseBytesRemoved)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Status of a measured cell. */
    public static final String OK = "ok";
    /** Status of a cell whose pruning or evaluation threw. */
    public static final String FAILED = "failed";
    /** How the {@link #type} of a unit group's row starts. */
    public static final String GROUP_PREFIX = "group '";

    public SensitivityRow {
        error = error == null ? "" : error;
        type = type == null ? "" : type;
    }

    /** Whether the cell was measured. */
    public boolean ok() {
        return OK.equals(status);
    }

    /** Whether the row is a unit group's rather than a layer's (its {@link #type} says so). */
    public boolean byGroup() {
        return type.startsWith(GROUP_PREFIX);
    }

    /** Dense minus pruned validation accuracy (positive = worse). */
    public double accuracyDrop() {
        return denseAccuracy - valAccuracy;
    }

    /** How much of a {@link Metric#budgetable() budget metric} this cell saves. */
    public double saved(Metric metric) {
        return switch (metric) {
            case NONZERO_PARAMS -> nonzeroRemoved;
            case FLOPS -> flopsRemoved;
            case SPARSE_BYTES -> sparseBytesRemoved;
            case VAL_ACCURACY, LATENCY_MS -> throw new IllegalArgumentException(metric + " is not a budget metric");
        };
    }
}
