package io.prunesweep.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer a {@link FastDense} configuration instantiates: DL4J's dense layer with its forward and backward
 * passes done by BLAS products on the arrays in place ({@link RowMajorGemm#product}). Layer norm and
 * per-example masks keep DL4J's own code.
 *
 * <p>Why: DL4J's dense layer multiplies through ND4J's {@code mmul}, which prepares each call and copies an
 * operand whose order does not suit it (the weights and their gradient are F-order views, activations C-order),
 * and its backward pass recomputes the forward product ({@code BaseLayer.backpropGradient} calls
 * {@code preOutputWithPreNorm} again), so a training step issues four products per layer where three do.
 * Here the forward pass is the bias broadcast (a product with a column of ones) plus one product; the
 * backward pass reuses the pre-activation of the training forward pass and does the weight gradient, the bias
 * gradient (a product with the ones column) and the input gradient as three more products, each one BLAS call
 * straight into the parameter-gradient views.
 *
 * <p>As the first layer of a network that {@link Net.Chain} trains, it does not compute the gradient with respect to
 * the network's input, which DL4J would discard ({@link InputGradient}).
 *
 * <p>The pre-activation of a training forward pass is allocated as an activation, so it lives exactly as long
 * as this layer's input, and it is used only when the backward pass sees the very input it came from;
 * otherwise the backward pass recomputes it.
 */
public class FastDenseLayer extends DenseLayer {
    private transient INDArray cachedPreOutput;
    private transient INDArray cachedFor;
    private transient INDArray ones;
    private transient float[] zChunk;
    private transient float[] epsChunk;

    /** Called by {@link FastDense#instantiate}. */
    public FastDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** DL4J's own code handles what this layer does not: layer norm, masks, inputs that are not a matrix. */
    private boolean fast() {
        return !hasLayerNorm() && maskArray == null && input != null && input.rank() == 2
                && input.size(1) == layerConf().getNIn();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (!fast()) {
            return super.activate(training, workspaceMgr);
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray z = preActivation(training, workspaceMgr);
        if (!training) {
            return layerConf().getActivationFn().getActivation(z, false);
        }
        cachedPreOutput = z;
        cachedFor = input;
        if (plainRelu()) {
            // relu written straight into the output (ReluLoops): DL4J's path copies z first and applies the op in place
            INDArray a = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, z.shape(), 'c');
            if (FloatViews.flat(z) && z.ordering() == 'c') {
                reluForward(z, a);
            } else {
                Nd4j.exec(new RectifiedLinear(z, a, 0.0));
            }
            return a;
        }
        return layerConf().getActivationFn().getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z), true);
    }

    /** ReLU without a cap, threshold or negative slope: the activation the zoo's networks use. */
    private boolean plainRelu() {
        return layerConf().getActivationFn() instanceof ActivationReLU r && r.getMax() == null
                && r.getThreshold() == null && r.getNegativeSlope() == null;
    }

    /** {@code x·W + b}, as an activation array, C order. */
    private INDArray preActivation(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = input.castTo(dataType);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {x.size(0),
                w.size(1)}, 'c');
        double beta = 0.0;
        if (hasBias()) {
            INDArray b = getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr);
            RowMajorGemm.product(ones(x.size(0)), false, b, false, z, 0.0);
            beta = 1.0;
        }
        RowMajorGemm.product(x, false, w, false, z, beta);
        return z;
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
        assertInputSet(true);
        boolean cached = cachedPreOutput != null && cachedFor == input;
        INDArray z = cached ? cachedPreOutput : null;
        cachedPreOutput = null;
        cachedFor = null;
        if (!fast()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (z == null) {
            applyDropOutIfNecessary(true, workspaceMgr);
            z = preActivation(true, workspaceMgr);
        }
        // the activation's gradient overwrites the pre-activation, which is not needed after it
        INDArray delta;
        if (plainRelu() && FloatViews.flat(z) && FloatViews.flat(epsilon) && Arrays.equals(epsilon.shape(), z.shape())
                && Arrays.equals(epsilon.stride(), z.stride())) {
            reluBackward(z, epsilon);
            delta = z;
        } else if (plainRelu() && Arrays.equals(epsilon.shape(), z.shape())) {
            // the op DL4J's ReLU runs, written over z instead of into a fresh array
            Nd4j.exec(new RectifiedLinearDerivative(z, epsilon, z, 0.0));
            delta = z;
        } else {
            delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        }
        INDArray x = input.castTo(dataType);
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            RowMajorGemm.product(ones(x.size(0)), true, delta, false, biasGrad, 0.0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        RowMajorGemm.product(x, true, delta, false, weightGrad, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        weightNoiseParams.clear();
        InputGradient.Mode mode = InputGradient.forLayer(getIndex());
        if (mode == InputGradient.Mode.UNUSED) {
            return new Pair<>(gradient, null);
        }
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {x.size(0), w.size(0)}, 'c');
        if (mode == InputGradient.Mode.PLACEHOLDER) {
            return new Pair<>(gradient, epsNext);
        }
        RowMajorGemm.product(delta, false, w, true, epsNext, 0.0);
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }

    private void reluBackward(INDArray z, INDArray eps) {
        chunks();
        ReluLoops.backward(z, eps, zChunk, epsChunk);
    }

    private void reluForward(INDArray z, INDArray a) {
        chunks();
        ReluLoops.forward(z, a, zChunk);
    }

    private void chunks() {
        if (zChunk == null) {
            zChunk = new float[FloatViews.CHUNK];
            epsChunk = new float[FloatViews.CHUNK];
        }
    }

    @Override
    public void clear() {
        super.clear();
        cachedPreOutput = null;
        cachedFor = null;
    }
}
