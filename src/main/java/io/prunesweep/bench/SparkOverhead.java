package io.prunesweep.bench;

import java.util.Locale;

/** Section 2: a {@code local[1]} sweep against a plain loop calling the same per-candidate job. */
public final class SparkOverhead {
    private SparkOverhead() {
    }

    /** Writes the section. */
    public static void render(Report r, ParallelRuns runs) {
        double q = runs.median1() / runs.medianLoop();
        r.line("## 2. Spark overhead%n");
        r.line("`local[1]` sweep vs a plain in-process loop calling the same `CandidateJob` on the same candidates:");
        r.line("**%.3f×** (target ≤ 1.05): %s.%n", q, q <= 1.05 ? "met" : String.format(Locale.ROOT,
                "missed by %.1f%%", 100 * (q - 1.05) / 1.05));
    }
}
