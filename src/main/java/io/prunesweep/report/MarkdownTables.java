package io.prunesweep.report;

import io.prunesweep.results.ResultRow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Results as Markdown tables, the form README and docs show them in. Every table is rendered from result
 * files alone, so a table in a document can be checked against the files it names
 * ({@link ReadmeTables}).
 */
public final class MarkdownTables {
    private MarkdownTables() {
    }

    /**
     * The dense baseline (when the summary has one) followed by the front members in front order.
     *
     * @param summary the sweep summary of {@code front.json} (baseline and knee)
     * @param front   the front rows of {@code front.json}
     * @param columns the columns, in order
     */
    public static String front(SweepSummary summary, List<ResultRow> front, List<MarkdownColumn> columns) {
        StringBuilder out = header(columns);
        MarkdownColumn.Context ctx = new MarkdownColumn.Context(summary.baseline(), summary.kneeId())
                .labelledIn(columns);
        if (summary.baseline() != null) {
            row(out, columns, summary.baseline(), true, ctx);
        }
        for (ResultRow r : front) {
            row(out, columns, r, false, ctx);
        }
        return out.toString();
    }

    /**
     * Every finished row, ordered by rung, target sparsity, schedule (in the order the docs explain them),
     * nonzero parameters from most to fewest, then id.
     *
     * @param rows     the rows of a result store; failed rows are left out
     * @param baseline the dense baseline (for differences to it), or null
     * @param columns  the columns, in order
     */
    public static String rows(List<ResultRow> rows, ResultRow baseline, List<MarkdownColumn> columns) {
        StringBuilder out = header(columns);
        MarkdownColumn.Context ctx = new MarkdownColumn.Context(baseline, null).labelledIn(columns);
        rows.stream().filter(ResultRow::ok)
                .sorted(Comparator.<ResultRow>comparingInt(r -> r.provenance().rung())
                        .thenComparingDouble(r -> r.config().targetSparsity())
                        .thenComparingInt(r -> scheduleOrder(r.config().schedule().kind().id()))
                        .thenComparing(r -> -r.measurements().footprint().nonzeroParams())
                        .thenComparing(ResultRow::candidateId))
                .forEach(r -> row(out, columns, r, false, ctx));
        return out.toString();
    }

