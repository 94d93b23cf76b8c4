package io.prunesweep.data;

import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;

/**
 * Turns a {@link DataSource} into {@link DataSplits}.
 *
 * <p>The training file is read completely and permuted by a Fisher–Yates shuffle driven by
 * {@code new SplittableRandom(seed)}; the first {@code validationSize} examples of that permutation form
 * the validation set and the following {@code trainLimit} (or all remaining) the training set. The test
 * set is the first {@code testLimit} examples of the test file in file order, so that test results stay
 * comparable regardless of the split seed. The whole procedure uses no global state, so the same source
 * gives byte-identical splits in every JVM.
 */
public final class DataLoader {

    private DataLoader() {
    }

    /**
     * Reads and splits a dataset. Use {@link DataCache#get(DataSource)} instead where the same data is
     * needed repeatedly in one JVM.
     *
     * @param source what to read and how to split it
     * @return the splits; all three share width, class count and image shape
     * @throws DataException if a file is missing or malformed, or the split does not fit the data
     */
    public static DataSplits load(DataSource source) {
        return load(source, Storage.withDefaults());
    }

    /**
     * {@link #load(DataSource)} reading the files through {@code storage}: plain paths, or URIs ({@code hdfs://},
     * {@code s3a://}, ...) opened with its Hadoop settings.
     */
    public static DataSplits load(DataSource source, Storage storage) {
        if (source.format().isTable()) {
            throw readBySpark(source);
        }
        RawExamples train;
        RawExamples test;
        StoragePath trainFile = StoragePath.of(storage, source.trainPath());
        StoragePath testFile = StoragePath.of(storage, source.testPath());
        switch (source.format()) {
            case IDX -> {
                train = IdxReader.read(trainFile, StoragePath.of(storage, source.trainLabelsPath()), "training");
                test = IdxReader.read(testFile, StoragePath.of(storage, source.testLabelsPath()), "test");
                if (!train.imageShape().equals(test.imageShape())) {
                    throw new DataException("image size differs: " + trainFile + " has " + train.imageShape()
                            + " images but " + testFile + " has " + test.imageShape());
                }
            }
            case CSV -> {
                train = CsvReader.read(trainFile, "training data", source.labelColumn(), source.header());
                test = CsvReader.read(testFile, "test data", source.labelColumn(), source.header());
            }
            case LIBSVM -> {
                LibSvmReader.Sparse sparseTrain = LibSvmReader.read(trainFile, "training data");
                LibSvmReader.Sparse sparseTest = LibSvmReader.read(testFile, "test data");
                int width = source.numFeatures() > 0 ? source.numFeatures()
                        : Math.max(sparseTrain.maxIndex(), sparseTest.maxIndex());
                if (width == 0) {
                    throw new DataException(trainFile + " and " + testFile
                            + " contain no features; set numFeatures to give the width");
                }
                train = sparseTrain.toDense(width);
                test = sparseTest.toDense(width);
            }
            default -> throw new IllegalStateException("unhandled format " + source.format());
        }
        if (train.width() != test.width()) {
            throw new DataException("feature count differs: " + trainFile + " has " + train.width()
                    + " features per example but " + testFile + " has " + test.width());
        }
        return split(source, train, test);
    }

    /**
     * Splits tables that Spark has read ({@link TableReader}) exactly as files are split: the same seeded
     * permutation of the training rows, the test table's first {@code testLimit} rows. Rows equal to a file's
     * examples, in the same order, therefore give the same splits and the same fingerprint as that file.
     *
     * @param source the table source (its split settings and image shape)
     * @param train  every row of the training table, in order
     * @param test   every row of the test table, in order
     * @throws DataException if the tables differ in width or do not fit the split or the image shape
     */
    public static DataSplits fromTables(DataSource source, LabeledData train, LabeledData test) {
        if (!source.format().isTable()) {
            throw new DataException("fromTables needs a table source, got format " + source.format());
        }
        ImageShape shape = source.table().shape();
        for (LabeledData t : new LabeledData[] {train, test}) {
            if (shape != null && shape.size() != t.width()) {
                throw new DataException(t.name() + ": shape " + shape + " has " + shape.size()
                        + " values but its features column '" + source.table().features() + "' has " + t.width()
                        + " per row");
            }
        }
        if (train.width() != test.width()) {
            throw new DataException("feature count differs: " + train.name() + " has " + train.width()
                    + " features per row but " + test.name() + " has " + test.width());
        }
        return split(source, new RawExamples(train.features(), train.labels(), train.width(), shape),
                new RawExamples(test.features(), test.labels(), test.width(), shape));
    }

    /**
     * What {@link DataSource#tableDigest()} holds: SHA-256 hex over the two tables' fingerprints, so equal rows give
     * equal digests however the tables were stored.
     */
    public static String tableDigest(LabeledData train, LabeledData test) {
        java.security.MessageDigest digest = LabeledData.sha256();
        digest.update(train.fingerprint().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        digest.update(test.fingerprint().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** The refusal of a table where no Spark session reads it. */
    static DataException readBySpark(DataSource source) {
        return new DataException("data format " + source.format().name().toLowerCase(java.util.Locale.ROOT) + " ("
                + source.trainPath() + ") is read by Spark on the driver: run the sweep with Spark (prunesweep "
                + "sweep, SweepApp or DataFrameSweep), not in-process");
    }

    private static DataSplits split(DataSource source, RawExamples train, RawExamples test) {
        int validationSize = source.validationSize();
        if (validationSize > train.size()) {
            throw new DataException(source.trainPath() + ": validationSize " + validationSize
                    + " exceeds the " + train.size() + " examples in the file");
        }
        int remaining = train.size() - validationSize;
        int trainSize = source.trainLimit() == 0 ? remaining : Math.min(source.trainLimit(), remaining);
        int testSize = source.testLimit() == 0 ? test.size() : Math.min(source.testLimit(), test.size());

        // Classes come from train+test so that a class missing from a small split still gets an output.
        int numClasses = Math.max(train.maxLabel(), test.maxLabel()) + 1;
        String name = source.displayName();
        LabeledData fullTrain = new LabeledData(name + "/all-train", train.features(), train.labels(),
                train.width(), numClasses, train.imageShape());
        LabeledData fullTest = new LabeledData(name + "/test", test.features(), test.labels(),
                test.width(), numClasses, test.imageShape());

        int[] permutation = LabeledDataIterator.permutation(train.size(), source.seed());
        int[] validationRows = new int[validationSize];
        System.arraycopy(permutation, 0, validationRows, 0, validationSize);
        int[] trainRows = new int[trainSize];
        System.arraycopy(permutation, validationSize, trainRows, 0, trainSize);
        return new DataSplits(
                fullTrain.select(trainRows, name + "/train"),
                fullTrain.select(validationRows, name + "/validation"),
                fullTest.head(testSize));
    }
}
