package io.prunesweep.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The values a sweep tries, grouped by meaning; the grid is their cartesian product. It is the spec's
 * {@code space} section, whose keys stay flat in the YAML: each group reads its own.
 *
 * @param method   how candidates decide what to cut (criterion, granularity, scope, nm, block)
 * @param target   how much they prune (sparsity, budget)
 * @param schedule when they prune (schedule, rounds)
 * @param fineTune how they are fine-tuned (fineTuneEpochs, learningRate, batchSize)
 * @param caps     what no candidate may prune beyond (pruneOutputLayer, maxLayerSparsity)
 */
public record SearchSpace(MethodSpace method, TargetSpace target, ScheduleSpace schedule, FineTuneSpace fineTune,
        Caps caps) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The keys of the spec's {@code space} section. */
    static final List<String> KEYS = List.of("criterion", "granularity", "scope", "sparsity", "schedule",
            "fineTuneEpochs", "learningRate", "batchSize", "pruneOutputLayer", "maxLayerSparsity", "rounds", "nm",
            "block", "budget");

    public SearchSpace {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(fineTune, "fineTune");
        Objects.requireNonNull(caps, "caps");
    }

    /** Reads the {@code space} section, each group its own keys (see theirs for the defaults). */
    static SearchSpace read(Section s) {
        MethodSpace method = MethodSpace.read(s);
        TargetSpace target = TargetSpace.read(s);
        ScheduleSpace schedule = ScheduleSpace.read(s);
        FineTuneSpace fineTune = FineTuneSpace.read(s);
        Caps caps = Caps.read(s);
        return new SearchSpace(method, target, schedule, fineTune, caps);
    }

    /**
     * Number of configurations in the grid. Granularity nm contributes one scope and one sparsity: its
     * sparsity is implied by the pattern and it ignores scope (see {@link #grid()}).
     */
    public long size() {
        long perCriterion = 0;
        for (Granularity g : method.granularities()) {
            perCriterion += g == Granularity.NM ? 1 : (long) method.scopes().size() * target.sparsities().size();
        }
        return method.criteria().size() * perCriterion * schedule.schedules().size() * fineTune.epochs().size()
                * fineTune.learningRates().size();
    }

    /**
     * The budget candidates: for each criterion, budget, schedule, fine-tune epochs and learning rate (in that
     * nesting), a configuration of the given granularity (the sensitivity table's), scope layer and sparsity 0.
     */
    public List<CandidateConfig> budgetGrid(SensitivitySettings sensitivity) {
        Granularity granularity = sensitivity.granularity();
        List<CandidateConfig> out = new ArrayList<>();
        for (CriterionKind c : method.criteria()) {
            for (Budget b : target.budgets()) {
                for (ScheduleKind sch : schedule.schedules()) {
                    for (int ep : fineTune.epochs()) {
                        for (double lr : fineTune.learningRates()) {
                            out.add(new CandidateConfig(new PruneMethod(c, granularity, Scope.LAYER),
                                    new PruneTarget(0, b.bound(sensitivity)), new Schedule(sch, schedule.roundsOf(sch)),
                                    new FineTune(ep, lr, fineTune.batchSize()), caps));
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
        NmPattern nm = method.nm();
        LinkedHashSet<CandidateConfig> out = new LinkedHashSet<>();
        for (CriterionKind c : method.criteria()) {
            for (Granularity g : method.granularities()) {
                boolean isNm = g == Granularity.NM;
                for (Scope sc0 : method.scopes()) {
                    Scope sc = isNm ? Scope.LAYER : sc0;
                    // nm ignores the sparsity list, which a budget-only space may leave empty
                    for (double sp : isNm ? List.of(nm.sparsity()) : target.sparsities()) {
                        for (ScheduleKind sch : schedule.schedules()) {
                            for (int ep : fineTune.epochs()) {
                                for (double lr : fineTune.learningRates()) {
                                    out.add(new CandidateConfig(new PruneMethod(c, g, sc, isNm ? nm : null,
                                            g == Granularity.BLOCK ? method.block() : null), new PruneTarget(sp),
                                            new Schedule(sch, schedule.roundsOf(sch)),
                                            new FineTune(ep, lr, fineTune.batchSize()), caps));
                                }
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Every value in a fixed layout (part of the spec hash: keep the order and spelling). */
    String canonical() {
        return "criterion=" + join(method.criteria(), CriterionKind::id)
                + ";granularity=" + join(method.granularities(), Granularity::id)
                + ";scope=" + join(method.scopes(), Scope::id)
                + ";sparsity=" + join(target.sparsities(), Canon::num)
                + ";schedule=" + join(schedule.schedules(), ScheduleKind::id)
                + ";fineTuneEpochs=" + join(fineTune.epochs(), String::valueOf)
                + ";learningRate=" + join(fineTune.learningRates(), Canon::num)
                + ";batchSize=" + fineTune.batchSize()
                + ";pruneOutputLayer=" + caps.pruneOutputLayer()
                + ";maxLayerSparsity=" + Canon.num(caps.maxLayerSparsity())
                + ";rounds=" + schedule.rounds()
                + ";nm=" + method.nm().id()
                + ";block=" + method.block().id()
                + (target.budgets().isEmpty() ? "" : ";budget=" + join(target.budgets(), Budget::id));
    }

    private static <E> String join(List<E> values, Function<E, String> render) {
        return values.stream().map(render).collect(Collectors.joining(",", "[", "]"));
    }
}
