package io.prunesweep.sweep;

/** A sweep that cannot start or finish, with the process exit code the CLI should use (2 = bad input). */
public class SweepException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /** Creates the exception. */
    public SweepException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit code: 2 for bad input, 1 for failures at run time. */
    public int exitCode() {
        return exitCode;
    }
}
