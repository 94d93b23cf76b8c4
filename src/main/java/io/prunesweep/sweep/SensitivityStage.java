package io.prunesweep.sweep;

import io.prunesweep.prune.Topology;
import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.report.SensitivityReport;
import io.prunesweep.spec.Budget;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.SensitivitySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The driver side of the sensitivity analysis (no Spark): which (layer, ratio) cells the spec's
 * {@code sensitivity} section asks for, which are still missing under {@code <out>/sensitivity/}, the table once
 * they are all there, its outputs ({@code sensitivity.csv}, {@code sensitivity.html}, a section in
 * {@code report.html}) and the per-layer allocations of the spec's budgets.
 *
 * <p>A cell's file name holds the layer, the ratio and a hash of everything it depends on (criterion,
 * granularity, pruneOutputLayer, sweep seed, base model and data fingerprints), so a rerun reuses finished cells
 * and a changed section or model measures new ones.
 */
public final class SensitivityStage {
    private final PreparedSweep p;
    private final SensitivitySettings s;
    private final List<SensitivityJob.Task> tasks;

    /** The stage of a prepared sweep. */
    public SensitivityStage(PreparedSweep p) {
        this.p = p;
        this.s = p.spec().sensitivity();
        String salt = hash("criterion=" + s.criterion().id() + ";granularity=" + s.granularity().id()
                + ";pruneOutputLayer=" + p.spec().space().pruneOutputLayer() + ";seed=" + p.spec().seed()
                + ";model=" + p.base().fingerprint() + ";data=" + p.splits().fingerprint());
        List<SensitivityJob.Task> t = new ArrayList<>();
        for (PrunableLayer l : Topology.of(p.base().net()).targets(s.granularity(), p.spec().space().pruneOutputLayer())) {
            for (double r : s.ratios()) {
                t.add(new SensitivityJob.Task(l.index(), r, "L" + l.index() + "_r" + num(r) + "_" + salt));
            }
        }
        this.tasks = List.copyOf(t);
    }

    /** Every cell, by layer then ratio. */
    public List<SensitivityJob.Task> tasks() {
        return tasks;
    }

    /** Cells without a result file. */
    public List<SensitivityJob.Task> pending() {
        return tasks.stream().filter(t -> !Files.isRegularFile(file(t))).toList();
    }

    /** The job that measures one cell. */
    public SensitivityJob job(int threadsPerTask) {
        return new SensitivityJob(p, s.criterion().id(), s.granularity().id(), p.spec().seed(), threadsPerTask);
    }

    /** The prepared sweep. */
    public PreparedSweep sweep() {
        return p;
    }

    private Path file(SensitivityJob.Task t) {
        return SensitivityJob.dir(p.store().root()).resolve(t.key() + ".json");
    }

    /** The table: every cell that has a file, by layer then ratio. */
    public List<SensitivityRow> table() {
        List<SensitivityRow> rows = new ArrayList<>();
        for (SensitivityJob.Task t : tasks) {
            Path f = file(t);
            if (Files.isRegularFile(f)) {
                try {
                    rows.add(ResultStore.fromJson(Files.readAllBytes(f), SensitivityRow.class));
                } catch (IOException | UncheckedIOException e) {
                    throw new SweepException("sensitivity file " + f + " is unreadable: " + e.getMessage(), 1);
                }
            }
        }
        rows.sort(Comparator.comparingInt(SensitivityRow::layer).thenComparingDouble(SensitivityRow::ratio));
        return rows;
    }

    /** Writes sensitivity.csv and sensitivity.html and (re)places the sensitivity section of report.html. */
    public void writeOutputs(List<SensitivityRow> rows) {
        Path root = p.store().root();
        try {
            SensitivityReport.write(rows, p.spec().name(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sensitivity outputs to " + root, e);
        }
    }

    /**
     * Per-layer ratios of every budget the candidates use (budget id → layer → ratio).
     *
     * @throws SweepException (exit 2) naming the budget when one is unreachable
     */
    public Map<String, BudgetAllocator.Allocation> allocations(List<SensitivityRow> rows, List<CandidateConfig> configs) {
        Map<String, BudgetAllocator.Allocation> out = new TreeMap<>();
        for (CandidateConfig c : configs) {
            Budget b = c.budget();
            if (b == null || out.containsKey(b.id())) {
                continue;
            }
            try {
                out.put(b.id(), BudgetAllocator.allocate(rows, b, p.baseline().objective(b.metric()),
                        c.maxLayerSparsity()));
            } catch (BudgetAllocator.UnreachableBudgetException e) {
                throw new SweepException(p.specFile() + ": space.budget = " + b.id() + ": " + e.getMessage(), 2);
            }
        }
        return out;
    }

    private static String num(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String hash(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
