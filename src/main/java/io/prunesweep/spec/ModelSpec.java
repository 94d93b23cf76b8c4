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

    /** The keys of the spec's {@code model} section. */
    static final List<String> KEYS = List.of("path", "zoo", "epochs", "batchSize", "learningRate");

    public ModelSpec {
        if (path != null && zoo != null) {
            throw SpecViolation.of("path and zoo are mutually exclusive; give exactly one");
        }
        if (path == null && zoo == null) {
            throw SpecViolation.of("give exactly one of path (a saved model) or zoo (" + String.join(", ", ZOO_MODELS)
                    + ")");
        }
        Check.that(path == null || !path.isBlank(), "path", path, "must not be blank");
        Check.that(zoo == null || ZOO_MODELS.contains(zoo), "zoo", zoo,
                "unknown zoo model; allowed: " + String.join(", ", ZOO_MODELS));
        int minEpochs = zoo != null ? 1 : 0;
        Check.that(epochs >= minEpochs, "epochs", epochs, "must be >= " + minEpochs);
        Check.that(batchSize >= 1, "batchSize", batchSize, "must be >= 1");
        Check.that(learningRate > 0, "learningRate", learningRate, "must be > 0");
        Check.that(!Double.isInfinite(learningRate), "learningRate", learningRate, "must be finite");
    }

    /** Reads the {@code model} section; defaults: epochs 3, batchSize 128, learningRate 0.002. */
    static ModelSpec read(Section s) {
        String path = s.text("path", null);
        String zoo = s.text("zoo", null);
        int epochs = s.integer("epochs", DEFAULT_EPOCHS);
        int batchSize = s.integer("batchSize", DEFAULT_BATCH_SIZE);
        double learningRate = s.number("learningRate", DEFAULT_LEARNING_RATE);
        return s.build(() -> new ModelSpec(path, zoo, epochs, batchSize, learningRate));
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
