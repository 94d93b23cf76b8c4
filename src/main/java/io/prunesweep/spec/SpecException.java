package io.prunesweep.spec;

/**
 * A sweep spec that cannot be used, with enough context to fix it: the file, the key path inside it
 * (e.g. {@code space.sparsity[1]}) and the offending value, rendered as
 * {@code conf/sweeps/x.yaml: space.sparsity[1] = 1.5: must be in [0, 1)}.
 */
public class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String keyPath;
    private final String value;
    private final String reason;

    /**
     * @param file    the spec file as given by the user
     * @param keyPath dotted key path with list indices, or null when the problem is the whole file
     * @param value   the offending value as written, or null when there is none (e.g. a missing key)
     * @param reason  what is wrong and, where possible, what is allowed
     * @param cause   the underlying exception, or null
     */
    public SpecException(String file, String keyPath, String value, String reason, Throwable cause) {
        super(render(file, keyPath, value, reason), cause);
        this.file = file;
        this.keyPath = keyPath;
        this.value = value;
        this.reason = reason;
    }

    /** Same as the five-argument constructor without a cause. */
    public SpecException(String file, String keyPath, String value, String reason) {
        this(file, keyPath, value, reason, null);
    }

    private static String render(String file, String keyPath, String value, String reason) {
        StringBuilder sb = new StringBuilder(String.valueOf(file)).append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            sb.append(keyPath);
            if (value != null) {
                sb.append(" = ").append(value);
            }
            sb.append(": ");
        }
        return sb.append(reason).toString();
    }

    /** The spec file as given by the user. */
    public String file() {
        return file;
    }

    /** The key path of the problem, or null when it concerns the whole file. */
    public String keyPath() {
        return keyPath;
    }

    /** The offending value as written, or null. */
    public String value() {
        return value;
    }

    /** The problem without file and key context. */
    public String reason() {
        return reason;
    }

    /** Process exit code for a bad spec: 2, the conventional code for a usage error. */
    public int exitCode() {
        return 2;
    }
}
