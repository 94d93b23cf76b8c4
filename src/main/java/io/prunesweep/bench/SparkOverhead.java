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
        if (!runs.split()) {
            return;
        }
        // the fine-tune part is the same arithmetic on both sides (§1 checks the results are identical), so how
        // much of the ratio is Spark's shows in the rest of each candidate's time, which the machine's noise in
        // the much larger fine-tune part does not blur
        double rest1 = runs.restPerCandidate(true);
        double restLoop = runs.restPerCandidate(false);
        double loopPerCandidate = runs.medianLoop() / runs.candidates();
        r.line("Where the time goes (medians over the repetitions; fine-tune = the rows' own `fine_tune_ms`, the rest =");
        r.line("wall time minus that: scheduling, shipping and the result rows through Spark on `local[1]`, and on both");
        r.line("sides pruning, evaluation, latency, saving and the result write):%n");
        r.line("| run | wall s | fine-tune s | rest per candidate s |%n|---|---|---|---|");
        r.line("| local[1] | %.2f | %.2f | %.3f |", runs.median1(), runs.medianFineTune(true), rest1);
        r.line("| in-process loop | %.2f | %.2f | %.3f |%n", runs.medianLoop(), runs.medianFineTune(false), restLoop);
        r.line("- The rest of a candidate's time costs %.3f s more on `local[1]` than in the loop, %.1f%% of the loop's "
                + "%.2f s per candidate; the fine-tune medians differ by %.1f%% for the same arithmetic (the "
                + "machine's noise between runs).", rest1 - restLoop, 100 * (rest1 - restLoop) / loopPerCandidate,
                loopPerCandidate, 100 * (runs.medianFineTune(true) / runs.medianFineTune(false) - 1));
    }
}
