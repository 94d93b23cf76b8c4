package io.prunesweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prunesweep.results.ResultRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonWriterTest {
    @TempDir
    Path dir;

    private static List<ResultRow> front() {
        return List.of(
                Rows.ok("c1").nonzero(2_000).valAccuracy(0.85).testAccuracy(0.84).build(),
                Rows.ok("c2").nonzero(5_000).valAccuracy(0.91).build(), // NaN test accuracy
                Rows.ok("c3").nonzero(8_000).valAccuracy(0.93).testAccuracy(0.925)
                        .executorId("exec \"quoted\", <odd>").build());
    }

    @Test
    void frontRoundTripsIncludingNaN() throws Exception {
        Path file = dir.resolve("front.json");
        List<ResultRow> front = front();
        JsonWriter.writeFront(front, Rows.summary(Rows.baseline(), "c2"), file);
        List<ResultRow> read = JsonWriter.readFront(file);
        assertEquals(front, read);
        assertTrue(Double.isNaN(read.get(1).measurements().testAccuracy()));
        assertEquals(front.get(0).measurements().footprint().layers(), read.get(0).measurements().footprint().layers());
    }

    @Test
    void summaryRoundTripsWithBaselineAndWithout() throws Exception {
        Path file = dir.resolve("front.json");
        SweepSummary summary = Rows.summary(Rows.baseline(), "c2");
        JsonWriter.writeFront(front(), summary, file);
        assertEquals(summary, JsonWriter.readSummary(file));

        SweepSummary bare = Rows.summary(null, null);
        JsonWriter.writeFront(List.of(), bare, file);
        assertEquals(bare, JsonWriter.readSummary(file));
        assertEquals(List.of(), JsonWriter.readFront(file));
    }

    @Test
    void shapeIsSummaryAndFrontWithNullForNaN() throws Exception {
        Path file = dir.resolve("front.json");
        JsonWriter.writeFront(front(), Rows.summary(Rows.baseline(), "c2"), file);
        String text = Files.readString(file);
        assertFalse(text.contains("NaN"), text);
        JsonNode root = new ObjectMapper().readTree(text);
        assertEquals(List.of("summary", "front"), List.copyOf(iterable(root.fieldNames())));
        assertTrue(root.get("front").get(1).get("testAccuracy").isNull());
        assertEquals("c2", root.get("summary").get("kneeId").asText());
        assertEquals(0.93, root.get("summary").get("baseline").get("valAccuracy").asDouble());
        // derived accessors are not components and must not leak into the file
        assertFalse(root.get("front").get(0).has("ok"));
        assertFalse(root.get("front").get(0).get("layers").get(0).has("sparsity"));
    }

    @Test
    void rejectsAFileWithoutFront() throws Exception {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"rows\": []}");
        assertThrows(IOException.class, () -> JsonWriter.readFront(file));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
