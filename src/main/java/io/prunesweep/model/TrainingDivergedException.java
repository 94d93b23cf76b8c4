package io.prunesweep.model;

/**
 * Training or fine-tuning produced a NaN or infinite loss. A failure at run time, not bad input: the CLI
 * exits 1, and in a sweep the candidate becomes a failed row with this message.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message says what diverged, when, and with which learning rate. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
