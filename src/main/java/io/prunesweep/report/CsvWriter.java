package io.prunesweep.report;

import io.prunesweep.results.ResultColumns;
import io.prunesweep.results.ResultColumns.Column;
import io.prunesweep.results.ResultRow;
import java.io.IOException;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes result rows as RFC 4180 CSV: a header with the {@link ResultColumns} names in order, then one line
 * per row in the order given, each cell as {@link Column#text} renders it (a NaN double is an empty cell,
 * per-layer counts are compact JSON). Lines end in CRLF as the RFC asks.
 */
public final class CsvWriter {
    private static final String EOL = "\r\n";

    private CsvWriter() {
    }

    /**
     * Writes {@code rows} to {@code file} atomically, replacing any existing file.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(List<ResultRow> rows, StoragePath file) throws IOException {
        file.writeString(toCsv(rows));
    }

    /** {@link #write(List, StoragePath)} to a local file. */
    public static void write(List<ResultRow> rows, Path file) throws IOException {
        write(rows, StoragePath.local(file));
    }

    /** The CSV text {@link #write} would write. */
    public static String toCsv(List<ResultRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append(line(ResultColumns.names()));
        for (ResultRow row : rows) {
            out.append(line(ResultColumns.all().stream().map(c -> c.text(row)).toList()));
        }
        return out.toString();
    }

    private static String line(List<String> cells) {
        return String.join(",", cells.stream().map(CsvWriter::quote).toList()) + EOL;
    }

    /** RFC 4180 quoting: only when needed, so plain cells stay readable. */
    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
