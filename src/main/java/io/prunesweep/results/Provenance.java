package io.prunesweep.results;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a result came from, so it can be traced and reproduced: the candidate's seed and halving rung, the
 * task that ran it, when, and which spec, model, data and code it ran against.
 *
 * @param seed             the candidate's seed (derived from the sweep seed and its configuration)
 * @param rung             the successive-halving rung the row comes from, 0 without halving
 * @param executorId       Spark executor (or {@code driver}) that ran it
 * @param attempt          Spark task attempt number, 0 for the first
 * @param startedAt        ISO-8601 start
 * @param finishedAt       ISO-8601 end
 * @param specHash         hash of the sweep spec
 * @param modelFingerprint base model fingerprint
 * @param dataFingerprint  dataset fingerprint
 * @param versions         prunesweep, DL4J, Spark and Java versions
 */
public record Provenance(long seed, int rung, String executorId, int attempt, String startedAt, String finishedAt,
                         String specHash, String modelFingerprint, String dataFingerprint, String versions)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public Provenance {
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(specHash, "specHash");
        Objects.requireNonNull(modelFingerprint, "modelFingerprint");
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
        Objects.requireNonNull(versions, "versions");
        if (rung < 0 || attempt < 0) {
            throw new IllegalArgumentException("rung and attempt must be >= 0, found " + rung + ", " + attempt);
        }
    }
}
