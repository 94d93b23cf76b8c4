package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * Where the training and test data come from. Paths are kept as written; the caller resolves
 * relative ones. A directory alone means the format's conventional file names inside it; explicit
 * files override that.
 *
 * @param format      {@code idx}, {@code csv} or {@code libsvm}; null means {@code idx}
 * @param dir         data directory; defaults to {@value #DEFAULT_IDX_DIR} for idx data given no
 *                    explicit files
 * @param train       training features file (or, for csv/libsvm, features with labels), or null
 * @param trainLabels training labels file (idx), or null
 * @param test        test file, or null
 * @param testLabels  test labels file (idx), or null
 * @param validation  examples held out of the training set for validation, &ge; 0
 * @param trainLimit  use at most this many training examples, 0 = all
 * @param testLimit   use at most this many test examples, 0 = all
 * @param labelColumn zero-based label column of csv rows, &ge; 0
 * @param header      whether csv files start with a header row; null = not stated, the reader decides
 */
public record DataSpec(String format, String dir, String train, String trainLabels, String test,
        String testLabels, int validation, int trainLimit, int testLimit, int labelColumn, Boolean header)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Supported formats. */
    public static final List<String> FORMATS = List.of("idx", "csv", "libsvm");
    /** Where Fashion-MNIST is installed on the sweep machines. */
    public static final String DEFAULT_IDX_DIR = "/usr/share/datasets/fashion-mnist";
    /** Validation examples when not stated. */
    public static final int DEFAULT_VALIDATION = 5000;

    /** The keys of the spec's {@code data} section. */
    static final List<String> KEYS = List.of("format", "dir", "train", "trainLabels", "test", "testLabels",
            "validation", "trainLimit", "testLimit", "labelColumn", "header");

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
        boolean explicitFiles = train != null || trainLabels != null || test != null || testLabels != null;
        if (dir == null && !explicitFiles && format.equals("idx")) {
            dir = DEFAULT_IDX_DIR;
        }
        if (dir == null && train == null) {
            throw SpecViolation.of(format + " data needs dir or train");
        }
        if (trainLabels != null && train == null) {
            throw SpecViolation.of("trainLabels given without train");
        }
        if (testLabels != null && test == null) {
            throw SpecViolation.of("testLabels given without test");
        }
    }

    /** Reads the {@code data} section; defaults: format idx, validation 5000, no limits, label column 0. */
    static DataSpec read(Section s) {
        String format = s.text("format", null);
        String dir = s.text("dir", null);
        String train = s.text("train", null);
        String trainLabels = s.text("trainLabels", null);
        String test = s.text("test", null);
        String testLabels = s.text("testLabels", null);
        int validation = s.integer("validation", DEFAULT_VALIDATION);
        int trainLimit = s.integer("trainLimit", 0);
        int testLimit = s.integer("testLimit", 0);
        int labelColumn = s.integer("labelColumn", 0);
        Boolean header = s.boolOrNull("header");
        return s.build(() -> new DataSpec(format, dir, train, trainLabels, test, testLabels, validation, trainLimit,
                testLimit, labelColumn, header));
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
                + ";header=" + header;
    }
}
