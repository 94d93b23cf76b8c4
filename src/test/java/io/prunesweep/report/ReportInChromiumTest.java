package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.ResultRow;
import io.prunesweep.testing.Prerequisites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium with the network switched off and reads back the DOM the browser
 * built: the plot must have one point per result and the front highlighted. In CI (CI=true) Chromium is
 * required; elsewhere the test is skipped when it is not installed.
 */
class ReportInChromiumTest {
    private static final Path CHROMIUM = Prerequisites.CHROMIUM;
    private static final Pattern CIRCLE = Pattern.compile("<circle\\b[^>]*>");
    private static final Pattern CLASS = Pattern.compile("\\bclass=\"([^\"]*)\"");

    @Test
    void chromiumRendersOnePointPerResultWithTheFrontHighlighted(@TempDir Path dir) throws Exception {
        Prerequisites.requireChromium();
        List<ResultRow> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(Rows.ok("c" + i).nonzero(1_000L * (i + 1)).valAccuracy(0.70 + 0.02 * (i % 6)).build());
        }
        all.add(Rows.failed("bad", "NaN loss").build());
        List<ResultRow> front = all.stream().filter(r -> r.ok() && isFront(r, all)).toList();
        Path html = dir.resolve("report.html");
        HtmlReport.write(all, front, Rows.summary(Rows.baseline(), front.get(0).candidateId()), html);

        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", html.toUri().toString())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, p.exitValue(), "chromium exit code; stderr in " + dir.resolve("chromium.err"));

        int points = 0;
        int highlighted = 0;
        Matcher m = CIRCLE.matcher(dom);
        while (m.find()) {
            Matcher c = CLASS.matcher(m.group());
            if (c.find()) {
                List<String> classes = List.of(c.group(1).split("\\s+"));
                if (classes.contains("point")) {
                    points++;
                    highlighted += classes.contains("front") ? 1 : 0;
                }
            }
        }
        assertEquals(12, points, "one point per ok result in the rendered DOM");
        assertEquals(front.size(), highlighted, "front members highlighted");
        assertTrue(dom.contains("class=\"baseline\""), "dense baseline marked");
        assertTrue(dom.contains("NaN loss"), "failed candidate listed with its reason");
    }

    private static boolean isFront(ResultRow r, List<ResultRow> all) {
        return all.stream().filter(ResultRow::ok).noneMatch(o -> o != r
                && acc(o) >= acc(r) && nonzero(o) <= nonzero(r) && (acc(o) > acc(r) || nonzero(o) < nonzero(r)));
    }

    private static double acc(ResultRow r) {
        return r.measurements().valAccuracy();
    }

    private static long nonzero(ResultRow r) {
        return r.measurements().footprint().nonzeroParams();
    }
}
