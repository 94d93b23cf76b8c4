package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.results.ResultColumns;
import io.prunesweep.results.ResultRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
    @TempDir
    Path dir;

    private static final List<String> NAMES = ResultColumns.names();

    @Test
    void headerIsEveryColumnInTableOrder() throws Exception {
        Path file = dir.resolve("results.csv");
        CsvWriter.write(List.of(), file);
        List<List<String>> table = parse(Files.readString(file));
        assertEquals(List.of(NAMES), table);
        assertEquals("candidateId", table.get(0).get(0));
        assertEquals(List.of("layers", "budget", "rung", "rounds", "pattern", "latencyMethod", "trainedForm",
                "achievedSparsity", "shrunkLatencyMs"), table.get(0).subList(NAMES.size() - 9, NAMES.size()));
    }

    @Test
    void quotesCommaQuoteAndNewlineAndKeepsRowOrder() throws Exception {
        String nasty = "a, \"b\"\nc\r\nd";
        List<ResultRow> rows = List.of(
                Rows.ok("z-first").build(),
                Rows.failed("a-second", nasty).build());
        Path file = dir.resolve("results.csv");
        CsvWriter.write(rows, file);
        String text = Files.readString(file);

        assertTrue(text.contains("\"a, \"\"b\"\"\nc\r\nd\""), text);
        List<List<String>> table = parse(text);
        assertEquals(3, table.size());
        assertEquals("z-first", table.get(1).get(0));
        assertEquals("a-second", table.get(2).get(0));
        assertEquals(nasty, table.get(2).get(NAMES.indexOf("error")));
        for (List<String> line : table) {
            assertEquals(NAMES.size(), line.size());
        }
    }

    @Test
    void nanIsEmptyCountsStayAndLayersAreJson() throws Exception {
        Path file = dir.resolve("results.csv");
        CsvWriter.write(List.of(Rows.failed("f", "boom").build(), Rows.ok("o").nonzero(4_000).build()), file);
        List<List<String>> table = parse(Files.readString(file));
        List<String> failed = table.get(1);
        assertEquals("", failed.get(NAMES.indexOf("valAccuracy")));
        assertEquals("", failed.get(NAMES.indexOf("latencyMs")));
        assertEquals("-1", failed.get(NAMES.indexOf("nonzeroParams")));
        assertEquals("failed", failed.get(NAMES.indexOf("status")));
        assertEquals("[]", failed.get(NAMES.indexOf("layers")));

        List<String> ok = table.get(2);
        assertEquals("0.9", ok.get(NAMES.indexOf("valAccuracy")));
        assertEquals("4000", ok.get(NAMES.indexOf("nonzeroParams")));
        assertEquals("", ok.get(NAMES.indexOf("testAccuracy")));
        assertEquals("[{\"index\":0,\"type\":\"DenseLayer\",\"params\":8000,\"nonzero\":3000},"
                + "{\"index\":1,\"type\":\"OutputLayer\",\"params\":2000,\"nonzero\":1000}]",
                ok.get(NAMES.indexOf("layers")));
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaries() throws Exception {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, "stale");
        CsvWriter.write(List.of(Rows.ok("x").build()), file);
        assertTrue(Files.readString(file).startsWith("candidateId,"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /** A strict RFC 4180 reader, independent of the writer under test. */
    static List<List<String>> parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && cell.length() == 0) {
                i++;
                while (true) {
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(q);
                    }
                }
            } else if (c == ',') {
                line.add(cell.toString());
                cell.setLength(0);
                i++;
            } else if (c == '\r' && text.startsWith("\r\n", i)) {
                line.add(cell.toString());
                cell.setLength(0);
                lines.add(line);
                line = new ArrayList<>();
                i += 2;
            } else {
                assertTrue(c != '"' && c != '\n' && c != '\r', "unquoted special character at " + i);
                cell.append(c);
                i++;
            }
        }
        assertTrue(line.isEmpty() && cell.length() == 0, "last line must end in CRLF");
        return lines;
    }
}
