package io.prunesweep.model;

/**
 * Bad input about a model: a file that is missing or not a DL4J model, an unknown zoo name, a shape the
 * data cannot feed, with the file, layer or value at fault named. The CLI exits 2 for it, so it is never
 * thrown for failures at run time: a model that cannot be written is an {@link java.io.UncheckedIOException}
 * (exit 1).
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ModelException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
