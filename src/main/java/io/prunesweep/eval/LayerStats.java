package io.prunesweep.eval;

import io.prunesweep.model.Net;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameter counts of one layer of a network.
 *
 * <p>{@code params}/{@code nonzero} cover every parameter array of the layer (weights, biases and
 * anything else such as batch-norm statistics). {@code weightParams}/{@code weightNonzero} cover only
 * the arrays DL4J's parameter initializer reports as weights (e.g. {@code W} of dense and convolution
 * layers), which are the ones pruning acts on.
 *
 * @param index         position of the layer in the network, from 0 (in a graph: of its node in topological
 *                      order, see {@link Net#nodes()})
 * @param name          DL4J layer name (DL4J names unnamed layers {@code layer<i>}), or the index if none
 * @param type          simple class name of the layer configuration, e.g. {@code DenseLayer}
 * @param params        number of parameters
 * @param nonzero       number of parameters that are not exactly zero
 * @param weightParams  number of weight parameters
 * @param weightNonzero number of weight parameters that are not exactly zero
 */
public record LayerStats(int index, String name, String type, long params, long nonzero,
                         long weightParams, long weightNonzero) {

    /** Validates counts: non-negative, non-zero counts bounded by totals, weights a subset of params. */
    public LayerStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0: " + index);
        }
        if (params < 0 || nonzero < 0 || weightParams < 0 || weightNonzero < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        if (nonzero > params) {
            throw new IllegalArgumentException("nonzero " + nonzero + " > params " + params);
        }
        if (weightNonzero > weightParams) {
            throw new IllegalArgumentException("weightNonzero " + weightNonzero + " > weightParams " + weightParams);
        }
        if (weightParams > params || weightNonzero > nonzero) {
            throw new IllegalArgumentException("weight counts must not exceed layer counts");
        }
    }

    /** Fraction of this layer's parameters that are zero, in [0, 1]; 0 for a layer without parameters. */
    public double sparsity() {
        return params == 0 ? 0.0 : 1.0 - (double) nonzero / params;
    }

    /** Fraction of this layer's weight parameters that are zero; 0 for a layer without weights. */
    public double weightSparsity() {
        return weightParams == 0 ? 0.0 : 1.0 - (double) weightNonzero / weightParams;
    }

    /** Counts for every layer of {@code net}, in layer order. The network is not modified. */
    public static List<LayerStats> of(Net net) {
        Objects.requireNonNull(net, "net");
        List<LayerStats> out = new ArrayList<>();
        for (Net.Node node : net.layers()) {
            int i = node.index();
            org.deeplearning4j.nn.conf.layers.Layer conf = node.layer();
            long params = 0;
            long nonzero = 0;
            long weightParams = 0;
            long weightNonzero = 0;
            for (Map.Entry<String, INDArray> e : net.layerParams(node.name()).entrySet()) {
                INDArray a = e.getValue();
                long nnz = ParamArrays.nonzero(a);
                params += a.length();
                nonzero += nnz;
                if (conf.initializer().isWeightParam(conf, e.getKey())) {
                    weightParams += a.length();
                    weightNonzero += nnz;
                }
            }
            out.add(new LayerStats(i, layerName(conf, i), conf.getClass().getSimpleName(),
                    params, nonzero, weightParams, weightNonzero));
        }
        return Collections.unmodifiableList(out);
    }

    static String layerName(org.deeplearning4j.nn.conf.layers.Layer conf, int index) {
        String n = conf.getLayerName();
        return n == null || n.isEmpty() ? String.valueOf(index) : n;
    }
}
