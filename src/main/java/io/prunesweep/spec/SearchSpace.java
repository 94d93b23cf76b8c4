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
 * @param rounds           rounds of the iterative and lottery schedules, &ge; 1
 * @param nm               N:M pattern used by granularity nm
 * @param block            block shape used by granularity block
 * @param budgets          resource budgets ({@code space.budget}); each one becomes budget candidates (see
 *                         {@link SweepSpec#candidates()}); may be empty. With budgets, sparsities may be empty.
 */
public record SearchSpace(List<CriterionKind> criteria, List<Granularity> granularities, List<Scope> scopes,
        List<Double> sparsities, List<ScheduleKind> schedules, List<Integer> fineTuneEpochs,
        List<Double> learningRates, int batchSize, boolean pruneOutputLayer, double maxLayerSparsity, int rounds,
        NmPattern nm, BlockShape block, List<Budget> budgets) implements Serializable {

    /** Default of {@code space.rounds}. */
    public static final int DEFAULT_ROUNDS = 3;

    private static final long serialVersionUID = 1L;

    public SearchSpace {
        criteria = distinct("criterion", criteria);
        granularities = distinct("granularity", granularities);
        scopes = distinct("scope", scopes);
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
        if (new HashSet<>(budgets).size() != budgets.size()) {
            throw new IllegalArgumentException("duplicate budget value");
        }
        // -0.0 and 0.0 are the same sparsity (and the same canonical text, hence the same candidate id)
        sparsities = budgets.isEmpty() || (sparsities != null && !sparsities.isEmpty())
                ? distinct("sparsity", plusZero(sparsities)) : List.of();
        schedules = distinct("schedule", schedules);
        fineTuneEpochs = distinct("fineTuneEpochs", fineTuneEpochs);
        learningRates = distinct("learningRate", plusZero(learningRates));
        sparsities.forEach(Limits::sparsity);
        fineTuneEpochs.forEach(Limits::fineTuneEpochs);
        learningRates.forEach(Limits::learningRate);
        Limits.batchSize(batchSize);
        Limits.maxLayerSparsity(maxLayerSparsity);
        Limits.rounds(rounds);
        Objects.requireNonNull(nm, "nm");
        Objects.requireNonNull(block, "block");
    }

    /** A space without budgets. */
    public SearchSpace(List<CriterionKind> criteria, List<Granularity> granularities, List<Scope> scopes,
            List<Double> sparsities, List<ScheduleKind> schedules, List<Integer> fineTuneEpochs,
            List<Double> learningRates, int batchSize, boolean pruneOutputLayer, double maxLayerSparsity, int rounds,
            NmPattern nm, BlockShape block) {
        this(criteria, granularities, scopes, sparsities, schedules, fineTuneEpochs, learningRates, batchSize,
                pruneOutputLayer, maxLayerSparsity, rounds, nm, block, List.of());
    }

    /** A space with the default rounds (3), N:M pattern (2:4) and block shape (4x1). */
    public SearchSpace(List<CriterionKind> criteria, List<Granularity> granularities, List<Scope> scopes,
            List<Double> sparsities, List<ScheduleKind> schedules, List<Integer> fineTuneEpochs,
            List<Double> learningRates, int batchSize, boolean pruneOutputLayer, double maxLayerSparsity) {
        this(criteria, granularities, scopes, sparsities, schedules, fineTuneEpochs, learningRates, batchSize,
                pruneOutputLayer, maxLayerSparsity, DEFAULT_ROUNDS, NmPattern.DEFAULT, BlockShape.DEFAULT);
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

    /**
     * Number of configurations in the grid. Granularity nm contributes one scope and one sparsity: its
     * sparsity is implied by the pattern and it ignores scope (see {@link #grid()}).
     */
    public long size() {
        long perCriterion = 0;
        for (Granularity g : granularities) {
            perCriterion += g == Granularity.NM ? 1 : (long) scopes.size() * sparsities.size();
        }
        return criteria.size() * perCriterion * schedules.size() * fineTuneEpochs.size() * learningRates.size();
    }

    /**
     * The budget candidates: for each criterion, budget, schedule, fine-tune epochs and learning rate (in that
     * nesting), a configuration of the given granularity (the sensitivity table's), scope layer and sparsity 0.
     */
    public List<CandidateConfig> budgetGrid(SensitivitySettings sensitivity) {
        Granularity granularity = sensitivity.granularity();
        List<CandidateConfig> out = new ArrayList<>();
        for (CriterionKind c : criteria) {
            for (Budget b : budgets) {
                for (ScheduleKind sch : schedules) {
                    for (int ep : fineTuneEpochs) {
                        for (double lr : learningRates) {
                            out.add(new CandidateConfig(c, granularity, Scope.LAYER, 0, sch,
                                    sch.usesRounds() ? rounds : 1, ep, lr, batchSize, pruneOutputLayer,
                                    maxLayerSparsity, null, null, b.bound(sensitivity)));
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Every configuration: criterion outermost, then granularity, scope, sparsity, schedule,
     * fine-tune epochs and learning rate innermost, each in list order. Values a configuration does not
     * use are normalised so they never produce duplicate candidates: rounds is 1 for schedules without
     * rounds; for granularity nm the sparsity is the pattern's 1 − N/M and the scope is layer (the spec's
     * sparsity and scope lists do not apply to nm, which yields one configuration per criterion, schedule,
     * epochs and learning rate).
     */
    public List<CandidateConfig> grid() {
        if (size() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("search space too large to enumerate: " + size());
        }
        java.util.LinkedHashSet<CandidateConfig> out = new java.util.LinkedHashSet<>();
        for (CriterionKind c : criteria) {
            for (Granularity g : granularities) {
                boolean isNm = g == Granularity.NM;
                for (Scope sc0 : scopes) {
                    Scope sc = isNm ? Scope.LAYER : sc0;
                    // nm ignores the sparsity list, which a budget-only space may leave empty
                    for (double sp0 : isNm ? List.of(nm.sparsity()) : sparsities) {
                        double sp = isNm ? nm.sparsity() : sp0;
                        for (ScheduleKind sch : schedules) {
                            for (int ep : fineTuneEpochs) {
                                for (double lr : learningRates) {
                                    out.add(new CandidateConfig(c, g, sc, sp, sch, sch.usesRounds() ? rounds : 1,
                                            ep, lr, batchSize, pruneOutputLayer, maxLayerSparsity,
                                            isNm ? nm : null, g == Granularity.BLOCK ? block : null));
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
                + ";maxLayerSparsity=" + Canon.num(maxLayerSparsity)
                + ";rounds=" + rounds
                + ";nm=" + nm.id()
                + ";block=" + block.id()
                + (budgets.isEmpty() ? "" : ";budget=" + join(budgets, Budget::id));
    }

    private static <E> String join(List<E> values, Function<E, String> render) {
        return values.stream().map(render).collect(Collectors.joining(",", "[", "]"));
    }

    /** Adding 0.0 turns -0.0 into 0.0 and leaves every other value (and nulls, rejected later) alone. */
    private static List<Double> plusZero(List<Double> values) {
        return values == null ? null : values.stream().map(v -> v == null ? null : v + 0.0).toList();
    }
}
