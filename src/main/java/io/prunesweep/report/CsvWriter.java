package io.prunesweep.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.prunesweep.results.ResultRow;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes result rows as RFC 4180 CSV: one header line with every {@link ResultRow} component name in
 * declaration order, then one line per row in the order given. Lines end in CRLF as the RFC asks.
 *
 * <p>Cells containing a comma, a double quote, CR or LF are quoted, with inner quotes doubled. A NaN
 * double is an empty cell; counts keep their -1 "not measured" value. {@code layers} is written as compact
 * JSON (an array of {@code {"index","type","params","nonzero"}} objects).
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
    public static void write(List<ResultRow> rows, Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv(rows));
    }

    /** The CSV text {@link #write} would write. */
    public static String toCsv(List<ResultRow> rows) {
        // Reflection rather than a hand-written column list so a component added to ResultRow is never dropped.
        RecordComponent[] components = ResultRow.class.getRecordComponents();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < components.length; i++) {
            out.append(i == 0 ? "" : ",").append(quote(components[i].getName()));
        }
        out.append(EOL);
        for (ResultRow row : rows) {
            for (int i = 0; i < components.length; i++) {
                out.append(i == 0 ? "" : ",").append(quote(cell(RecordJson.component(row, components[i]))));
            }
            out.append(EOL);
        }
        return out.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return d.isNaN() ? "" : d.toString();
        }
        if (value instanceof List<?> list) {
            try {
                return RecordJson.MAPPER.writeValueAsString(RecordJson.toNode(list));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot render " + list + " as JSON", e);
            }
        }
        return value.toString();
    }

    /** RFC 4180 quoting: only when needed, so plain cells stay readable. */
    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
