package io.prunesweep.bench;

/** Section 2: a {@code local[1]} sweep against a plain loop calling the same per-candidate job. */
public final class SparkOverhead {
    /** The stated bound on {@code local[1]} time over loop time. */
    public static final Target TARGET = Target.atMost(1.05, 3);

    private SparkOverhead() {
    }

    /** Writes the section. */
    public static void render(Report r, ParallelRuns runs) {
        double q = runs.median1() / runs.medianLoop();
        r.line("## 2. Spark overhead%n");
        r.line("`local[1]` sweep vs a plain in-process loop calling the same `CandidateJob` on the same candidates:");
        r.line("**%.3f×**: %s.%n", q, TARGET.verdict(q));
    }
}
