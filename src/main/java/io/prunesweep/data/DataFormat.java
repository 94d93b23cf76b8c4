package io.prunesweep.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** On-disk format of a dataset. */
public enum DataFormat {
    /** The MNIST IDX format: separate big-endian image (magic 2051) and label (magic 2049) files. */
    IDX,
    /** Comma-separated values: one example per line, one label column, all other columns numeric. */
    CSV,
    /** LibSVM / SVMlight sparse text: {@code label index:value ...} with 1-based indices. */
    LIBSVM,
    /**
     * A table read by Spark on the driver (Parquet files, or DataFrames handed to the sweep by a program): one
     * Spark ML vector or {@code array<float|double>} column of features and one numeric label column
     * ({@link TableColumns}).
     */
    PARQUET;

    /** @return whether Spark, not this package, reads the data (see {@link TableReader}) */
    public boolean isTable() {
        return this == PARQUET;
    }

    /**
     * Parses a format name as written by a user, ignoring case and surrounding blanks.
     *
     * @param text for example {@code "idx"}, {@code "CSV"} or {@code "LibSVM"}
     * @return the matching format
     * @throws DataException listing the allowed values if {@code text} matches none
     */
    public static DataFormat parse(String text) {
        if (text != null) {
            String wanted = text.trim();
            for (DataFormat format : values()) {
                if (format.name().equalsIgnoreCase(wanted)) {
                    return format;
                }
            }
        }
        String allowed = Arrays.stream(values())
                .map(f -> f.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new DataException("unknown data format '" + text + "'; allowed values: " + allowed);
    }
}
