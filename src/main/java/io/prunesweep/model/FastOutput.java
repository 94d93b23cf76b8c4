package io.prunesweep.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output layer with exactly the configuration, parameters and arithmetic of DL4J's {@link OutputLayer} (nIn,
 * nOut, activation, loss function, weight init, bias, updater, regularisation; the same parameter views and
 * initialiser), computed by {@link FastOutputLayer}: a training step computes its pre-output once where DL4J's
 * layer computes it twice (for the gradient and again for the score), with DL4J's operations or BLAS calls that
 * give their values exactly, so training is bit for bit the same.
 *
 * <p>A subclass for the same reason as {@link FastDense}: everything DL4J derives from an output configuration
 * stays identical, and code that treats output layers by exact class names this class too. Serialised models
 * record the class name, so a saved model reloads with the same layer.
 */
public class FastOutput extends OutputLayer {

    /** For JSON deserialisation; build one with {@link #of(OutputLayer)}. */
    public FastOutput() {
    }

    /** The same layer configuration as {@code output} (every field, through a clone), computed by {@link FastOutputLayer}. */
    public static FastOutput of(OutputLayer output) {
        if (output.getClass() != OutputLayer.class && output.getClass() != FastOutput.class) {
            throw new ModelException("FastOutput replaces a plain OutputLayer, not a "
                    + output.getClass().getSimpleName());
        }
        return FastLayers.convert(output, FastOutput.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return FastLayers.instantiate(this, "FastOutput", conf, listeners, layerIndex, layerParamsView,
                initializeParams, networkDataType, FastOutputLayer::new);
    }

    /** DL4J's description of the layer, under this class's name. */
    @Override
    public String toString() {
        String s = super.toString();
        return s.startsWith("OutputLayer") ? "FastOutput" + s.substring("OutputLayer".length()) : s;
    }
}
