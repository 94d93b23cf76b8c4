package io.prunesweep.sweep;

import java.io.IOError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A candidate's task failed for a reason that lies in where it ran, not in the candidate: it is thrown out of
 * the task so that Spark runs the task again (up to {@code spark.task.maxFailures}, then the job fails), and no
 * result is written for it, so a later run does not skip the candidate. {@link #of} is the one place that
 * decides which failures are such; every other failure is recorded once as a failed row.
 */
public final class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Reasons that builds before this class recorded as failed rows for what {@link #of} now calls transient
     * ({@code SimpleClassName: message} starts). None can be recorded today, so a row matching one is never
     * rerun twice for the same reason.
     */
    private static final List<String> RECORDED_BEFORE = List.of("OutOfMemoryError", "UncheckedIOException", "IOError",
            "SweepException: the data read on executor", "SweepException: executor data fingerprint");

    /** A failure known to be about the executor at the place it is detected (its data differ, say). */
    public TransientFailure(String message) {
        super(message);
    }

    /** The same, with what was caught where it was detected. */
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What a task throws for {@code e}, or empty when {@code e} is about the candidate and belongs in a failed
     * row. Why each kind is transient:
     * <ul>
     *   <li>{@link OutOfMemoryError}: how much memory a task finds depends on what else shares the JVM (other
     *       tasks, cached data), so the same candidate usually fits on a retry. It is thrown as an exception
     *       with the error suppressed, not as its cause: Spark exits an executor's JVM when a fatal error is
     *       anywhere in the cause chain, and in local mode that JVM is the driver. The task's memory is free
     *       again once the task has unwound.</li>
     *   <li>any other {@link VirtualMachineError}: the JVM itself is in doubt, so it is rethrown as it is.</li>
     *   <li>an I/O failure anywhere in the cause chain ({@link IOException}, {@link UncheckedIOException},
     *       {@link IOError}): reading inputs from a shared file system or writing the candidate's model, a
     *       matter of the disk or the mount.</li>
     *   <li>a {@code TransientFailure} thrown where the cause is known: the executor reads data whose
     *       fingerprint differs from the driver's, or cannot read the data the driver has already read.</li>
     * </ul>
     * Everything else (a diverging loss, a configuration this model cannot take such as a
     * {@code PruneException}, a mask not held) happens again on every retry: recording it once is the honest
     * result and spares Spark three more attempts.
     *
     * @param e     what the candidate threw
     * @param where names the candidate, executor and attempt for the message
     */
    public static Optional<RuntimeException> of(Throwable e, String where) {
        if (e instanceof OutOfMemoryError oom) {
            TransientFailure t = new TransientFailure(where + ": out of memory (" + oom.getMessage() + ")");
            t.addSuppressed(oom);
            return Optional.of(t);
        }
        if (e instanceof VirtualMachineError vme) {
            throw vme;
        }
        if (e instanceof TransientFailure t) {
            return Optional.of(new TransientFailure(where + ": " + t.getMessage(), t));
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TransientFailure || c instanceof IOException || c instanceof UncheckedIOException
                    || c instanceof IOError) {
                return Optional.of(new TransientFailure(where + ": " + reason(e), e));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a failed row's reason is one that an older build recorded for a transient failure: such a row
     * does not count as a result, so a resume runs its candidate again.
     */
    public static boolean isTransientReason(String error) {
        return error != null && RECORDED_BEFORE.stream().anyMatch(error::startsWith);
    }

    /** {@code SimpleClassName: message}, the form a failed row records. */
    public static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
