package io.prunesweep.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Scores the units of a {@link UnitGroup}, one score per unit, higher meaning more important. A unit is
 * scored over everything that is removed with it, because that is what removing it costs:
 * <ul>
 *   <li>{@code l1} = Σ|w| and {@code l2} = √Σw² over the unit's slices of every weight array in the group
 *       (its filters or columns in every producer, its depthwise filters, and the weights of every layer
 *       that reads it); biases and batch-norm values are not weights and are left out. A residual unit
 *       thus sums over all branches that write it and all layers that read it.</li>
 *   <li>{@code magnitude} = that L1 divided by the number of weights it covers (mean |w|), so that groups of
 *       different fan-in, fan-out and branch count compare fairly under global scope, as the neuron and
 *       channel magnitude of {@code io.prunesweep.prune.NormCriterion} does for one layer.</li>
 *   <li>{@code taylor} = per minibatch |Σ w·∂L/∂w| over the unit's slices in every layer that reads it,
 *       averaged over minibatches: the first-order change of the loss when the unit is zeroed wherever it is
 *       read (Molchanov et al. 2017, computed from weight gradients as {@code TaylorCriterion} explains).
 *       Only readers count: the producers and depthwise filters lie upstream on the same path, and adding
 *       them would count the same change twice.</li>
 *   <li>{@code bn} = Σ|γ| over the batch norms in the group (Liu et al. 2017, "Network Slimming"): after batch
 *       normalisation a channel's scale is γ alone, whereas the filter's norm is normalised away. A residual
 *       unit sums the γ of every branch. A group without batch norm cannot be scored so.</li>
 * </ul>
 */
public enum GroupCriterion {
    /** Mean |w| over the unit's weights. */
    MAGNITUDE,
    /** Σ|w| over the unit's weights. */
    L1,
    /** √Σw² over the unit's weights. */
    L2,
    /** First-order Taylor estimate of the loss change, from the readers' weight gradients. */
    TAYLOR,
    /** Σ|γ| of the unit's batch norms. */
    BN;

    /** The lower-case id used in specs and reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The criterion with the given id. */
    public static GroupCriterion of(String id) {
        for (GroupCriterion c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown group criterion '" + id + "'; allowed: magnitude, l1, l2, "
                + "taylor, bn");
    }

    /** Whether scoring needs {@link #taylorProducts}. */
    public boolean needsGradients() {
        return this == TAYLOR;
    }

    /**
     * One score per unit of {@code g}.
     *
     * @param products per minibatch, w·∂L/∂w of every parameter ({@link #taylorProducts}); only for
     *                 {@link #TAYLOR}, may be empty otherwise
     */
    public float[] score(Model net, UnitGroup g, List<Map<String, INDArray>> products) {
        float[] s = new float[g.width()];
        switch (this) {
            case MAGNITUDE, L1, L2 -> {
                double[] acc = new double[g.width()];
                long[] count = new long[g.width()];
                for (Member m : g.members()) {
                    if (!isWeight(m)) {
                        continue;
                    }
                    INDArray p = own(net, m.param());
                    for (int u = m.firstUnit(); u < m.firstUnit() + m.units(); u++) {
                        INDArray v = m.view(p, u);
                        acc[u] += this == L2 ? v.norm2Number().doubleValue() * v.norm2Number().doubleValue()
                                : v.norm1Number().doubleValue();
                        count[u] += v.length();
                    }
                }
                for (int u = 0; u < s.length; u++) {
                    s[u] = (float) switch (this) {
                        case L2 -> Math.sqrt(acc[u]);
                        case L1 -> acc[u];
                        default -> count[u] == 0 ? 0 : acc[u] / count[u];
                    };
                }
            }
            case TAYLOR -> {
                if (products.isEmpty()) {
                    throw new GraphException("the taylor criterion needs gradients of at least one minibatch");
                }
                for (Map<String, INDArray> batch : products) {
                    double[] sum = new double[g.width()];
                    for (Member m : g.members(Role.INPUT)) {
                        INDArray p = batch.get(m.param());
                        for (int u = m.firstUnit(); u < m.firstUnit() + m.units(); u++) {
                            sum[u] += m.view(p, u).sumNumber().doubleValue();
                        }
                    }
                    for (int u = 0; u < s.length; u++) {
                        s[u] += (float) (Math.abs(sum[u]) / products.size());
                    }
                }
            }
            case BN -> {
                boolean any = false;
                for (Member m : g.members(Role.NORM)) {
                    if (m.param().endsWith("_gamma")) {
                        any = true;
                        INDArray p = own(net, m.param());
                        for (int u = m.firstUnit(); u < m.firstUnit() + m.units(); u++) {
                            s[u] += m.view(p, u).norm1Number().floatValue();
                        }
                    }
                }
                if (!any) {
                    throw new GraphException("the bn criterion scores batch-norm scales, and group " + g.id() + " '"
                            + g.name() + "' has no batch norm with a learned gamma");
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return s;
    }

    /** A copy of a parameter: ND4J 1.0.0-M2.1 returns empty sub-arrays of the views a trained network holds. */
    private static INDArray own(Model net, String key) {
        return net.getParam(key).dup();
    }

    private static boolean isWeight(Member m) {
        return m.role() != Role.NORM && (m.param().endsWith("_W") || m.param().endsWith("_pW"));
    }

    /**
     * Per minibatch, w·∂L/∂w of every parameter, the gradient being the minibatch mean (DL4J's raw gradients
     * are sums over the minibatch). The network's parameters are not changed.
     */
    public static List<Map<String, INDArray>> taylorProducts(Model net, List<DataSet> batches) {
        List<Map<String, INDArray>> out = new ArrayList<>();
        for (DataSet b : batches) {
            if (net instanceof ComputationGraph cg) {
                cg.setInputs(b.getFeatures());
                cg.setLabels(b.getLabels());
                cg.computeGradientAndScore();
            } else if (net instanceof MultiLayerNetwork mln) {
                mln.setInput(b.getFeatures());
                mln.setLabels(b.getLabels());
                mln.computeGradientAndScore();
            } else {
                throw new GraphException("cannot compute gradients of a " + net.getClass().getSimpleName());
            }
            Map<String, INDArray> products = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : net.gradient().gradientForVariable().entrySet()) {
                INDArray w = net.getParam(e.getKey());
                products.put(e.getKey(), e.getValue().mul(w).divi(b.numExamples()));
            }
            out.add(products);
        }
        return out;
    }
}
