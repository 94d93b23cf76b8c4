package io.prunesweep.prune;

import io.prunesweep.spec.ScheduleKind;

/**
 * Pruning schedules as pure functions: target sparsity and steps in, sparsity sequence out. Every
 * sequence ends at exactly the target.
 *
 * <ul>
 *   <li>one-shot: [target].</li>
 *   <li>iterative (Han et al. 2015), also the rounds of lottery and lottery-reinit: k rounds with
 *       1 − s_i = (1 − target)^(i/k), i = 1..k, so every round removes the same fraction of the weights
 *       still left; s_k = target.</li>
 *   <li>gradual (Zhu &amp; Gupta 2017): s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³ with s_i = 0 and
 *       t0 = 0, evaluated at the mask updates t = jΔt, j = 1..n; s at j = n is s_f. Δt and n come from the
 *       fine-tune budget ({@link #gradualPlan}).</li>
 * </ul>
 *
 * <p>Fine-tune budget: every schedule spends the candidate's {@code fineTuneEpochs} in total, so schedules
 * compare at equal training cost. Multi-round schedules split it over the rounds
 * ({@link #epochsPerRound}); gradual prunes inside those same epochs.
 */
public final class Schedules {
    /** Gradual pruning ends after this fraction of the fine-tune iterations; the rest trains the final mask. */
    public static final double GRADUAL_PRUNE_FRACTION = 2.0 / 3.0;
    /** Number of mask updates gradual pruning aims for (fewer when there are fewer iterations). */
    public static final int GRADUAL_STEPS = 20;

    private Schedules() {
    }

    /** [target]. */
    public static double[] oneShot(double target) {
        checkTarget(target);
        return new double[] {target};
    }

    /** 1 − s_i = (1 − target)^(i/rounds), i = 1..rounds; the last entry is exactly target. */
    public static double[] iterative(double target, int rounds) {
        checkTarget(target);
        if (rounds < 1) {
            throw new PruneException("rounds must be >= 1, found " + rounds);
        }
        double[] s = new double[rounds];
        for (int i = 1; i < rounds; i++) {
            s[i - 1] = 1 - Math.pow(1 - target, (double) i / rounds);
        }
        s[rounds - 1] = target;
        return s;
    }

    /**
     * The cubic ramp at mask update {@code step} of {@code steps}: target · (1 − (1 − step/steps)³); 0 at
     * step 0 and exactly target at step = steps.
     */
    public static double cubic(double target, int step, int steps) {
        checkTarget(target);
        if (steps < 1 || step < 0 || step > steps) {
            throw new PruneException("cubic step " + step + " of " + steps + " is out of range");
        }
        if (step == steps) {
            return target;
        }
        double left = 1 - (double) step / steps;
        return target * (1 - left * left * left);
    }

    /** The gradual sequence at mask updates 1..steps (non-decreasing, last = target). */
    public static double[] gradual(double target, int steps) {
        double[] s = new double[steps];
        for (int j = 1; j <= steps; j++) {
            s[j - 1] = cubic(target, j, steps);
        }
        return s;
    }

    /**
     * When gradual pruning updates the mask.
     *
     * @param deltaT iterations between updates (Δt &ge; 1)
     * @param steps  number of updates n; the last is at iteration nΔt; 0 when there is no training at all
     */
    public record GradualPlan(int deltaT, int steps) {
        /** Iteration (1-based count of completed updates) of the last mask update. */
        public long end() {
            return (long) deltaT * steps;
        }
    }

    /**
     * Δt and n from the fine-tune budget of {@code totalIterations} minibatch updates: pruning spans the
     * first {@link #GRADUAL_PRUNE_FRACTION} W = ⌊2T/3⌋ iterations (at least 1), Δt = max(1, ⌊W/20⌋) and
     * n = ⌊W/Δt⌋, so about 20 updates, the last at nΔt ≤ W; the remaining iterations train the final
     * mask. With no iterations (fineTuneEpochs = 0) n = 0 and the target is applied at once.
     */
    public static GradualPlan gradualPlan(long totalIterations) {
        if (totalIterations <= 0) {
            return new GradualPlan(1, 0);
        }
        long w = Math.max(1, (long) Math.floor(totalIterations * GRADUAL_PRUNE_FRACTION));
        int dt = (int) Math.max(1, w / GRADUAL_STEPS);
        return new GradualPlan(dt, (int) (w / dt));
    }

    /**
     * Splits {@code total} fine-tune epochs over {@code rounds}: ⌊total/rounds⌋ each, the remainder going to
     * the last rounds (the final mask trains longest). Every round gets at least one epoch when total &gt; 0,
     * so with fewer epochs than rounds the budget grows to one epoch per round; total = 0 gives no training.
     */
    public static int[] epochsPerRound(int total, int rounds) {
        if (rounds < 1 || total < 0) {
            throw new PruneException("bad budget: " + total + " epochs over " + rounds + " rounds");
        }
        int[] e = new int[rounds];
        if (total == 0) {
            return e;
        }
        int base = total / rounds;
        int extra = total % rounds;
        for (int i = 0; i < rounds; i++) {
            e[i] = Math.max(1, base + (i >= rounds - extra ? 1 : 0));
        }
        return e;
    }

    /** The round sparsities of a round-based schedule (gradual's depend on the budget: see {@link #gradual}). */
    public static double[] rounds(ScheduleKind kind, double target, int rounds) {
        return switch (kind) {
            case ONE_SHOT -> oneShot(target);
            case ITERATIVE, LOTTERY, LOTTERY_REINIT -> iterative(target, rounds);
            case GRADUAL -> throw new PruneException("gradual has no rounds; use gradualPlan and cubic");
        };
    }

    private static void checkTarget(double target) {
        if (!(target >= 0 && target < 1)) {
            throw new PruneException("target sparsity must be in [0, 1), found " + target);
        }
    }
}
