package io.prunesweep.spec;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A candidate of a sweep: a configuration bound to the base model, the data and the sweep seed.
 *
 * @param id               16 lower-case hex characters identifying the candidate's content
 * @param seed             the candidate's own random seed (pruning ties, random criterion, shuffling)
 * @param config           how the candidate is pruned and fine-tuned
 * @param modelFingerprint identifies the base model the candidate starts from
 * @param dataFingerprint  identifies the data it is fine-tuned and evaluated on
 */
public record Candidate(String id, long seed, CandidateConfig config, String modelFingerprint,
        String dataFingerprint) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Candidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(modelFingerprint, "modelFingerprint");
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
        if (!id.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("candidate id must be 16 lower-case hex characters: " + id);
        }
    }

    /**
     * Derives a candidate from its content. The id is the first 16 hex characters of
     * SHA-256({@code canonical|modelFp|dataFp|sweepSeed}); the seed is the first 8 bytes
     * (big-endian) of SHA-256({@code sweepSeed|canonical}). Neither depends on where the
     * configuration sits in the grid, so a resumed or retried sweep reproduces the same candidates
     * even if the grid is enumerated differently.
     */
    public static Candidate of(CandidateConfig config, long sweepSeed, String modelFp, String dataFp) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(modelFp, "modelFp");
        Objects.requireNonNull(dataFp, "dataFp");
        String canonical = config.canonical();
        String id = Canon.sha256Hex(canonical + "|" + modelFp + "|" + dataFp + "|" + sweepSeed).substring(0, 16);
        long seed = ByteBuffer.wrap(Canon.sha256(sweepSeed + "|" + canonical)).getLong();
        return new Candidate(id, seed, config, modelFp, dataFp);
    }
}
