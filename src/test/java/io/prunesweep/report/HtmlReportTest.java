package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import io.prunesweep.spec.CriterionKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {
    @TempDir
    Path dir;

    private static final Pattern POINT = Pattern.compile("<circle class=\"(point[^\"]*)\" data-id=\"([^\"]*)\"");
    private static final String REASON = "OOM: a < b && c > d in \"layer\" 'x'";

    private final List<ResultRow> all = List.of(
            Rows.ok("c1").nonzero(2_000).valAccuracy(0.85).build(),
            Rows.ok("c2").nonzero(5_000).valAccuracy(0.91).build(),
            Rows.ok("c3").nonzero(5_500).valAccuracy(0.88).build(), // dominated by c2
            Rows.ok("c4").nonzero(8_000).valAccuracy(0.93).criterion(CriterionKind.TAYLOR).executorId("exec<&>").build(),
            Rows.failed("f1", REASON).build());
    private final List<ResultRow> front = List.of(
            Rows.ok("c1").nonzero(2_000).valAccuracy(0.85).testAccuracy(0.84).build(),
            Rows.ok("c4").nonzero(8_000).valAccuracy(0.93).criterion(CriterionKind.TAYLOR).executorId("exec<&>").testAccuracy(0.92).build(),
            Rows.ok("c2").nonzero(5_000).valAccuracy(0.91).testAccuracy(0.9).build());

    private String write(List<ResultRow> rows, List<ResultRow> frontRows, SweepSummary s) throws Exception {
        Path file = dir.resolve("report.html");
        HtmlReport.write(rows, frontRows, s, file);
        return Files.readString(file);
    }

    @Test
    void onePointPerOkRowWithFiniteCoordinatesAndFrontMarked() throws Exception {
        String html = write(all, front, Rows.summary(Rows.baseline(), "c2"));
        Matcher m = POINT.matcher(html);
        Set<String> ids = new HashSet<>();
        Set<String> frontIds = new HashSet<>();
        int count = 0;
        while (m.find()) {
            count++;
            ids.add(m.group(2));
            if (List.of(m.group(1).split(" ")).contains("front")) {
                frontIds.add(m.group(2));
            }
        }
        assertEquals(4, count, "c1..c4; not the failed f1 or the baseline");
        assertEquals(Set.of("c1", "c2", "c3", "c4"), ids);
        assertEquals(Set.of("c1", "c2", "c4"), frontIds);
        assertTrue(html.contains("<path class=\"front-line\""));
        assertTrue(html.contains("class=\"knee-ring\""));
    }

    @Test
    void baselineMarkerAndTooltipsArePresent() throws Exception {
        String html = write(all, front, Rows.summary(Rows.baseline(), "c2"));
        assertTrue(html.contains("class=\"baseline\""));
        assertTrue(html.contains(">dense</text>"));
        // tooltip carries the label; free text (the executor) is escaped
        assertTrue(html.contains("<title>c4\ntaylor/element/layer@0.5"), "label in title");
        assertTrue(html.contains("exec&lt;&amp;&gt;"), "escaped executor");
        assertFalse(html.contains("exec<&>"));
    }

    @Test
    void noBaselineMeansNoMarker() throws Exception {
        String html = write(all, front, Rows.summary(null, null));
        assertFalse(html.contains("class=\"baseline\""));
        assertTrue(html.contains("not evaluated"));
    }

    @Test
    void selfContainedWithoutExternalUrls() throws Exception {
        String html = write(all, front, Rows.summary(Rows.baseline(), "c2"));
        String withoutXmlns = html.replace("http://www.w3.org/2000/svg", "");
        assertFalse(withoutXmlns.contains("http://"), "no http URL");
        assertFalse(withoutXmlns.contains("https://"), "no https URL");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link"), "no linked stylesheets");
    }

    @Test
    void failedSectionListsEscapedReasonOrNone() throws Exception {
        String html = write(all, front, Rows.summary(Rows.baseline(), "c2"));
        String failed = html.substring(html.indexOf("id=\"failed\""));
        assertTrue(failed.contains("f1"));
        assertTrue(failed.contains("OOM: a &lt; b &amp;&amp; c &gt; d in &quot;layer&quot; &#39;x&#39;"), failed);
        assertFalse(html.contains(REASON));

        String clean = write(all.stream().filter(ResultRow::ok).toList(), front, Rows.summary(null, null));
        String none = clean.substring(clean.indexOf("id=\"failed\""));
        assertTrue(none.contains("<p>none</p>"), none);
    }

    @Test
    void svgParsesAsXmlAndHoldsTheSameCircles() throws Exception {
        // A control character in a reason or label must not break the XML either.
        List<ResultRow> rows = new ArrayList<>(all);
        rows.add(Rows.ok("c6\u0001").nonzero(9_000).valAccuracy(0.8).build());
        String html = write(rows, front, Rows.summary(Rows.baseline(), "c2"));
        int start = html.indexOf("<svg");
        int end = html.indexOf("</svg>") + "</svg>".length();
        assertTrue(start >= 0 && end > start);
        String svg = html.substring(start, end);

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        NodeList circles = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle");
        int points = 0;
        for (int i = 0; i < circles.getLength(); i++) {
            Element c = (Element) circles.item(i);
            if (c.getAttribute("class").startsWith("point")) {
                points++;
                assertEquals(1, c.getElementsByTagNameNS("*", "title").getLength(), "each point has a title");
            }
        }
        assertEquals(5, points);
    }

    @Test
    void frontTableSortedByFirstObjectiveWithKneeHighlighted() throws Exception {
        String html = write(all, front, Rows.summary(Rows.baseline(), "c2"));
        String table = html.substring(html.indexOf("<table class=\"front\">"), html.indexOf("id=\"layers\""));
        int c4 = table.indexOf("<td>c4");
        int c2 = table.indexOf("<td>c2");
        int c1 = table.indexOf("<td>c1");
        assertTrue(c4 > 0 && c4 < c2 && c2 < c1, "0.93, 0.91, 0.85");
        assertTrue(table.contains("<tr class=\"knee\"><td>c2<span class=\"tag\">knee</span>"));
        assertTrue(table.contains("0.9200"), "test accuracy of front members");
    }

    @Test
    void rowsMoreThanHalfAPointShortOfTheirTargetAreTaggedCappedInTheFrontAndAllTables() throws Exception {
        // every Rows target is 0.5
        List<ResultRow> rows = List.of(Rows.ok("k1").nonzero(2_000).valAccuracy(0.85).achieved(0.375).build(),
                Rows.ok("k2").nonzero(5_000).valAccuracy(0.91).achieved(0.496).build(),
                Rows.ok("k3").nonzero(8_000).valAccuracy(0.93).build());
        String html = write(rows, rows, Rows.summary(Rows.baseline(), "k2"));
        String tag = "<span class=\"tag capped\" title=\"achieved 37.5 % of a 50.0 % target: per-layer caps bound\">"
                + "capped</span></td>";
        String front = html.substring(html.indexOf("<table class=\"front\">"), html.indexOf("id=\"layers\""));
        String all = html.substring(html.indexOf("<table class=\"all\">"), html.indexOf("id=\"failed\""));
        for (String table : List.of(front, all)) {
            assertEquals(1, table.split("tag capped", -1).length - 1, "only k1: k2 is within rounding, k3 unknown");
            String k1 = table.substring(table.indexOf("<td>k1"));
            assertTrue(k1.substring(0, k1.indexOf("</tr>")).contains(tag), k1);
        }
    }

    @Test
    void theFrontTableShowsTheShrunkLatencyNextToTheShrunkParams() throws Exception {
        List<ResultRow> rows = List.of(Rows.ok("s1").nonzero(2_000).valAccuracy(0.85).shrunkLatency(0.625).build(),
                Rows.ok("e1").nonzero(5_000).valAccuracy(0.91).build());
        String html = write(rows, rows, Rows.summary(Rows.baseline(), "s1"));
        String front = html.substring(html.indexOf("<table class=\"front\">"), html.indexOf("id=\"layers\""));
        assertTrue(front.contains("<th>shrunk params</th><th>shrunk latency ms</th></tr>"), front);
        String s1 = front.substring(front.indexOf("<td>s1"));
        assertTrue(s1.substring(0, s1.indexOf("</tr>")).endsWith("<td class=\"num\">0.625</td>"), s1);
        String e1 = front.substring(front.indexOf("<td>e1"));
        assertTrue(e1.substring(0, e1.indexOf("</tr>")).endsWith("<td class=\"num\">" + Text.MISSING + "</td>"),
                "no shrunk model: " + e1);
    }

    @Test
    void layerTableHasOneColumnPerLayerWithBars() throws Exception {
        String html = write(all, front, Rows.summary(Rows.baseline(), "c2"));
        String table = html.substring(html.indexOf("<table class=\"layers\">"), html.indexOf("id=\"all\""));
        assertTrue(table.contains("<th>L0 DenseLayer</th><th>L1 OutputLayer</th>"));
        // c1: 1000 of 8000 nonzero in L0 -> 87.5 % sparse
        assertTrue(table.contains("87.5 %<span class=\"bar\"><span style=\"width:87.5%\">"), table);
    }

    @Test
    void logScaleWhenTheXRangeIsWide() throws Exception {
        List<ResultRow> wide = List.of(Rows.ok("a").nonzero(100).build(), Rows.ok("b").nonzero(9_000).build());
        String html = write(wide, wide, Rows.summary(null, null));
        assertTrue(html.contains("nonzero parameters (log scale)"));
        String narrow = write(all, front, Rows.summary(null, null));
        assertFalse(narrow.contains("(log scale)"));
    }

    @Test
    void otherObjectivesDriveTheAxes() throws Exception {
        SweepSummary base = Rows.summary(null, null);
        SweepSummary s = new SweepSummary(base.sweepName(), base.specHash(), base.specFile(),
                base.modelFingerprint(), base.dataFingerprint(), base.versions(), base.startedAt(),
                base.finishedAt(), List.of(Metric.VAL_ACCURACY, Metric.LATENCY_MS), null, Double.NaN, null, null, 3, 3, 0);
        List<ResultRow> rows = List.of(Rows.ok("a").latencyMs(2).build(), Rows.ok("b").latencyMs(Double.NaN).build());
        String html = write(rows, rows.subList(0, 1), s);
        assertTrue(html.contains("latency (ms per minibatch)"));
        Matcher m = POINT.matcher(html);
        int count = 0;
        while (m.find()) {
            count++;
        }
        assertEquals(1, count);
    }
}
