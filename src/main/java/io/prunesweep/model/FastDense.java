package io.prunesweep.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected layer with exactly the configuration, parameters and semantics of DL4J's
 * {@link DenseLayer} (nIn, nOut, activation, weight init, bias, layer norm, dropout, updater, regularisation;
 * weights {@code [in, out]} and bias {@code [1, out]} as F-order views of the flat parameter vector, the same
 * parameter initialiser), computed by {@link FastDenseLayer}: the products go straight to the BLAS that ND4J
 * loads, and a training forward pass keeps its pre-activation for the backward pass, which DL4J's layer
 * recomputes (a fourth product per layer and step).
 *
 * <p>It is a subclass only so that everything DL4J derives from a dense configuration (output type,
 * preprocessors, memory report, {@code setNIn}/{@code setNOut}, cloning, JSON) stays identical; code that
 * treats dense layers by exact class must name this class too. Serialised models record the class name, so
 * a saved model reloads with the same layer.
 */
public class FastDense extends DenseLayer {

    /** For JSON deserialisation; build one with {@link #of(DenseLayer)}. */
    public FastDense() {
    }

    /**
     * The same layer configuration as {@code dense}, computed by {@link FastDenseLayer}. Copies every field,
     * including nIn/nOut, activation, weight init, bias and layer-norm flags, updater and regularisation,
     * through a clone of {@code dense}.
     */
    public static FastDense of(DenseLayer dense) {
        if (dense.getClass() != DenseLayer.class && dense.getClass() != FastDense.class) {
            throw new ModelException("FastDense replaces a plain DenseLayer, not a "
                    + dense.getClass().getSimpleName());
        }
        return FastLayers.convert(dense, FastDense.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return FastLayers.instantiate(this, "FastDense", conf, listeners, layerIndex, layerParamsView, initializeParams,
                networkDataType, FastDenseLayer::new);
    }

    /** DL4J's description of the layer, under this class's name. */
    @Override
    public String toString() {
        String s = super.toString();
        return s.startsWith("DenseLayer") ? "FastDense" + s.substring("DenseLayer".length()) : s;
    }
}
