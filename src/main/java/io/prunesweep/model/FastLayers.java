package io.prunesweep.model;

import java.util.Collection;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/** What {@link FastDense} and {@link FastConv2D} share: converting a DL4J configuration and instantiating the layer. */
final class FastLayers {
    private FastLayers() {
    }

    /**
     * The same layer configuration as {@code layer} under class {@code as}: the configuration lives in fields of
     * the layer class and its superclasses, several without setters (and some builders' constructors are
     * private), so DL4J's own JSON mapper, the one copy that sees all of them, copies a clone of it.
     */
    static <T extends Layer> T convert(Layer layer, Class<T> as) {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        ObjectNode tree = mapper.valueToTree(layer.clone());
        tree.put("@class", as.getName());
        try {
            return as.cast(mapper.treeToValue(tree, Layer.class));
        } catch (JsonProcessingException e) {
            throw new ModelException("cannot convert layer " + layer.getLayerName() + " to " + as.getSimpleName()
                    + ": " + e.getMessage());
        }
    }

    /** DL4J's instantiation of a parameterised layer, with {@code make} building the layer object. */
    static org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.layers.FeedForwardLayer config,
                                                      String kind, NeuralNetConfiguration conf,
                                                      Collection<TrainingListener> listeners, int layerIndex,
                                                      INDArray layerParamsView, boolean initializeParams,
                                                      DataType networkDataType,
                                                      BiFunction<NeuralNetConfiguration, DataType, BaseLayer<?>> make) {
        LayerValidation.assertNInNOutSet(kind, config.getLayerName(), layerIndex, config.getNIn(), config.getNOut());
        BaseLayer<?> layer = make.apply(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(config.initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
