package io.prunesweep.bench;

import io.prunesweep.data.DataSource;
import io.prunesweep.results.ResultRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Section 8: what a candidate costs beyond its fine-tuning. Many tiny candidates (one fine-tune epoch on a
 * 1,000-example slice) run on {@code local[1]}; task-slot time is the fan-out's wall time times its one
 * slot, and the fixed cost per candidate is task-slot time minus fine-tune time (the rows' own
 * {@code fine_tune_ms}), divided by the candidates. It covers scheduling, shipping, rebuilding the model,
 * pruning, evaluation, latency measurement, saving and writing the result.
 *
 * @param candidates    candidates run
 * @param trainExamples training examples each fine-tune epoch sees
 * @param failed        candidates that produced a failed row
 * @param slotSeconds   fan-out wall seconds × task slots
 * @param fineTuneSeconds sum of the rows' fine-tune seconds
 */
public record FixedCost(int candidates, int trainExamples, int failed, double slotSeconds, double fineTuneSeconds) {
    /** The target on the fixed cost per candidate, seconds. */
    public static final Target TARGET = Target.atMost(0.2, 3).withUnit(" s");

    public FixedCost {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
    }

    /** Runs 200 tiny candidates (20 in quick mode) on {@code local[1]}. */
    public static FixedCost measure(Workbench w, SweepRunner runner, Path modelZip) {
        int n = w.quick() ? 20 : 200;
        int train = 1000;
        DataSource slice = DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 500, 42).withLimits(train, 500);
        List<Double> sparsities = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // distinct targets, so every candidate has its own id
            sparsities.add(Math.round((0.5 + 0.4 * i / n) * 1e4) / 1e4);
        }
        Path spec = w.spec("fixed-cost", modelZip, sparsities, slice);
        SweepRunner.FanOut f = runner.fanOut("local[1]", w.prepare(spec, "fixed-cost"));
        if (f.rows().size() != n) {
            throw new IllegalStateException("fixed-cost sweep returned " + f.rows().size() + " rows for " + n
                    + " candidates");
        }
        double fineTune = f.rows().stream().filter(ResultRow::ok)
                .mapToLong(r -> r.measurements().fineTuneMs()).filter(ms -> ms > 0).sum() / 1e3;
        int failed = (int) f.rows().stream().filter(r -> !r.ok()).count();
        FixedCost c = new FixedCost(n, train, failed, f.seconds(), fineTune);
        w.log().accept(String.format(Locale.ROOT, "  fixed cost: %.3f s per candidate (%.3f s slot, %.3f s fine-tune)",
                c.perCandidate(), c.slotSeconds() / n, c.fineTuneSeconds() / n));
        return c;
    }

    /** Task-slot time minus fine-tune time, per candidate. */
    public double perCandidate() {
        return (slotSeconds - fineTuneSeconds) / candidates;
    }

    /** Writes the section and records its figures. */
    public void render(Report r) {
        double slot = slotSeconds / candidates;
        double ft = fineTuneSeconds / candidates;
        r.record("fixed_cost", "slot_s_per_candidate", slot);
        r.record("fixed_cost", "fine_tune_s_per_candidate", ft);
        r.record("fixed_cost", "fixed_s_per_candidate", perCandidate());
        r.line("## 8. Per-candidate fixed cost%n");
        r.line("%d tiny candidates (magnitude/element at %d target sparsities, 1 fine-tune epoch on a %,d-example",
                candidates, candidates, trainExamples);
        r.line("training slice, 500 validation examples) on `local[1]`, so task-slot time = fan-out wall time × 1 slot.");
        r.line("Fine-tune time is the sum of the rows' `fine_tune_ms`.%n");
        r.line("| per candidate | s |%n|---|---|");
        r.line("| task-slot time | %.3f |", slot);
        r.line("| fine-tuning | %.3f |", ft);
        r.line("| fixed cost (slot − fine-tune) | %.3f |%n", perCandidate());
        r.line("- Fixed cost per candidate: %s; it is %.0f%% of the task-slot time.", TARGET.verdict(perCandidate()),
                100 * perCandidate() / slot);
        r.line(failed == 0 ? "- Every candidate produced a measured row.%n"
                : String.format(Locale.ROOT, "- %d of %d candidates failed (their fine-tune time counts as 0).%n",
                failed, candidates));
    }
}
