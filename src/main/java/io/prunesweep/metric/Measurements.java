package io.prunesweep.metric;

import java.io.Serializable;
import java.util.Objects;

/**
 * Everything measured for one finished candidate (or the dense baseline). {@link Metric#of} reads the
 * metrics from it.
 *
 * @param footprint    parameter counts, sizes and FLOPs of the model
 * @param valAccuracy  validation accuracy after fine-tuning, in [0, 1]
 * @param valLoss      validation loss after fine-tuning
 * @param testAccuracy test accuracy in [0, 1], measured for Pareto-front members and the baseline only; NaN
 *                     when not measured
 * @param latencyMs    median latency of one minibatch forward pass, &ge; 0, NaN when not measured
 * @param fineTuneMs   wall time of pruning and fine-tuning, &ge; 0
 * @param latencyMethod how {@code latencyMs} was measured
 * @param trainedForm  which form of the network was fine-tuned (the dense baseline and every unstructured
 *                     candidate: {@link TrainedForm#MASKED})
 * @param achievedSparsity the fraction of the prunable units (weights, neurons, channels, blocks or groups, as the
 *                     granularity counts them) that the pruning plan removed, in [0, 1]; below the target when
 *                     per-layer caps bind. NaN for the dense baseline and for rows written before it was recorded
 * @param shrunkLatencyMs median latency of one minibatch forward pass of the physically shrunk model, &ge; 0,
 *                     timed in the same serial rounds as {@code latencyMs}; NaN when the candidate has no shrunk
 *                     model (unstructured granularity, the baseline) or the serial pass has not timed it (a task
 *                     never times it, so the row a task writes holds NaN)
 */
public record Measurements(Footprint footprint, double valAccuracy, double valLoss, double testAccuracy,
                           double latencyMs, long fineTuneMs, LatencyMethod latencyMethod, TrainedForm trainedForm,
                           double achievedSparsity, double shrunkLatencyMs)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * How far (as a fraction) an achieved sparsity must fall below its target to count as capped: half a
     * percentage point, the most that rounding a ratio to whole units can cost on a layer of 100 units or more.
     */
    public static final double CAPPED_MARGIN = 0.005;

    public Measurements {
        Objects.requireNonNull(footprint, "footprint");
        Objects.requireNonNull(latencyMethod, "latencyMethod");
        Objects.requireNonNull(trainedForm, "trainedForm");
        if (!(valAccuracy >= 0 && valAccuracy <= 1)) {
            throw new IllegalArgumentException("valAccuracy must be in [0, 1]: " + valAccuracy);
        }
        if (!Double.isNaN(testAccuracy) && !(testAccuracy >= 0 && testAccuracy <= 1)) {
            throw new IllegalArgumentException("testAccuracy must be in [0, 1] or NaN: " + testAccuracy);
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0 or NaN: " + latencyMs);
        }
        if (fineTuneMs < 0) {
            throw new IllegalArgumentException("fineTuneMs must be >= 0: " + fineTuneMs);
        }
        if (!Double.isNaN(achievedSparsity) && !(achievedSparsity >= 0 && achievedSparsity <= 1)) {
            throw new IllegalArgumentException("achievedSparsity must be in [0, 1] or NaN: " + achievedSparsity);
        }
        if (shrunkLatencyMs < 0) {
            throw new IllegalArgumentException("shrunkLatencyMs must be >= 0 or NaN: " + shrunkLatencyMs);
        }
    }

    /** Measurements without a shrunk model's latency (what a task measures: only the serial pass times it). */
    public Measurements(Footprint footprint, double valAccuracy, double valLoss, double testAccuracy,
                        double latencyMs, long fineTuneMs, LatencyMethod latencyMethod, TrainedForm trainedForm,
                        double achievedSparsity) {
        this(footprint, valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, latencyMethod, trainedForm,
                achievedSparsity, Double.NaN);
    }

    /** Measurements of a network that no pruning plan produced (the dense baseline): no achieved sparsity. */
    public Measurements(Footprint footprint, double valAccuracy, double valLoss, double testAccuracy,
                        double latencyMs, long fineTuneMs, LatencyMethod latencyMethod, TrainedForm trainedForm) {
        this(footprint, valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, latencyMethod, trainedForm,
                Double.NaN);
    }

    /** Measurements of a network trained in its masked full-size form. */
    public Measurements(Footprint footprint, double valAccuracy, double valLoss, double testAccuracy,
                        double latencyMs, long fineTuneMs, LatencyMethod latencyMethod) {
        this(footprint, valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, latencyMethod, TrainedForm.MASKED);
    }

    /**
     * Measurements whose latency was timed in the candidate's task ({@link LatencyMethod#IN_TASK}), of a network
     * trained in its masked full-size form.
     */
    public Measurements(Footprint footprint, double valAccuracy, double valLoss, double testAccuracy,
                        double latencyMs, long fineTuneMs) {
        this(footprint, valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, LatencyMethod.IN_TASK);
    }

    /**
     * Whether a plan that achieved {@code achieved} fell short of {@code target} by more than
     * {@link #CAPPED_MARGIN} (per-layer caps bound, or layers had to keep a unit); false when either is NaN.
     */
    public static boolean capped(double target, double achieved) {
        return achieved < target - CAPPED_MARGIN;
    }

    /** The same measurements with a test accuracy (front members are tested when the sweep finishes). */
    public Measurements withTestAccuracy(double accuracy) {
        return new Measurements(footprint, valAccuracy, valLoss, accuracy, latencyMs, fineTuneMs, latencyMethod,
                trainedForm, achievedSparsity, shrunkLatencyMs);
    }

    /** The same measurements with a latency measured another way. */
    public Measurements withLatency(double ms, LatencyMethod method) {
        return new Measurements(footprint, valAccuracy, valLoss, testAccuracy, ms, fineTuneMs, method, trainedForm,
                achievedSparsity, shrunkLatencyMs);
    }

    /** The same measurements of a network trained in the given form. */
    public Measurements withTrainedForm(TrainedForm form) {
        return new Measurements(footprint, valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, latencyMethod,
                form, achievedSparsity, shrunkLatencyMs);
    }

    /** The same measurements of a network whose pruning plan removed that fraction of the prunable units. */
    public Measurements withAchievedSparsity(double achieved) {
        return new Measurements(footprint, valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, latencyMethod,
                trainedForm, achieved, shrunkLatencyMs);
    }

    /**
     * The same measurements with the shrunk model's latency (NaN: none), timed in the same serial rounds as
     * {@code latencyMs} so the two compare.
     */
    public Measurements withShrunkLatencyMs(double ms) {
        return new Measurements(footprint, valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, latencyMethod,
                trainedForm, achievedSparsity, ms);
    }
}
