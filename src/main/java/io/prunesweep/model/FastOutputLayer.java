package io.prunesweep.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer a {@link FastOutput} configuration instantiates: DL4J's output layer, which in a training step computes
 * its pre-output once instead of twice. Every number is DL4J's own: the pre-output, the loss, its gradient, the
 * parameter and input gradients come from DL4J's code, so a network trains bit for bit as with
 * {@link org.deeplearning4j.nn.conf.layers.OutputLayer}.
 *
 * <p>Why: DL4J's output layer computes {@code x·W + b} for the gradient and again for the score of the same
 * step ({@code BaseOutputLayer.backpropGradient} and {@code computeScore} each call {@code preOutput2d}): a
 * product, a bias broadcast and their arrays per step for nothing. Here the gradient pass keeps a copy of its
 * pre-output and the score of the same input reads it, when the loss is one of ND4J's own (those copy the
 * pre-output before applying the activation, so it is still intact). The copy lives in an array of this layer's
 * own, outside DL4J's workspaces: the gradient pass runs in a per-layer working memory that is closed before the
 * network asks for the score.
 *
 * <p>The kept pre-output is used only for the very input it came from and dropped when the input changes, when
 * the step clears its weight noise and after the score has read it, so an update of the weights between two calls
 * can never see a stale one.
 */
public class FastOutputLayer extends OutputLayer {
    private transient INDArray kept;
    private transient INDArray keptFor;

    /** Called by {@link FastOutput#instantiate}. */
    public FastOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** ND4J's own losses leave the pre-output they are given unchanged (they copy it first). */
    private boolean lossKeepsPreOutput() {
        return layerConf().getLossFn().getClass().getName().startsWith("org.nd4j.linalg.lossfunctions.impl.");
    }

    /** The training pre-output of the current input: DL4J's, computed once for the gradient and the score. */
    @Override
    protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!training || !lossKeepsPreOutput()) {
            return super.preOutput2d(training, workspaceMgr);
        }
        if (keptFor != null && keptFor == input) {
            return kept;
        }
        INDArray z = super.preOutput2d(true, workspaceMgr);
        if (kept == null || !Arrays.equals(kept.shape(), z.shape()) || kept.dataType() != z.dataType()
                || kept.ordering() != z.ordering()) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                kept = Nd4j.createUninitialized(z.dataType(), z.shape(), z.ordering());
            }
        }
        kept.assign(z);
        keptFor = input;
        return z;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        try {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        } finally {
            forget();
        }
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        forget();
        super.setInput(input, workspaceMgr);
    }

    @Override
    public void clearNoiseWeightParams() {
        forget();
        super.clearNoiseWeightParams();
    }

    @Override
    public void clear() {
        super.clear();
        forget();
    }

    private void forget() {
        keptFor = null;
    }
}
