package io.prunesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prunesweep.results.ResultRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the Pareto front as {@code {"summary": {...}, "front": [rows...]}}. Objects carry
 * exactly the record components of {@link SweepSummary} and {@link ResultRow}; NaN is written as
 * {@code null} and read back as NaN, so {@link #readFront} returns rows equal to those written.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    /**
     * Writes the front and its summary to {@code file} atomically, replacing any existing file.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeFront(List<ResultRow> front, SweepSummary summary, Path file) throws IOException {
        ObjectNode root = RecordJson.MAPPER.createObjectNode();
        root.set("summary", RecordJson.toNode(summary));
        root.set("front", RecordJson.toNode(front));
        AtomicFiles.writeString(file,
                RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /**
     * The front rows of a file written by {@link #writeFront}, in file order.
     *
     * @throws IOException if the file cannot be read or is not such a file
     */
    public static List<ResultRow> readFront(Path file) throws IOException {
        JsonNode front = read(file).get("front");
        if (front == null || !front.isArray()) {
            throw new IOException(file + ": no \"front\" array");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (JsonNode row : front) {
            rows.add(RecordJson.fromNode(row, ResultRow.class));
        }
        return rows;
    }

    /**
     * The summary of a file written by {@link #writeFront}.
     *
     * @throws IOException if the file cannot be read or is not such a file
     */
    public static SweepSummary readSummary(Path file) throws IOException {
        return RecordJson.fromNode(read(file).get("summary"), SweepSummary.class);
    }

    private static JsonNode read(Path file) throws IOException {
        JsonNode root = RecordJson.MAPPER.readTree(Files.readString(file));
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        return root;
    }
}
