package io.prunesweep.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The three disjoint parts of a dataset used by a sweep. All three share width and number of classes,
 * so a model that fits one fits all.
 *
 * @param train      examples the model is trained on
 * @param validation held-out examples for model selection (may be empty)
 * @param test       examples for the final evaluation
 */
public record DataSplits(LabeledData train, LabeledData validation, LabeledData test) {

    /** @throws DataException if the parts disagree on width or number of classes */
    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        for (LabeledData part : new LabeledData[] {validation, test}) {
            if (part.width() != train.width() || part.numClasses() != train.numClasses()) {
                throw new DataException("dataset " + part.name() + " has " + part.width() + " features and "
                        + part.numClasses() + " classes but " + train.name() + " has " + train.width()
                        + " features and " + train.numClasses() + " classes");
            }
        }
    }

    /**
     * Identifies the exact split: SHA-256 hex over the train, validation and test fingerprints in that
     * order, so two runs are comparable only if every part is identical.
     *
     * @return 64 hex characters
     */
    public String fingerprint() {
        MessageDigest digest = LabeledData.sha256();
        for (LabeledData part : new LabeledData[] {train, validation, test}) {
            digest.update(part.fingerprint().getBytes(StandardCharsets.US_ASCII));
            // Separator keeps the encoding unambiguous even if the fingerprint format ever changes.
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Checks that a model's input layer matches the feature width, failing with a message that names
     * both sides rather than letting ND4J fail later with a bare shape mismatch.
     *
     * @param modelInputs number of inputs the model expects
     * @param modelName   model name used in the message
     * @throws DataException if {@code modelInputs != train().width()}
     */
    public void requireWidth(int modelInputs, String modelName) {
        if (modelInputs != train.width()) {
            throw new DataException("dataset " + train.name() + " has " + train.width()
                    + " features per example but model " + modelName + " expects " + modelInputs + " inputs");
        }
    }
}
