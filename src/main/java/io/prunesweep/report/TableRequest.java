package io.prunesweep.report;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Markdown table to render from a sweep's output directory: which kind of table and which columns.
 *
 * <p>Kinds: {@code front} (the dense baseline and the front members of {@code front.json}), {@code rows}
 * (every finished row of the result store, {@code results/}), {@code schedules} (validation accuracy by
 * target sparsity and schedule, from the result store), {@code summary} (what the run that wrote
 * {@code front.json} did, and its wall time).
 *
 * @param dir     the sweep's output directory
 * @param table   the kind of table
 * @param columns the columns ({@code front} and {@code rows}; ignored by {@code schedules})
 */
public record TableRequest(Path dir, String table, List<MarkdownColumn> columns) {
    /** The kinds of table. */
    public static final List<String> TABLES = List.of("front", "rows", "schedules", "summary", "target");

    /** Columns of a front table when none are asked for. */
    public static final List<MarkdownColumn> DEFAULT_COLUMNS = List.of(MarkdownColumn.CANDIDATE,
            MarkdownColumn.CONFIG, MarkdownColumn.VAL_ACC, MarkdownColumn.TEST_ACC, MarkdownColumn.NONZERO,
            MarkdownColumn.SPARSITY, MarkdownColumn.SPARSE_BYTES);

    public TableRequest {
        if (dir == null) {
            throw new IllegalArgumentException("a table needs a sweep output directory");
        }
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("unknown table '" + table + "'; tables: " + String.join(", ", TABLES));
        }
        columns = columns == null || columns.isEmpty() ? DEFAULT_COLUMNS : List.copyOf(columns);
    }

    /**
     * A request from its command-line form: {@code DIR [--table KIND] [--columns a,b,c]}, DIR resolved against
     * {@code base}.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static TableRequest parse(String args, Path base) {
        List<String> words = new ArrayList<>(Arrays.asList(args.trim().split("\\s+")));
        if (words.isEmpty() || words.get(0).isEmpty() || words.get(0).startsWith("--")) {
            throw new IllegalArgumentException("expected a sweep directory first, found '" + args.trim() + "'");
        }
        Path dir = base.resolve(words.remove(0));
        String table = "front";
        List<MarkdownColumn> columns = List.of();
        for (int i = 0; i < words.size(); i += 2) {
            String key = words.get(i);
            if (i + 1 >= words.size()) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            String value = words.get(i + 1);
            switch (key) {
                case "--table" -> table = value;
                case "--columns" -> columns = columns(value);
                default -> throw new IllegalArgumentException("unknown option '" + key + "'; options: --table, --columns");
            }
        }
        return new TableRequest(dir, table, columns);
    }

    /** Columns from {@code a,b,c}. */
    public static List<MarkdownColumn> columns(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(MarkdownColumn::of).toList();
    }

    /**
     * The table.
     *
     * @throws UncheckedIOException naming the file that cannot be read
     */
    public String render() {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("sweep directory " + dir + " does not exist");
        }
        return switch (table) {
            case "front", "summary", "target" -> {
                Path file = dir.resolve("front.json");
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("sweep directory " + dir + " has no front.json (has the sweep "
                            + "finished?)");
                }
                try {
                    SweepSummary summary = JsonWriter.readSummary(file);
                    yield switch (table) {
                        case "summary" -> MarkdownTables.summary(summary);
                        case "target" -> MarkdownTables.flopsTarget(summary, JsonWriter.readFront(file));
                        default -> MarkdownTables.front(summary, JsonWriter.readFront(file), columns);
                    };
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
            case "rows" -> MarkdownTables.rows(withFrontTestAccuracy(storeRows()), baseline(), columns);
            default -> MarkdownTables.schedules(storeRows());
        };
    }

    /**
     * The store's rows with the front members as {@code front.json} has them: test accuracy is measured for
     * front members on the driver and is not in the per-candidate files.
     */
    private List<ResultRow> withFrontTestAccuracy(List<ResultRow> rows) {
        Path file = dir.resolve("front.json");
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        try {
            Map<String, ResultRow> front = new HashMap<>();
            JsonWriter.readFront(file).forEach(r -> front.put(r.candidateId(), r));
            return rows.stream().map(r -> front.getOrDefault(r.candidateId(), r)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The baseline of {@code front.json}, when the directory has one. */
    private ResultRow baseline() {
        Path file = dir.resolve("front.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JsonWriter.readSummary(file).baseline();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private List<ResultRow> storeRows() {
        ResultStore store = new ResultStore(dir);
        if (!Files.isDirectory(store.resultsDir().localPath())) {
            throw new IllegalArgumentException("sweep directory " + dir + " has no results/ directory");
        }
        return store.readAll();
    }
}
