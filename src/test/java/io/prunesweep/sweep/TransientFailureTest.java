package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.TrainingDivergedException;
import io.prunesweep.prune.PruneException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which failures of a candidate are retried by Spark and which are recorded as failed rows. */
class TransientFailureTest {
    private static final String WHERE = "candidate 0123456789abcdef on executor 3 (attempt 1)";

    private static List<Throwable> deterministic() {
        return List.of(new TrainingDivergedException("fine-tuning diverged: loss is NaN after epoch 1"),
                new PruneException("granularity channel needs a convolution layer"),
                new SweepException("mask not held after fine-tuning", 1),
                new IllegalArgumentException("sparsity 1.5"), new AssertionError("invariant"));
    }

    private static List<Throwable> transients() {
        return List.of(new OutOfMemoryError("Java heap space"),
                new UncheckedIOException("cannot write model x.zip", new IOException("No space left on device")),
                new IllegalStateException("wrapped", new NoSuchFileException("/data/train-images-idx3-ubyte.gz")),
                new TransientFailure("the data read by the executor 3 has fingerprint a but the driver saw b"));
    }

    @Test
    void deterministicFailuresBecomeFailedRows() {
        for (Throwable e : deterministic()) {
            assertTrue(TransientFailure.of(e, WHERE).isEmpty(), e.toString());
            assertFalse(TransientFailure.isTransientReason(TransientFailure.reason(e)),
                    "a recorded " + e + " must stay a result, or every resume would rerun it");
        }
    }

    @Test
    void infrastructureFailuresAreRethrownNamingTheCandidate() {
        for (Throwable e : transients()) {
            RuntimeException t = TransientFailure.of(e, WHERE).orElseThrow(() -> new AssertionError(e.toString()));
            assertTrue(t instanceof TransientFailure, t.toString());
            assertTrue(t.getMessage().startsWith(WHERE + ": "), t.getMessage());
        }
    }

    @Test
    void outOfMemoryIsRethrownWithoutTheErrorInItsCauseChain() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        RuntimeException t = TransientFailure.of(oom, WHERE).orElseThrow();
        // Spark exits the executor JVM (the driver, in local mode) on a fatal error anywhere in the cause chain
        assertNull(t.getCause());
        assertSame(oom, t.getSuppressed()[0]);
        assertTrue(t.getMessage().contains("out of memory (Java heap space)"), t.getMessage());
    }

    @Test
    void otherVirtualMachineErrorsPropagateAsTheyAre() {
        InternalError e = new InternalError("jvm");
        assertSame(e, assertThrows(InternalError.class, () -> TransientFailure.of(e, WHERE)));
    }

    @Test
    void reasonsThatOlderBuildsRecordedForTransientFailuresAreRecognised() {
        assertTrue(TransientFailure.isTransientReason("OutOfMemoryError: Java heap space"));
        assertTrue(TransientFailure.isTransientReason("UncheckedIOException: cannot write model /o/candidates/x.zip"));
        assertTrue(TransientFailure.isTransientReason("SweepException: the data read on executor 1 (idx /d) has "
                + "fingerprint a but the driver saw b: executors must see the same files"));
        assertFalse(TransientFailure.isTransientReason("TrainingDivergedException: loss is NaN"));
        assertFalse(TransientFailure.isTransientReason(""));
        assertEquals("OutOfMemoryError: x", TransientFailure.reason(new OutOfMemoryError("x")));
    }
}
