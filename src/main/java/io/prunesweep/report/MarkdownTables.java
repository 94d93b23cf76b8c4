package io.prunesweep.report;

import io.prunesweep.results.ResultRow;
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
        if (summary.baseline() != null) {
            row(out, columns, summary.baseline(), true, false);
        }
        for (ResultRow r : front) {
            row(out, columns, r, false, r.candidateId().equals(summary.kneeId()));
        }
        return out.toString();
    }

    /**
     * Every finished row, ordered by rung, then nonzero parameters from most to fewest, then id.
     *
     * @param rows    the rows of a result store; failed rows are left out
     * @param columns the columns, in order
     */
    public static String rows(List<ResultRow> rows, List<MarkdownColumn> columns) {
        StringBuilder out = header(columns);
        rows.stream().filter(ResultRow::ok)
                .sorted(Comparator.<ResultRow>comparingInt(r -> r.provenance().rung())
                        .thenComparing(r -> -r.measurements().footprint().nonzeroParams())
                        .thenComparing(ResultRow::candidateId))
                .forEach(r -> row(out, columns, r, false, false));
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
            byKind.values().forEach(r -> shares.add(MarkdownColumn.NONZERO_SHARE.cell(r, false, false)));
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
                            boolean knee) {
        out.append('|');
        for (MarkdownColumn c : columns) {
            String cell = c.cell(r, baseline, knee).replace("|", "\\|");
            out.append(' ').append(cell).append(" |");
        }
        out.append('\n');
    }
}