    /**
     * Validation accuracy (in percent) of finished rows by target sparsity (rows of the table) and schedule
     * (columns, in first-seen order of the sorted rows), with the best of each table row in bold. The first
     * column is the share of nonzero parameters, shown as a range when the schedules of one sparsity differ.
     */
    public static String schedules(List<ResultRow> rows) {
        Map<Double, Map<String, ResultRow>> grid = new TreeMap<>();
        List<String> schedules = new ArrayList<>();
        rows.stream().filter(ResultRow::ok).sorted(Comparator.comparing(ResultRow::candidateId)).forEach(r -> {
            String s = r.config().schedule().kind().id();
            grid.computeIfAbsent(r.config().targetSparsity(), k -> new LinkedHashMap<>()).put(s, r);
        });
        for (Map<String, ResultRow> byKind : grid.values()) {
            for (String s : byKind.keySet()) {
                if (!schedules.contains(s)) {
                    schedules.add(s);
                }
            }
        }
        schedules.sort(Comparator.comparingInt(MarkdownTables::scheduleOrder).thenComparing(s -> s));
        StringBuilder out = new StringBuilder("| target sparsity | nonzero |");
        schedules.forEach(s -> out.append(' ').append(s).append(" |"));
        out.append("\n|---|---|");
        schedules.forEach(s -> out.append("---|"));
        out.append('\n');
        grid.forEach((target, byKind) -> {
            TreeSet<String> shares = new TreeSet<>();
            double best = byKind.values().stream().mapToDouble(r -> r.measurements().valAccuracy()).max()
                    .orElse(Double.NaN);
            MarkdownColumn.Context none = new MarkdownColumn.Context(null, null);
            byKind.values().forEach(r -> shares.add(MarkdownColumn.NONZERO_SHARE.cell(r, false, none)));
            out.append("| ").append(String.format(Locale.ROOT, "%.2f", target)).append(" | ")
                    .append(shares.size() == 1 ? shares.first() : shares.first() + " – " + shares.last()).append(" |");
            for (String s : schedules) {
                ResultRow r = byKind.get(s);
                String cell = r == null ? Text.MISSING
                        : String.format(Locale.ROOT, "%.2f", 100 * r.measurements().valAccuracy());
                boolean bold = r != null && byKind.size() > 1 && r.measurements().valAccuracy() == best;
                out.append(' ').append(bold ? "**" + cell + "**" : cell).append(" |");
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** Accuracy margin of the FLOPs target: a member counts when its validation accuracy is this close to dense. */
    public static final double TARGET_MARGIN_PP = 1.0;
    /** FLOPs target: at least this many times fewer effective FLOPs than the dense network. */
    public static final double TARGET_FLOPS_FACTOR = 2.0;

    /**
     * The real-models issue's target, judged on the front: among front members whose validation accuracy is within
     * {@value #TARGET_MARGIN_PP} pp of the dense baseline's, the one with the fewest effective FLOPs, how many times
     * fewer than dense that is, its shrunk model's parameters and latency, and the verdict against
     * {@value #TARGET_FLOPS_FACTOR}× ("met" or "missed"; "missed" too when no member is within the margin).
     *
     * @throws IllegalArgumentException when the front has no dense baseline to compare with
     */
    public static String flopsTarget(SweepSummary summary, List<ResultRow> front) {
        ResultRow dense = summary.baseline();
        if (dense == null || !dense.ok()) {
            throw new IllegalArgumentException("the target table compares with the dense baseline, and this front.json "
                    + "has none");
        }
        double denseAcc = dense.measurements().valAccuracy();
        long denseFlops = dense.measurements().footprint().effectiveFlops();
        ResultRow best = null;
        for (ResultRow r : front) {
            if (r.ok() && 100 * (denseAcc - r.measurements().valAccuracy()) <= TARGET_MARGIN_PP + 1e-9
                    && (best == null || r.measurements().footprint().effectiveFlops()
                    < best.measurements().footprint().effectiveFlops())) {
                best = r;
            }
        }
        StringBuilder out = new StringBuilder("| dense val acc | fewest effective FLOPs within "
                + String.format(Locale.ROOT, "%.0f", TARGET_MARGIN_PP) + " pp | val acc | effective FLOPs (dense) "
                + "| fewer FLOPs | shrunk params (dense) | latency ms: masked, shrunk (dense) | target ≥ "
                + String.format(Locale.ROOT, "%.0f", TARGET_FLOPS_FACTOR) + "× |\n|---|---|---|---|---|---|---|---|\n");
        out.append("| ").append(MarkdownColumn.pct(denseAcc, 2)).append(" | ");
        if (best == null) {
            return out.append("none | | | | | | missed |\n").toString();
        }
        var m = best.measurements();
        double factor = (double) denseFlops / Math.max(1, m.footprint().effectiveFlops());
        out.append(Text.esc(best.label())).append(" | ").append(MarkdownColumn.pct(m.valAccuracy(), 2)).append(" | ")
                .append(Text.count(m.footprint().effectiveFlops())).append(" (").append(Text.count(denseFlops))
                .append(") | ").append(String.format(Locale.ROOT, "%.2f×", factor)).append(" | ")
                .append(m.footprint().shrunkParams() >= 0 ? Text.count(m.footprint().shrunkParams()) : Text.MISSING)
                .append(" (").append(Text.count(dense.measurements().footprint().params())).append(") | ")
                .append(Text.millis(m.latencyMs())).append(", ").append(Text.millis(m.shrunkLatencyMs())).append(" (")
                .append(Text.millis(dense.measurements().latencyMs())).append(") | ")
                .append(factor >= TARGET_FLOPS_FACTOR ? "met" : "missed").append(" |\n");
        return out.toString();
    }

    /**
     * What the run that wrote {@code front.json} did: candidates in the spec, run by it, found done, and its
     * wall time (from its recorded start and end).
     */
    public static String summary(SweepSummary s) {
        String wall;
        try {
            Duration d = Duration.between(Instant.parse(s.startedAt()), Instant.parse(s.finishedAt()));
            long secs = Math.round(d.toMillis() / 1000.0);
            wall = secs >= 60 ? secs / 60 + " min " + secs % 60 + " s" : secs + " s";
        } catch (DateTimeParseException | NullPointerException e) {
            wall = Text.MISSING;
        }
        return "| candidates | run by this run | found done | wall time of this run |\n|---|---|---|---|\n| "
                + s.candidatesTotal() + " | " + s.candidatesRun() + " | " + s.candidatesSkipped() + " | " + wall
                + " |\n";
    }

    /** Schedules in the order the docs explain them; unknown ones after, by name. */
    private static int scheduleOrder(String s) {
        List<String> order = List.of("one-shot", "iterative", "gradual", "lottery", "lottery-reinit");
        int i = order.indexOf(s);
        return i < 0 ? order.size() : i;
    }

    private static StringBuilder header(List<MarkdownColumn> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        StringBuilder out = new StringBuilder("|");
        columns.forEach(c -> out.append(' ').append(c.header()).append(" |"));
        out.append("\n|");
        columns.forEach(c -> out.append("---|"));
        out.append('\n');
        return out;
    }

    private static void row(StringBuilder out, List<MarkdownColumn> columns, ResultRow r, boolean baseline,
                            MarkdownColumn.Context ctx) {
        out.append('|');
        for (MarkdownColumn c : columns) {
            String cell = c.cell(r, baseline, ctx).replace("|", "\\|");
            out.append(' ').append(cell).append(" |");
        }
        out.append('\n');
    }
}
