package io.prunesweep.report;

import static io.prunesweep.report.Text.esc;

import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SensitivityRow;
import java.io.IOException;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the sweep report: one HTML file that opens offline (inline CSS and SVG, no scripts, fonts or
 * links to fetch) with, in order, the provenance, the Pareto plot, the front, per-layer sparsity of the
 * front, all successful results and the failed candidates with their reasons.
 *
 * <p>The plot's y axis is the first objective of {@link SweepSummary#objectives()} and its x axis the
 * second, read with {@link ResultRow#value(Metric)}; the front table is sorted by the first objective,
 * highest first. All text from rows and summary is escaped.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1200px;\
            padding:0 1em;color:#222}
            h1{margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            table{border-collapse:collapse;font-size:13px;margin:.5em 0}
            th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            table.kv th{width:14em}
            tr.knee td{background:#fff1e0;font-weight:600}tr.front td:first-child{border-left:3px solid #d95f02}
            .tag{display:inline-block;background:#d95f02;color:#fff;border-radius:3px;padding:0 4px;\
            margin-left:4px;font-size:11px;font-weight:normal}.tag.capped{background:#7570b3}
            .bar{display:inline-block;width:60px;height:8px;background:#eee;margin-left:6px;vertical-align:middle}
            .bar>span{display:block;height:100%;background:#d95f02}
            pre{margin:0;white-space:pre-wrap;word-break:break-word;max-width:60em;font-size:12px}
            .note{color:#666;font-size:13px}
            """;

    private HtmlReport() {
    }

    /**
     * Writes the report to {@code file} atomically, replacing any existing file.
     *
     * @param all   every result row, ok and failed, in display order
     * @param front the Pareto front (ok rows, normally a subset of {@code all})
     * @param s     the sweep summary
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if an objective of {@code s} is unknown to {@link ResultRow}
     */
    public static void write(List<ResultRow> all, List<ResultRow> front, SweepSummary s, Path file)
            throws IOException {
        write(all, front, s, List.of(), StoragePath.local(file));
    }

    /**
     * Writes the report with the sweep's layer-sensitivity section (none when {@code sensitivity} is empty), in
     * one write: the report is never patched afterwards.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(List<ResultRow> all, List<ResultRow> front, SweepSummary s,
                             List<SensitivityRow> sensitivity, Path file) throws IOException {
        write(all, front, s, sensitivity, StoragePath.local(file));
    }

    /** {@link #write(List, List, SweepSummary, List, Path)} on any storage. */
    public static void write(List<ResultRow> all, List<ResultRow> front, SweepSummary s,
                             List<SensitivityRow> sensitivity, StoragePath file) throws IOException {
        file.writeString(render(all, front, s, sensitivity));
    }

    /** The HTML text {@link #write} would write, without a sensitivity section. */
    public static String render(List<ResultRow> all, List<ResultRow> front, SweepSummary s) {
        return render(all, front, s, List.of());
    }

    /** The HTML text {@link #write} would write. */
    public static String render(List<ResultRow> all, List<ResultRow> front, SweepSummary s,
                                List<SensitivityRow> sensitivity) {
        Metric yName = s.objectives().isEmpty() ? Metric.VAL_ACCURACY : s.objectives().get(0);
        StringBuilder o = new StringBuilder(64 * 1024);
        String title = "prunesweep report: " + (s.sweepName() == null ? "sweep" : s.sweepName());
        o.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        provenance(o, s);

        o.append("<h2 id=\"pareto\">Pareto plot</h2>\n<p class=\"note\">Hover a point for its configuration. ")
                .append("Failed candidates and unmeasured values are not drawn.</p>\n")
                .append(ParetoPlot.svg(all, front, s)).append('\n');

        List<ResultRow> sortedFront = new ArrayList<>(front);
        // NaN last: a front member without the objective is still listed, just not ranked.
        sortedFront.sort(Comparator.comparingDouble((ResultRow r) -> {
            double v = r.value(yName);
            return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        }).reversed());
        frontTable(o, sortedFront, s.kneeId(), yName);
        layerTable(o, sortedFront, s.kneeId());
        Set<String> frontIds = front.stream().map(ResultRow::candidateId).collect(Collectors.toSet());
        allTable(o, all.stream().filter(ResultRow::ok).toList(), frontIds);
        failedTable(o, all.stream().filter(r -> !r.ok()).toList());
        if (sensitivity != null && !sensitivity.isEmpty()) {
            o.append(SensitivityReport.section(sensitivity));
        }
        o.append("</body>\n</html>\n");
        return o.toString();
    }

    private static void provenance(StringBuilder o, SweepSummary s) {
        o.append("<h2 id=\"provenance\">Provenance</h2>\n<table class=\"kv\">\n");
        kv(o, "sweep", s.sweepName());
        kv(o, "spec file", s.specFile());
        kv(o, "spec hash", s.specHash());
        kv(o, "model fingerprint", s.modelFingerprint());
        kv(o, "data fingerprint", s.dataFingerprint());
        kv(o, "versions", s.versions());
        kv(o, "started", s.startedAt());
        kv(o, "finished", s.finishedAt());
        kv(o, "candidates", String.format(Locale.ROOT, "%s total, %s run now, %s skipped (already done)",
                Text.count(s.candidatesTotal()), Text.count(s.candidatesRun()), Text.count(s.candidatesSkipped())));
        kv(o, "objectives", String.join(", ", s.objectives().stream().map(Metric::id).toList()));
        kv(o, "hypervolume", Text.number(s.hypervolume())
                + (s.hypervolumeReference() == null ? "" : " (reference " + s.hypervolumeReference() + ")"));
        kv(o, "knee", s.kneeId() == null ? "none" : s.kneeId());
        ResultRow b = s.baseline();
        kv(o, "dense baseline", b == null ? "not evaluated"
                : !b.ok() ? "failed: " + b.error()
                : "val acc " + Text.fraction(b.measurements().valAccuracy()) + ", test acc "
                        + Text.fraction(b.measurements().testAccuracy()) + ", nonzero params "
                        + Text.count(b.measurements().footprint().nonzeroParams()) + ", sparse bytes "
                        + Text.count(b.measurements().footprint().sparseBytes()) + ", latency "
                        + Text.millis(b.measurements().latencyMs()) + " ms");
        o.append("</table>\n");
    }

    private static void kv(StringBuilder o, String key, String value) {
        o.append("<tr><th>").append(esc(key)).append("</th><td>")
                .append(value == null ? Text.MISSING : esc(value)).append("</td></tr>\n");
    }

    private static void frontTable(StringBuilder o, List<ResultRow> front, String kneeId, Metric yName) {
        o.append("<h2 id=\"front\">Pareto front</h2>\n");
        if (front.isEmpty()) {
            o.append("<p>none</p>\n");
            return;
        }
        o.append("<p class=\"note\">").append(front.size()).append(" members, sorted by ")
                .append(esc(yName.label())).append(", highest first.</p>\n");
        o.append("<table class=\"front\">\n<tr><th>id</th><th>label</th><th>val acc</th><th>test acc</th>")
                .append("<th>nonzero params</th><th>sparsity</th><th>sparse bytes</th><th>zip bytes</th>")
                .append("<th>effective FLOPs</th><th>latency ms</th><th>shrunk params</th>")
                .append("<th>shrunk latency ms</th></tr>\n");
        for (ResultRow r : front) {
            boolean knee = r.candidateId().equals(kneeId);
            o.append(knee ? "<tr class=\"knee\">" : "<tr>");
            idCell(o, r, knee);
            labelCell(o, r);
            Measurements m = r.measurements();
            Footprint f = m.footprint();
            num(o, Text.fraction(m.valAccuracy()));
            num(o, Text.fraction(m.testAccuracy()));
            num(o, Text.count(f.nonzeroParams()));
            num(o, Text.percent(f.sparsity()));
            num(o, Text.count(f.sparseBytes()));
            num(o, Text.count(f.zipBytes()));
            num(o, Text.count(f.effectiveFlops()));
            num(o, Text.millis(m.latencyMs()));
            num(o, Text.count(f.shrunkParams()));
            num(o, Text.millis(m.shrunkLatencyMs()));
            o.append("</tr>\n");
        }
        o.append("</table>\n");
    }

    private static void layerTable(StringBuilder o, List<ResultRow> front, String kneeId) {
        o.append("<h2 id=\"layers\">Per-layer sparsity of the front</h2>\n");
        // Keyed by (index, type) so differently shaped models (after surgery) still line up by layer.
        Map<String, String> columns = new TreeMap<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        for (ResultRow r : front) {
            for (LayerCount l : r.measurements().footprint().layers()) {
                String key = layerKey(l);
                columns.putIfAbsent(key, "L" + l.index() + " " + l.type());
                order.putIfAbsent(key, l.index());
            }
        }
        if (columns.isEmpty()) {
            o.append("<p>none</p>\n");
            return;
        }
        List<String> keys = new ArrayList<>(columns.keySet());
        keys.sort(Comparator.comparingInt((String k) -> order.get(k)).thenComparing(k -> k));
        o.append("<table class=\"layers\">\n<tr><th>id</th>");
        for (String k : keys) {
            o.append("<th>").append(esc(columns.get(k))).append("</th>");
        }
        o.append("</tr>\n");
        for (ResultRow r : front) {
            boolean knee = r.candidateId().equals(kneeId);
            Map<String, LayerCount> layers = new LinkedHashMap<>();
            r.measurements().footprint().layers().forEach(l -> layers.putIfAbsent(layerKey(l), l));
            o.append(knee ? "<tr class=\"knee\">" : "<tr>");
            idCell(o, r, knee);
            for (String k : keys) {
                LayerCount l = layers.get(k);
                if (l == null || l.params() <= 0) {
                    num(o, Text.MISSING);
                    continue;
                }
                double sp = Math.max(0, Math.min(1, l.sparsity()));
                o.append("<td class=\"num\" title=\"").append(esc(Text.count(l.nonzero()) + " of "
                                + Text.count(l.params()) + " nonzero")).append("\">").append(esc(Text.percent(sp)))
                        .append("<span class=\"bar\"><span style=\"width:")
                        .append(String.format(Locale.ROOT, "%.1f", 100 * sp)).append("%\"></span></span></td>");
            }
            o.append("</tr>\n");
        }
        o.append("</table>\n");
    }

    private static String layerKey(LayerCount l) {
        return String.format(Locale.ROOT, "%06d %s", l.index(), l.type());
    }

    private static void allTable(StringBuilder o, List<ResultRow> ok, Set<String> frontIds) {
        o.append("<h2 id=\"all\">All results</h2>\n");
        if (ok.isEmpty()) {
            o.append("<p>none</p>\n");
            return;
        }
        o.append("<p class=\"note\">").append(ok.size())
                .append(" successful candidates; front members are marked.</p>\n")
                .append("<table class=\"all\">\n<tr><th>id</th><th>label</th><th>val acc</th><th>val loss</th>")
                .append("<th>test acc</th><th>nonzero params</th><th>sparsity</th><th>sparse bytes</th>")
                .append("<th>effective FLOPs</th><th>latency ms</th><th>fine-tune ms</th><th>executor</th>")
                .append("<th>attempt</th>");
        // successive halving: which rung each row came from (rung r fine-tuned minEpochs * eta^r epochs)
        boolean rungs = ok.stream().anyMatch(r -> r.provenance().rung() > 0);
        o.append(rungs ? "<th>rung</th></tr>\n" : "</tr>\n");
        for (ResultRow r : ok) {
            boolean front = frontIds.contains(r.candidateId());
            o.append(front ? "<tr class=\"front\">" : "<tr>").append("<td>").append(esc(r.candidateId()))
                    .append(front ? "<span class=\"tag\">front</span>" : "").append("</td>");
            labelCell(o, r);
            Measurements m = r.measurements();
            Footprint f = m.footprint();
            num(o, Text.fraction(m.valAccuracy()));
            num(o, Text.fraction(m.valLoss()));
            num(o, Text.fraction(m.testAccuracy()));
            num(o, Text.count(f.nonzeroParams()));
            num(o, Text.percent(f.sparsity()));
            num(o, Text.count(f.sparseBytes()));
            num(o, Text.count(f.effectiveFlops()));
            num(o, Text.millis(m.latencyMs()));
            num(o, Text.count(m.fineTuneMs()));
            o.append("<td>").append(esc(r.provenance().executorId())).append("</td>");
            num(o, Integer.toString(r.provenance().attempt()));
            if (rungs) {
                num(o, Integer.toString(r.provenance().rung()));
            }
            o.append("</tr>\n");
        }
        o.append("</table>\n");
    }

    private static void failedTable(StringBuilder o, List<ResultRow> failed) {
        o.append("<h2 id=\"failed\">Failed candidates</h2>\n");
        if (failed.isEmpty()) {
            o.append("<p>none</p>\n");
            return;
        }
        o.append("<table class=\"failed\">\n<tr><th>id</th><th>label</th><th>executor</th><th>attempt</th>")
                .append("<th>reason</th></tr>\n");
        for (ResultRow r : failed) {
            o.append("<tr><td>").append(esc(r.candidateId())).append("</td><td>").append(esc(r.label()))
                    .append("</td><td>").append(esc(r.provenance().executorId())).append("</td>");
            num(o, Integer.toString(r.provenance().attempt()));
            o.append("<td><pre>").append(r.error().isEmpty() ? "(no reason recorded)" : esc(r.error()))
                    .append("</pre></td></tr>\n");
        }
        o.append("</table>\n");
    }

    private static void idCell(StringBuilder o, ResultRow r, boolean knee) {
        o.append("<td>").append(esc(r.candidateId())).append(knee ? "<span class=\"tag\">knee</span>" : "")
                .append("</td>");
    }

    /** The label, tagged "capped" when the plan removed noticeably less than the target (the tag says how much). */
    private static void labelCell(StringBuilder o, ResultRow r) {
        o.append("<td>").append(esc(r.label()));
        if (r.capped()) {
            o.append("<span class=\"tag capped\" title=\"").append(esc("achieved " + Text.percent(
                    r.measurements().achievedSparsity()) + " of a " + Text.percent(r.config().targetSparsity())
                    + " target: per-layer caps bound")).append("\">capped</span>");
        }
        o.append("</td>");
    }

    private static void num(StringBuilder o, String text) {
        o.append("<td class=\"num\">").append(esc(text)).append("</td>");
    }
}
