package io.prunesweep.report;

import static io.prunesweep.report.Text.esc;

import io.prunesweep.results.SensitivityRow;
import java.io.IOException;
import java.math.BigDecimal;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sensitivity table's outputs: {@code sensitivity.csv} (one line per (layer, ratio); a model pruned by unit
 * groups has a line per (group, ratio), its index column holding the group id), {@code sensitivity.html}
 * (self-contained: an inline SVG plot of accuracy drop versus ratio, one line per layer, and the table); a sweep
 * with a sensitivity stage has the same plot in its {@code report.html} ({@link HtmlReport}).
 */
public final class SensitivityReport {
    private static final String[] COLORS = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
        "#a6761d", "#666666"};

    private SensitivityReport() {
    }

    /**
     * Writes {@code sensitivity.csv} and {@code sensitivity.html} into {@code root}. A sweep's
     * {@code report.html} holds the same plot through {@link #section}, written with the rest of the report.
     */
    public static void write(List<SensitivityRow> rows, String sweepName, StoragePath root) throws IOException {
        root.resolve("sensitivity.csv").writeString(csv(rows));
        root.resolve("sensitivity.html").writeString(html(rows, sweepName));
    }

    /** {@link #write(List, String, StoragePath)} into a local directory. */
    public static void write(List<SensitivityRow> rows, String sweepName, Path root) throws IOException {
        write(rows, sweepName, StoragePath.local(root));
    }

    /** The CSV text: layer, type, params, ratio, val_accuracy, accuracy_drop, nonzero_removed and more. */
    public static String csv(List<SensitivityRow> rows) {
        StringBuilder sb = new StringBuilder("layer,type,params,ratio,val_accuracy,accuracy_drop,nonzero_removed,"
                + "flops_removed,sparse_bytes_removed,criterion,granularity,status,error\n");
        for (SensitivityRow r : rows) {
            sb.append(r.layer()).append(',').append(quote(r.type())).append(',').append(r.params()).append(',')
                    .append(num(r.ratio())).append(',').append(num(r.valAccuracy())).append(',')
                    .append(num(r.accuracyDrop())).append(',').append(r.nonzeroRemoved()).append(',')
                    .append(r.flopsRemoved()).append(',').append(r.sparseBytesRemoved()).append(',')
                    .append(r.criterion()).append(',').append(r.granularity()).append(',').append(r.status())
                    .append(',').append(quote(r.error())).append('\n');
        }
        return sb.toString();
    }

    /** The standalone page. */
    public static String html(List<SensitivityRow> rows, String sweepName) {
        StringBuilder o = new StringBuilder();
        String title = "prunesweep sensitivity: " + (sweepName == null ? "sweep" : sweepName);
        o.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;"
                        + "padding:0 1em}table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ddd;"
                        + "padding:3px 7px}td.num{text-align:right}</style>\n</head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n<p>Each prunable ").append(groups(rows) ? "unit group (the units "
                        + "removed together, with every slice that moves with them)" : "layer")
                .append(" pruned alone to each ratio, evaluated on "
                        + "validation without fine-tuning. Accuracy drop = dense minus pruned validation accuracy "
                        + "(percentage points).</p>\n")
                .append(svg(rows)).append("\n<table>\n<tr><th>").append(groups(rows) ? "group" : "layer")
                .append("</th><th>type</th><th>params</th><th>ratio</th>"
                        + "<th>val acc</th><th>drop (pp)</th><th>nonzero removed</th><th>status</th></tr>\n");
        for (SensitivityRow r : rows) {
            o.append("<tr><td class=\"num\">").append(r.layer()).append("</td><td>").append(esc(r.type()))
                    .append("</td><td class=\"num\">").append(r.params()).append("</td><td class=\"num\">")
                    .append(num(r.ratio())).append("</td><td class=\"num\">")
                    .append(r.ok() ? String.format(Locale.ROOT, "%.2f%%", 100 * r.valAccuracy()) : Text.MISSING)
                    .append("</td><td class=\"num\">")
                    .append(r.ok() ? String.format(Locale.ROOT, "%.2f", 100 * r.accuracyDrop()) : Text.MISSING)
                    .append("</td><td class=\"num\">").append(r.nonzeroRemoved()).append("</td><td>")
                    .append(esc(r.ok() ? r.status() : r.status() + ": " + r.error())).append("</td></tr>\n");
        }
        o.append("</table>\n</body>\n</html>\n");
        return o.toString();
    }

    /** Accuracy drop (pp, y) against ratio (x), one polyline per layer, with a legend. */
    public static String svg(List<SensitivityRow> rows) {
        Map<Integer, List<SensitivityRow>> byLayer = new TreeMap<>();
        double maxDrop = 1;
        double minDrop = 0;
        for (SensitivityRow r : rows) {
            if (r.ok()) {
                byLayer.computeIfAbsent(r.layer(), k -> new ArrayList<>()).add(r);
                maxDrop = Math.max(maxDrop, 100 * r.accuracyDrop());
                minDrop = Math.min(minDrop, 100 * r.accuracyDrop());
            }
        }
        int w = 780;
        int h = 360;
        int l = 60;
        int t = 20;
        int pw = 440;
        int ph = 290;
        double lo = minDrop;
        double hi = maxDrop * 1.05;
        String unit = groups(rows) ? "group" : "layer";
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"sensitivity\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"accuracy drop per ").append(unit)
                .append(" versus pruning ratio\">\n");
        s.append("<rect x=\"").append(l).append("\" y=\"").append(t).append("\" width=\"").append(pw)
                .append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#999\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double xv = i / 4.0;
            double x = l + xv * pw;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                    + "</text>%n", x, t + ph + 15, num(xv)));
            double yv = lo + (hi - lo) * i / 4.0;
            double y = t + ph - (yv - lo) / (hi - lo) * ph;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.1f"
                    + "</text><line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n", l - 4, y + 4, yv, l,
                    l + pw, y, y));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">pruning "
                + "ratio (%s alone)</text>%n", l + pw / 2, h - 10, unit));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %d)\">accuracy drop (pp)</text>%n", t + ph / 2, t + ph / 2));
        int c = 0;
        for (Map.Entry<Integer, List<SensitivityRow>> e : byLayer.entrySet()) {
            String color = COLORS[c % COLORS.length];
            StringBuilder pts = new StringBuilder(String.format(Locale.ROOT, "%.1f,%.1f", (double) l,
                    t + ph - (0 - lo) / (hi - lo) * ph));
            for (SensitivityRow r : e.getValue()) {
                double x = l + r.ratio() * pw;
                double y = t + ph - (100 * r.accuracyDrop() - lo) / (hi - lo) * ph;
                pts.append(String.format(Locale.ROOT, " %.1f,%.1f", x, y));
            }
            SensitivityRow first = e.getValue().get(0);
            // a group's type reads "group '<name>' of <classes>": put its id after "group"
            String name = (first.byGroup() ? "group " + e.getKey() + first.type().substring("group".length())
                    : "layer " + e.getKey() + " " + first.type()) + " (" + first.params() + ")";
            s.append("<polyline class=\"layer\" data-layer=\"").append(e.getKey()).append("\" fill=\"none\" stroke=\"")
                    .append(color).append("\" stroke-width=\"2\" points=\"").append(pts).append("\"><title>")
                    .append(esc(name)).append("</title></polyline>\n");
            int ly = t + 14 + 18 * c;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", l + pw + 12,
                    l + pw + 32, ly, ly, color, l + pw + 36, ly + 4, esc(name)));
            c++;
        }
        s.append("</svg>");
        return s.toString();
    }

    /** The sensitivity section of a sweep's report.html: the plot and links to the table and CSV. */
    static String section(List<SensitivityRow> rows) {
        boolean g = groups(rows);
        return "<h2 id=\"sensitivity\">" + (g ? "Unit-group" : "Layer") + " sensitivity</h2>\n<p class=\"note\">Each "
                + (g ? "unit group" : "layer") + " pruned alone, no fine-tuning (<a href=\"sensitivity.html\">table</a>, "
                + "<a href=\"sensitivity.csv\">CSV</a>).</p>\n" + svg(rows) + "\n";
    }

    /** Whether the rows are a table of unit groups ({@link SensitivityRow#byGroup}) rather than of layers. */
    private static boolean groups(List<SensitivityRow> rows) {
        return rows.stream().anyMatch(SensitivityRow::byGroup);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
