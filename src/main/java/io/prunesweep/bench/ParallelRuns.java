package io.prunesweep.bench;

import io.prunesweep.results.ResultRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same small sweep on {@code local[1]}, on {@code local[2]} and in a plain loop, repeated and
 * interleaved: the measurements behind parallel efficiency, Spark overhead and the cost model.
 *
 * @param candidates candidates per run
 * @param local1     fan-out seconds on {@code local[1]}, one per repetition
 * @param local2     fan-out seconds on {@code local[2]}
 * @param loop       seconds of the in-process loop
 * @param identical  whether all three gave the same metrics for every candidate
 * @param local1FineTune per {@code local[1]} run, the sum of its rows' own fine-tune seconds; empty when not known
 * @param loopFineTune   the same for the loop's runs
 */
public record ParallelRuns(int candidates, List<Double> local1, List<Double> local2, List<Double> loop,
                           boolean identical, List<Double> local1FineTune, List<Double> loopFineTune) {
    public ParallelRuns {
        local1 = List.copyOf(local1);
        local2 = List.copyOf(local2);
        loop = List.copyOf(loop);
        local1FineTune = List.copyOf(local1FineTune);
        loopFineTune = List.copyOf(loopFineTune);
        if (candidates < 1 || local1.isEmpty() || local1.size() != local2.size() || local1.size() != loop.size()) {
            throw new IllegalArgumentException("need >= 1 candidate and as many runs of each kind, got "
                    + candidates + " candidates, " + local1.size() + "/" + local2.size() + "/" + loop.size() + " runs");
        }
        if (local1FineTune.size() != loopFineTune.size()
                || !(local1FineTune.isEmpty() || local1FineTune.size() == local1.size())) {
            throw new IllegalArgumentException("fine-tune sums must be given for every local[1] and loop run or for none,"
                    + " got " + local1FineTune.size() + "/" + loopFineTune.size() + " for " + local1.size() + " runs");
        }
    }

    /** Whether the rows' fine-tune sums are known, so that {@link #restPerCandidate} can split the wall time. */
    public boolean split() {
        return !local1FineTune.isEmpty();
    }

    /**
     * Median over the repetitions of (wall time − the rows' fine-tune time) per candidate: everything a candidate
     * costs besides its fine-tuning (scheduling and shipping on Spark; pruning, evaluation, saving and the
     * result write on both).
     *
     * @param spark {@code local[1]} when true, the loop when false
     */
    public double restPerCandidate(boolean spark) {
        List<Double> wall = spark ? local1 : loop;
        List<Double> ft = spark ? local1FineTune : loopFineTune;
        if (ft.isEmpty()) {
            throw new IllegalStateException("no fine-tune sums recorded");
        }
        double[] rest = new double[wall.size()];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = (wall.get(i) - ft.get(i)) / candidates;
        }
        return Stats.median(rest);
    }

    /** Median of the rows' fine-tune seconds per run, {@code local[1]} when {@code spark}, else the loop's. */
    public double medianFineTune(boolean spark) {
        return Stats.median(spark ? local1FineTune : loopFineTune);
    }

    /** Median {@code local[1]} seconds. */
    public double median1() {
        return Stats.median(local1);
    }

    /** Median {@code local[2]} seconds. */
    public double median2() {
        return Stats.median(local2);
    }

    /** Median loop seconds. */
    public double medianLoop() {
        return Stats.median(loop);
    }

    /** Median {@code local[2]} over median {@code local[1]}. */
    public double ratio() {
        return median2() / median1();
    }

    /** Runs the repetitions: 8 candidates × 3 repetitions (4 × 1 in quick mode) after an untimed warm-up. */
    public static ParallelRuns measure(Workbench w, SweepRunner runner, Path modelZip) {
        int n = w.quick() ? 4 : 8;
        // five, not three: on the shared two-core VM single runs of the same work spread by 10-50 %
        int reps = w.quick() ? 1 : 5;
        Path spec = w.spec("parallel", modelZip, n);
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        List<Double> loop = new ArrayList<>();
        List<Double> ft1 = new ArrayList<>();
        List<Double> ftLoop = new ArrayList<>();
        boolean identical = true;
        if (!w.quick()) {
            // untimed warm-up: JIT, native libraries, Spark's first-session costs
            runner.fanOut("local[2]", w.prepare(spec, "warmup"));
        }
        for (int r = 0; r < reps; r++) {
            SweepRunner.FanOut f1;
            SweepRunner.FanOut fl;
            // alternate the order so neither side always runs first
            if (r % 2 == 0) {
                f1 = runner.fanOut("local[1]", w.prepare(spec, "local1-" + r));
                fl = SweepRunner.loop(w.prepare(spec, "loop-" + r));
            } else {
                fl = SweepRunner.loop(w.prepare(spec, "loop-" + r));
                f1 = runner.fanOut("local[1]", w.prepare(spec, "local1-" + r));
            }
            SweepRunner.FanOut f2 = runner.fanOut("local[2]", w.prepare(spec, "local2-" + r));
            one.add(f1.seconds());
            loop.add(fl.seconds());
            two.add(f2.seconds());
            ft1.add(fineTuneSeconds(f1.rows()));
            ftLoop.add(fineTuneSeconds(fl.rows()));
            identical &= sameMetrics(f1.rows(), f2.rows()) && sameMetrics(f1.rows(), fl.rows());
            w.log().accept(String.format(Locale.ROOT, "  rep %d: local[1] %.1f s, loop %.1f s, local[2] %.1f s", r,
                    f1.seconds(), fl.seconds(), f2.seconds()));
        }
        return new ParallelRuns(n, one, two, loop, identical, ft1, ftLoop);
    }

    private static double fineTuneSeconds(List<ResultRow> rows) {
        return rows.stream().filter(ResultRow::ok).mapToLong(r -> r.measurements().fineTuneMs()).sum() / 1e3;
    }

    /** Same candidates with the same validation accuracy, loss and nonzero count; false when empty. */
    static boolean sameMetrics(List<ResultRow> a, List<ResultRow> b) {
        return !a.isEmpty() && metricsById(a).equals(metricsById(b));
    }

    private static Map<String, String> metricsById(List<ResultRow> rows) {
        Map<String, String> m = new TreeMap<>();
        rows.forEach(r -> m.put(r.candidateId(), r.ok() ? r.measurements().valAccuracy() + "/"
                + r.measurements().valLoss() + "/" + r.measurements().footprint().nonzeroParams() : "failed"));
        return m;
    }

    /** Records the raw figures of sections 1 and 2. */
    public void record(Report report) {
        report.record("parallel", "local1_s", median1());
        report.record("parallel", "local2_s", median2());
        report.record("parallel", "ratio", ratio());
        report.record("overhead", "loop_s", medianLoop());
        report.record("overhead", "ratio", median1() / medianLoop());
        if (split()) {
            report.record("overhead", "local1_fine_tune_s", medianFineTune(true));
            report.record("overhead", "loop_fine_tune_s", medianFineTune(false));
            report.record("overhead", "local1_rest_s_per_candidate", restPerCandidate(true));
            report.record("overhead", "loop_rest_s_per_candidate", restPerCandidate(false));
        }
    }
}
