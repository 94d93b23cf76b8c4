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
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer a {@link FastConv2D} configuration instantiates: DL4J's convolution layer with its forward and
 * backward passes replaced by libnd4j ops. NHWC configurations keep DL4J's own code.
 *
 * <p>Forward: the {@code conv2d} op, reading the {@code [out, in, kH, kW]} weights in place (weight format
 * OIYX), then the activation. Backward: {@code conv2d_bp} of nd4j-native 1.0.0-M2.1 is about as slow as
 * DL4J's layer ({@code io.prunesweep.perf.ConvPathProbe} measures both), so the gradients are built from
 * {@code im2col} into a contiguous {@code [batch, in·kH·kW, outH·outW]} buffer, one BLAS product per example
 * for the weight gradient and for the input-gradient columns, and {@code col2im}. A single large product
 * would need the columns transposed to {@code [in·kH·kW, batch·outH·outW]}, and both libnd4j's
 * {@code im2col} into that layout and ND4J's strided copy into it cost more than the per-example calls.
 *
 * <p>In training the pre-activation output is kept from the forward pass for the backward pass (DL4J's
 * layer computes it twice). It is allocated as an activation, so it lives exactly as long as this layer's
 * input, and it is only used when the backward pass sees the very input it was computed from.
 */
public class FastConv2DLayer extends ConvolutionLayer {
    private transient INDArray cachedPreOutput;
    private transient INDArray cachedFor;

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
        INDArray z = preOutputFast(training, workspaceMgr);
        INDArray out;
        if (training) {
            cachedPreOutput = z;
            cachedFor = input;
            out = workspaceMgr.dup(ArrayType.ACTIVATIONS, z);
        } else {
            out = z;
        }
        return layerConf().getActivationFn().getActivation(out, training);
    }

    private INDArray preOutputFast(boolean training, LayerWorkspaceMgr workspaceMgr) {
        validateInputRank();
        input = input.castTo(dataType);
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        validateInputDepth(w.size(1));
        Geometry g = geometry();
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {input.size(0), w.size(0), g.outH(), g.outW()}, 'c');
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (hasBias()) {
            INDArray b = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
            op.addInputs(input, w, b.reshape(b.length()));
        } else {
            op.addInputs(input, w);
        }
        // kH kW sH sW pH pW dH dW, padding mode (0 explicit, 1 same), data format (0 NCHW), weights (1 OIYX)
        op.addIntegerArguments(g.kernel()[0], g.kernel()[1], g.stride()[0], g.stride()[1], g.pad()[0], g.pad()[1],
                g.dilation()[0], g.dilation()[1], g.same() ? 1 : 0, 0, 1);
        Nd4j.exec(op.addOutputs(z).build());
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray z = cachedPreOutput != null && cachedFor == input ? cachedPreOutput : preOutputFast(true, workspaceMgr);
        cachedPreOutput = null;
        cachedFor = null;
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        Geometry g = geometry();
        int batch = (int) input.size(0);
        int inC = (int) w.size(1);
        int outC = (int) w.size(0);
        int kH = g.kernel()[0];
        int kW = g.kernel()[1];
        int inH = (int) input.size(2);
        int inW = (int) input.size(3);
        long spatial = (long) g.outH() * g.outW();
        long rows = (long) inC * kH * kW;

        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray delta3 = (delta.ordering() == 'c' && delta.elementWiseStride() == 1 ? delta : delta.dup('c'))
                .reshape('c', batch, outC, spatial);

        INDArray cols = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {batch, inC, kH, kW, g.outH(), g.outW()}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(input).addOutputs(cols)
                .addIntegerArguments(kH, kW, g.stride()[0], g.stride()[1], g.pad()[0], g.pad()[1],
                        g.dilation()[0], g.dilation()[1], g.same() ? 1 : 0)
                .addFloatingPointArguments(0.0).build());
        INDArray cols3 = cols.reshape('c', batch, rows, spatial);

        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray weightGrad2d = weightGrad.reshape('c', outC, rows);
        INDArray w2d = w.reshape('c', outC, rows);
        INDArray colGrad = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {batch, inC, kH, kW, g.outH(), g.outW()}, 'c');
        INDArray colGrad3 = colGrad.reshape('c', batch, rows, spatial);
        for (int n = 0; n < batch; n++) {
            INDArray dn = delta3.slice(n);
            // dW += delta_n · cols_nᵀ ; dCols_n = Wᵀ · delta_n
            Nd4j.gemm(dn, cols3.slice(n), weightGrad2d, false, true, 1.0, n == 0 ? 0.0 : 1.0);
            Nd4j.gemm(w2d, dn, colGrad3.slice(n), true, false, 1.0, 0.0);
        }
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[] {batch, inC, inH, inW}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("col2im").addInputs(colGrad).addOutputs(epsNext)
                .addIntegerArguments(g.stride()[0], g.stride()[1], g.pad()[0], g.pad()[1], inH, inW,
                        g.dilation()[0], g.dilation()[1], 0)
                .build());

        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            delta3.sum(biasGrad.reshape(outC), 0, 2);
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }

    @Override
    public void clear() {
        super.clear();
        cachedPreOutput = null;
        cachedFor = null;
    }
}
