package io.prunesweep.spark;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * Executor side of {@link SparkTables}: turns one partition of {@code (features, label[, order | file, row])} into
 * one block of primitive values, so the driver receives compact arrays rather than boxed rows. It works on Spark's
 * internal rows because there arrays come out as primitives without boxing, and a Spark ML vector column is read
 * through the struct Spark stores it as ({@code type, size, indices, values}), which needs no spark-mllib on the
 * class path. A bad row does not fail the task (Spark would retry it for nothing): the block carries the first
 * problem, naming the table, the column and the row, and the driver raises it.
 *
 * <p>Block: {@code boolean failed}; then either the message, or {@code int rows, int width} and per row
 * {@code int label}, the sort key (none, {@code long}, {@code double}, or file path and {@code long} row index) and
 * {@code width} floats.
 */
final class TableChunks implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
    private static final long serialVersionUID = 1L;

    static final int FEATURES_FLOATS = 0;
    static final int FEATURES_DOUBLES = 1;
    static final int FEATURES_VECTOR = 2;

    static final int BYTE = 0;
    static final int SHORT = 1;
    static final int INT = 2;
    static final int LONG = 3;
    static final int FLOAT = 4;
    static final int DOUBLE = 5;
    static final int DECIMAL = 6;

    static final int KEY_NONE = -1;
    static final int KEY_LONG = -2;
    static final int KEY_DOUBLE = -3;
    static final int KEY_FILE = -4;

    private final String what;
    private final String featuresColumn;
    private final String labelColumn;
    private final String orderColumn;
    private final int features;
    private final int label;
    private final int precision;
    private final int scale;
    /** How the sort key is written: {@code KEY_NONE}, {@code KEY_FILE}, {@code KEY_LONG} or {@code KEY_DOUBLE}. */
    private final int key;
    /** The order column's number kind, to read it. */
    private final int orderKindForRead;

    /**
     * @param what      the table, for messages
     * @param features  how the features column is stored ({@link #featureKind})
     * @param label     the label column's number kind ({@link #numberKind})
     * @param precision decimal label: its precision
     * @param scale     decimal label: its scale
     * @param key       {@link #KEY_NONE}, {@link #KEY_FILE}, or {@link #keyOf} the order column's kind
     * @param orderKind the order column's number kind, or -1 without one
     */
    TableChunks(String what, String featuresColumn, String labelColumn, String orderColumn, int features, int label,
                int precision, int scale, int key, int orderKind) {
        this.what = what;
        this.featuresColumn = featuresColumn;
        this.labelColumn = labelColumn;
        this.orderColumn = orderColumn;
        this.features = features;
        this.label = label;
        this.precision = precision;
        this.scale = scale;
        this.key = key;
        this.orderKindForRead = orderKind;
    }

    /** How an order column of number kind {@code kind} is sorted: as longs, or as doubles. */
    static int keyOf(int kind) {
        return kind == FLOAT || kind == DOUBLE ? KEY_DOUBLE : KEY_LONG;
    }

    /** How a features column is stored, or -1 when it is none of the supported types. */
    static int featureKind(DataType t) {
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            return FEATURES_FLOATS;
        }
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return FEATURES_DOUBLES;
        }
        // a VectorUDT column, or the same struct when the files are read without spark-mllib on the class path
        DataType stored = t instanceof UserDefinedType<?> u ? u.sqlType() : t;
        return SparkTables.isVectorStruct(stored) ? FEATURES_VECTOR : -1;
    }

    /** A numeric column's kind, or -1 when it is not numeric ({@code decimal} only where allowed). */
    static int numberKind(DataType t, boolean decimalAllowed) {
        if (t.equals(DataTypes.ByteType)) {
            return BYTE;
        }
        if (t.equals(DataTypes.ShortType)) {
            return SHORT;
        }
        if (t.equals(DataTypes.IntegerType)) {
            return INT;
        }
        if (t.equals(DataTypes.LongType)) {
            return LONG;
        }
        if (t.equals(DataTypes.FloatType)) {
            return FLOAT;
        }
        if (t.equals(DataTypes.DoubleType)) {
            return DOUBLE;
        }
        return decimalAllowed && t instanceof DecimalType ? DECIMAL : -1;
    }

    @Override
    public Iterator<byte[]> call(Iterator<InternalRow> rows) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 16);
        int partition = TaskContext.get() == null ? 0 : TaskContext.get().partitionId();
        int n = 0;
        int width = -1;
        try (DataOutputStream out = new DataOutputStream(body)) {
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                String where = where(row, partition, n);
                if (row.isNullAt(1)) {
                    return failed("column '" + labelColumn + "' (data.label) is null in " + where);
                }
                double value = number(row, 1, label);
                if (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE - 1) {
                    return failed("column '" + labelColumn + "' (data.label) is " + value + " in " + where
                            + "; labels must be class indices 0, 1, 2, ...");
                }
                if (row.isNullAt(0)) {
                    return failed("column '" + featuresColumn + "' (data.features) is null in " + where);
                }
                float[] f;
                try {
                    f = features(row);
                } catch (IllegalArgumentException e) {
                    return failed("column '" + featuresColumn + "' (data.features) " + e.getMessage() + " in " + where);
                }
                if (width >= 0 && f.length != width) {
                    return failed("column '" + featuresColumn + "' (data.features) has " + f.length + " values in "
                            + where + " but " + width + " in earlier rows");
                }
                width = f.length;
                out.writeInt((int) value);
                switch (key) {
                    case KEY_LONG, KEY_DOUBLE -> {
                        if (row.isNullAt(2)) {
                            return failed("column '" + orderColumn + "' (data.order) is null in " + where);
                        }
                        if (key == KEY_LONG) {
                            out.writeLong((long) number(row, 2, orderKindForRead));
                        } else {
                            out.writeDouble(number(row, 2, orderKindForRead));
                        }
                    }
                    case KEY_FILE -> {
                        out.writeUTF(row.getUTF8String(2).toString());
                        out.writeLong(row.getLong(3));
                    }
                    default -> {
                    }
                }
                for (float v : f) {
                    out.writeFloat(v);
                }
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream(body.size() + 9);
        try (DataOutputStream out = new DataOutputStream(block)) {
            out.writeBoolean(false);
            out.writeInt(n);
            out.writeInt(Math.max(width, 0));
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(block.toByteArray()).iterator();
    }

    private Iterator<byte[]> failed(String message) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(block)) {
            out.writeBoolean(true);
            out.writeUTF(what + ": " + message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(block.toByteArray()).iterator();
    }

    /** Where a row is, for messages: its file and row index, or its partition and position. */
    private String where(InternalRow row, int partition, int index) {
        if (key == KEY_FILE) {
            return "row " + row.getLong(3) + " of " + row.getUTF8String(2);
        }
        return "row " + index + " of partition " + partition;
    }

    private double number(InternalRow row, int i, int kind) {
        return switch (kind) {
            case BYTE -> row.getByte(i);
            case SHORT -> row.getShort(i);
            case INT -> row.getInt(i);
            case LONG -> row.getLong(i);
            case FLOAT -> row.getFloat(i);
            case DOUBLE -> row.getDouble(i);
            case DECIMAL -> row.getDecimal(i, precision, scale).toDouble();
            default -> throw new IllegalStateException("number kind " + kind);
        };
    }

    /** The features of a row as floats; a vector's doubles and sparse entries become a dense float row. */
    private float[] features(InternalRow row) {
        switch (features) {
            case FEATURES_FLOATS -> {
                ArrayData a = row.getArray(0);
                requireNoNulls(a);
                return a.toFloatArray();
            }
            case FEATURES_DOUBLES -> {
                ArrayData a = row.getArray(0);
                requireNoNulls(a);
                return toFloats(a.toDoubleArray());
            }
            case FEATURES_VECTOR -> {
                InternalRow v = row.getStruct(0, 4);
                double[] values = v.getArray(3).toDoubleArray();
                if (v.getByte(0) == 1) { // dense: values only
                    return toFloats(values);
                }
                int size = v.getInt(1);
                int[] indices = v.getArray(2).toIntArray();
                float[] dense = new float[size];
                for (int k = 0; k < indices.length; k++) {
                    if (indices[k] < 0 || indices[k] >= size) {
                        throw new IllegalArgumentException("holds a sparse vector with index " + indices[k]
                                + " outside its size " + size);
                    }
                    dense[indices[k]] = (float) values[k];
                }
                return dense;
            }
            default -> throw new IllegalStateException("features kind " + features);
        }
    }

    private static void requireNoNulls(ArrayData a) {
        for (int j = 0; j < a.numElements(); j++) {
            if (a.isNullAt(j)) {
                throw new IllegalArgumentException("has a null value at position " + j);
            }
        }
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int j = 0; j < values.length; j++) {
            f[j] = (float) values[j];
        }
        return f;
    }
}
