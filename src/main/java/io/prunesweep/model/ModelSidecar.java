package io.prunesweep.model;

/**
 * Provenance saved beside a model zip as {@code <name>.json}: what was trained, on which data, how, and
 * how well. A value of -1 means "not measured".
 *
 * @param architecture      zoo name, or {@code user} for a user-supplied model
 * @param dataFingerprint   fingerprint of the data splits it was trained on
 * @param seed              training seed
 * @param epochs            training epochs
 * @param batchSize         minibatch size
 * @param learningRate      Adam learning rate
 * @param validationAccuracy accuracy on the validation split
 * @param testAccuracy      accuracy on the test split
 * @param paramCount        total parameters
 * @param input             the input it reads
 * @param numClasses        output classes
 * @param trainMillis       wall time of training
 * @param createdAt         ISO-8601 instant
 * @param versions          prunesweep / DL4J versions
 */
public record ModelSidecar(String architecture, String dataFingerprint, long seed, int epochs, int batchSize,
                           double learningRate, double validationAccuracy, double testAccuracy, long paramCount,
                           InputSpec input, int numClasses, long trainMillis, String createdAt, String versions) {
}
