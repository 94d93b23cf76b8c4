package io.prunesweep.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Result rows as a sweep left them on disk ({@code <out>/results/<candidateId>.json}), read by column name
 * rather than through the production record, so a comparison keeps working when the record is restructured.
 * A row is flattened to columns: nested objects give dotted names ({@code outcome.valAccuracy}), list
 * elements an index ({@code layers[0].nonzero}); a value is its JSON text, so NaN, -1 and a string stay
 * distinct.
 *
 * <p>{@link #reproducible} drops the columns that describe where and when a candidate ran rather than what
 * it computed: the executor, the task attempt, start and finish timestamps, latency and fine-tune wall time.
 * Everything else (the candidate, status, error, every size and accuracy metric, fingerprints, versions,
 * per-layer counts) must be identical between two runs of the same spec.
 */
public final class ResultFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Leaf names (lower case, without '_') of run-dependent columns. */
    private static final Set<String> RUN_DEPENDENT = Set.of("executorid", "executor", "attempt", "startedat",
            "finishedat", "started", "finished", "timestamp", "latencyms", "latency", "finetunems");

    private ResultFiles() {
    }

    /** Every result file under {@code <out>/results}, by candidate id (the file name), flattened. */
    public static Map<String, Map<String, String>> read(Path out) {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        Path dir = out.resolve("results");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    rows.put(name.substring(0, name.length() - ".json".length()), flatten(JSON.readTree(f.toFile())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results in " + dir, e);
        }
        return rows;
    }

    /** A JSON object as column name → JSON text of each leaf value. */
    public static Map<String, String> flatten(JsonNode node) {
        Map<String, String> columns = new TreeMap<>();
        flatten("", node, columns);
        return columns;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (node.isArray()) {
            out.put(prefix + ".size", String.valueOf(node.size()));
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix, node.toString());
        }
    }

    /** Whether a column describes where or when a candidate ran (see the class comment). */
    public static boolean runDependent(String column) {
        for (String segment : column.split("[.\\[\\]]")) {
            String s = segment.toLowerCase(Locale.ROOT).replace("_", "");
            if (RUN_DEPENDENT.contains(s) || s.startsWith("latency")) {
                return true;
            }
        }
        return false;
    }

    /** The row without its run-dependent columns. */
    public static Map<String, String> reproducible(Map<String, String> row) {
        Map<String, String> kept = new TreeMap<>(row);
        kept.keySet().removeIf(ResultFiles::runDependent);
        return kept;
    }

    /**
     * The one column whose last name segment is {@code leaf} (e.g. {@code attempt}), wherever the row nests it.
     *
     * @throws AssertionError when no column or more than one has that name
     */
    public static String column(Map<String, String> row, String leaf) {
        List<String> hits = row.keySet().stream()
                .filter(k -> k.equals(leaf) || k.endsWith("." + leaf)).toList();
        assertEquals(1, hits.size(), "columns named " + leaf + " in " + row.keySet());
        try {
            return JSON.readTree(row.get(hits.get(0))).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Same candidates, and for each the same value in every reproducible column; the failure lists each
     * differing column with both values.
     *
     * @param minColumns a floor on how many columns were compared, so a format change that hides the
     *                   metrics from this reader cannot turn the comparison into an empty one
     */
    public static void assertSameReproducibleColumns(Map<String, Map<String, String>> expected,
                                                     Map<String, Map<String, String>> actual, int minColumns) {
        assertEquals(expected.keySet(), actual.keySet(), "candidate ids");
        List<String> diffs = new ArrayList<>();
        for (String id : expected.keySet()) {
            Map<String, String> e = reproducible(expected.get(id));
            Map<String, String> a = reproducible(actual.get(id));
            assertTrue(e.size() >= minColumns, id + ": only " + e.size() + " columns compared: " + e.keySet());
            Set<String> names = new TreeSet<>(e.keySet());
            names.addAll(a.keySet());
            for (String n : names) {
                if (!Objects.equals(e.get(n), a.get(n))) {
                    diffs.add(id + " " + n + ": " + e.get(n) + " vs " + a.get(n));
                }
            }
        }
        assertEquals(List.of(), diffs, "result columns that differ (expected vs actual)");
    }
}
