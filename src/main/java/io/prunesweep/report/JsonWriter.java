package io.prunesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.prunesweep.results.Json;
import io.prunesweep.results.ResultRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the Pareto front as {@code {"summary": {...}, "front": [rows...]}} through the results'
 * one JSON mapping ({@link Json}): rows as their columns, NaN as {@code null} and back, so
 * {@link #readFront} returns rows equal to those written.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    /**
     * Writes the front and its summary to {@code file} atomically, replacing any existing file.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeFront(List<ResultRow> front, SweepSummary summary, StoragePath file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("summary", summary);
        root.put("front", front);
        file.writeString(new String(Json.pretty(root), StandardCharsets.UTF_8) + "\n");
    }

    /** {@link #writeFront(List, SweepSummary, StoragePath)} to a local file. */
    public static void writeFront(List<ResultRow> front, SweepSummary summary, Path file) throws IOException {
        writeFront(front, summary, StoragePath.local(file));
    }

    /**
     * The front rows of a file written by {@link #writeFront}, in file order.
     *
     * @throws IOException if the file cannot be read or is not such a file
     */
    public static List<ResultRow> readFront(Path file) throws IOException {
        return readFront(StoragePath.local(file));
    }

    /** {@link #readFront(Path)} from any storage. */
    public static List<ResultRow> readFront(StoragePath file) throws IOException {
        JsonNode front = read(file).get("front");
        if (front == null || !front.isArray()) {
            throw new IOException(file + ": no \"front\" array");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (JsonNode row : front) {
            rows.add(Json.mapper().treeToValue(row, ResultRow.class));
        }
        return rows;
    }

    /**
     * The summary of a file written by {@link #writeFront}.
     *
     * @throws IOException if the file cannot be read or is not such a file
     */
    public static SweepSummary readSummary(Path file) throws IOException {
        return readSummary(StoragePath.local(file));
    }

    /** {@link #readSummary(Path)} from any storage. */
    public static SweepSummary readSummary(StoragePath file) throws IOException {
        JsonNode summary = read(file).get("summary");
        if (summary == null || !summary.isObject()) {
            throw new IOException(file + ": no \"summary\" object");
        }
        return Json.mapper().treeToValue(summary, SweepSummary.class);
    }

    private static JsonNode read(StoragePath file) throws IOException {
        JsonNode root = Json.mapper().readTree(file.readString());
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        return root;
    }
}
