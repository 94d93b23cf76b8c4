package io.prunesweep.model;

/** A model that cannot be built, read or used, with the file or layer at fault named. */
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
