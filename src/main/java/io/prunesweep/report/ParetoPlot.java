package io.prunesweep.report;

import static io.prunesweep.report.Text.coord;
import static io.prunesweep.report.Text.esc;

import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Pareto plot as standalone inline SVG: every ok candidate as a {@code circle.point}, front members
 * also {@code .front} and joined by a step line, the dense baseline as a diamond. Presentation attributes
 * are set on the elements themselves rather than in page CSS so the SVG looks the same when saved alone.
 */
final class ParetoPlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 470;
    private static final double LEFT = 80;
    private static final double RIGHT = 600;
    private static final double TOP = 20;
    private static final double BOTTOM = 400;
    private static final String GREY = "#7f8c9a";
    private static final String FRONT = "#d95f02";
    private static final String BASE = "#1b9e77";

    private final Metric xName;
    private final Metric yName;
    private final Axis xAxis;
    private final Axis yAxis;

    private ParetoPlot(Metric xName, Metric yName, Axis xAxis, Axis yAxis) {
        this.xName = xName;
        this.yName = yName;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
    }

    /**
     * The plot's SVG element.
     *
     * @param all    every result; failed rows and rows with a non-finite coordinate are not drawn
     * @param front  the front; members missing from {@code all} are drawn too
     * @param s      the summary: objectives (y = first, x = second), baseline and knee
     */
    static String svg(List<ResultRow> all, List<ResultRow> front, SweepSummary s) {
        Metric yName = s.objectives().size() > 0 ? s.objectives().get(0) : Metric.VAL_ACCURACY;
        Metric xName = s.objectives().size() > 1 ? s.objectives().get(1) : Metric.NONZERO_PARAMS;

        // Keyed by id so a front row (which may carry a test accuracy) replaces its plain twin.
        Map<String, ResultRow> byId = new LinkedHashMap<>();
        for (ResultRow r : all) {
            if (r.ok()) {
                byId.put(r.candidateId(), r);
            }
        }
        for (ResultRow r : front) {
            if (r.ok()) {
                byId.put(r.candidateId(), r);
            }
        }
        List<ResultRow> points = byId.values().stream()
                .filter(r -> finite(r, xName) && finite(r, yName)).toList();
        ResultRow baseline = s.baseline() != null && finite(s.baseline(), xName) && finite(s.baseline(), yName)
                ? s.baseline() : null;

        List<ResultRow> scaled = new ArrayList<>(points);
        if (baseline != null) {
            scaled.add(baseline);
        }
        Axis x = Axis.covering(scaled.stream().mapToDouble(r -> r.value(xName)).toArray());
        Axis y = Axis.covering(scaled.stream().mapToDouble(r -> r.value(yName)).toArray());
        Set<String> frontIds = front.stream().map(ResultRow::candidateId).collect(Collectors.toSet());
        return new ParetoPlot(xName, yName, x, y).render(points, frontIds, baseline, s.kneeId());
    }

    private static boolean finite(ResultRow r, Metric objective) {
        return Double.isFinite(r.value(objective));
    }

    private double px(double v) {
        return LEFT + xAxis.frac(v) * (RIGHT - LEFT);
    }

    private double py(double v) {
        return BOTTOM - yAxis.frac(v) * (BOTTOM - TOP);
    }

    private String render(List<ResultRow> points, Set<String> frontIds, ResultRow baseline, String kneeId) {
        StringBuilder o = new StringBuilder();
        String title = yName.label() + " vs " + xName.label();
        o.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pareto\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(esc(title))
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        o.append("<title>").append(esc("Pareto plot: " + title)).append("</title>\n");
        o.append("<rect x=\"").append(coord(LEFT)).append("\" y=\"").append(coord(TOP)).append("\" width=\"")
                .append(coord(RIGHT - LEFT)).append("\" height=\"").append(coord(BOTTOM - TOP))
                .append("\" fill=\"#fcfcfc\" stroke=\"#888\"/>\n");
        axes(o);
        if (points.isEmpty() && baseline == null) {
            o.append("<text x=\"").append(coord((LEFT + RIGHT) / 2)).append("\" y=\"")
                    .append(coord((TOP + BOTTOM) / 2)).append("\" text-anchor=\"middle\">no results to plot</text>\n");
        }
        frontLine(o, points.stream().filter(r -> frontIds.contains(r.candidateId())).toList());
        // Dominated points first so front members are painted on top of them.
        o.append("<g class=\"points\">\n");
        for (ResultRow r : points) {
            if (!frontIds.contains(r.candidateId())) {
                point(o, r, false);
            }
        }
        for (ResultRow r : points) {
            if (frontIds.contains(r.candidateId())) {
                point(o, r, true);
            }
        }
        o.append("</g>\n");
        for (ResultRow r : points) {
            if (r.candidateId().equals(kneeId)) {
                o.append("<circle class=\"knee-ring\" cx=\"").append(coord(px(r.value(xName))))
                        .append("\" cy=\"").append(coord(py(r.value(yName))))
                        .append("\" r=\"9\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>\n");
            }
        }
        if (baseline != null) {
            baseline(o, baseline);
        }
        legend(o, baseline != null, kneeId != null);
        o.append("</svg>");
        return o.toString();
    }

    private void axes(StringBuilder o) {
        o.append("<g class=\"axis x-axis\">\n");
        for (double t : xAxis.ticks()) {
            String px = coord(px(t));
            o.append("<line x1=\"").append(px).append("\" x2=\"").append(px).append("\" y1=\"").append(coord(TOP))
                    .append("\" y2=\"").append(coord(BOTTOM + 5)).append("\" stroke=\"#e3e3e3\"/>")
                    .append("<text x=\"").append(px).append("\" y=\"").append(coord(BOTTOM + 19))
                    .append("\" text-anchor=\"middle\">").append(esc(Text.compact(t))).append("</text>\n");
        }
        o.append("<text class=\"axis-label\" x=\"").append(coord((LEFT + RIGHT) / 2)).append("\" y=\"")
                .append(coord(BOTTOM + 44)).append("\" text-anchor=\"middle\" font-size=\"13\">")
                .append(esc(xName.label() + (xAxis.log() ? " (log scale)" : ""))).append("</text>\n</g>\n");
        o.append("<g class=\"axis y-axis\">\n");
        for (double t : yAxis.ticks()) {
            String py = coord(py(t));
            o.append("<line x1=\"").append(coord(LEFT - 5)).append("\" x2=\"").append(coord(RIGHT))
                    .append("\" y1=\"").append(py).append("\" y2=\"").append(py).append("\" stroke=\"#e3e3e3\"/>")
                    .append("<text x=\"").append(coord(LEFT - 8)).append("\" y=\"").append(coord(py(t) + 4))
                    .append("\" text-anchor=\"end\">").append(esc(Text.compact(t))).append("</text>\n");
        }
        double cy = (TOP + BOTTOM) / 2;
        o.append("<text class=\"axis-label\" x=\"20\" y=\"").append(coord(cy)).append("\" transform=\"rotate(-90 20 ")
                .append(coord(cy)).append(")\" text-anchor=\"middle\" font-size=\"13\">")
                .append(esc(yName.label() + (yAxis.log() ? " (log scale)" : ""))).append("</text>\n</g>\n");
    }

    /** A staircase through the front sorted by x: the boundary of what the front attains. */
    private void frontLine(StringBuilder o, List<ResultRow> members) {
        if (members.isEmpty()) {
            return;
        }
        List<ResultRow> sorted = members.stream()
                .sorted(Comparator.comparingDouble((ResultRow r) -> r.value(xName))
                        .thenComparingDouble(r -> r.value(yName)))
                .toList();
        StringBuilder d = new StringBuilder();
        for (ResultRow r : sorted) {
            double x = px(r.value(xName));
            double y = py(r.value(yName));
            if (d.isEmpty()) {
                d.append("M").append(coord(x)).append(' ').append(coord(y));
            } else {
                d.append(" H").append(coord(x)).append(" V").append(coord(y));
            }
        }
        o.append("<path class=\"front-line\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(FRONT)
                .append("\" stroke-width=\"1.5\"/>\n");
    }

    private void point(StringBuilder o, ResultRow r, boolean front) {
        o.append("<circle class=\"point").append(front ? " front" : "").append("\" data-id=\"")
                .append(esc(r.candidateId())).append("\" cx=\"").append(coord(px(r.value(xName))))
                .append("\" cy=\"").append(coord(py(r.value(yName)))).append("\" r=\"").append(front ? 5 : 4)
                .append("\" fill=\"").append(front ? FRONT : GREY).append("\" fill-opacity=\"")
                .append(front ? "0.95" : "0.6").append("\" stroke=\"").append(front ? "#7a3300" : "none")
                .append("\"><title>").append(esc(tooltip(r))).append("</title></circle>\n");
    }

    private void baseline(StringBuilder o, ResultRow b) {
        double x = px(b.value(xName));
        double y = py(b.value(yName));
        double r = 7;
        o.append("<g class=\"baseline-marker\"><polygon class=\"baseline\" data-id=\"").append(esc(b.candidateId()))
                .append("\" points=\"").append(diamond(x, y, r)).append("\" fill=\"").append(BASE)
                .append("\" stroke=\"#0b4f3b\"><title>").append(esc("dense baseline\n" + tooltip(b)))
                .append("</title></polygon><text x=\"").append(coord(x - r - 3)).append("\" y=\"")
                .append(coord(y - r)).append("\" text-anchor=\"end\" fill=\"").append(BASE)
                .append("\">dense</text></g>\n");
    }

    private static String diamond(double x, double y, double r) {
        return coord(x) + "," + coord(y - r) + " " + coord(x + r) + "," + coord(y) + " " + coord(x) + ","
                + coord(y + r) + " " + coord(x - r) + "," + coord(y);
    }

    private void legend(StringBuilder o, boolean baseline, boolean knee) {
        double x = RIGHT + 22;
        double y = TOP + 14;
        o.append("<g class=\"legend\">\n");
        o.append("<circle cx=\"").append(coord(x)).append("\" cy=\"").append(coord(y)).append("\" r=\"4\" fill=\"")
                .append(GREY).append("\" fill-opacity=\"0.6\"/>");
        legendText(o, x, y, "candidate");
        y += 22;
        o.append("<line x1=\"").append(coord(x - 8)).append("\" x2=\"").append(coord(x + 8)).append("\" y1=\"")
                .append(coord(y)).append("\" y2=\"").append(coord(y)).append("\" stroke=\"").append(FRONT)
                .append("\" stroke-width=\"1.5\"/><circle cx=\"").append(coord(x)).append("\" cy=\"")
                .append(coord(y)).append("\" r=\"5\" fill=\"").append(FRONT).append("\" stroke=\"#7a3300\"/>");
        legendText(o, x, y, "Pareto front");
        if (knee) {
            y += 22;
            o.append("<circle cx=\"").append(coord(x)).append("\" cy=\"").append(coord(y))
                    .append("\" r=\"9\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>");
            legendText(o, x, y, "knee");
        }
        if (baseline) {
            y += 22;
            o.append("<polygon points=\"").append(diamond(x, y, 7)).append("\" fill=\"").append(BASE)
                    .append("\" stroke=\"#0b4f3b\"/>");
            legendText(o, x, y, "dense baseline");
        }
        o.append("</g>\n");
    }

    private static void legendText(StringBuilder o, double x, double y, String text) {
        o.append("<text x=\"").append(coord(x + 16)).append("\" y=\"").append(coord(y + 4)).append("\">")
                .append(esc(text)).append("</text>\n");
    }

    private String tooltip(ResultRow r) {
        Measurements ms = r.measurements();
        StringBuilder t = new StringBuilder(r.candidateId()).append('\n').append(r.label())
                .append("\nsparsity ").append(Text.percent(ms.footprint().sparsity()))
                .append("\nval acc ").append(Text.fraction(ms.valAccuracy()));
        if (Double.isFinite(ms.testAccuracy())) {
            t.append("\ntest acc ").append(Text.fraction(ms.testAccuracy()));
        }
        t.append("\nnonzero params ").append(Text.count(ms.footprint().nonzeroParams()));
        for (Metric m : List.of(yName, xName)) {
            if (m != Metric.VAL_ACCURACY && m != Metric.NONZERO_PARAMS) {
                t.append('\n').append(m.label()).append(' ').append(Text.number(r.value(m)));
            }
        }
        return t.toString();
    }
}
