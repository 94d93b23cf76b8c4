package io.prunesweep.prune;

import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What a criterion may look at: the network, the candidate seed, and for data-driven criteria a few
 * minibatches. Weight copies and Taylor statistics are computed lazily and cached, so scoring every layer
 * costs one pass.
 */
public final class ScoringContext {
    /** Minibatches the Taylor criterion averages over. */
    public static final int TAYLOR_BATCHES = 8;

    private final Net net;
    private final long seed;
    private final List<DataSet> batches;
    private final Map<String, float[]> weights = new HashMap<>();
    private Map<String, List<float[]>> taylor;

    /**
     * @param net     the network being pruned (not modified)
     * @param seed    candidate seed, for the random criterion
     * @param batches minibatches for the Taylor criterion (may be empty when no data-driven criterion is used)
     */
    public ScoringContext(Net net, long seed, List<DataSet> batches) {
        this.net = net;
        this.seed = seed;
        this.batches = List.copyOf(batches);
    }

    /**
     * The minibatches a criterion needs: the first {@link #TAYLOR_BATCHES} of {@code train} for the Taylor
     * criterion, none for the weight-only criteria (which then never touch the data).
     */
    public static List<DataSet> batchesFor(CriterionKind criterion,
                                           DataSetIterator train) {
        List<DataSet> out = new ArrayList<>();
        if (criterion == CriterionKind.TAYLOR) {
            for (int i = 0; i < TAYLOR_BATCHES && train.hasNext(); i++) {
                out.add(train.next());
            }
        }
        return out;
    }

    /** The network. */
    public Net net() {
        return net;
    }

    /** The minibatches the Taylor criterion averages over (empty for the weight-only criteria). */
    public List<DataSet> batches() {
        return batches;
    }

    /** The candidate seed. */
    public long seed() {
        return seed;
    }

    /** A C-order copy of a parameter. */
    public float[] weights(String key) {
        return weights.computeIfAbsent(key, k -> param(k).dup('c').data().asFloat());
    }

    /** A parameter's shape. */
    public long[] shape(String key) {
        return param(key).shape();
    }

    private INDArray param(String key) {
        INDArray p = net.param(key);
        if (p == null) {
            throw new PruneException("the model has no parameter " + key);
        }
        return p;
    }

    /**
     * Per minibatch, the element-wise product w · ∂L/∂w of a parameter (C order). The gradient is computed
     * with {@code computeGradientAndScore}, which does not update the weights: scoring never changes the model.
     */
    public List<float[]> taylorProducts(String key) {
        if (taylor == null) {
            if (batches.isEmpty()) {
                throw new PruneException("the taylor criterion needs training minibatches, none were given");
            }
            taylor = new HashMap<>();
            for (DataSet b : batches) {
                Gradient g = net.gradient(b);
                for (Map.Entry<String, INDArray> e : g.gradientForVariable().entrySet()) {
                    // weights: every layer's _W, and a separable convolution's pointwise _pW (pruned element-wise too)
                    if (!e.getKey().endsWith("_W") && !e.getKey().endsWith("_pW")) {
                        continue;
                    }
                    float[] grad = e.getValue().dup('c').data().asFloat();
                    float[] w = weights(e.getKey());
                    // DL4J's raw gradients are minibatch sums (the updater divides later): make them means
                    float inv = 1f / b.numExamples();
                    float[] prod = new float[w.length];
                    for (int i = 0; i < w.length; i++) {
                        prod[i] = w[i] * grad[i] * inv;
                    }
                    taylor.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(prod);
                }
            }
            net.clear();
        }
        List<float[]> p = taylor.get(key);
        if (p == null) {
            throw new PruneException("no gradient for parameter " + key);
        }
        return p;
    }
}
