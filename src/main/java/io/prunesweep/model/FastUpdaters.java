package io.prunesweep.model;

import java.util.List;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Installs {@link FastMultiLayerUpdater} and {@link FastGraphUpdater} in place of DL4J's network updaters, and holds
 * the training step they share.
 *
 * <p>Why: DL4J 1.0.0-M2.1's {@code BaseMultiLayerUpdater.update} decides whether a gradient is the network's own by
 * object identity ({@code gradient.gradient() != getFlattenedGradientsView()}), but {@code DefaultGradient.gradient()}
 * returns a fresh reshape of the flattened gradient on every call. So every step of every {@code fit} takes the
 * path meant for a gradient computed in another network: for each parameter array, twice, it cuts new views of the
 * parameters and the gradient, and it cuts the minibatch-division views again, all to do nothing when no
 * regularization is configured. That bookkeeping does not shrink with the layers, and it was the larger part of the
 * updater's time when a shrunk network is fine-tuned (bench/NOTES.md, §4c). The updaters here recognise their own
 * gradient by its memory and take DL4J's standard path; where every block is a {@link FastAdamUpdater} with no
 * regularization, the division by the minibatch size is done inside Adam's single pass over the block.
 * Anything else (gradient normalization, a gradient from elsewhere) goes through DL4J's own code unchanged.
 */
public final class FastUpdaters {
    private FastUpdaters() {
    }

    /**
     * Replaces the network's updater by a {@link FastMultiLayerUpdater} over the same state, unless it already is
     * one or is a kind of updater this class does not know.
     */
    public static void install(MultiLayerNetwork net) {
        Updater u = net.getUpdater(false);
        if (u instanceof FastMultiLayerUpdater || (u != null && u.getClass() != MultiLayerUpdater.class)) {
            return;
        }
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            net.setUpdater(new FastMultiLayerUpdater(net, u == null ? null : u.getStateViewArray()));
        }
    }

    /** {@link #install(MultiLayerNetwork)} for a computation graph: a {@link FastGraphUpdater}. */
    public static void install(ComputationGraph net) {
        ComputationGraphUpdater u = net.getUpdater(false);
        if (u instanceof FastGraphUpdater || (u != null && u.getClass() != ComputationGraphUpdater.class)) {
            return;
        }
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            net.setUpdater(new FastGraphUpdater(net, u == null ? null : u.getStateViewArray()));
        }
    }

    /** True when {@code gradient} is the same memory as {@code view}: the network's own flattened gradient. */
    static boolean sameMemory(INDArray gradient, INDArray view) {
        if (gradient == view) {
            return true;
        }
        if (gradient == null || view == null || gradient.length() != view.length()
                || gradient.dataType() != view.dataType() || gradient.length() == 0) {
            return false;
        }
        if (gradient.elementWiseStride() != 1 || view.elementWiseStride() != 1) {
            return false;
        }
        return gradient.data().addressPointer().address() == view.data().addressPointer().address();
    }

    /** True when some layer normalizes or clips its gradient, which DL4J does per layer before the updater. */
    static boolean normalizes(Trainable[] layers) {
        for (Trainable t : layers) {
            if (t.getConfig() == null || t.numParams() == 0) {
                continue;
            }
            GradientNormalization n = t.getConfig().getGradientNormalization();
            if (n != null && n != GradientNormalization.None) {
                return true;
            }
        }
        return false;
    }

    /**
     * The blocks' Adam updaters when every block can be updated in one fused pass: a {@link FastAdamUpdater} over
     * parameters that all divide by the minibatch size, with no regularization and no pretraining role; otherwise
     * null.
     */
    static FastAdamUpdater[] fusable(List<UpdaterBlock> blocks) {
        FastAdamUpdater[] out = new FastAdamUpdater[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            UpdaterBlock ub = blocks.get(b);
            if (ub.isPretrainUpdaterBlock() || !(ub.getGradientUpdater() instanceof FastAdamUpdater a)) {
                return null;
            }
            for (UpdaterBlock.ParamState p : ub.getLayersAndVariablesInBlock()) {
                Trainable layer = p.getLayer();
                var regs = layer.getConfig().getRegularizationByParam(p.getParamName());
                if ((regs != null && !regs.isEmpty()) || !layer.updaterDivideByMinibatch(p.getParamName())) {
                    return null;
                }
                IUpdater config = layer.getConfig().getUpdaterByParam(p.getParamName());
                if (!(config instanceof FastAdam)) {
                    return null;
                }
            }
            out[b] = a;
        }
        return out;
    }

    /**
     * The fused step: each block's gradient divided by {@code divisor} and run through its Adam updater in one pass.
     */
    static void fusedStep(List<UpdaterBlock> blocks, FastAdamUpdater[] adams, int iteration, int epoch,
                          float divisor) {
        for (int b = 0; b < blocks.size(); b++) {
            UpdaterBlock ub = blocks.get(b);
            INDArray g = ub.getGradientView();
            if (g == null || g.length() == 0) {
                continue;
            }
            adams[b].applyUpdater(g, iteration, epoch, divisor);
        }
    }
}
