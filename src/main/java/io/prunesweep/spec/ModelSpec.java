package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * The base model a sweep prunes: a saved model file, a model-zoo architecture trained first, or a Keras
 * HDF5 model imported (and trained further only when {@code epochs} is given). Paths are kept as written; the
 * caller resolves relative ones.
 *
 * @param path         saved model file, or null
 * @param zoo          zoo architecture ({@link #ZOO_MODELS}), or null
 * @param epochs       epochs to train a zoo model (&ge; 1) or to train an imported Keras model further (&ge; 0,
 *                     default 0); unused with a path
 * @param batchSize    base-training mini-batch size, &ge; 1
 * @param learningRate base-training learning rate, &gt; 0
 * @param keras        Keras 2 HDF5 model file ({@code model.save("m.h5")}), or null; exactly one of path, zoo and
 *                     keras is given
 * @param widths       channel widths of a graph zoo model ({@code resnet}, {@code mobilenet}, {@code inception};
 *                     their meaning per model is documented on {@code io.prunesweep.model.GraphZoo}), each &ge; 1;
 *                     empty for the model's defaults and for every other model
 */
public record ModelSpec(String path, String zoo, int epochs, int batchSize, double learningRate, String keras,
                        List<Integer> widths)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Zoo architectures prunesweep can build. */
    public static final List<String> ZOO_MODELS = List.of("mlp", "cnn", "resnet", "mobilenet", "inception");
    /** The zoo architectures that are ComputationGraphs with settable widths. */
    public static final List<String> GRAPH_ZOO_MODELS = List.of("resnet", "mobilenet", "inception");
    /** Base-training epochs when a zoo model does not state them. */
    public static final int DEFAULT_EPOCHS = 3;
    /** Base-training batch size when not stated. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Base-training learning rate when not stated. */
    public static final double DEFAULT_LEARNING_RATE = 0.002;

    /** The keys of the spec's {@code model} section. */
    static final List<String> KEYS = List.of("path", "zoo", "epochs", "batchSize", "learningRate", "keras",
            "widths");

    public ModelSpec {
        int given = (path != null ? 1 : 0) + (zoo != null ? 1 : 0) + (keras != null ? 1 : 0);
        if (given > 1) {
            throw SpecViolation.of("path, zoo and keras are mutually exclusive; give exactly one");
        }
        if (given == 0) {
            throw SpecViolation.of("give exactly one of path (a saved model), zoo (" + String.join(", ", ZOO_MODELS)
                    + ") or keras (a Keras .h5 model)");
        }
        Check.that(path == null || !path.isBlank(), "path", path, "must not be blank");
        Check.that(keras == null || !keras.isBlank(), "keras", keras, "must not be blank");
        Check.that(zoo == null || ZOO_MODELS.contains(zoo), "zoo", zoo,
                "unknown zoo model; allowed: " + String.join(", ", ZOO_MODELS));
        int minEpochs = zoo != null ? 1 : 0;
        Check.that(epochs >= minEpochs, "epochs", epochs, "must be >= " + minEpochs);
        Check.that(batchSize >= 1, "batchSize", batchSize, "must be >= 1");
        Check.that(learningRate > 0, "learningRate", learningRate, "must be > 0");
        Check.that(!Double.isInfinite(learningRate), "learningRate", learningRate, "must be finite");
        widths = widths == null ? List.of() : List.copyOf(widths);
        Check.that(widths.isEmpty() || GRAPH_ZOO_MODELS.contains(zoo), "widths", widths,
                "only the graph zoo models (" + String.join(", ", GRAPH_ZOO_MODELS) + ") take widths");
        Check.that(widths.stream().allMatch(w -> w >= 1), "widths", widths, "every width must be >= 1");
    }

    /** A spec with the default widths (the form before {@code widths} existed). */
    public ModelSpec(String path, String zoo, int epochs, int batchSize, double learningRate, String keras) {
        this(path, zoo, epochs, batchSize, learningRate, keras, List.of());
    }

    /** A spec without a Keras model (the form before {@code keras} existed). */
    public ModelSpec(String path, String zoo, int epochs, int batchSize, double learningRate) {
        this(path, zoo, epochs, batchSize, learningRate, null, List.of());
    }

    /**
     * Reads the {@code model} section; defaults: epochs 3 (0 for a Keras model: the imported network is the base
     * model as it is), batchSize 128, learningRate 0.002.
     */
    static ModelSpec read(Section s) {
        String path = s.text("path", null);
        String zoo = s.text("zoo", null);
        String keras = s.text("keras", null);
        int epochs = s.integer("epochs", keras != null ? 0 : DEFAULT_EPOCHS);
        int batchSize = s.integer("batchSize", DEFAULT_BATCH_SIZE);
        double learningRate = s.number("learningRate", DEFAULT_LEARNING_RATE);
        List<Integer> widths = s.integers("widths", List.of());
        return s.build(() -> new ModelSpec(path, zoo, epochs, batchSize, learningRate, keras, widths));
    }

    /** A zoo model with default training settings. */
    public static ModelSpec ofZoo(String zoo) {
        return new ModelSpec(null, zoo, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE);
    }

    /** A saved model with default settings. */
    public static ModelSpec ofPath(String path) {
        return new ModelSpec(path, null, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE);
    }

    /** A Keras HDF5 model, imported as it is (no further training), default settings otherwise. */
    public static ModelSpec ofKeras(String keras) {
        return new ModelSpec(null, null, 0, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, keras);
    }

    /** Where the model comes from, for messages: the path, the zoo name or the Keras file. */
    public String source() {
        return path != null ? path : zoo != null ? zoo : keras;
    }

    /**
     * The file name stem of a trained zoo base model: the zoo name, and its widths when given
     * ({@code resnet-4x8x16}), so base models of different widths are never mistaken for each other.
     */
    public String zooBaseName() {
        return zoo + (widths.isEmpty() ? "" : "-" + String.join("x", widths.stream().map(String::valueOf).toList()));
    }

    /** The key of the {@code model} section that gives the model ({@code path}, {@code zoo} or {@code keras}), for messages. */
    public String sourceField() {
        return path != null ? "path" : zoo != null ? "zoo" : "keras";
    }

    /** Whether the model is built from the zoo (and trained) rather than loaded. */
    public boolean isZoo() {
        return zoo != null;
    }

    String canonical() {
        return "path=" + Canon.str(path) + ";zoo=" + Canon.str(zoo) + ";epochs=" + epochs
                + ";batchSize=" + batchSize + ";learningRate=" + Canon.num(learningRate)
                // only when given, so the ids of candidates of specs without keras stay as they were
                + (keras != null ? ";keras=" + Canon.str(keras) : "")
                // likewise for widths
                + (widths.isEmpty() ? "" : ";widths=" + widths);
    }
}
