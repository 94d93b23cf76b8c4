package io.prunesweep.eval;

import io.prunesweep.model.FastConv2D;
import io.prunesweep.model.Net;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts forward-pass FLOPs per example, dense and with zero weights skipped.
 *
 * <p>Rules (a multiply–add counts as 2 FLOPs; biases, activations and pooling are ignored):
 * <ul>
 *   <li>{@code DenseLayer}, {@code OutputLayer}: dense = {@code 2·nIn·nOut},
 *       effective = {@code 2·nnz(W)}.</li>
 *   <li>{@code ConvolutionLayer} and {@link FastConv2D} (exactly these classes, not the 1-D/depthwise/
 *       separable/deconvolution subclasses): dense = {@code 2·out·in·kH·kW·outH·outW}, effective =
 *       {@code 2·nnz(W)·outH·outW}, where {@code outH × outW} is the layer's output size from
 *       {@code getLayerActivationTypes(inputType)}.</li>
 *   <li>{@code DepthwiseConvolution2D}, {@code SeparableConvolution2D}: each weight array (depthwise
 *       {@code W}, and a separable layer's pointwise {@code pW}) once per output position: dense =
 *       {@code 2·Σ|W|·outH·outW}, effective = {@code 2·Σnnz(W)·outH·outW}.</li>
 *   <li>{@code SubsamplingLayer}: 0 (pooling is ignored).</li>
 *   <li>Any other layer: 0, with a note in its {@link LayerFlops} saying it was not modelled.</li>
 * </ul>
 * In a {@code ComputationGraph} the same rules apply to every layer vertex, whose output size comes from
 * the graph's {@code getLayerActivationTypes(inputType)}. Vertices that are not layers (element-wise add,
 * concatenation, ...) get no entry: an add costs one FLOP per activation, like a bias, and a concatenation
 * only copies, and both are ignored as biases are.
 */
public final class FlopCounter {

    private FlopCounter() {
    }

    /** Total FLOPs of one forward pass of one example through {@code net}. */
    public static FlopStats count(Net net, InputType inputType) {
        FlopStats total = new FlopStats(0, 0);
        for (LayerFlops l : perLayer(net, inputType)) {
            total = total.plus(l.flops());
        }
        return total;
    }

    /**
     * FLOPs of each layer, in layer order.
     *
     * @param inputType the network input, e.g. from {@link #inputTypeFor}; needed to size conv outputs
     */
    public static List<LayerFlops> perLayer(Net net, InputType inputType) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(inputType, "inputType");
        Map<String, InputType> outputs = outputTypes(net, inputType);
        List<LayerFlops> out = new ArrayList<>();
        for (Net.Node node : net.layers()) {
            int i = node.index();
            Layer lc = node.layer();
            String name = LayerStats.layerName(lc, i);
            String type = lc.getClass().getSimpleName();
            INDArray w = net.layerParams(node.name()).get(DefaultParamInitializer.WEIGHT_KEY);
            FlopStats flops;
            String note = "";
            if (lc instanceof DenseLayer || lc instanceof OutputLayer) {
                flops = new FlopStats(2 * w.length(), 2 * ParamArrays.nonzero(w));
            } else if (lc.getClass() == ConvolutionLayer.class || lc.getClass() == FastConv2D.class) {
                long spatial = spatialSize(outputs.get(node.name()), i);
                flops = new FlopStats(Math.multiplyExact(2 * w.length(), spatial),
                        Math.multiplyExact(2 * ParamArrays.nonzero(w), spatial));
            } else if (lc instanceof DepthwiseConvolution2D || lc instanceof SeparableConvolution2D) {
                // every weight (depthwise W; a separable layer's pointwise pW too) is used once per output position
                long spatial = spatialSize(outputs.get(node.name()), i);
                long all = 0;
                long nonzero = 0;
                for (Map.Entry<String, INDArray> e : net.layerParams(node.name()).entrySet()) {
                    if (lc.initializer().isWeightParam(lc, e.getKey())) {
                        all += e.getValue().length();
                        nonzero += ParamArrays.nonzero(e.getValue());
                    }
                }
                flops = new FlopStats(Math.multiplyExact(2 * all, spatial), Math.multiplyExact(2 * nonzero, spatial));
            } else if (lc instanceof SubsamplingLayer) {
                flops = new FlopStats(0, 0);
            } else {
                flops = new FlopStats(0, 0);
                note = "FLOPs of " + type + " not modelled; counted as 0";
            }
            out.add(new LayerFlops(i, name, type, flops, note));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The input type matching an example of {@code height × width × channels} values: a flattened
     * image ({@code InputType.convolutionalFlat(height, width, channels)}) when the first layer is a
     * convolution or subsampling layer, otherwise {@code InputType.feedForward(height·width·channels)}.
     * For a plain feature vector of {@code n} values pass {@code (1, n, 1)}.
     *
     * @throws IllegalArgumentException if a dimension is not positive, or the first layer is a
     *     feed-forward layer whose {@code nIn} differs from {@code height·width·channels}
     */
    public static InputType inputTypeFor(Net net, int height, int width, int channels) {
        Objects.requireNonNull(net, "net");
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("dimensions must be > 0: " + height + "x" + width + "x" + channels);
        }
        Layer first = net.layers().get(0).layer();
        if (first instanceof ConvolutionLayer || first instanceof SubsamplingLayer) {
            return InputType.convolutionalFlat(height, width, channels);
        }
        long size = (long) height * width * channels;
        if (first instanceof FeedForwardLayer ff && ff.getNIn() != size) {
            throw new IllegalArgumentException("first layer expects nIn=" + ff.getNIn() + " but input has " + size);
        }
        return InputType.feedForward(size);
    }

    /** The output type of every node, by node name. */
    private static Map<String, InputType> outputTypes(Net net, InputType inputType) {
        if (net instanceof Net.Graph g) {
            // a forward pass over the types, as DL4J's getLayerActivationTypes does, but without its side effects
            // (it adds preprocessors and sets nIn in the configuration, which would change the model's fingerprint)
            List<String> inputs = g.network().getConfiguration().getNetworkInputs();
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("FLOPs are counted for graphs with one input, this one has "
                        + inputs);
            }
            Map<String, InputType> out = new HashMap<>();
            out.put(inputs.get(0), inputType);
            int layer = -1;
            for (Net.Node n : net.nodes()) {
                InputType[] in = n.inputs().stream().map(out::get).toArray(InputType[]::new);
                layer += n.isLayer() ? 1 : 0;
                out.put(n.name(), n.vertex().getOutputType(layer, in));
            }
            return out;
        }
        MultiLayerConfiguration conf = ((Net.Chain) net).network().getLayerWiseConfigurations();
        List<InputType> types = conf.getLayerActivationTypes(effectiveInput(conf, inputType));
        Map<String, InputType> out = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            out.put(String.valueOf(i), types.get(i));
        }
        return out;
    }

    /**
     * A network configured without {@code setInputType} has no preprocessor to unflatten a
     * flat image, and a conv layer rejects a flat input type; unflatten it ourselves then.
     */
    private static InputType effectiveInput(MultiLayerConfiguration conf, InputType in) {
        if (in instanceof InputType.InputTypeConvolutionalFlat flat && conf.getInputPreProcess(0) == null) {
            return flat.getUnflattenedType();
        }
        return in;
    }

    private static long spatialSize(InputType t, int index) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return Math.multiplyExact(c.getHeight(), c.getWidth());
        }
        throw new IllegalArgumentException("layer " + index + " output is not convolutional: " + t);
    }
}
