package io.prunesweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.data.DataException;
import io.prunesweep.data.DataLoader;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.ImageShape;
import io.prunesweep.data.LabeledData;
import io.prunesweep.data.TableColumns;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.sweep.ResumeOptions;
import io.prunesweep.sweep.SweepException;
import io.prunesweep.testing.CliRun;
import io.prunesweep.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets as tables: a Parquet fixture written here from a slice of Fashion-MNIST gives the same splits,
 * fingerprint and candidate results as the IDX files of the same slice, through the CLI and through
 * {@link DataFrameSweep}; a missing column, a column of the wrong type and a null label are refused naming the
 * table, the column and the row. The CLI test stops the session, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TableSweepTest {
    private static final int TRAIN = 700;
    private static final int TEST = 200;
    private static final int WIDTH = 784;

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static Path idxDir;
    private static Path tables;
    private static float[][] trainPixels;
    private static int[] trainLabels;
    private static float[][] testPixels;
    private static int[] testLabels;

    @BeforeAll
    static void fixtures() throws IOException {
        Prerequisites.requireFashionMnist();
        idxDir = Files.createDirectories(tmp.resolve("idx"));
        trainPixels = images("train-images-idx3-ubyte", TRAIN);
        trainLabels = labels("train-labels-idx1-ubyte", TRAIN);
        testPixels = images("t10k-images-idx3-ubyte", TEST);
        testLabels = labels("t10k-labels-idx1-ubyte", TEST);
        spark = Sessions.getOrCreate("prunesweep-table-test", "local[2]");
        tables = tmp.resolve("fashion");
        // the training table in three files, rows shuffled across them: the order column puts them back
        frame(trainPixels, trainLabels).repartition(3).write().parquet(tables.resolve("train").toString());
        frame(testPixels, testLabels).coalesce(1).write().parquet(tables.resolve("test").toString());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static InputStream open(String name) throws IOException {
        Path gz = Prerequisites.FASHION_MNIST.resolve(name + ".gz");
        return Files.exists(gz) ? new GZIPInputStream(Files.newInputStream(gz))
                : Files.newInputStream(Prerequisites.FASHION_MNIST.resolve(name));
    }

    /** The first {@code n} images of an IDX file, also written as an IDX slice under {@link #idxDir}. */
    private static float[][] images(String name, int n) throws IOException {
        try (DataInputStream in = new DataInputStream(open(name))) {
            int magic = in.readInt();
            in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] pixels = new byte[n * rows * cols];
            in.readFully(pixels);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(magic);
                out.writeInt(n);
                out.writeInt(rows);
                out.writeInt(cols);
                out.write(pixels);
            }
            Files.write(idxDir.resolve(name), bytes.toByteArray());
            float[][] f = new float[n][rows * cols];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < rows * cols; p++) {
                    f[i][p] = (pixels[i * rows * cols + p] & 0xff) / 255f;
                }
            }
            return f;
        }
    }

    private static int[] labels(String name, int n) throws IOException {
        try (DataInputStream in = new DataInputStream(open(name))) {
            int magic = in.readInt();
            in.readInt();
            byte[] labels = new byte[n];
            in.readFully(labels);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(magic);
                out.writeInt(n);
                out.write(labels);
            }
            Files.write(idxDir.resolve(name), bytes.toByteArray());
            int[] l = new int[n];
            for (int i = 0; i < n; i++) {
                l[i] = labels[i] & 0xff;
            }
            return l;
        }
    }

    private static List<Float> boxed(float[] f) {
        List<Float> l = new ArrayList<>(f.length);
        for (float v : f) {
            l.add(v);
        }
        return l;
    }

    /** {@code (id long, features array<float>, label int)}, rows in file order. */
    private static Dataset<Row> frame(float[][] pixels, int[] labels) {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType, false), false),
                DataTypes.createStructField("label", DataTypes.IntegerType, true)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create((long) i, boxed(pixels[i]), labels[i]));
        }
        return spark.createDataFrame(rows, schema);
    }

    /** The features as Spark ML stores a vector column: every other row sparse (non-zero pixels only). */
    private static Dataset<Row> vectorFrame(float[][] pixels, int[] labels) {
        StructType vector = DataTypes.createStructType(List.of(
                DataTypes.createStructField("type", DataTypes.ByteType, false),
                DataTypes.createStructField("size", DataTypes.IntegerType, true),
                DataTypes.createStructField("indices", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
                DataTypes.createStructField("values", DataTypes.createArrayType(DataTypes.DoubleType, false), true)));
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("n", DataTypes.IntegerType, false),
                DataTypes.createStructField("v", vector, false),
                DataTypes.createStructField("y", DataTypes.DoubleType, false)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            List<Integer> idx = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int p = 0; p < WIDTH; p++) {
                if (i % 2 == 0 || pixels[i][p] != 0f) {
                    idx.add(p);
                    values.add((double) pixels[i][p]);
                }
            }
            Row v = i % 2 == 0 ? RowFactory.create((byte) 1, null, null, values)
                    : RowFactory.create((byte) 0, WIDTH, idx, values);
            rows.add(RowFactory.create(labels.length - i, v, (double) labels[i]));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static DataSource source(TableColumns columns) {
        return DataSource.table("train", "test", columns, 200, 7).withLimits(500, 150);
    }

    private static String idxFingerprint() {
        return DataLoader.load(DataSource.idxDir(idxDir.toString(), 200, 7).withLimits(500, 150)).fingerprint();
    }

    private static String tableFingerprint(DataSource source, LabeledData train, LabeledData test) {
        return DataLoader.fromTables(source, train, test).fingerprint();
    }

    @Test
    @Order(1)
    void parquetFilesInAnyLayoutGiveTheIdxSlicesSplits() {
        TableColumns byId = new TableColumns("features", "label", "id", new ImageShape(1, 28, 28));
        DataSource s = source(byId);
        SparkTables files = SparkTables.parquet(spark);
        DataSource located = DataSource.table(tables.resolve("train").toString(), tables.resolve("test").toString(),
                byId, 200, 7).withLimits(500, 150);
        assertEquals(idxFingerprint(), tableFingerprint(s, files.read(located, true), files.read(located, false)));

        // no order column: the files' order (path, then row), whatever order Spark packs the files in
        Path ordered = tmp.resolve("ordered");
        frame(trainPixels, trainLabels).repartitionByRange(4, functions.col("id")).sortWithinPartitions("id")
                .drop("id").write().parquet(ordered.resolve("train").toString());
        frame(testPixels, testLabels).coalesce(1).drop("id").write().parquet(ordered.resolve("test").toString());
        TableColumns plain = new TableColumns("features", "label", null, null);
        DataSource inFileOrder = DataSource.table(ordered.resolve("train").toString(),
                ordered.resolve("test").toString(), plain, 200, 7).withLimits(500, 150);
        assertEquals(idxFingerprint(), tableFingerprint(source(plain), files.read(inFileOrder, true),
                files.read(inFileOrder, false)));
    }

    @Test
    @Order(2)
    void aSparkMlVectorColumnDenseOrSparseReadsAsTheSamePixels() {
        TableColumns v = new TableColumns("v", "y", "n", null);
        // the order column counts down: the rows come back in reverse, so reverse them first
        float[][] reversed = new float[TRAIN][];
        int[] reversedLabels = new int[TRAIN];
        for (int i = 0; i < TRAIN; i++) {
            reversed[i] = trainPixels[TRAIN - 1 - i];
            reversedLabels[i] = trainLabels[TRAIN - 1 - i];
        }
        float[][] reversedTest = new float[TEST][];
        int[] reversedTestLabels = new int[TEST];
        for (int i = 0; i < TEST; i++) {
            reversedTest[i] = testPixels[TEST - 1 - i];
            reversedTestLabels[i] = testLabels[TEST - 1 - i];
        }
        LabeledData train = SparkTables.collect(vectorFrame(reversed, reversedLabels).repartition(2), "train", v,
                false);
        LabeledData test = SparkTables.collect(vectorFrame(reversedTest, reversedTestLabels), "test", v, false);
        assertEquals(idxFingerprint(), tableFingerprint(source(v), train, test));
    }

    @Test
    @Order(3)
    void badColumnsAreRefusedNamingTableColumnAndRow() throws IOException {
        Dataset<Row> good = frame(testPixels, testLabels).limit(20);
        TableColumns cols = TableColumns.defaults();
        DataException missing = assertThrows(DataException.class,
                () -> SparkTables.collect(good.drop("label"), "test table T", cols, false));
        assertTrue(missing.getMessage().contains("test table T has no column 'label' (data.label)")
                && missing.getMessage().contains("id, features"), missing.getMessage());

        DataException type = assertThrows(DataException.class, () -> SparkTables.collect(
                good.withColumn("features", functions.lit("x")), "T", cols, false));
        assertTrue(type.getMessage().contains("column 'features' (data.features) is string"), type.getMessage());

        DataException labelType = assertThrows(DataException.class, () -> SparkTables.collect(
                good.withColumn("label", functions.lit("cat")), "T", cols, false));
        assertTrue(labelType.getMessage().contains("'label' (data.label) is string"), labelType.getMessage());

        // a null label in a Parquet file: named with the file and the row
        Path nulls = tmp.resolve("nulls");
        good.withColumn("label", functions.when(functions.col("id").equalTo(13), functions.lit(null))
                .otherwise(functions.col("label"))).coalesce(1).write().parquet(nulls.toString());
        DataSource s = DataSource.table(nulls.toString(), nulls.toString(), cols, 0, 1);
        DataException nullLabel = assertThrows(DataException.class, () -> SparkTables.parquet(spark).read(s, true));
        assertTrue(nullLabel.getMessage().contains("column 'label' (data.label) is null in row 13 of file:")
                && nullLabel.getMessage().contains(nulls.toString()), nullLabel.getMessage());

        DataException negative = assertThrows(DataException.class, () -> SparkTables.collect(
                good.withColumn("label", functions.lit(-1)), "T", cols, false));
        assertTrue(negative.getMessage().contains("class indices"), negative.getMessage());

        DataException duplicate = assertThrows(DataException.class, () -> SparkTables.collect(
                good.withColumn("id", functions.lit(3L)), "T", new TableColumns("features", "label", "id", null),
                false));
        assertTrue(duplicate.getMessage().contains("'id' (data.order) holds the value 3 more than once"),
                duplicate.getMessage());

        DataSource nowhere = DataSource.table(tmp.resolve("nowhere").toString(), "t", cols, 0, 1);
        DataException absent = assertThrows(DataException.class, () -> SparkTables.parquet(spark).read(nowhere, true));
        assertTrue(absent.getMessage().contains("training table " + tmp.resolve("nowhere")), absent.getMessage());
    }

    private static Path spec(String file, String name, String data) throws IOException {
        Path f = tmp.resolve(file + ".yaml");
        Files.writeString(f, """
                name: %s
                seed: 7
                model: {zoo: mlp, epochs: 1, batchSize: 64}
                data: %s
                space:
                  criterion: [magnitude]
                  granularity: [element]
                  sparsity: [0.5, 0.8]
                  fineTuneEpochs: [1]
                  learningRate: [0.001]
                  batchSize: 64
                objectives: [val_accuracy, nonzero_params]
                """.formatted(name, data));
        return f;
    }

    private static final String SPLIT = "validation: 200, trainLimit: 500, testLimit: 150";

    /** Candidate id → (ok, validation accuracy, nonzero parameters, data fingerprint) of a sweep directory. */
    private static Map<String, List<Object>> results(Path out) {
        Map<String, List<Object>> m = new TreeMap<>();
        for (ResultRow r : new ResultStore(out).readAll()) {
            m.put(r.candidateId(), List.of(r.ok(), r.value(Metric.VAL_ACCURACY), r.value(Metric.NONZERO_PARAMS),
                    r.provenance().dataFingerprint()));
        }
        return m;
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    @Order(4)
    void theParquetSliceGivesTheIdxResultsThroughTheCliAndThroughDataFrames() throws IOException {
        Path idxSpec = spec("idx", "slice", "{format: idx, dir: " + idxDir + ", " + SPLIT + "}");
        Path tableSpec = spec("table", "slice", "{format: parquet, path: " + tables + ", order: id, shape: [1, 28, 28], "
                + SPLIT + "}");
        Path fromIdx = tmp.resolve("out-idx");
        Path fromFrames = tmp.resolve("out-frames");
        Path fromCli = tmp.resolve("out-cli");

        SweepApp.run(spark, idxSpec, fromIdx.toString(), ResumeOptions.REUSE, false, s -> { });
        Dataset<Row> train = spark.read().parquet(tables.resolve("train").toString());
        Dataset<Row> test = spark.read().parquet(tables.resolve("test").toString());
        List<String> log = new ArrayList<>();
        DataFrameSweep.run(spark, tableSpec, train, test, fromFrames.toString(), ResumeOptions.REUSE, false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("2 to run")), log.toString());

        // the DataFrame API refuses a spec whose data is not a table, before anything runs
        SweepException notTable = assertThrows(SweepException.class, () -> DataFrameSweep.run(spark, idxSpec, train,
                test, tmp.resolve("out-refused").toString(), ResumeOptions.REUSE, false, s -> { }));
        assertEquals(2, notTable.exitCode());
        assertFalse(Files.exists(tmp.resolve("out-refused")));

        // the CLI starts and stops its own session, so it runs last; first a misnamed column: exit 2, nothing run
        spark.stop();
        spark = null;
        Path badSpec = spec("bad", "bad", "{format: parquet, path: " + tables + ", features: pixels, " + SPLIT + "}");
        CliRun bad = cli("sweep", "--spec", badSpec.toString(), "--out", tmp.resolve("out-bad").toString(), "--master",
                "local[2]");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("no column 'pixels' (data.features)") && bad.err().contains("train"), bad.err());
        assertFalse(bad.out().contains("to run"), bad.out());

        CliRun ok = cli("sweep", "--spec", tableSpec.toString(), "--out", fromCli.toString(), "--master", "local[2]");
        assertEquals(0, ok.code(), ok.err());

        Map<String, List<Object>> idx = results(fromIdx);
        assertEquals(2, idx.size());
        assertEquals(idx, results(fromFrames), "DataFrames give the IDX slice's candidates and results");
        assertEquals(idx, results(fromCli), "the Parquet tables give the IDX slice's candidates and results");
        for (Path out : List.of(fromFrames, fromCli)) {
            for (String f : List.of("results.parquet", "results.csv", "front.json", "report.html")) {
                assertTrue(Files.exists(out.resolve(f)), out.resolve(f) + " written");
            }
        }
    }
}
