package io.prunesweep.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The values a sweep tries for each configuration dimension; the grid is their cartesian product.
 * Lists must be non-empty and free of duplicates: a duplicate would create duplicate candidates.
 *
 * @param criteria         pruning criteria
 * @param granularities    pruning granularities
 * @param scopes           pruning scopes
 * @param sparsities       target sparsities, each in [0, 1)
 * @param schedules        pruning schedules
 * @param fineTuneEpochs   fine-tuning epochs, each &ge; 0
 * @param learningRates    fine-tuning learning rates, each &gt; 0
 * @param batchSize        fine-tuning batch size shared by all candidates, &ge; 1
 * @param pruneOutputLayer whether candidates may prune the output layer
 * @param maxLayerSparsity per-layer sparsity cap shared by all candidates, in (0, 1]
 */
public record SearchSpace(List<CriterionKind> criteria, List<Granularity> granularities, List<Scope> scopes,
        List<Double> sparsities, List<ScheduleKind> schedules, List<Integer> fineTuneEpochs,
        List<Double> learningRates, int batchSize, boolean pruneOutputLayer, double maxLayerSparsity)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public SearchSpace {
        criteria = distinct("criterion", criteria);
        granularities = distinct("granularity", granularities);
        scopes = distinct("scope", scopes);
        sparsities = distinct("sparsity", sparsities);
        schedules = distinct("schedule", schedules);
        fineTuneEpochs = distinct("fineTuneEpochs", fineTuneEpochs);
        learningRates = distinct("learningRate", learningRates);
        for (double s : sparsities) {
            if (!(s >= 0 && s < 1)) {
                throw new IllegalArgumentException("sparsity must be in [0, 1): " + s);
            }
        }
        for (int e : fineTuneEpochs) {
            if (e < 0) {
                throw new IllegalArgumentException("fineTuneEpochs must be >= 0: " + e);
            }
        }
        for (double lr : learningRates) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("learningRate must be > 0 and finite: " + lr);
            }
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (!(maxLayerSparsity > 0 && maxLayerSparsity <= 1)) {
            throw new IllegalArgumentException("maxLayerSparsity must be in (0, 1]: " + maxLayerSparsity);
        }
    }

    private static <E> List<E> distinct(String name, List<E> values) {
        Objects.requireNonNull(values, name);
        List<E> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " must list at least one value");
        }
        Set<E> seen = new HashSet<>();
        for (E v : copy) {
            if (!seen.add(v)) {
                throw new IllegalArgumentException("duplicate " + name + " value: " + v);
            }
        }
        return copy;
    }

    /** Number of configurations in the grid. */
    public long size() {
        return (long) criteria.size() * granularities.size() * scopes.size() * sparsities.size()
                * schedules.size() * fineTuneEpochs.size() * learningRates.size();
    }

    /**
     * Every configuration: criterion outermost, then granularity, scope, sparsity, schedule,
     * fine-tune epochs and learning rate innermost, each in list order.
     */
    public List<CandidateConfig> grid() {
        if (size() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("search space too large to enumerate: " + size());
        }
        List<CandidateConfig> out = new ArrayList<>((int) size());
        for (CriterionKind c : criteria) {
            for (Granularity g : granularities) {
                for (Scope sc : scopes) {
                    for (double sp : sparsities) {
                        for (ScheduleKind sch : schedules) {
                            for (int ep : fineTuneEpochs) {
                                for (double lr : learningRates) {
                                    out.add(new CandidateConfig(c, g, sc, sp, sch, ep, lr, batchSize,
                                            pruneOutputLayer, maxLayerSparsity));
                                }
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    String canonical() {
        return "criterion=" + join(criteria, CriterionKind::id)
                + ";granularity=" + join(granularities, Granularity::id)
                + ";scope=" + join(scopes, Scope::id)
                + ";sparsity=" + join(sparsities, Canon::num)
                + ";schedule=" + join(schedules, ScheduleKind::id)
                + ";fineTuneEpochs=" + join(fineTuneEpochs, String::valueOf)
                + ";learningRate=" + join(learningRates, Canon::num)
                + ";batchSize=" + batchSize
                + ";pruneOutputLayer=" + pruneOutputLayer
                + ";maxLayerSparsity=" + Canon.num(maxLayerSparsity);
    }

    private static <E> String join(List<E> values, Function<E, String> render) {
        return values.stream().map(render).collect(Collectors.joining(",", "[", "]"));
    }
}
