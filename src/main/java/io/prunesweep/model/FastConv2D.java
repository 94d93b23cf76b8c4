package io.prunesweep.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution with exactly the configuration, parameters and semantics of DL4J's
 * {@link ConvolutionLayer} (kernel, stride, padding, convolution mode, dilation, activation, weight init;
 * weights {@code [out, in, kH, kW]}, bias {@code [1, out]}, the same parameter initialiser), computed through
 * libnd4j's native ops and BLAS instead of DL4J's layer code: the forward pass (training and inference) by
 * {@code im2col} and per-example BLAS products, the backward pass by the same patches, BLAS and {@code col2im}
 * (see {@link FastConv2DLayer} for why).
 *
 * <p>It is a subclass only so that everything DL4J derives from a convolution configuration (output type,
 * preprocessors, memory report, {@code setNIn}/{@code setNOut}, cloning, JSON) stays identical; code that
 * treats convolutions by exact class must name this class too. Serialised models record the class name, so
 * a saved model reloads with the same layer.
 */
public class FastConv2D extends ConvolutionLayer {

    /** For JSON deserialisation only. */
    protected FastConv2D() {
    }

    private FastConv2D(Builder builder) {
        super(builder);
    }

    /**
     * The same layer configuration as {@code conv}, computed through the native ops. Copies every field,
     * including nIn/nOut, activation, weight init, updater and regularisation, through a clone of {@code conv}.
     */
    public static FastConv2D of(ConvolutionLayer conv) {
        if (conv.getClass() != ConvolutionLayer.class && conv.getClass() != FastConv2D.class) {
            throw new ModelException("FastConv2D replaces a plain ConvolutionLayer, not a "
                    + conv.getClass().getSimpleName());
        }
        return FastLayers.convert(conv, FastConv2D.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return FastLayers.instantiate(this, "FastConv2D", conf, listeners, layerIndex, layerParamsView, initializeParams,
                networkDataType, FastConv2DLayer::new);
    }

    /** DL4J's description of the convolution, under this class's name. */
    @Override
    public String toString() {
        String s = super.toString();
        return s.startsWith("ConvolutionLayer") ? "FastConv2D" + s.substring("ConvolutionLayer".length()) : s;
    }

    /** Builds a {@link FastConv2D}; the same options as {@link ConvolutionLayer.Builder}. */
    public static final class Builder extends ConvolutionLayer.Builder {
        /** @param kernelSize kernel height and width */
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        @Override
        public FastConv2D build() {
            ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            return new FastConv2D(this);
        }
    }
}
