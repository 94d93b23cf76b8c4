package io.prunesweep.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer a {@link FastOutput} configuration instantiates: DL4J's output layer with its products done by BLAS
 * on the arrays in place ({@link RowMajorGemm#product}) and its training pre-output computed once per step.
 * Masks and layer norm keep DL4J's own code.
 *
 * <p>Why: in a training step DL4J's output layer computes {@code x·W + b} for the gradient and again for the
 * score ({@code BaseOutputLayer.backpropGradient} and {@code computeScore} each call {@code preOutput2d}), each
 * through ND4J's {@code mmul} and a bias broadcast, and its input gradient is an F-order product transposed.
 * Here the pre-output of the gradient pass is kept for the score of the same step when the loss is one of
 * ND4J's own (those copy the pre-output before applying the activation, so it is still intact), and the weight,
 * bias and input gradients are one BLAS call each. The loss, its gradient and the score are DL4J's own code.
 *
 * <p>The kept pre-output is used only for the very input it came from and dropped when the input changes, when the
 * step clears its weight noise and after the score has read it, so an update of the weights between two calls
 * can never see a stale one.
 */
public class FastOutputLayer extends OutputLayer {
    private transient INDArray kept;
    private transient INDArray cachedFor;
    private transient INDArray ones;

    /** Called by {@link FastOutput#instantiate}. */
    public FastOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** DL4J's own code handles what this layer does not: layer norm, masks, inputs that are not a matrix. */
    private boolean fast() {
        return !hasLayerNorm() && maskArray == null && input != null && input.rank() == 2
                && input.size(1) == layerConf().getNIn();
    }

    /** ND4J's own losses leave the pre-output they are given unchanged (they copy it first). */
    private boolean lossKeepsPreOutput() {
        return layerConf().getLossFn().getClass().getName().startsWith("org.nd4j.linalg.lossfunctions.impl.");
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) {
            return super.preOutput(training, workspaceMgr);
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {input.size(0),
                w.size(1)}, 'c');
        return preOutputInto(z, training, workspaceMgr);
    }

    /** {@code x·W + b} written into {@code z}. */
    private INDArray preOutputInto(INDArray z, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = input.castTo(dataType);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        double beta = 0.0;
        if (hasBias()) {
            INDArray b = getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr);
            RowMajorGemm.product(ones(x.size(0)), false, b, false, z, 0.0);
            beta = 1.0;
        }
        RowMajorGemm.product(x, false, w, false, z, beta);
        return z;
    }

    /**
     * The training pre-output of the current input, computed once for the gradient and the score. It is kept in
     * an array of this layer's own, outside DL4J's workspaces: the gradient pass runs in a per-layer working
     * memory that is closed before the network asks for the score.
     */
    @Override
    protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!training || !fast() || !lossKeepsPreOutput()) {
            return super.preOutput2d(training, workspaceMgr);
        }
        if (cachedFor != input) {
            long[] shape = {input.size(0), layerConf().getNOut()};
            if (kept == null || !Arrays.equals(kept.shape(), shape) || kept.dataType() != dataType) {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    kept = Nd4j.createUninitialized(dataType, shape, 'c');
                }
            }
            preOutputInto(kept, true, workspaceMgr);
            cachedFor = input;
        }
        return kept;
    }

    /** A column of ones, [batch, 1], outside any workspace: the bias broadcast and the bias gradient use it. */
    private INDArray ones(long batch) {
        if (ones == null || ones.size(0) != batch || ones.dataType() != dataType) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(dataType, batch, 1);
            }
        }
        return ones;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray z = preOutput2d(true, workspaceMgr);
        INDArray delta = layerConf().getLossFn().computeGradient(getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM),
                z, layerConf().getActivationFn(), maskArray);
        INDArray x = input.castTo(dataType);
        Gradient gradient = new DefaultGradient();
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        RowMajorGemm.product(x, true, delta, false, weightGrad, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            RowMajorGemm.product(ones(x.size(0)), true, delta, false, biasGrad, 0.0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {x.size(0), w.size(0)}, 'c');
        RowMajorGemm.product(delta, false, w, true, epsNext, 0.0);
        // weight noise is cleared by the network after the score, as for DL4J's layer
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
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
        cachedFor = null;
    }
}
