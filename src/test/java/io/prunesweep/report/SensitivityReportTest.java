package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.SensitivityRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensitivityReportTest {
    private static SensitivityRow row(int layer, double ratio, double acc) {
        return new SensitivityRow("k" + layer + ratio, layer, "DenseLayer", 100, ratio, "magnitude", "element", "ok", "",
                acc, 0.9, Math.round(ratio * 90), 2 * Math.round(ratio * 90), 4 * Math.round(ratio * 90));
    }

    private static final List<SensitivityRow> ROWS = List.of(row(0, 0.5, 0.89), row(0, 0.9, 0.7), row(1, 0.5, 0.9),
            row(1, 0.9, 0.85), new SensitivityRow("bad", 2, "DenseLayer", 10, 0.5, "magnitude", "element", "failed",
                    "x, \"y\"", Double.NaN, 0.9, -1, -1, -1));

    @Test
    void csvHasOneLinePerCellAndTheDrop() {
        String csv = SensitivityReport.csv(ROWS);
        String[] lines = csv.split("\n");
        assertEquals(6, lines.length);
        assertTrue(lines[0].startsWith("layer,type,params,ratio,val_accuracy,accuracy_drop,nonzero_removed,"));
        assertTrue(lines[2].startsWith("0,DenseLayer,100,0.9,0.7,"), lines[2]);
        assertTrue(lines[5].endsWith(",failed,\"x, \"\"y\"\"\""), lines[5]);
    }

    @Test
    void thePlotHasOneLinePerMeasuredLayerAndTheReportIsWrittenOnceWithIt(@TempDir Path dir) throws Exception {
        String svg = SensitivityReport.svg(ROWS);
        assertEquals(2, svg.split("<polyline class=\"layer\"", -1).length - 1);
        // the sensitivity files never touch an existing report: it is written once, by the sweep's finish
        Path report = dir.resolve("report.html");
        Files.writeString(report, "<html><body><h1>r</h1>\n</body></html>\n");
        SensitivityReport.write(ROWS, "s", dir);
        assertEquals("<html><body><h1>r</h1>\n</body></html>\n", Files.readString(report));
        assertTrue(Files.readString(dir.resolve("sensitivity.html")).contains("<svg class=\"sensitivity\""));
        assertTrue(Files.isRegularFile(dir.resolve("sensitivity.csv")));
        List<ResultRow> rows = List.of(Rows.ok("a").build());
        SweepSummary summary = Rows.summary(Rows.baseline(), "a");
        String with = HtmlReport.render(rows, rows, summary, ROWS);
        assertEquals(1, with.split("id=\"sensitivity\"", -1).length - 1);
        assertTrue(with.indexOf("<svg class=\"sensitivity\"") < with.indexOf("</body>"));
        assertTrue(!HtmlReport.render(rows, rows, summary).contains("id=\"sensitivity\""));
    }

    @Test
    void aTableOfUnitGroupsIsLabelledByGroupAndALayerTableAsBefore() {
        List<SensitivityRow> groups = List.of(new SensitivityRow("G1", 1, "group 'd1+d2,x' of DenseLayer+BatchNormalization",
                256, 0.5, "magnitude", "neuron", "ok", "", 0.8, 0.9, 100, 200, 400));
        assertTrue(groups.get(0).byGroup() && !ROWS.get(0).byGroup());
        String csv = SensitivityReport.csv(groups);
        // a group name may hold a comma (vertex names are free text): the type is quoted then
        assertTrue(csv.contains("\n1,\"group 'd1+d2,x' of DenseLayer+BatchNormalization\",256,0.5,"), csv);
        String html = SensitivityReport.html(groups, "g");
        assertTrue(html.contains("<tr><th>group</th><th>type</th>") && html.contains("Each prunable unit group"), html);
        assertTrue(html.contains("group 1 &#39;d1+d2,x&#39; of DenseLayer+BatchNormalization (256)"), html);
        assertTrue(SensitivityReport.section(groups).startsWith("<h2 id=\"sensitivity\">Unit-group sensitivity</h2>"));
        String layers = SensitivityReport.html(ROWS, "l");
        assertTrue(layers.contains("<tr><th>layer</th><th>type</th>") && layers.contains("Each prunable layer pruned "
                + "alone") && layers.contains("layer 0 DenseLayer (100)") && layers.contains("ratio (layer alone)"));
        assertTrue(SensitivityReport.section(ROWS).startsWith("<h2 id=\"sensitivity\">Layer sensitivity</h2>"));
    }
}
