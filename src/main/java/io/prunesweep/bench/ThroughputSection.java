package io.prunesweep.bench;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSplits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Section 3: LeNet-300-100's training rate under several knob settings, as a share of the machine's
 * single-thread sgemm rate at the shapes of one training step.
 *
 * @param sgemmGflops   the yardstick
 * @param examples      training examples per epoch
 * @param rows          one per knob, the default first
 */
public record ThroughputSection(double sgemmGflops, int examples, List<Row> rows) {
    /**
     * One knob setting's medians.
     *
     * @param knob         label
     * @param epochSeconds median epoch seconds
     * @param gflops       median achieved GFLOP/s
     */
    public record Row(String knob, double epochSeconds, double gflops) {
    }

    public ThroughputSection {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows must not be empty: the default knob comes first");
        }
    }

    /** The knob settings, the default first. */
    static List<TrainThroughput.Knobs> knobs() {
        return List.of(
                new TrainThroughput.Knobs("default: Adam, batch 128, float, workspaces on", 128, DataType.FLOAT,
                        WorkspaceMode.ENABLED, true),
                new TrainThroughput.Knobs("SGD instead of Adam", 128, DataType.FLOAT, WorkspaceMode.ENABLED, false),
                new TrainThroughput.Knobs("workspaces off", 128, DataType.FLOAT, WorkspaceMode.NONE, true),
                new TrainThroughput.Knobs("batch 256", 256, DataType.FLOAT, WorkspaceMode.ENABLED, true),
                new TrainThroughput.Knobs("batch 512", 512, DataType.FLOAT, WorkspaceMode.ENABLED, true),
                new TrainThroughput.Knobs("double precision", 128, DataType.DOUBLE, WorkspaceMode.ENABLED, true));
    }

    /** Measures the yardstick and every knob (interleaved rounds, medians) after an untimed epoch. */
    public static ThroughputSection measure(Workbench w) {
        DataSplits s = DataCache.get(w.data());
        double stepRate = Sgemm.mlpStepRate(128, w.quick() ? 1 : 6);
        List<TrainThroughput.Knobs> knobs = knobs();
        // untimed full epoch first: JIT and native warm-up otherwise land on whichever knob runs first
        TrainThroughput.measure(w.quick() ? s.train() : s.train().head(20_000), knobs.get(0));
        int rounds = w.quick() ? 1 : 2;
        double[][] secs = new double[knobs.size()][rounds];
        double[][] rate = new double[knobs.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < knobs.size(); k++) {
                double[] m = TrainThroughput.measure(s.train(), knobs.get(k));
                secs[k][r] = m[0];
                rate[k][r] = m[1];
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < knobs.size(); k++) {
            rows.add(new Row(knobs.get(k).name(), Stats.median(secs[k]), Stats.median(rate[k])));
            w.log().accept(String.format(Locale.ROOT, "  %s: %.2f s/epoch, %.2f GFLOP/s", knobs.get(k).name(),
                    Stats.median(secs[k]), Stats.median(rate[k])));
        }
        return new ThroughputSection(stepRate, s.train().size(), rows);
    }

    /** The stated bound on the default setting's share of the sgemm rate. */
    public static final Target TARGET = Target.atLeast(60, 0).withUnit(" %");

    /** The default setting's training rate over the sgemm rate. */
    public double defaultShare() {
        return rows.get(0).gflops() / sgemmGflops;
    }

    /** Writes the section and records its figures. */
    public void render(Report r) {
        r.line("## 3. Fine-tune throughput against the machine's sgemm rate%n");
        r.line("Single-thread sgemm at the shapes of one LeNet-300-100 training step (forward, backward and weight-gradient");
        r.line("products of all three layers at batch 128, FLOP-weighted): **%.1f GFLOP/s**. Achieved training rate =",
                sgemmGflops);
        r.line("6 × 266,200 weights × %d examples / epoch seconds (one epoch each, after a short warm-up):%n", examples);
        r.line("| knob | epoch s (median) | GFLOP/s | share of sgemm rate | epoch time / default's |");
        r.line("|---|---|---|---|---|");
        r.record("throughput", "sgemm_step_gflops", sgemmGflops);
        Row def = rows.get(0);
        for (Row x : rows) {
            r.line("| %s | %.2f | %.2f | %.0f%% | %.2f |", x.knob(), x.epochSeconds(), x.gflops(),
                    100 * x.gflops() / sgemmGflops, x.epochSeconds() / def.epochSeconds());
            r.record("throughput", x.knob().replace(',', ';'), x.gflops());
        }
        r.line("");
        r.line("- Default setting's share of the sgemm rate: %s.", TARGET.verdict(100 * defaultShare()));
        Row fastest = rows.stream().min((a, b) -> Double.compare(a.epochSeconds(), b.epochSeconds())).orElseThrow();
        if (fastest == def) {
            r.line("- No other setting measured trained an epoch faster than the default.%n");
        } else {
            r.line("- Fastest setting measured: %s, %.2f× the default's epoch time (%.0f%% of the sgemm rate).%n",
                    fastest.knob(), fastest.epochSeconds() / def.epochSeconds(), 100 * fastest.gflops() / sgemmGflops);
        }
    }
}
