package io.prunesweep.prune;

import io.prunesweep.metric.TrainedForm;
import io.prunesweep.model.Net;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.ScheduleKind;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Runs a pruning schedule on a network: the sparsities come from {@link Schedules}, each pruning step is
 * a {@link Pruner#plan(Net, PruneSettings, ScoringContext, MaskSet)} on top of the previous
 * masks (so pruning is cumulative and the final sparsity is exactly the target), and every bit of training
 * goes through {@link FineTuner} with the current mask held.
 *
 * <ul>
 *   <li>one-shot / iterative: for each round, prune to s_i, fine-tune e_i epochs.</li>
 *   <li>gradual: one fine-tune of all epochs; a listener re-plans the mask every Δt iterations to the cubic
 *       ramp's sparsity and swaps it into the {@link MaskEnforcer}; the last update is exactly the target.</li>
 *   <li>lottery: for each round, prune the trained weights to s_i, rewind every parameter to the
 *       initial snapshot (masked entries zero, optimizer state and iteration count reset), retrain e_i
 *       epochs.</li>
 *   <li>lottery-reinit: identical, except that before the last retraining the survivors are set to a
 *       fresh random initialisation of the same architecture (seeded by the candidate seed) instead of the
 *       snapshot: the same final mask, a random start, so one can tell whether a ticket won.</li>
 * </ul>
 *
 * <p>One-shot and iterative schedules of neuron or channel pruning can fine-tune the physically shrunk network
 * instead ({@link TrainedForm#SHRUNK}): each round still plans on the full-size network (so the bookkeeping of
 * removed units, caps and scores is the masked path's), then {@link Surgeon#shrink} takes every unit removed so
 * far out, the small network trains without a mask (removed units are gone), and {@link Surgeon#expandInto}
 * writes its weights back with zeros at the removed units. The optimizer state and iteration count travel with
 * the weights both ways, so in exact arithmetic both forms take the same steps (Adam is element-wise, and a
 * removed unit contributes exactly zero to its consumer); in floating point they differ by the order of the sums
 * inside the smaller matrix products. Gradual and lottery schedules train masked: gradual changes the mask every
 * few iterations, and the lottery schedules rewind the full network.
 */
public final class ScheduledPruning {
    private ScheduledPruning() {
    }

    /**
     * The fine-tune budget.
     *
     * @param train              training minibatches, one pass per epoch
     * @param epochs             total fine-tune epochs over the whole schedule
     * @param learningRate       fine-tune learning rate
     * @param iterationsPerEpoch minibatches per epoch (gradual derives Δt from it)
     */
    public record Training(DataSetIterator train, int epochs, double learningRate, long iterationsPerEpoch) {
    }

    /**
     * What the schedule produced.
     *
     * @param plan   the last pruning plan (its removed units are all units removed, for the Surgeon)
     * @param masks  the final masks, held by the network
     * @param loss   the last fine-tune loss (NaN without training)
     * @param steps  pruning steps taken (rounds, or gradual mask updates)
     * @param form   which form of the network was fine-tuned
     */
    public record Outcome(PrunePlan plan, MaskSet masks, double loss, int steps, TrainedForm form) {
    }

    /**
     * Whether a schedule can fine-tune the shrunk network at this granularity: one-shot and iterative schedules
     * of neuron or channel pruning.
     */
    public static boolean canTrainShrunk(ScheduleKind kind, Granularity g) {
        return g.structured() && (kind == ScheduleKind.ONE_SHOT || kind == ScheduleKind.ITERATIVE);
    }

    /**
     * {@link #canTrainShrunk(ScheduleKind, Granularity)} for this network: networks pruned by unit groups
     * ({@link Pruner#byGroups}: graphs, chains with batch norm) fine-tune masked, because moving the optimizer
     * state between the two forms is implemented for layer-pruned chains only; their shrunk form is still built,
     * saved and measured.
     */
    public static boolean canTrainShrunk(ScheduleKind kind, Granularity g, Net net) {
        return canTrainShrunk(kind, g) && !Pruner.byGroups(net, g);
    }

    /**
     * @param net       the trained network, pruned and trained in place
     * @param kind      the schedule
     * @param rounds    rounds of iterative/lottery schedules (ignored by the others)
     * @param target    pruning settings at the target sparsity
     * @param contexts  a fresh scoring context for the network's current weights
     * @param training  the fine-tune budget
     * @param initial   the network's initial weights, required by the lottery schedules (else may be null)
     * @param reinitSeed seed of the fresh initialisation of lottery-reinit
     */
    public static Outcome run(Net net, ScheduleKind kind, int rounds, PruneSettings target,
                              Function<Net, ScoringContext> contexts, Training training,
                              Net initial, long reinitSeed) {
        return run(net, kind, rounds, target, contexts, training, initial, reinitSeed, TrainedForm.MASKED);
    }

    /**
     * Runs the schedule fine-tuning the given form of the network; {@code net} ends in its masked full-size form
     * either way.
     *
     * @param form {@link TrainedForm#SHRUNK} only where {@link #canTrainShrunk} allows it
     * @throws PruneException when the schedule cannot fine-tune that form
     */
    public static Outcome run(Net net, ScheduleKind kind, int rounds, PruneSettings target,
                              Function<Net, ScoringContext> contexts, Training training,
                              Net initial, long reinitSeed, TrainedForm form) {
        boolean shrunk = form == TrainedForm.SHRUNK;
        if (shrunk && !canTrainShrunk(kind, target.granularity())) {
            throw new PruneException("schedule " + kind.id() + " with " + target.granularity().id()
                    + " granularity fine-tunes the masked network only; the shrunk network trains for one-shot and "
                    + "iterative neuron or channel pruning");
        }
        if (shrunk && !canTrainShrunk(kind, target.granularity(), net)) {
            throw new PruneException("this network is pruned by unit groups and fine-tunes the masked network only");
        }
        if (kind == ScheduleKind.GRADUAL) {
            return gradual(net, target, contexts, training);
        }
        if (kind.needsInitialWeights() && initial == null) {
            throw new PruneException("schedule " + kind.id() + " needs the model's initial weights, none were given");
        }
        double[] s = Schedules.rounds(kind, target.sparsity(), kind.usesRounds() ? rounds : 1);
        int[] epochs = Schedules.epochsPerRound(training.epochs(), s.length);
        MaskSet masks = MaskSet.empty();
        Map<Integer, int[]> removed = Map.of();
        PrunePlan plan = null;
        double loss = Double.NaN;
        for (int i = 0; i < s.length; i++) {
            plan = Pruner.plan(net, target.withSparsity(s[i]), contexts.apply(net), masks);
            masks = plan.masks();
            if (kind.needsInitialWeights()) {
                boolean reinit = kind == ScheduleKind.LOTTERY_REINIT && i == s.length - 1;
                rewind(net, reinit ? net.freshInit(reinitSeed) : initial, masks);
            }
            if (shrunk) {
                removed = union(removed, plan.removedUnits());
                loss = fineTuneShrunk(net, removed, masks, training, epochs[i]);
            } else {
                loss = FineTuner.fineTune(net, training.train(), epochs[i], training.learningRate(), masks);
            }
        }
        return new Outcome(plan, masks, loss, s.length, form);
    }

    /**
     * One round's fine-tuning of the shrunk network: {@code net} (masked, full size) is shrunk by every unit
     * removed so far, the small network trains from {@code net}'s optimizer state and iteration count, and its
     * weights, state and counts are written back into {@code net}, with zeros at the removed units.
     */
    private static double fineTuneShrunk(Net masked, Map<Integer, int[]> removed, MaskSet masks,
                                         Training training, int epochs) {
        if (!(masked instanceof Net.Chain chain)) {
            throw new PruneException(Topology.GRAPH_STRUCTURED);
        }
        MultiLayerNetwork net = chain.network();
        masks.applyTo(masked);
        if (epochs == 0) {
            return Double.NaN;
        }
        MultiLayerNetwork shrunk = Surgeon.shrink(net, removed);
        Net small = Net.of(shrunk);
        ShrinkLayout layout = ShrinkLayout.of(net, shrunk, removed);
        copyCounts(masked, small);
        layout.moveUpdaterState(net, shrunk, false);
        double loss = FineTuner.fineTune(small, training.train(), epochs, training.learningRate(), MaskSet.empty());
        Surgeon.expandInto(shrunk, net, removed);
        layout.moveUpdaterState(shrunk, net, true);
        copyCounts(small, masked);
        // the configuration the masked path leaves behind (and saves): the fine-tune learning rate
        net.setLearningRate(training.learningRate());
        return loss;
    }

    private static void copyCounts(Net from, Net to) {
        to.setCounts(from.iterationCount(), from.epochCount());
    }

    /** Units removed by either map, per layer, sorted. */
    private static Map<Integer, int[]> union(Map<Integer, int[]> a, Map<Integer, int[]> b) {
        Map<Integer, int[]> out = new HashMap<>(a);
        b.forEach((layer, units) -> out.merge(layer, units, (x, y) -> {
            BitSet u = new BitSet();
            Arrays.stream(x).forEach(u::set);
            Arrays.stream(y).forEach(u::set);
            return u.stream().toArray();
        }));
        return out;
    }

    private static Outcome gradual(Net net, PruneSettings target,
                                   Function<Net, ScoringContext> contexts, Training training) {
        Schedules.GradualPlan gp = Schedules.gradualPlan((long) training.epochs() * training.iterationsPerEpoch());
        MaskEnforcer enforcer = new MaskEnforcer(MaskSet.empty());
        GradualListener listener = new GradualListener(target, contexts, enforcer, gp);
        double loss = FineTuner.fineTune(net, training.train(), training.epochs(), training.learningRate(), enforcer,
                List.of(listener));
        PrunePlan plan = listener.last;
        if (listener.step < gp.steps() || plan == null) {
            // fewer iterations than planned (or none): reach the target now
            plan = Pruner.plan(net, target, contexts.apply(net), enforcer.masks());
            plan.masks().applyTo(net);
        }
        return new Outcome(plan, plan.masks(), loss, Math.max(1, listener.step), TrainedForm.MASKED);
    }

    /** Re-plans the mask at iterations Δt, 2Δt, ..., nΔt of the fine-tuning and swaps it into the enforcer. */
    static final class GradualListener extends BaseTrainingListener {
        private final PruneSettings target;
        private final Function<Net, ScoringContext> contexts;
        private final MaskEnforcer enforcer;
        private final Schedules.GradualPlan plan;
        private long iterations;
        int step;
        PrunePlan last;

        GradualListener(PruneSettings target, Function<Net, ScoringContext> contexts,
                        MaskEnforcer enforcer, Schedules.GradualPlan plan) {
            this.target = target;
            this.contexts = contexts;
            this.enforcer = enforcer;
            this.plan = plan;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            iterations++;
            if (step >= plan.steps() || iterations % plan.deltaT() != 0) {
                return;
            }
            step++;
            Net net = Net.of(model);
            double s = Schedules.cubic(target.sparsity(), step, plan.steps());
            last = Pruner.plan(net, target.withSparsity(s), contexts.apply(net), enforcer.masks());
            enforcer.swap(last.masks());
            last.masks().applyTo(net);
        }
    }

    /**
     * Sets every parameter of {@code net} to its value in {@code source} and zeroes the masked entries;
     * resets the optimizer state and the iteration/epoch counters so retraining starts like the original
     * training did.
     */
    public static void rewind(Net net, Net source, MaskSet masks) {
        if (net.numParams() != source.numParams()) {
            throw new PruneException("cannot rewind: the initial weights have " + source.numParams()
                    + " parameters, the model has " + net.numParams());
        }
        for (var e : net.paramTable().entrySet()) {
            INDArray from = source.param(e.getKey());
            if (from == null || !Arrays.equals(from.shape(), e.getValue().shape())) {
                throw new PruneException("cannot rewind parameter " + e.getKey()
                        + ": the initial weights have another architecture");
            }
            e.getValue().assign(from.castTo(e.getValue().dataType()));
        }
        masks.applyTo(net);
        INDArray state = net.updaterState();
        if (state != null) {
            state.assign(0);
        }
        net.setCounts(0, 0);
    }

    /** A fresh random initialisation of the network's architecture, seeded. */
    public static Net freshInit(Net net, long seed) {
        return net.freshInit(seed);
    }
}
