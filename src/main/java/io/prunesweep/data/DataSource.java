package io.prunesweep.data;

import io.prunesweep.storage.Location;
import io.prunesweep.storage.Storage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a dataset lives and how to split it: everything {@link DataLoader#load(DataSource)} needs, and
 * nothing else, so that equal sources always give identical {@link DataSplits}.
 *
 * <p>It is {@link Serializable} and holds paths as strings (a record of {@link Path} is not serializable)
 * because it is shipped to Spark executors, which re-read the files themselves; the paths must therefore
 * be valid on every executor. It also serves as the {@link DataCache} key, hence the value semantics.
 *
 * @param format          on-disk format
 * @param trainPath       training data file (IDX: the images file)
 * @param trainLabelsPath IDX training labels file; {@code null} for other formats
 * @param testPath        test data file (IDX: the images file)
 * @param testLabelsPath  IDX test labels file; {@code null} for other formats
 * @param validationSize  examples taken from the shuffled training file for validation, {@code >= 0}
 * @param seed            seed of the shuffle that separates validation from training examples
 * @param trainLimit      maximum training examples after the validation cut, {@code 0} = all remaining
 * @param testLimit       maximum test examples, taken in file order, {@code 0} = all
 * @param labelColumn     CSV: zero-based index of the label column; otherwise ignored
 * @param header          CSV: whether the first row is a header; {@code null} = detect it (a first row
 *                        containing a non-numeric cell is a header)
 * @param numFeatures     LibSVM: number of features, {@code 0} = the largest index seen in train and test
 * @param table           tables ({@link DataFormat#isTable()}): which columns hold features and labels; {@code null}
 *                        for files
 * @param tableDigest     tables: digest of the rows the driver read ({@link DataLoader#tableDigest}), {@code null}
 *                        until they are read. It makes the {@link DataCache} key change with the content, so an
 *                        executor that outlives one sweep (a notebook's session) never reuses the splits of a table
 *                        that has changed since; files are keyed by their paths as before
 */
public record DataSource(
        DataFormat format,
        String trainPath,
        String trainLabelsPath,
        String testPath,
        String testLabelsPath,
        int validationSize,
        long seed,
        int trainLimit,
        int testLimit,
        int labelColumn,
        Boolean header,
        int numFeatures,
        TableColumns table,
        String tableDigest) implements Serializable {

    /** Validation examples held out by default: the conventional 55k/5k split of MNIST-like data. */
    public static final int DEFAULT_VALIDATION_SIZE = 5000;

    /** Where the {@code dataset-fashion-mnist} system package installs Fashion-MNIST. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

    /** Seed of {@link #fashionMnist()}. */
    public static final long DEFAULT_SEED = 42L;

    /** @throws DataException naming the field and its value if a setting is invalid */
    public DataSource {
        if (format == null) {
            throw new DataException("format must not be null");
        }
        requirePath("trainPath", trainPath);
        requirePath("testPath", testPath);
        if (format == DataFormat.IDX) {
            requirePath("trainLabelsPath", trainLabelsPath);
            requirePath("testLabelsPath", testLabelsPath);
        } else {
            // Separate label files exist only in IDX; accepting them elsewhere would silently ignore them.
            requireAbsent("trainLabelsPath", trainLabelsPath, format);
            requireAbsent("testLabelsPath", testLabelsPath, format);
        }
        requireNonNegative("validationSize", validationSize);
        requireNonNegative("trainLimit", trainLimit);
        requireNonNegative("testLimit", testLimit);
        requireNonNegative("labelColumn", labelColumn);
        requireNonNegative("numFeatures", numFeatures);
        if (format.isTable() && table == null) {
            throw new DataException("format " + format + " needs the table's columns (features, label)");
        }
        if (!format.isTable() && (table != null || tableDigest != null)) {
            throw new DataException("table columns are only used by tables, but format is " + format);
        }
    }

    /** A file source (every format but tables), as before tables existed. */
    public DataSource(DataFormat format, String trainPath, String trainLabelsPath, String testPath,
                      String testLabelsPath, int validationSize, long seed, int trainLimit, int testLimit,
                      int labelColumn, Boolean header, int numFeatures) {
        this(format, trainPath, trainLabelsPath, testPath, testLabelsPath, validationSize, seed, trainLimit,
                testLimit, labelColumn, header, numFeatures, null, null);
    }

    /**
     * A table source: Spark reads the training and test tables ({@link TableReader}).
     *
     * @param trainLocation  where the training table is (a Parquet file or directory, plain path or URI), or a
     *                       name for a DataFrame handed over by a program
     * @param testLocation   the same for the test table
     * @param columns        which columns hold features and labels
     * @param validationSize validation examples split off the training table
     * @param seed           split seed
     * @return a source with no limits
     */
    public static DataSource table(String trainLocation, String testLocation, TableColumns columns,
                                   int validationSize, long seed) {
        return new DataSource(DataFormat.PARQUET, trainLocation, null, testLocation, null, validationSize, seed,
                0, 0, 0, null, 0, columns, null);
    }

    /**
     * @param digest {@link DataLoader#tableDigest} of the rows read
     * @return a copy keyed by that content
     */
    public DataSource withTableDigest(String digest) {
        return new DataSource(format, trainPath, trainLabelsPath, testPath, testLabelsPath, validationSize,
                seed, trainLimit, testLimit, labelColumn, header, numFeatures, table, digest);
    }

    private static void requirePath(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new DataException(field + " must be a non-blank path, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void requireAbsent(String field, String value, DataFormat format) {
        if (value != null) {
            throw new DataException(field + " is only used by the IDX format, but format is " + format
                    + " and " + field + " is '" + value + "'");
        }
    }

    private static void requireNonNegative(String field, int value) {
        if (value < 0) {
            throw new DataException(field + " must be >= 0, got " + value);
        }
    }

    /**
     * An IDX dataset stored under the standard MNIST file names ({@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}),
     * each either gzipped ({@code .gz}, preferred when present) or plain.
     *
     * @param dir            directory holding the four files
     * @param validationSize validation examples split off the training file
     * @param seed           split seed
     * @return a source with no limits
     */
    public static DataSource idxDir(String dir, int validationSize, long seed) {
        return idxDir(dir, validationSize, seed, Storage.withDefaults());
    }

    /** {@link #idxDir(String, int, long)} for a directory that {@code storage} reads (a plain path or a URI). */
    public static DataSource idxDir(String dir, int validationSize, long seed, Storage storage) {
        requirePath("dir", dir);
        return new DataSource(DataFormat.IDX,
                idxFile(dir, "train-images-idx3-ubyte", storage), idxFile(dir, "train-labels-idx1-ubyte", storage),
                idxFile(dir, "t10k-images-idx3-ubyte", storage), idxFile(dir, "t10k-labels-idx1-ubyte", storage),
                validationSize, seed, 0, 0, 0, null, 0);
    }

    /**
     * Resolves one IDX file name. When neither variant exists the {@code .gz} name is returned, since that
     * is how the files are distributed, so the later "not found" error names the file to install.
     */
    private static String idxFile(String dir, String baseName, Storage storage) {
        Location gz = Location.of(dir).resolve(baseName + ".gz");
        Location plain = Location.of(dir).resolve(baseName);
        if (!exists(storage, gz) && exists(storage, plain)) {
            return plain.toString();
        }
        return gz.toString();
    }

    private static boolean exists(Storage storage, Location file) {
        try {
            return storage.exists(file);
        } catch (IOException e) {
            return false; // reading it fails later, naming the file and the reason
        }
    }

    /**
     * Fashion-MNIST as installed by {@code dataset-fashion-mnist}, with the default 5000-example validation
     * split and seed {@value #DEFAULT_SEED}.
     *
     * @return the source; loading fails with an install hint if the package is missing
     */
    public static DataSource fashionMnist() {
        return idxDir(FASHION_MNIST_DIR, DEFAULT_VALIDATION_SIZE, DEFAULT_SEED);
    }

    /**
     * A CSV dataset with the label in column 0 and an auto-detected header.
     *
     * @param trainPath      training file
     * @param testPath       test file
     * @param validationSize validation examples split off the training file
     * @param seed           split seed
     * @return a source with no limits
     */
    public static DataSource csv(String trainPath, String testPath, int validationSize, long seed) {
        return new DataSource(DataFormat.CSV, trainPath, null, testPath, null, validationSize, seed,
                0, 0, 0, null, 0);
    }

    /**
     * A LibSVM dataset whose width is inferred from the largest feature index.
     *
     * @param trainPath      training file
     * @param testPath       test file
     * @param validationSize validation examples split off the training file
     * @param seed           split seed
     * @return a source with no limits
     */
    public static DataSource libSvm(String trainPath, String testPath, int validationSize, long seed) {
        return new DataSource(DataFormat.LIBSVM, trainPath, null, testPath, null, validationSize, seed,
                0, 0, 0, null, 0);
    }

    /**
     * @param newTrainLimit maximum training examples, 0 = all
     * @param newTestLimit  maximum test examples, 0 = all
     * @return a copy with the given limits
     */
    public DataSource withLimits(int newTrainLimit, int newTestLimit) {
        return new DataSource(format, trainPath, trainLabelsPath, testPath, testLabelsPath, validationSize,
                seed, newTrainLimit, newTestLimit, labelColumn, header, numFeatures, table, tableDigest);
    }

    /**
     * @param newValidationSize validation examples
     * @param newSeed           split seed
     * @return a copy with the given split settings
     */
    public DataSource withSplit(int newValidationSize, long newSeed) {
        return new DataSource(format, trainPath, trainLabelsPath, testPath, testLabelsPath, newValidationSize,
                newSeed, trainLimit, testLimit, labelColumn, header, numFeatures, table, tableDigest);
    }

    /**
     * @param newLabelColumn CSV label column, zero-based
     * @param newHeader      CSV header flag, {@code null} = auto-detect
     * @return a copy with the given CSV settings
     */
    public DataSource withCsvLayout(int newLabelColumn, Boolean newHeader) {
        return new DataSource(format, trainPath, trainLabelsPath, testPath, testLabelsPath, validationSize,
                seed, trainLimit, testLimit, newLabelColumn, newHeader, numFeatures, table, tableDigest);
    }

    /**
     * @param newNumFeatures LibSVM width, 0 = infer
     * @return a copy with the given LibSVM width
     */
    public DataSource withNumFeatures(int newNumFeatures) {
        return new DataSource(format, trainPath, trainLabelsPath, testPath, testLabelsPath, validationSize,
                seed, trainLimit, testLimit, labelColumn, header, newNumFeatures, table, tableDigest);
    }

    /**
     * A short name for messages and split names: the directory name for IDX (e.g. {@code fashion-mnist}) and for
     * a table at {@code <dir>/train}, otherwise the training file name without extension.
     *
     * @return the display name
     */
    public String displayName() {
        Path train = Path.of(trainPath).toAbsolutePath().normalize();
        boolean conventionalTable = format.isTable() && train.getFileName() != null
                && train.getFileName().toString().equals("train");
        if ((format == DataFormat.IDX || conventionalTable) && train.getParent() != null
                && train.getParent().getFileName() != null) {
            return train.getParent().getFileName().toString();
        }
        String file = Objects.toString(train.getFileName(), trainPath);
        int dot = file.indexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
