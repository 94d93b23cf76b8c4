package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * The base model a sweep prunes: either a saved model file or a model-zoo architecture trained
 * first. Paths are kept as written; the caller resolves relative ones.
 *
 * @param path         saved model file, or null when {@code zoo} is given
 * @param zoo          zoo architecture ({@code mlp} or {@code cnn}), or null when {@code path} is given
 * @param epochs       epochs to train a zoo model, &ge; 1 for zoo models (unused with a path)
 * @param batchSize    base-training mini-batch size, &ge; 1
 * @param learningRate base-training learning rate, &gt; 0
 */
public record ModelSpec(String path, String zoo, int epochs, int batchSize, double learningRate)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Zoo architectures prunesweep can build. */
    public static final List<String> ZOO_MODELS = List.of("mlp", "cnn");
    /** Base-training epochs when a zoo model does not state them. */
    public static final int DEFAULT_EPOCHS = 3;
    /** Base-training batch size when not stated. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Base-training learning rate when not stated. */
    public static final double DEFAULT_LEARNING_RATE = 0.002;

    public ModelSpec {
        if ((path == null) == (zoo == null)) {
            throw new IllegalArgumentException("model needs exactly one of path or zoo, got "
                    + (path == null ? "neither" : "both"));
        }
        if (path != null && path.isBlank()) {
            throw new IllegalArgumentException("model path must not be blank");
        }
        if (zoo != null && !ZOO_MODELS.contains(zoo)) {
            throw new IllegalArgumentException("unknown zoo model '" + zoo + "'; allowed: " + String.join(", ", ZOO_MODELS));
        }
        if (zoo != null ? epochs < 1 : epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= " + (zoo != null ? 1 : 0) + ": " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite: " + learningRate);
        }
    }

    /** A zoo model with default training settings. */
    public static ModelSpec ofZoo(String zoo) {
        return new ModelSpec(null, zoo, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE);
    }

    /** A saved model with default settings. */
    public static ModelSpec ofPath(String path) {
        return new ModelSpec(path, null, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE);
    }

    /** Whether the model is built from the zoo (and trained) rather than loaded. */
    public boolean isZoo() {
        return zoo != null;
    }

    String canonical() {
        return "path=" + Canon.str(path) + ";zoo=" + Canon.str(zoo) + ";epochs=" + epochs
                + ";batchSize=" + batchSize + ";learningRate=" + Canon.num(learningRate);
    }
}
