package io.prunesweep.bench;

/** Section 7: a sweep's cost as a formula, with its terms measured from the parallel runs. */
public final class CostModel {
    private CostModel() {
    }

    /** Writes the section and records its figures. */
    public static void render(Report r, ParallelRuns runs) {
        double n = runs.candidates();
        double m2 = runs.median2();
        double perCandidate = runs.median1() / n;
        double predicted2 = Math.ceil(n / 2) * perCandidate;
        r.line("## 7. Cost model%n");
        r.line("A sweep costs T ≈ T_setup + ⌈C / E⌉ × t_c × s(E) + T_broadcast, with C candidates, E task slots,");
        r.line("t_c one candidate's prune + fine-tune + evaluation on one core, s(E) the slowdown of E concurrent tasks");
        r.line("sharing a machine (1 when each executor has its own cores), T_setup the driver's data load, base model");
        r.line("and baseline (once per sweep; the base model is reused on resume) and T_broadcast the model bytes once");
        r.line("per executor (about 1 MB for LeNet-300-100: negligible).%n");
        r.line("- Measured t_c = %.2f s (local[1] fan-out / %d candidates).", perCandidate, (int) n);
        r.line("- Predicted local[2] fan-out with s = 1: %.1f s; measured %.1f s, so s(2) on this machine = %.2f.",
                predicted2, m2, m2 / predicted2);
        double big = Math.ceil(1000 / 50.0) * perCandidate;
        r.line("- 1,000 candidates on 50 single-core executors (s = 1, same model and data): ⌈1000/50⌉ × %.2f s ≈ "
                + "**%.0f s** of fan-out plus set-up (t_c grows linearly with fine-tune epochs and training-set "
                + "size; executors sharing cores pay s(E) as measured above).%n", perCandidate, big);
        r.record("cost", "t_c_s", perCandidate);
        r.record("cost", "s2", m2 / predicted2);
        r.record("cost", "predicted_1000_on_50_s", big);
    }
}
