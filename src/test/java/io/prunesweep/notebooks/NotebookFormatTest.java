package io.prunesweep.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The notes under {@code notebooks/} are Zeppelin 0.11 {@code .zpln} JSON with every field Zeppelin expects. */
class NotebookFormatTest {
    private static final Path DIR = Path.of("notebooks");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILE = Pattern.compile("(.+)_([0-9A-Z]{9})\\.zpln");

    @Test
    void notesAreValidZeppelinNotes() throws Exception {
        List<Path> notes = NotebookRunner.notes(DIR);
        assertEquals(3, notes.size(), "notes: " + notes);
        Set<String> noteIds = new HashSet<>();
        Set<String> paragraphIds = new HashSet<>();
        for (Path f : notes) {
            String where = f.getFileName().toString();
            Matcher m = FILE.matcher(where);
            assertTrue(m.matches(), where + ": file name must be <name>_<noteId>.zpln, noteId 9 of [0-9A-Z]");
            JsonNode n = JSON.readTree(Files.readString(f));
            assertEquals(m.group(2), n.path("id").asText(), where + ": id matches the file name");
            assertEquals(m.group(1), n.path("name").asText(), where + ": name matches the file name");
            assertTrue(noteIds.add(n.path("id").asText()), where + ": duplicate note id");
            assertEquals("spark", n.path("defaultInterpreterGroup").asText(), where);
            assertEquals("0.11.2", n.path("version").asText(), where);
            for (String obj : List.of("noteParams", "noteForms", "angularObjects", "info")) {
                assertTrue(n.path(obj).isObject(), where + ": " + obj);
            }
            assertTrue(n.path("config").path("isZeppelinNotebookCronEnable").isBoolean(), where + ": config");
            assertTrue(n.path("paragraphs").isArray() && n.path("paragraphs").size() > 1, where + ": paragraphs");
            boolean hasSpark = false;
            for (JsonNode p : n.path("paragraphs")) {
                String id = p.path("id").asText();
                String at = where + " paragraph " + id;
                assertTrue(id.matches("paragraph_\\d+_-?\\d+"), at + ": id");
                assertTrue(paragraphIds.add(id), at + ": duplicate paragraph id");
                assertEquals(id, p.path("jobName").asText(), at + ": jobName");
                String text = p.path("text").asText();
                assertTrue(text.startsWith("%spark\n") || text.startsWith("%spark.sql\n") || text.startsWith("%md\n"),
                        at + ": text starts with %spark, %spark.sql or %md");
                assertTrue(p.path("title").isTextual(), at + ": title");
                assertEquals("READY", p.path("status").asText(), at + ": status");
                assertEquals(500, p.path("progressUpdateIntervalMs").asInt(), at);
                assertTrue(p.path("apps").isArray() && p.path("apps").isEmpty(), at + ": apps");
                assertTrue(p.path("dateCreated").isTextual(), at + ": dateCreated");
                assertTrue(p.path("settings").path("params").isObject()
                        && p.path("settings").path("forms").isObject(), at + ": settings");
                JsonNode c = p.path("config");
                assertEquals(12, c.path("colWidth").asInt(), at + ": colWidth");
                assertTrue(c.path("editorSetting").isObject(), at + ": editorSetting");
                boolean md = text.startsWith("%md");
                hasSpark |= !md;
                assertEquals(md ? "ace/mode/markdown" : text.startsWith("%spark.sql") ? "ace/mode/sql" : "ace/mode/scala",
                        c.path("editorMode").asText(), at + ": editorMode");
                if (!md) {
                    assertFalse(p.path("title").asText().isBlank(), at + ": code paragraphs have a title");
                }
                JsonNode graph = c.path("results").path("0").path("graph");
                if (!graph.isMissingNode()) {
                    checkChart(at, text, graph);
                }
            }
            assertTrue(hasSpark, where + ": no %spark paragraph");
            assertTrue(n.path("paragraphs").get(0).path("text").asText().startsWith("%md"), where + ": starts with %md");
        }
    }

    /** A chart names columns the paragraph shows, with the index of their position in its select. */
    private static void checkChart(String at, String text, JsonNode g) {
        assertTrue(Set.of("scatterChart", "multiBarChart", "lineChart", "pieChart", "stackedAreaChart", "table")
                .contains(g.path("mode").asText()), at + ": chart mode");
        assertTrue(g.path("height").isNumber(), at + ": height");
        assertTrue(g.path("optionOpen").isBoolean(), at + ": optionOpen");
        assertTrue(g.path("setting").isObject(), at + ": setting");
        assertFalse(g.path("keys").isEmpty() || g.path("values").isEmpty(), at + ": keys and values");
        for (String part : List.of("keys", "groups", "values")) {
            assertTrue(g.path(part).isArray(), at + ": " + part);
            for (JsonNode col : g.path(part)) {
                String name = col.path("name").asText();
                assertTrue(text.contains("\"" + name + "\"") || text.contains(name), at + ": chart column " + name
                        + " not in the paragraph");
                assertTrue(col.path("index").isNumber() && col.path("aggr").isTextual(), at + ": " + part + " " + name);
            }
        }
    }

    @Test
    void runnerReadsMagicAndBody() {
        NotebookRunner.Note n = NotebookRunner.read(NotebookRunner.notes(DIR).get(0));
        assertEquals("md", n.paragraphs().get(0).interpreter());
        NotebookRunner.Paragraph p = n.paragraphs().get(1);
        assertEquals("spark", p.interpreter());
        assertFalse(p.body().startsWith("%"), "magic stripped");
        assertTrue(p.runs());
    }

    @Test
    void checkFindsMissingMarkersAndCompileErrors() {
        NotebookRunner.Paragraph a = new NotebookRunner.Paragraph("N", "note", 0, "p1", "t", "spark", "1");
        NotebookRunner.Paragraph b = new NotebookRunner.Paragraph("N", "note", 1, "p2", "", "spark", "2");
        List<String> good = List.of(NotebookRunner.OK + "preamble>>>", NotebookRunner.START + "N p1>>>",
                NotebookRunner.OK + "N p1>>>", NotebookRunner.START + "N p2>>>", NotebookRunner.OK + "N p2>>>",
                NotebookRunner.END);
        assertEquals(List.of(), NotebookRunner.check(good, List.of(a, b)));
        List<String> bad = List.of(NotebookRunner.OK + "preamble>>>", NotebookRunner.START + "N p1>>>",
                NotebookRunner.OK + "N p1>>>", "003-N-02.scala:22: error: not found: value x", NotebookRunner.END);
        List<String> f = NotebookRunner.check(bad, List.of(a, b));
        assertEquals(2, f.size(), f.toString());
        assertTrue(f.get(0).startsWith("'note' paragraph 2: failed"), f.get(0));
        assertTrue(f.get(1).startsWith("compiler: "), f.get(1));
    }
}
