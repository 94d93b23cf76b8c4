package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * Where the training and test data come from. Paths are kept as written; the caller resolves
 * relative ones. A directory alone means the format's conventional file names inside it; explicit
 * files override that.
 *
 * @param format      {@code idx}, {@code csv}, {@code libsvm} or {@code parquet}; null means {@code idx}
 * @param dir         data directory; defaults to {@value #DEFAULT_IDX_DIR} for idx data given no
 *                    explicit files. For parquet (spelled {@code path} in the spec) the tables
 *                    {@code <dir>/train} and {@code <dir>/test}
 * @param train       training features file (or, for csv/libsvm, features with labels), or null
 * @param trainLabels training labels file (idx), or null
 * @param test        test file, or null
 * @param testLabels  test labels file (idx), or null
 * @param validation  examples held out of the training set for validation, &ge; 0
 * @param trainLimit  use at most this many training examples, 0 = all
 * @param testLimit   use at most this many test examples, 0 = all
 * @param labelColumn zero-based label column of csv rows, &ge; 0
 * @param header      whether csv files start with a header row; null = not stated, the reader decides
 * @param features    parquet: the features column (a Spark ML vector or an array of float/double); default
 *                    {@value #DEFAULT_FEATURES}; null for the other formats
 * @param label       parquet: the numeric label column; default {@value #DEFAULT_LABEL}; null otherwise
 * @param order       parquet: a numeric column ordering the rows, or null (file order)
 * @param shape       parquet: image shape {@code [channels, height, width]} of the features for CNNs, or null
 */
public record DataSpec(String format, String dir, String train, String trainLabels, String test,
        String testLabels, int validation, int trainLimit, int testLimit, int labelColumn, Boolean header,
        String features, String label, String order, List<Integer> shape)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Supported formats. */
    public static final List<String> FORMATS = List.of("idx", "csv", "libsvm", "parquet");
    /** Spark ML's default features column. */
    public static final String DEFAULT_FEATURES = "features";
    /** Spark ML's default label column. */
    public static final String DEFAULT_LABEL = "label";
    /** Where Fashion-MNIST is installed on the sweep machines. */
    public static final String DEFAULT_IDX_DIR = "/usr/share/datasets/fashion-mnist";
    /** Validation examples when not stated. */
    public static final int DEFAULT_VALIDATION = 5000;

    /** The keys of the spec's {@code data} section. */
    static final List<String> KEYS = List.of("format", "dir", "path", "train", "trainLabels", "test", "testLabels",
            "validation", "trainLimit", "testLimit", "labelColumn", "header", "features", "label", "order", "shape");

    public DataSpec {
        if (format == null) {
            format = "idx";
        }
        Check.that(FORMATS.contains(format), "format", format,
                "unknown data format; allowed: " + String.join(", ", FORMATS));
        Check.that(dir == null || !dir.isBlank(), "dir", dir, "must not be blank");
        Check.that(train == null || !train.isBlank(), "train", train, "must not be blank");
        Check.that(trainLabels == null || !trainLabels.isBlank(), "trainLabels", trainLabels, "must not be blank");
        Check.that(test == null || !test.isBlank(), "test", test, "must not be blank");
        Check.that(testLabels == null || !testLabels.isBlank(), "testLabels", testLabels, "must not be blank");
        Check.that(validation >= 0, "validation", validation, "must be >= 0");
        Check.that(trainLimit >= 0, "trainLimit", trainLimit, "must be >= 0 (0 = all)");
        Check.that(testLimit >= 0, "testLimit", testLimit, "must be >= 0 (0 = all)");
        Check.that(labelColumn >= 0, "labelColumn", labelColumn, "must be >= 0");
        boolean table = format.equals("parquet");
        if (table) {
            features = features == null ? DEFAULT_FEATURES : features;
            label = label == null ? DEFAULT_LABEL : label;
            Check.that(!features.isBlank(), "features", features, "must name a column");
            Check.that(!label.isBlank(), "label", label, "must name a column");
            Check.that(order == null || !order.isBlank(), "order", order, "must name a column");
            Check.that(!features.equals(label), "label", label, "must differ from the features column");
            Check.that(order == null || (!order.equals(features) && !order.equals(label)), "order", order,
                    "must differ from the features and label columns");
            Check.that(shape == null || (shape.size() == 3 && shape.stream().allMatch(d -> d != null && d > 0)),
                    "shape", shape, "must be [channels, height, width], each > 0");
            Check.that(trainLabels == null, "trainLabels", trainLabels, "is for idx data; a table holds its labels");
            Check.that(testLabels == null, "testLabels", testLabels, "is for idx data; a table holds its labels");
            Check.that(train == null || test != null, "test", test, "is needed with train: the test table");
            Check.that(test == null || train != null, "train", train, "is needed with test: the training table");
            shape = shape == null ? null : List.copyOf(shape);
        } else {
            Check.that(features == null, "features", features, "is for parquet data");
            Check.that(label == null, "label", label, "is for parquet data (csv: labelColumn)");
            Check.that(order == null, "order", order, "is for parquet data");
            Check.that(shape == null, "shape", shape, "is for parquet data");
        }
        boolean explicitFiles = train != null || trainLabels != null || test != null || testLabels != null;
        if (dir == null && !explicitFiles && format.equals("idx")) {
            dir = DEFAULT_IDX_DIR;
        }
        // a parquet spec may name no tables: a program hands them over as DataFrames (DataFrameSweep)
        if (dir == null && train == null && !table) {
            throw SpecViolation.of(format + " data needs dir or train");
        }
        if (trainLabels != null && train == null) {
            throw SpecViolation.of("trainLabels given without train");
        }
        if (testLabels != null && test == null) {
            throw SpecViolation.of("testLabels given without test");
        }
    }

    /** The spec of a file format, without table columns. */
    public DataSpec(String format, String dir, String train, String trainLabels, String test, String testLabels,
                    int validation, int trainLimit, int testLimit, int labelColumn, Boolean header) {
        this(format, dir, train, trainLabels, test, testLabels, validation, trainLimit, testLimit, labelColumn,
                header, null, null, null, null);
    }

    /** @return whether the data is a table that Spark reads ({@code parquet}) */
    public boolean isTable() {
        return format.equals("parquet");
    }

    /** Reads the {@code data} section; defaults: format idx, validation 5000, no limits, label column 0. */
    static DataSpec read(Section s) {
        String format = s.text("format", null);
        if (s.has("dir") && s.has("path")) {
            throw s.error("path", "give dir or path, not both (path is parquet's name for dir)");
        }
        String dir = s.text(s.has("path") ? "path" : "dir", null);
        String train = s.text("train", null);
        String trainLabels = s.text("trainLabels", null);
        String test = s.text("test", null);
        String testLabels = s.text("testLabels", null);
        int validation = s.integer("validation", DEFAULT_VALIDATION);
        int trainLimit = s.integer("trainLimit", 0);
        int testLimit = s.integer("testLimit", 0);
        int labelColumn = s.integer("labelColumn", 0);
        Boolean header = s.boolOrNull("header");
        String features = s.text("features", null);
        String label = s.text("label", null);
        String order = s.text("order", null);
        List<Integer> shape = s.has("shape") ? s.integers("shape", List.of()) : null;
        return s.build(() -> new DataSpec(format, dir, train, trainLabels, test, testLabels, validation, trainLimit,
                testLimit, labelColumn, header, features, label, order, shape));
    }

    /** Default Fashion-MNIST idx data with the default validation split. */
    public static DataSpec defaults() {
        return new DataSpec(null, null, null, null, null, null, DEFAULT_VALIDATION, 0, 0, 0, null);
    }

    String canonical() {
        return "format=" + Canon.str(format) + ";dir=" + Canon.str(dir) + ";train=" + Canon.str(train)
                + ";trainLabels=" + Canon.str(trainLabels) + ";test=" + Canon.str(test)
                + ";testLabels=" + Canon.str(testLabels) + ";validation=" + validation
                + ";trainLimit=" + trainLimit + ";testLimit=" + testLimit + ";labelColumn=" + labelColumn
                + ";header=" + header
                // table keys only for tables, so the hash of every spec written before tables stays the same
                + (isTable() ? ";features=" + Canon.str(features) + ";label=" + Canon.str(label) + ";order="
                + Canon.str(order) + ";shape=" + shape : "");
    }
}
