package io.prunesweep.bench;

/** Section 7: a sweep's cost as a formula, with its terms measured from the parallel runs. */
public final class CostModel {
    private CostModel() {
    }

    /**
     * Writes the section and records its figures.
     *
     * @param modelBytes size of the base model zip the executors receive
     */
    public static void render(Report r, ParallelRuns runs, long modelBytes) {
        double n = runs.candidates();
        double m2 = runs.median2();
        double perCandidate = runs.median1() / n;
        double predicted2 = Math.ceil(n / 2) * perCandidate;
        double s2 = m2 / predicted2;
        r.line("## 7. Cost model%n");
        r.line("A sweep costs T ≈ T_setup + ⌈C / E⌉ × t_c × s(E) + T_broadcast, with C candidates, E task slots,");
        r.line("t_c one candidate's prune + fine-tune + evaluation on one core, s(E) the slowdown of E concurrent tasks");
        r.line("sharing a machine (1 when each executor has its own cores), T_setup the driver's data load, base model");
        r.line("and baseline (once per sweep) and T_broadcast the model bytes once per executor.%n");
        r.line("- Measured t_c = %.2f s (local[1] fan-out / %d candidates).", perCandidate, (int) n);
        r.line("- Predicted local[2] fan-out with s = 1: %.1f s; measured %.1f s, so s(2) on this machine = %.2f.",
                predicted2, m2, s2);
        r.line("- Model bytes sent to each executor: %.2f MB.", modelBytes / 1e6);
        double big = Math.ceil(1000 / 50.0) * perCandidate;
        r.line("- 1,000 candidates of this kind (same model, data and epochs) on 50 single-core executors with s = 1: "
                + "⌈1000/50⌉ × %.2f s ≈ **%.0f s** of fan-out plus set-up; executors sharing cores pay s(E).%n",
                perCandidate, big);
        r.record("cost", "t_c_s", perCandidate);
        r.record("cost", "s2", s2);
        r.record("cost", "model_bytes", modelBytes);
        r.record("cost", "predicted_1000_on_50_s", big);
    }
}
