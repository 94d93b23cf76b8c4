package io.prunesweep.prune;

import io.prunesweep.model.Net;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Holds a {@link MaskSet} through training by re-zeroing masked entries after every parameter update.
 * Without it, Adam's momentum regrows pruned weights within one epoch. DL4J calls
 * {@code iterationDone} after the updater step, so the model never evaluates with regrown weights.
 * Kept as a listener, not as a {@code LayerConstraint} in the config, because the config would be
 * saved without the mask.
 *
 * <p>The mask is applied as one multiply over the flat parameter vector ({@link FlatMask}), laid out once
 * per network and mask set.
 */
public final class MaskEnforcer extends BaseTrainingListener {
    private volatile MaskSet masks;
    private INDArray laidOutFor;
    private FlatMask flat;
    private INDArray span;

    /** Creates an enforcer for the given masks. */
    public MaskEnforcer(MaskSet masks) {
        this.masks = masks;
    }

    /** The masks held. */
    public MaskSet masks() {
        return masks;
    }

    /**
     * Replaces the masks held (gradual pruning re-plans them during training). Only the enforcement is
     * swapped; the caller zeroes newly masked entries with {@link MaskSet#applyTo}.
     */
    public void swap(MaskSet next) {
        this.masks = next;
        this.laidOutFor = null;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        INDArray params = model.params();
        if (laidOutFor != params) {
            flat = masks.flatMask(Net.of(model));
            span = flat.span(params);
            laidOutFor = params;
        }
        flat.applyToSpan(span);
    }
}
