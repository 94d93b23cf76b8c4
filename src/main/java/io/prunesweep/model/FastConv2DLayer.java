package io.prunesweep.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer a {@link FastConv2D} configuration instantiates: DL4J's convolution layer with its forward and
 * backward passes replaced by libnd4j ops and BLAS. NHWC configurations keep DL4J's own code.
 *
 * <p>Forward pass, in training and in inference alike: the input's patches by the {@code im2col} op into a
 * contiguous {@code [batch, in·kH·kW, outH·outW]} buffer, then one BLAS product per example ({@link RowMajorGemm})
 * and the bias. Backward pass: the same patches for the weight gradient, one product per example for the
 * input-gradient columns and {@code col2im}. {@code conv2d_bp} of nd4j-native 1.0.0-M2.1 is about as slow as
 * DL4J's layer ({@code io.prunesweep.perf.ConvPathProbe} measures both), and computing the patches once for
 * both passes beats the {@code conv2d} op in training. Inference used the {@code conv2d} op until it was timed
 * inside whole forward passes ({@code ConvInferenceProbe} in the tests): as fast as the patches for LeNet-5's 5×5
 * convolutions, but much slower over the graph zoo's resnet (3×3, same mode, strides 1 and 2); one path also
 * means inference computes exactly the activations a training forward pass does. A single large product per pass would need the patches
 * transposed to {@code [in·kH·kW, batch·outH·outW]}; both libnd4j's {@code im2col} into that layout and ND4J's
 * strided copy into it cost more than the per-example calls.
 *
 * <p>The patches and the pre-activation output of a training forward pass are kept for the backward pass
 * (DL4J's layer computes them twice). They are allocated as activations, so they live exactly as long as
 * this layer's input, and they are used only when the backward pass sees the very input they came from;
 * otherwise the backward pass recomputes them. In inference the patches are working memory: DL4J's working-memory
 * workspace keeps the largest size it has seen, so an evaluation batch of {@code n} examples holds {@code n} times
 * the largest layer's {@code in·kH·kW·outH·outW} floats per thread.
 *
 * <p>As the first layer of a network that {@link Net.Chain} trains, it skips the input gradient (its products
 * and {@code col2im}), which DL4J would discard ({@link InputGradient}).
 */
public class FastConv2DLayer extends ConvolutionLayer {
    private transient INDArray cachedPreOutput;
    private transient INDArray cachedFor;
    private transient INDArray cachedColumns;

    /** Called by {@link FastConv2D#instantiate}. */
    public FastConv2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fast() {
        return layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW;
    }

    /** Output size and top-left padding of the current input, as DL4J's layer computes them. */
    private record Geometry(int[] kernel, int[] stride, int[] dilation, int[] pad, int outH, int outW,
                            boolean same) {
    }

    private Geometry geometry() {
        int[] kernel = layerConf().getKernelSize();
        int[] stride = layerConf().getStride();
        int[] dilation = layerConf().getDilation();
        boolean same = convolutionMode == ConvolutionMode.Same;
        int[] pad;
        int[] out;
        if (same) {
            out = ConvolutionUtils.getOutputSize(input, kernel, stride, null, convolutionMode, dilation,
                    CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {(int) input.size(2), (int) input.size(3)},
                    kernel, stride, dilation);
        } else {
            pad = layerConf().getPadding();
            out = ConvolutionUtils.getOutputSize(input, kernel, stride, pad, convolutionMode, dilation,
                    CNN2DFormat.NCHW);
        }
        return new Geometry(kernel, stride, dilation, pad, out[0], out[1], same);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        prepareInput();
        if (!training) {
            INDArray cols = columns(ArrayType.FF_WORKING_MEM, workspaceMgr);
            return layerConf().getActivationFn().getActivation(byColumns(cols, false, workspaceMgr), false);
        }
        // the patches and the pre-activation output stay for the backward pass, as activations: they live as
        // long as this layer's input does
        INDArray cols = columns(ArrayType.ACTIVATIONS, workspaceMgr);
        INDArray z = byColumns(cols, true, workspaceMgr);
        cachedColumns = cols;
        cachedPreOutput = z;
        cachedFor = input;
        return layerConf().getActivationFn().getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z), true);
    }

    private void prepareInput() {
        validateInputRank();
        input = input.castTo(dataType);
        validateInputDepth(layerConf().getNIn());
    }

    /** The input's patches, [batch, in, kH, kW, outH, outW], C order, through libnd4j's im2col op. */
    private INDArray columns(ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        Geometry g = geometry();
        INDArray cols = workspaceMgr.createUninitialized(type, dataType, new long[] {input.size(0), input.size(1),
                g.kernel()[0], g.kernel()[1], g.outH(), g.outW()}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(input).addOutputs(cols)
                .addIntegerArguments(g.kernel()[0], g.kernel()[1], g.stride()[0], g.stride()[1], g.pad()[0],
                        g.pad()[1], g.dilation()[0], g.dilation()[1], g.same() ? 1 : 0)
                .addFloatingPointArguments(0.0).build());
        return cols;
    }

    /** Pre-activation output from the patches: per example z_n = W · cols_n, plus the bias per channel. */
    private INDArray byColumns(INDArray cols, boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray w2d = RowMajorGemm.contiguous(w) ? w : w.dup('c');
        int batch = (int) cols.size(0);
        int outC = (int) w.size(0);
        long rows = cols.size(1) * cols.size(2) * cols.size(3);
        long spatial = cols.size(4) * cols.size(5);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {batch, outC, cols.size(4), cols.size(5)}, 'c');
        RowMajorGemm.run(batch, false, false, outC, (int) spatial, (int) rows, w2d, 0, cols, rows * spatial, z,
                (long) outC * spatial, 0.0, 0.0);
        if (hasBias()) {
            INDArray b = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
            Nd4j.exec(new BroadcastAddOp(z, b.reshape(outC), z, 1));
        }
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        boolean cached = cachedPreOutput != null && cachedFor == input;
        INDArray cols = cached ? cachedColumns : null;
        INDArray z = cached ? cachedPreOutput : null;
        cachedPreOutput = null;
        cachedColumns = null;
        cachedFor = null;
        if (cols == null) {
            prepareInput();
            cols = columns(ArrayType.BP_WORKING_MEM, workspaceMgr);
        }
        if (z == null) {
            z = byColumns(cols, true, workspaceMgr);
        }
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        Geometry g = geometry();
        int batch = (int) input.size(0);
        int inC = (int) w.size(1);
        int outC = (int) w.size(0);
        int inH = (int) input.size(2);
        int inW = (int) input.size(3);
        long spatial = (long) g.outH() * g.outW();
        long rows = (long) inC * g.kernel()[0] * g.kernel()[1];

        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        if (!RowMajorGemm.contiguous(delta)) {
            delta = delta.dup('c');
        }
        // per example n: dW += delta_n · cols_nᵀ, with delta_n [out, spatial] and cols_n [rows, spatial]
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        RowMajorGemm.run(batch, false, true, outC, (int) rows, (int) spatial, delta, (long) outC * spatial,
                cols, rows * spatial, weightGrad, 0, 0.0, 1.0);
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            delta.reshape('c', batch, outC, spatial).sum(biasGrad.reshape(outC), 0, 2);
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        weightNoiseParams.clear();
        InputGradient.Mode mode = InputGradient.forLayer(getIndex());
        if (mode == InputGradient.Mode.UNUSED) {
            return new Pair<>(gradient, null);
        }
        if (mode == InputGradient.Mode.PLACEHOLDER) {
            return new Pair<>(gradient, workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                    new long[] {batch, inC, inH, inW}, 'c'));
        }
        // per example n: dCols_n = Wᵀ · delta_n, [rows, spatial], which col2im folds back onto the input
        INDArray w2d = RowMajorGemm.contiguous(w) ? w : w.dup('c');
        INDArray colGrad = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, cols.shape(), 'c');
        RowMajorGemm.run(batch, true, false, (int) rows, (int) spatial, outC, w2d, 0, delta, (long) outC * spatial,
                colGrad, rows * spatial, 0.0, 0.0);
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {batch, inC, inH, inW}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("col2im").addInputs(colGrad).addOutputs(epsNext)
                .addIntegerArguments(g.stride()[0], g.stride()[1], g.pad()[0], g.pad()[1], inH, inW,
                        g.dilation()[0], g.dilation()[1], 0)
                .build());
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }

    @Override
    public void clear() {
        super.clear();
        cachedPreOutput = null;
        cachedColumns = null;
        cachedFor = null;
    }
}
