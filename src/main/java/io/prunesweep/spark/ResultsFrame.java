package io.prunesweep.spark;

import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Result rows as a Spark DataFrame: one column per {@link ResultRow} component, in declaration order
 * (derived by reflection so a new field can never be forgotten), {@code layers} as a JSON string.
 */
public final class ResultsFrame {
    private ResultsFrame() {
    }

    /** The DataFrame schema of result rows. */
    public static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (RecordComponent c : ResultRow.class.getRecordComponents()) {
            fields.add(DataTypes.createStructField(c.getName(), sqlType(c.getType()), true));
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType sqlType(Class<?> t) {
        if (t == long.class) {
            return DataTypes.LongType;
        }
        if (t == int.class) {
            return DataTypes.IntegerType;
        }
        if (t == double.class) {
            return DataTypes.DoubleType;
        }
        if (t == boolean.class) {
            return DataTypes.BooleanType;
        }
        return DataTypes.StringType;
    }

    /** Builds the DataFrame from rows held on the driver. */
    public static Dataset<Row> of(SparkSession spark, List<ResultRow> rows) {
        RecordComponent[] comps = ResultRow.class.getRecordComponents();
        List<Row> out = new ArrayList<>();
        for (ResultRow r : rows) {
            Object[] v = new Object[comps.length];
            for (int i = 0; i < comps.length; i++) {
                try {
                    Object x = comps[i].getAccessor().invoke(r);
                    v[i] = x instanceof List<?> l ? new String(ResultStore.toJson(l),
                            java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", "") : x;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            out.add(RowFactory.create(v));
        }
        return spark.createDataFrame(out, schema());
    }

    /**
     * Writes {@code results.parquet} under {@code dir}: first to a temporary directory, then swapped in, so a
     * failed write never leaves a half-written Parquet where the last good one was.
     */
    public static void writeParquet(SparkSession spark, List<ResultRow> rows, java.nio.file.Path dir) {
        java.nio.file.Path target = dir.resolve("results.parquet");
        java.nio.file.Path tmp = dir.resolve(".results.parquet.tmp");
        of(spark, rows).coalesce(1).write().mode("overwrite").parquet(tmp.toUri().toString());
        try {
            deleteTree(target);
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot replace " + target, e);
        }
    }

    private static void deleteTree(java.nio.file.Path p) throws java.io.IOException {
        if (!java.nio.file.Files.exists(p)) {
            return;
        }
        try (var s = java.nio.file.Files.walk(p)) {
            for (java.nio.file.Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(f);
            }
        }
    }
}
