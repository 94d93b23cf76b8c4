package io.prunesweep.data;

import io.prunesweep.storage.StoragePath;

/**
 * A problem with a dataset or its description: a missing or malformed file, an inconsistent split, or an
 * invalid {@link DataSource} setting.
 *
 * <p>It extends {@link IllegalArgumentException} (and therefore {@link RuntimeException}) because every
 * case is caused by the input handed to this package, not by a bug in it. Messages name the file and,
 * where it helps the user fix the input, the line, column and offending value.
 */
public class DataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message complete, user-facing description of the problem
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message complete, user-facing description of the problem
     * @param cause   underlying exception, typically an {@link java.io.IOException}
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Builds {@code "<file>: <detail>"} so that every file-related message has the same shape. */
    static DataException inFile(StoragePath file, String detail) {
        return new DataException(file + ": " + detail);
    }

    /** Builds {@code "<file>: line L: <detail>"}. */
    static DataException atLine(StoragePath file, long line, String detail) {
        return new DataException(file + ": line " + line + ": " + detail);
    }
}
