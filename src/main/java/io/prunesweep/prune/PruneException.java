package io.prunesweep.prune;

/** A pruning request the model cannot satisfy (unsupported layer, impossible ratio, corrupt mask). */
public class PruneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the layer, parameter or value at fault. */
    public PruneException(String message) {
        super(message);
    }

    /** With the cause it was translated from. */
    public PruneException(String message, Throwable cause) {
        super(message, cause);
    }
}
