package io.prunesweep.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import io.prunesweep.storage.StoragePath;

/**
 * Reads comma-separated numeric data: one example per line, one integer label column, every other column
 * a feature. Blank lines are skipped; every row must have the same number of columns. Quoting is not
 * supported since numeric data has no need for it. Gzipped files are accepted.
 */
final class CsvReader {

    private CsvReader() {
    }

    /**
     * @param labelColumn zero-based label column
     * @param header      {@code true}/{@code false}, or {@code null} to treat the first non-blank row as a
     *                    header exactly when one of its cells is not a number
     */
    static RawExamples read(StoragePath file, String role, int labelColumn, Boolean header) {
        FloatList features = new FloatList();
        IntList labels = new IntList();
        int columns = -1;
        int columnsLine = 0;
        boolean firstRow = true;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(DataFiles.open(file, role), StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (firstRow) {
                    firstRow = false;
                    boolean isHeader = header != null ? header : hasNonNumericCell(cells);
                    if (isHeader) {
                        continue;
                    }
                }
                if (columns < 0) {
                    columns = cells.length;
                    columnsLine = lineNumber;
                    if (labelColumn >= columns) {
                        throw DataException.atLine(file, lineNumber, "label column " + labelColumn
                                + " (zero-based) does not exist; the row has " + columns + " columns");
                    }
                    if (columns < 2) {
                        throw DataException.atLine(file, lineNumber,
                                "row has only a label column and no features");
                    }
                } else if (cells.length != columns) {
                    throw DataException.atLine(file, lineNumber, "row has " + cells.length
                            + " columns but line " + columnsLine + " has " + columns);
                }
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c].trim();
                    if (c == labelColumn) {
                        labels.add(DataFiles.parseLabel(cell, file, lineNumber, "column " + (c + 1)));
                    } else {
                        features.add(parseNumber(cell, file, lineNumber, c + 1));
                    }
                }
            }
        } catch (IOException e) {
            throw DataException.inFile(file, "cannot read " + role + " file: " + e.getMessage());
        }
        if (columns < 0) {
            throw DataException.inFile(file, "contains no data rows");
        }
        return new RawExamples(features.toArray(), labels.toArray(), columns - 1, null);
    }

    private static boolean hasNonNumericCell(String[] cells) {
        for (String cell : cells) {
            if (!isNumber(cell.trim())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String text) {
        try {
            Float.parseFloat(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float parseNumber(String cell, StoragePath file, int line, int column) {
        try {
            return Float.parseFloat(cell);
        } catch (NumberFormatException e) {
            throw DataException.atLine(file, line, "column " + column + ": not a number: '" + cell + "'");
        }
    }
}
