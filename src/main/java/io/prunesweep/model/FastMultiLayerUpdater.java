package io.prunesweep.model;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link MultiLayerUpdater} with the network's own gradient recognised by its memory, not by object
 * identity, so that a step takes DL4J's standard path instead of the one for external gradients; see
 * {@link FastUpdaters} for why and for the fused Adam pass. Results are the same bit for bit as DL4J's updater.
 */
public class FastMultiLayerUpdater extends MultiLayerUpdater {
    private final boolean normalizes;
    private FastAdamUpdater[] fused;
    private boolean planned;
    private long fusedSteps;

    /**
     * @param network      the network
     * @param updaterState its updater state, used directly (null: a fresh, initialised state)
     */
    public FastMultiLayerUpdater(MultiLayerNetwork network, INDArray updaterState) {
        super(network, updaterState);
        this.normalizes = FastUpdaters.normalizes(getOrderedLayers());
    }

    /** Steps that took the fused Adam pass (for tests). */
    long fusedSteps() {
        return fusedSteps;
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        if (normalizes || !FastUpdaters.sameMemory(gradient.gradient(), getFlattenedGradientsView())) {
            super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
            return;
        }
        if (!planned) {
            fused = FastUpdaters.fusable(updaterBlocks);
            planned = true;
        }
        if (fused != null) {
            FastUpdaters.fusedStep(updaterBlocks, fused, iteration, epoch, isMiniBatch() ? batchSize : 1);
            fusedSteps++;
            return;
        }
        if (isMiniBatch()) {
            divideByMinibatch(false, gradient, batchSize);
        }
        workspaceMgr.assertNotOpen(ArrayType.UPDATER_WORKING_MEM, "Updater working memory");
        for (UpdaterBlock ub : updaterBlocks) {
            if (ub.skipDueToPretrainConfig(false)) {
                continue;
            }
            try (MemoryWorkspace ws = workspaceMgr.notifyScopeEntered(ArrayType.UPDATER_WORKING_MEM)) {
                ub.update(iteration, epoch);
            }
        }
    }

    @Override
    public Updater clone() {
        return new FastMultiLayerUpdater(network, null);
    }
}
