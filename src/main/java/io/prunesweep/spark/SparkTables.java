package io.prunesweep.spark;

import io.prunesweep.data.DataException;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.LabeledData;
import io.prunesweep.data.TableColumns;
import io.prunesweep.data.TableReader;
import io.prunesweep.storage.Location;
import io.prunesweep.sweep.SweepSetup;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads table datasets ({@code data.format: parquet}) with Spark on the driver: the Parquet tables the spec
 * names, or the DataFrames a program hands to {@link DataFrameSweep}. The columns are checked against the schema
 * first, so a missing column or one of the wrong type is refused naming the table and the column before any task
 * runs; then each partition is turned into one compact block of primitive values on the executors
 * ({@link TableChunks}) and the blocks are put in the table's order on the driver.
 *
 * <p>Row order: the {@code order} column's values when the spec names one; otherwise, for Parquet files, by file
 * path and row position within the file (Spark's {@code _metadata.file_path} and {@code _metadata.row_index}),
 * which is the order the files were written in and does not depend on how Spark packs files into partitions; for
 * a DataFrame, its own partition order.
 */
final class SparkTables implements TableReader {
    private final SparkSession spark;
    /** The DataFrames a program handed over, or null to read the source's Parquet locations. */
    private final Dataset<Row> train;
    private final Dataset<Row> test;

    private SparkTables(SparkSession spark, Dataset<Row> train, Dataset<Row> test) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.train = train;
        this.test = test;
    }

    /** Reads the Parquet tables the spec names. */
    static SparkTables parquet(SparkSession spark) {
        return new SparkTables(spark, null, null);
    }

    /** Uses the given DataFrames instead of reading the spec's locations. */
    static SparkTables given(SparkSession spark, Dataset<Row> train, Dataset<Row> test) {
        return new SparkTables(spark, Objects.requireNonNull(train, "train"), Objects.requireNonNull(test, "test"));
    }

    @Override
    public LabeledData read(DataSource source, boolean isTrain) {
        String role = isTrain ? "training" : "test";
        if (train != null) {
            return collect(isTrain ? train : test, role + " DataFrame", source.table(), false);
        }
        String location = isTrain ? source.trainPath() : source.testPath();
        if (location.equals(SweepSetup.GIVEN_TRAIN) || location.equals(SweepSetup.GIVEN_TEST)) {
            throw new DataException("data: format parquet names no tables: give data.path (a directory holding the "
                    + "tables train/ and test/) or data.train and data.test, or hand the tables to DataFrameSweep");
        }
        String what = role + " table " + location;
        Dataset<Row> df;
        try {
            // a plain path means the local file system here as everywhere in prunesweep, whatever fs.defaultFS says
            df = spark.read().parquet(Location.of(location).uri().toString());
        } catch (Exception e) { // Spark's AnalysisException is checked but undeclared
            throw new DataException(what + " cannot be read: " + firstLine(e.getMessage()));
        }
        return collect(df, what, source.table(), true);
    }

    @Override
    public String describe(DataSource source) {
        return train != null ? "the training and test DataFrames given" : TableReader.super.describe(source);
    }

    /**
     * Checks the columns, converts the rows and orders them.
     *
     * @param files whether {@code df} reads Parquet files, so that file order is known
     */
    static LabeledData collect(Dataset<Row> df, String what, TableColumns columns, boolean files) {
        StructType schema = df.schema();
        int features = TableChunks.featureKind(column(schema, columns.features(), "features", what).dataType());
        if (features < 0) {
            throw new DataException(what + ": column '" + columns.features() + "' (data.features) is "
                    + column(schema, columns.features(), "features", what).dataType().simpleString()
                    + "; it must be a Spark ML vector or an array of float or double");
        }
        DataType labelType = column(schema, columns.label(), "label", what).dataType();
        int label = TableChunks.numberKind(labelType, true);
        if (label < 0) {
            throw new DataException(what + ": column '" + columns.label() + "' (data.label) is "
                    + labelType.simpleString() + "; it must be numeric (integer class indices)");
        }
        List<Column> cols = new ArrayList<>(List.of(df.col(quoted(columns.features())), df.col(quoted(columns.label()))));
        int key;
        int orderKind = -1;
        if (columns.order() != null) {
            DataType orderType = column(schema, columns.order(), "order", what).dataType();
            orderKind = TableChunks.numberKind(orderType, false);
            key = TableChunks.keyOf(orderKind);
            if (orderKind < 0) {
                throw new DataException(what + ": column '" + columns.order() + "' (data.order) is "
                        + orderType.simpleString() + "; it must be an integer or floating-point number");
            }
            cols.add(df.col(quoted(columns.order())));
        } else if (files) {
            key = TableChunks.KEY_FILE;
            cols.add(functions.col("_metadata.file_path"));
            cols.add(functions.col("_metadata.row_index"));
        } else {
            key = TableChunks.KEY_NONE;
        }
        int precision = labelType instanceof DecimalType d ? d.precision() : 0;
        int scale = labelType instanceof DecimalType d ? d.scale() : 0;
        TableChunks convert = new TableChunks(what, columns.features(), columns.label(), columns.order(), features,
                label, precision, scale, key, orderKind);
        List<byte[]> chunks;
        try {
            chunks = df.select(cols.toArray(new Column[0])).queryExecution().toRdd().toJavaRDD()
                    .mapPartitions(convert).collect();
        } catch (RuntimeException e) {
            throw new DataException(what + " cannot be read: " + firstLine(rootMessage(e)));
        }
        return assemble(chunks, what, columns, key);
    }

    private static StructField column(StructType schema, String name, String role, String what) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new DataException(what + " has no column '" + name + "' (data." + role + "); its columns: "
                + String.join(", ", schema.fieldNames()));
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** One decoded row: label, sort key, features. */
    private record Decoded(int label, long longKey, double doubleKey, String file, float[] features) {
    }

    private static LabeledData assemble(List<byte[]> chunks, String what, TableColumns columns, int key) {
        List<Decoded> rows = new ArrayList<>();
        int width = -1;
        for (byte[] chunk : chunks) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk))) {
                if (in.readBoolean()) {
                    throw new DataException(in.readUTF());
                }
                int n = in.readInt();
                int w = in.readInt();
                if (n > 0 && width >= 0 && w != width) {
                    throw new DataException(what + ": column '" + columns.features() + "' (data.features) has "
                            + width + " values in some rows and " + w + " in others");
                }
                if (n > 0) {
                    width = w;
                }
                for (int i = 0; i < n; i++) {
                    int label = in.readInt();
                    long longKey = 0;
                    double doubleKey = 0;
                    String file = null;
                    switch (key) {
                        case TableChunks.KEY_LONG -> longKey = in.readLong();
                        case TableChunks.KEY_DOUBLE -> doubleKey = in.readDouble();
                        case TableChunks.KEY_FILE -> {
                            file = in.readUTF();
                            longKey = in.readLong();
                        }
                        default -> {
                        }
                    }
                    float[] f = new float[w];
                    for (int j = 0; j < w; j++) {
                        f[j] = in.readFloat();
                    }
                    rows.add(new Decoded(label, longKey, doubleKey, file, f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot decode a block of " + what, e);
            }
        }
        if (rows.isEmpty()) {
            throw new DataException(what + " has no rows");
        }
        Comparator<Decoded> order = switch (key) {
            case TableChunks.KEY_LONG -> Comparator.comparingLong(Decoded::longKey);
            case TableChunks.KEY_DOUBLE -> Comparator.comparingDouble(Decoded::doubleKey);
            case TableChunks.KEY_FILE -> Comparator.comparing(Decoded::file).thenComparingLong(Decoded::longKey);
            default -> null;
        };
        if (order != null) {
            rows.sort(order); // stable, but the order column's values must be unique so that order is total
            for (int i = 1; i < rows.size() && key != TableChunks.KEY_FILE; i++) {
                if (order.compare(rows.get(i - 1), rows.get(i)) == 0) {
                    Decoded d = rows.get(i);
                    throw new DataException(what + ": column '" + columns.order() + "' (data.order) holds the value "
                            + (key == TableChunks.KEY_LONG ? String.valueOf(d.longKey()) : String.valueOf(d.doubleKey()))
                            + " more than once; it must order the rows uniquely");
                }
            }
        }
        float[] features = new float[Math.multiplyExact(rows.size(), width)];
        int[] labels = new int[rows.size()];
        int maxLabel = 0;
        for (int i = 0; i < rows.size(); i++) {
            Decoded d = rows.get(i);
            System.arraycopy(d.features(), 0, features, i * width, width);
            labels[i] = d.label();
            maxLabel = Math.max(maxLabel, d.label());
        }
        return new LabeledData(what, features, labels, width, maxLabel + 1, null);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static boolean isVectorStruct(DataType t) {
        if (!(t instanceof StructType s) || s.fields().length != 4) {
            return false;
        }
        StructField[] f = s.fields();
        return f[0].dataType().equals(DataTypes.ByteType) && f[1].dataType().equals(DataTypes.IntegerType)
                && f[2].dataType() instanceof ArrayType i && i.elementType().equals(DataTypes.IntegerType)
                && f[3].dataType() instanceof ArrayType v && v.elementType().equals(DataTypes.DoubleType)
                && Arrays.asList(s.fieldNames()).equals(List.of("type", "size", "indices", "values"));
    }
}
