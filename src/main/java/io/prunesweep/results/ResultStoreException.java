package io.prunesweep.results;

/**
 * A sweep output directory or result file that cannot be used, with the process exit code the CLI should
 * use: 2 when the user named an unusable directory, 1 when a stored result cannot be read back at run time.
 */
public class ResultStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /** Creates the exception. */
    public ResultStoreException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit code: 2 for bad input, 1 for failures at run time. */
    public int exitCode() {
        return exitCode;
    }
}
